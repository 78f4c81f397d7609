// Attachments on grant applications and their reports. The applicant uploads files in the
// application's step «Vedlegg», each tagged with the required attachment (or the documented
// declaration) it fulfils; the self-check names every one still missing. Files are checked by
// content and name (as needs' attachments are), stored in the database, served only as downloads
// and only to those who may see the application; nothing is added or removed once it is submitted.
#include "grants/attachments.hpp"

#include <algorithm>

#include "grants/access.hpp"
#include "grants/after.hpp"
#include "grants/attachments_store.hpp"
#include "needs/rules.hpp"
#include "needs/store.hpp"
#include "needs/views.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/crypto.hpp"
#include "platform/http/form.hpp"
#include "platform/web/forms.hpp"

namespace samskap::grants {

namespace {

using http::Response;
using web::Access;
using web::Context;

std::string base_of(std::int64_t id) { return "/tilskudd/soknader/" + std::to_string(id); }
std::string report_base(std::int64_t id, std::int64_t report_id) {
  return base_of(id) + "/rapporter/" + std::to_string(report_id);
}

store::FileViewer viewer_of(Context& ctx) {
  store::FileViewer v;
  if (ctx.signed_in()) {
    v.user_id = ctx.user->id;
    v.coordinator = ctx.has_role(web::role_coordinator);
  }
  return v;
}

std::string size_text(const Context& ctx, std::int64_t bytes) {
  return ctx.t("grants_files.size_kb", {{"kb", std::to_string((bytes + 1023) / 1024)}});
}

// What an application's file may fulfil under its rule set: (tag, label), "" (other) last.
std::vector<std::pair<std::string, std::string>> requirements(const Context& ctx, const RuleSet& rules) {
  std::vector<std::pair<std::string, std::string>> out;
  for (std::size_t i = 0; i < rules.required_attachments.size(); ++i)
    out.emplace_back(required_attachment_tag(i), rules.required_attachments[i]);
  for (auto& e : rules.eligibility)
    if (e.kind == "declaration" && e.attachment)
      out.emplace_back(declaration_attachment_tag(e.key),
                       ctx.t("grants_files.requirement.declaration", {{"statement", e.statement}}));
  out.emplace_back("", ctx.t("grants_files.requirement.other"));
  return out;
}

constexpr std::array<std::string_view, 3> kReportKinds = {"regnskap", "dokumentasjon", ""};

std::vector<std::pair<std::string, std::string>> report_kinds(const Context& ctx) {
  std::vector<std::pair<std::string, std::string>> out;
  for (auto k : kReportKinds)
    out.emplace_back(std::string(k), ctx.t("grants_files.report_kind." + std::string(k.empty() ? "other" : k)));
  return out;
}

std::string label_of(const std::vector<std::pair<std::string, std::string>>& options, const std::string& tag) {
  for (auto& [t, label] : options)
    if (t == tag) return label;
  return options.back().second;
}

render::List options_view(const std::vector<std::pair<std::string, std::string>>& options, const std::string& selected) {
  render::List out;
  for (auto& [tag, label] : options) {
    render::Object o;
    o.set("value", tag);
    o.set("label", label);
    if (tag == selected) o.set("selected", true);
    out.emplace_back(std::move(o));
  }
  return out;
}

// The file list: name, size, what it is, the download link and (when editable) the delete action.
render::List files_list(const Context& ctx, const std::vector<store::File>& files,
                        const std::vector<std::pair<std::string, std::string>>& options, const std::string& base,
                        bool editable) {
  render::List out;
  for (auto& f : files) {
    render::Object o;
    o.set("name", f.filename);
    o.set("size", size_text(ctx, f.size));
    o.set("requirement", label_of(options, f.requirement));
    o.set("href", base + "/vedlegg/" + std::to_string(f.id));
    o.set("uploaded", clock::oslo_display(f.created_at));
    if (editable) o.set("delete_action", base + "/vedlegg/" + std::to_string(f.id) + "/slett");
    out.emplace_back(std::move(o));
  }
  return out;
}

// Field errors as <field>_error and the summary.
void errors_view(const Context& ctx, const web::FieldErrors& errors, render::Object& d) {
  render::List summary;
  for (auto& [field, key] : errors.items) {
    auto text = ctx.t(key, {{"mb", std::to_string(kMaxFileBytes / (1024 * 1024))},
                            {"total_mb", std::to_string(kMaxApplicationFileBytes / (1024 * 1024))}});
    d.set(field + "_error", text);
    render::Object s;
    s.set("id", field);
    s.set("text", std::move(text));
    summary.emplace_back(std::move(s));
  }
  if (!summary.empty()) d.set("has_errors", true);
  d.set("errors", std::move(summary));
}

Response frozen(Context& ctx, const std::string& back, const std::string& message_key) {
  render::Object d;
  d.set("title", ctx.t("grants.frozen.title"));
  d.set("message", ctx.t(message_key));
  d.set("back_href", back);
  d.set("back", ctx.t("grants.frozen.back"));
  return ctx.page("grants/problem", std::move(d), 409);
}

// The uploaded file after the checks every upload gets, or the field error's catalogue key.
struct Checked {
  const http::UploadedFile* file = nullptr;
  std::string type;
};
std::optional<std::string> check_upload(Context& ctx, Checked& out) {
  if (ctx.req.form_malformed()) return "grants_files.errors.malformed";
  for (auto& f : ctx.req.files())
    if (f.field == "file") out.file = &f;
  if (!out.file || out.file->data.empty()) return "grants_files.errors.missing";
  if (out.file->data.size() > kMaxFileBytes) return "grants_files.errors.too_large";
  auto type = needs::attachment_type(out.file->filename, out.file->data);
  if (!type) return "grants_files.errors.bad_type";
  out.type = *type;
  return std::nullopt;
}

store::File file_of(const Checked& c, std::int64_t application_id, std::optional<std::int64_t> report_id,
                    const std::string& requirement) {
  store::File f;
  f.application_id = application_id;
  f.report_id = report_id;
  f.requirement = requirement;
  f.filename = needs::clean_filename(c.file->filename);
  f.content_type = c.type;
  f.size = static_cast<std::int64_t>(c.file->data.size());
  f.sha256 = crypto::sha256_hex(c.file->data);
  f.data = c.file->data;
  f.created_at = clock::now_iso();
  return f;
}

// Served as a download with the type checked at upload; never rendered inline.
Response download_response(store::File&& f, bool draft) {
  Response res;
  res.body = std::move(f.data);
  res.set_header("Content-Type", f.content_type);
  std::string ascii;
  for (char c : f.filename) ascii += (static_cast<unsigned char>(c) < 0x80 && c != '"' && c != '\\') ? c : '_';
  res.set_header("Content-Disposition",
                 "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + http::url_encode(f.filename));
  res.set_header("Cache-Control", draft ? "private, no-store" : "private, max-age=300");
  res.set_header("X-Content-Type-Options", "nosniff");
  return res;
}

// ---- the application's step «Vedlegg» ----

using Loaded = LoadedApplication;

Response step_page(Context& ctx, const Loaded& l, const std::string& requirement, const web::FieldErrors& errors,
                   int status = 200) {
  auto d = application_frame(ctx, l.app, l.call, "vedlegg");
  const auto base = base_of(l.app.id);
  auto options = requirements(ctx, l.rules);
  auto files = store::files_of(ctx.db(), l.app.id, std::nullopt, viewer_of(ctx));
  // Each required attachment with whether a file fulfils it.
  render::List checklist;
  for (auto& [tag, label] : options) {
    if (tag.empty()) continue;
    render::Object o;
    o.set("label", label);
    bool has = std::any_of(files.begin(), files.end(), [&](auto& f) { return f.requirement == tag; });
    o.set("tag", ctx.t(has ? "grants_files.step.uploaded" : "grants_files.step.missing"));
    o.set("tag_color", has ? "success" : "danger");
    checklist.emplace_back(std::move(o));
  }
  if (!checklist.empty()) d.set("has_required", true);
  d.set("required", std::move(checklist));
  d.set("file_action", base + "/vedlegg");
  d.set("requirement_label", ctx.t("grants_files.step.requirement"));
  d.set("requirements", options_view(options, requirement));
  d.set("file_hint", ctx.t("grants_files.hint", {{"mb", std::to_string(kMaxFileBytes / (1024 * 1024))},
                                                  {"total_mb", std::to_string(kMaxApplicationFileBytes / (1024 * 1024))}}));
  auto list = files_list(ctx, files, options, base, l.app.status == "draft");
  if (!list.empty()) d.set("has_files", true);
  d.set("files", std::move(list));
  d.set("next_href", base + "/kontroll");
  errors_view(ctx, errors, d);
  return ctx.page("grants/step_attachments", std::move(d), status);
}

Response step_form(Context& ctx) {
  auto l = load_application(ctx);
  if (!l) return ctx.error_page(404);
  if (l->app.status != "draft") return ctx.redirect(base_of(l->app.id));
  // The first required attachment still missing is chosen to begin with.
  auto have = store::requirements_of(ctx.db(), l->app.id);
  std::string first_missing;
  for (auto& [tag, label] : requirements(ctx, l->rules))
    if (!tag.empty() && std::find(have.begin(), have.end(), tag) == have.end()) {
      first_missing = tag;
      break;
    }
  return step_page(ctx, *l, first_missing, {});
}

Response upload(Context& ctx) {
  auto l = load_application(ctx);
  if (!l) return ctx.error_page(404);
  const auto back = base_of(l->app.id);
  if (l->app.status != "draft") return frozen(ctx, back, "grants_files.errors.frozen");
  const auto requirement = ctx.req.form_value("requirement");
  auto options = requirements(ctx, l->rules);
  web::FieldErrors errors;
  if (std::none_of(options.begin(), options.end(), [&](auto& o) { return o.first == requirement; }))
    errors.add("requirement", "grants_files.errors.requirement");
  Checked c;
  if (auto problem = check_upload(ctx, c)) errors.add("file", *problem);
  auto& db = ctx.db();
  db::Transaction tx(db);
  if (errors.empty() && store::file_bytes(db, l->app.id) + static_cast<std::int64_t>(c.file->data.size()) >
                            kMaxApplicationFileBytes)
    errors.add("file", "grants_files.errors.application_full");
  if (!errors.empty()) {
    return step_page(ctx, *l, errors.has("requirement") ? std::string() : requirement, errors, 422);
  }
  if (!store::add_file(db, file_of(c, l->app.id, std::nullopt, requirement), ctx.user->id))
    return frozen(ctx, back, "grants_files.errors.frozen");
  tx.commit();
  ctx.flash("success", "grants_files.flash.added");
  return ctx.redirect(back + "/vedlegg");
}

Response delete_file(Context& ctx) {
  auto l = load_application(ctx);
  auto file_id = needs::id_param(ctx, "fil");
  if (!l || !file_id) return ctx.error_page(404);
  const auto back = base_of(l->app.id);
  if (l->app.status != "draft") return frozen(ctx, back, "grants_files.errors.frozen");
  auto& db = ctx.db();
  db::Transaction tx(db);
  bool deleted = store::delete_file(db, l->app.id, std::nullopt, *file_id);
  tx.commit();
  if (!deleted) return ctx.error_page(404);
  ctx.flash("success", "grants_files.flash.deleted");
  return ctx.redirect(back + "/vedlegg");
}

Response download(Context& ctx) {
  auto id = needs::id_param(ctx);
  auto file_id = needs::id_param(ctx, "fil");
  if (!id || !file_id) return ctx.error_page(404);
  auto& db = ctx.db();
  auto h = store::head(db, *id);
  if (!h) return ctx.error_page(404);
  auto f = store::file(db, *id, std::nullopt, *file_id, viewer_of(ctx));
  if (!f) return ctx.error_page(404);
  return download_response(std::move(*f), h->status == "draft");
}

// ---- a report's files ----

struct ReportLoaded {
  store::Head head;
  store::Report report;
};

std::optional<ReportLoaded> load_report(Context& ctx) {
  auto id = needs::id_param(ctx);
  auto rid = needs::id_param(ctx, "rapport");
  if (!id || !rid) return std::nullopt;
  auto& db = ctx.db();
  auto h = store::head(db, *id);
  if (!h || h->status != "granted") return std::nullopt;
  auto r = store::report(db, *id, *rid);
  if (!r) return std::nullopt;
  return ReportLoaded{std::move(*h), std::move(*r)};
}

// A failed upload to a report: the reason, and the form again with the kind chosen.
Response report_problem(Context& ctx, const ReportLoaded& l, const std::string& kind, const web::FieldErrors& errors) {
  render::Object d;
  d.set("title", ctx.t("grants_files.report.problem_title"));
  d.set("application_title", l.head.title);
  d.set("back_href", report_base(l.head.id, l.report.id));
  d.set("file_action", report_base(l.head.id, l.report.id) + "/vedlegg");
  d.set("requirement_label", ctx.t("grants_files.report.kind"));
  d.set("requirements", options_view(report_kinds(ctx), kind));
  d.set("file_hint", ctx.t("grants_files.hint", {{"mb", std::to_string(kMaxFileBytes / (1024 * 1024))},
                                                  {"total_mb", std::to_string(kMaxApplicationFileBytes / (1024 * 1024))}}));
  errors_view(ctx, errors, d);
  return ctx.page("grants/report_file_problem", std::move(d), 422);
}

Response report_upload(Context& ctx) {
  auto l = load_report(ctx);
  if (!l) return ctx.error_page(404);
  const auto back = report_base(l->head.id, l->report.id);
  if (l->report.status == "submitted") return frozen(ctx, back, "grants_files.errors.report_frozen");
  const auto kind = ctx.req.form_value("requirement");
  web::FieldErrors errors;
  if (std::find(kReportKinds.begin(), kReportKinds.end(), kind) == kReportKinds.end())
    errors.add("requirement", "grants_files.errors.requirement");
  Checked c;
  if (auto problem = check_upload(ctx, c)) errors.add("file", *problem);
  auto& db = ctx.db();
  db::Transaction tx(db);
  if (errors.empty() &&
      store::file_bytes(db, l->head.id) + static_cast<std::int64_t>(c.file->data.size()) > kMaxApplicationFileBytes)
    errors.add("file", "grants_files.errors.application_full");
  if (!errors.empty()) {
    return report_problem(ctx, *l, errors.has("requirement") ? std::string() : kind, errors);
  }
  if (!store::add_file(db, file_of(c, l->head.id, l->report.id, kind), ctx.user->id))
    return frozen(ctx, back, "grants_files.errors.report_frozen");
  tx.commit();
  ctx.flash("success", "grants_files.flash.added");
  return ctx.redirect(back);
}

Response report_delete(Context& ctx) {
  auto l = load_report(ctx);
  auto file_id = needs::id_param(ctx, "fil");
  if (!l || !file_id) return ctx.error_page(404);
  const auto back = report_base(l->head.id, l->report.id);
  if (l->report.status == "submitted") return frozen(ctx, back, "grants_files.errors.report_frozen");
  auto& db = ctx.db();
  db::Transaction tx(db);
  bool deleted = store::delete_file(db, l->head.id, l->report.id, *file_id);
  tx.commit();
  if (!deleted) return ctx.error_page(404);
  ctx.flash("success", "grants_files.flash.deleted");
  return ctx.redirect(back);
}

Response report_download(Context& ctx) {
  auto l = load_report(ctx);
  auto file_id = needs::id_param(ctx, "fil");
  if (!l || !file_id) return ctx.error_page(404);
  auto f = store::file(ctx.db(), l->head.id, l->report.id, *file_id, viewer_of(ctx));
  if (!f) return ctx.error_page(404);
  return download_response(std::move(*f), l->report.status != "submitted");
}

// ---- access ----

std::optional<store::Head> head_of(Context& ctx) {
  auto id = needs::id_param(ctx);
  if (!id) return std::nullopt;
  return store::head(ctx.db(), *id);
}

bool may_view(Context& ctx) {
  auto h = head_of(ctx);
  return h && can_view_application(ctx, *h);
}

bool may_edit(Context& ctx) {
  auto h = head_of(ctx);
  return h && can_edit_application(ctx, *h);
}

bool may_report(Context& ctx) {
  auto h = head_of(ctx);
  return h && h->status == "granted" && can_edit_application(ctx, *h);
}

}  // namespace

void application_files_view(Context& ctx, const Application& a, const RuleSet& rules, render::Object& d) {
  auto files = store::files_of(ctx.db(), a.id, std::nullopt, viewer_of(ctx));
  auto list = files_list(ctx, files, requirements(ctx, rules), base_of(a.id), false);
  if (!list.empty()) d.set("has_files", true);
  d.set("files", std::move(list));
  if (a.status == "draft") d.set("files_step_href", base_of(a.id) + "/vedlegg");
}

void report_files_view(Context& ctx, std::int64_t application_id, const store::Report& r, bool editable,
                       render::Object& d) {
  const auto base = report_base(application_id, r.id);
  auto files = store::files_of(ctx.db(), application_id, r.id, viewer_of(ctx));
  auto list = files_list(ctx, files, report_kinds(ctx), base, editable && r.status != "submitted");
  if (!list.empty()) d.set("has_files", true);
  d.set("files", std::move(list));
  if (editable && r.status != "submitted") {
    d.set("file_action", base + "/vedlegg");
    d.set("requirement_label", ctx.t("grants_files.report.kind"));
    d.set("requirements", options_view(report_kinds(ctx), ""));
    d.set("file_hint", ctx.t("grants_files.hint", {{"mb", std::to_string(kMaxFileBytes / (1024 * 1024))},
                                                    {"total_mb", std::to_string(kMaxApplicationFileBytes / (1024 * 1024))}}));
  }
}

void mount_attachment_routes(web::Router& r, std::shared_ptr<const directory::Reference>) {
  auto viewer = [] {
    return Access::when("member of the applicant organisation; once submitted also the scheme owner's members, "
                        "impartial reviewers and coordinators (checked again in the query)",
                        may_view);
  };
  auto editor = [] { return Access::when("member of the applicant organisation", may_edit); };
  auto follower = [] {
    return Access::when("granted application: member of the applicant organisation; once the report is submitted "
                        "also the scheme owner's members without a conflict of interest and coordinators (checked "
                        "again in the query)",
                        may_follow_grant);
  };
  auto reporter = [] { return Access::when("granted application: member of the applicant organisation", may_report); };
  r.get("/tilskudd/soknader/{id}/vedlegg", editor(), step_form);
  r.post("/tilskudd/soknader/{id}/vedlegg", editor(), upload);
  r.get("/tilskudd/soknader/{id}/vedlegg/{fil}", viewer(), download);
  r.post("/tilskudd/soknader/{id}/vedlegg/{fil}/slett", editor(), delete_file);
  r.post("/tilskudd/soknader/{id}/rapporter/{rapport}/vedlegg", reporter(), report_upload);
  r.get("/tilskudd/soknader/{id}/rapporter/{rapport}/vedlegg/{fil}", follower(), report_download);
  r.post("/tilskudd/soknader/{id}/rapporter/{rapport}/vedlegg/{fil}/slett", reporter(), report_delete);
}

}  // namespace samskap::grants
