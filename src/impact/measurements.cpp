#include "impact/measurements.hpp"

#include <cstdio>

#include "impact/plan_routes.hpp"
#include "impact/plan_rules.hpp"
#include "needs/rules.hpp"
#include "needs/store.hpp"
#include "needs/views.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/crypto.hpp"
#include "platform/http/form.hpp"
#include "platform/web/password_policy.hpp"

namespace samskap::impact {

using http::Response;
using web::Access;
using web::Context;

namespace {

constexpr std::size_t kMaxShort = 1'000;  // as the step's other short texts

bool too_long(const std::string& s, std::size_t max) { return web::utf8_length(s) > max; }

std::string base_of(std::int64_t id) { return "/effekt/planer/" + std::to_string(id); }

std::string name_of(const PlanContents& p, std::int64_t indicator_id) {
  for (auto& i : p.indicators)
    if (i.indicator.id == indicator_id) return i.indicator.name;
  return {};
}

}  // namespace

bool MeasurementInput::blank() const {
  return measured_on.empty() && period_end.empty() && value.empty() && sample_size.empty() && evidence.empty();
}

MeasurementInput read_measurement(const Context& ctx) {
  return {ctx.req.form_value("indicator_id"),          web::trim(ctx.req.form_value("measured_on")),
          web::trim(ctx.req.form_value("period_end")), web::trim(ctx.req.form_value("value")),
          web::trim(ctx.req.form_value("sample_size")), web::trim(ctx.req.form_value("evidence"))};
}

Measurement check_measurement(const PlanContents& p, const MeasurementInput& in, web::FieldErrors& errors) {
  Measurement m;
  m.indicator_id = needs::to_int(in.indicator_id);
  if (name_of(p, m.indicator_id).empty()) errors.add("indicator_id", "impact_plans.errors.indicator");
  if (!is_date(in.measured_on)) errors.add("measured_on", "impact_plans.errors.date");
  if (!in.period_end.empty() && !is_date(in.period_end)) errors.add("period_end", "impact_plans.errors.date");
  else if (!in.period_end.empty() && is_date(in.measured_on) && in.period_end < in.measured_on)
    errors.add("period_end", "impact_plans.errors.period_order");
  auto v = parse_decimal(in.value);
  if (!v) errors.add("value", in.value.empty() ? "impact_plans.errors.value_required" : "impact_plans.errors.number");
  auto n = count_value(in.sample_size);
  if (n && *n < 0) errors.add("sample_size", "impact_plans.errors.count");
  if (too_long(in.evidence, kMaxShort)) errors.add("evidence", "impact_plans.errors.too_long");
  m.measured_on = in.measured_on;
  m.period_end = in.period_end;
  m.value = v.value_or("");
  m.sample_size = n;
  m.evidence = in.evidence;
  return m;
}

std::optional<store::EvidenceFile> read_evidence_file(Context& ctx, web::FieldErrors& errors) {
  if (ctx.req.form_malformed()) {
    errors.add("evidence_file", "impact_more.errors.file_malformed");
    return std::nullopt;
  }
  const http::UploadedFile* file = nullptr;
  for (auto& f : ctx.req.files())
    if (f.field == "evidence_file") file = &f;
  // A file input left empty still sends a part with no name and no bytes.
  if (!file || (file->data.empty() && file->filename.empty())) return std::nullopt;
  if (file->data.empty()) {
    errors.add("evidence_file", "impact_more.errors.file_empty");
    return std::nullopt;
  }
  if (file->data.size() > kMaxEvidenceBytes) {
    errors.add("evidence_file", "impact_more.errors.file_too_large");
    return std::nullopt;
  }
  auto type = needs::attachment_type(file->filename, file->data);
  if (!type) {
    errors.add("evidence_file", "impact_more.errors.file_bad_type");
    return std::nullopt;
  }
  store::EvidenceFile out;
  out.filename = needs::clean_filename(file->filename);
  out.content_type = *type;
  out.size = static_cast<std::int64_t>(file->data.size());
  out.sha256 = crypto::sha256_hex(file->data);
  out.data = file->data;
  return out;
}

std::string measurement_href(std::int64_t plan_id, std::int64_t measurement_id, const char* what) {
  return base_of(plan_id) + "/malinger/" + std::to_string(measurement_id) + "/" + what;
}

std::string file_size_text(std::int64_t bytes, const std::string& lang) {
  char buf[32];
  if (bytes < 1024 * 1024) {
    std::snprintf(buf, sizeof buf, "%lld kB", static_cast<long long>((bytes + 1023) / 1024));
  } else {
    std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
    if (lang != "en")
      for (char* c = buf; *c; ++c)
        if (*c == '.') *c = ',';
  }
  return buf;
}

namespace {

// ---- access ----

std::optional<Plan> plan_of(Context& ctx) {
  auto id = needs::id_param(ctx);
  if (!id) return std::nullopt;
  return store::find_plan(ctx.db(), *id);
}

bool may_view(Context& ctx) {
  auto p = plan_of(ctx);
  return p && (ctx.has_role(web::role_coordinator) || member_of(ctx, p->organisation_id));
}

bool may_edit(Context& ctx) {
  auto p = plan_of(ctx);
  return p && member_of(ctx, p->organisation_id);
}

// ---- the evidence file ----

Response download(Context& ctx) {
  auto id = needs::id_param(ctx);
  auto mid = needs::id_param(ctx, "maling");
  if (!id || !mid) return ctx.error_page(404);
  auto f = store::evidence_file_for(ctx.db(), *id, *mid, ctx.user->id, ctx.has_role(web::role_coordinator));
  if (!f) return ctx.error_page(404);
  Response res;
  res.body = std::move(f->data);
  res.set_header("Content-Type", f->content_type);
  // RFC 6266: an ASCII fallback and the UTF-8 name; never shown inline.
  std::string ascii;
  for (char c : f->filename) ascii += (static_cast<unsigned char>(c) < 0x80 && c != '"' && c != '\\') ? c : '_';
  res.set_header("Content-Disposition",
                 "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + http::url_encode(f->filename));
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Cache-Control", "private, no-store");
  return res;
}

// ---- editing ----

struct Loaded {
  PlanContents plan;
  Measurement measurement;
};

std::optional<Loaded> load(Context& ctx) {
  auto id = needs::id_param(ctx);
  auto mid = needs::id_param(ctx, "maling");
  if (!id || !mid) return std::nullopt;
  auto& db = ctx.db();
  auto m = store::find_measurement(db, *id, *mid);
  if (!m) return std::nullopt;
  auto p = store::load_plan(db, *id);
  if (!p) return std::nullopt;
  return Loaded{std::move(*p), std::move(*m)};
}

std::string date_of(const Measurement& m) {
  return show_date(m.measured_on) + (m.period_end.empty() ? "" : "–" + show_date(m.period_end));
}

render::Object heading(Context& ctx, const Loaded& l, const std::string& title) {
  render::Object d;
  d.set("title", title);
  d.set("plan_title", l.plan.plan.title);
  d.set("plan_href", base_of(l.plan.plan.id));
  d.set("organisation", l.plan.plan.organisation_name);
  d.set("back_href", base_of(l.plan.plan.id) + "/malinger");
  d.set("indicator", name_of(l.plan, l.measurement.indicator_id));
  d.set("date", date_of(l.measurement));
  if (!l.measurement.file_name.empty()) {
    d.set("file_name", l.measurement.file_name);
    d.set("file_size", file_size_text(l.measurement.file_size, ctx.lang));
    d.set("file_href", measurement_href(l.plan.plan.id, l.measurement.id, "vedlegg"));
  }
  return d;
}

Response edit_page(Context& ctx, const Loaded& l, const MeasurementInput& in, bool remove_file, bool chose_file,
                   const web::FieldErrors& errors, int status = 200) {
  auto d = heading(ctx, l, ctx.t("impact_more.measurements.edit_title"));
  d.set("intro", ctx.t("impact_more.measurements.edit_intro",
                       {{"indicator", name_of(l.plan, l.measurement.indicator_id)}, {"date", date_of(l.measurement)}}));
  d.set("action", measurement_href(l.plan.plan.id, l.measurement.id, "endre"));
  render::List options;
  for (auto& pi : l.plan.indicators) {
    render::Object o;
    o.set("value", std::to_string(pi.indicator.id));
    o.set("label", pi.indicator.name + " (" + pi.indicator.unit + ")");
    if (std::to_string(pi.indicator.id) == in.indicator_id) o.set("selected", true);
    options.emplace_back(std::move(o));
  }
  d.set("options", std::move(options));
  d.set("measured_on", in.measured_on);
  d.set("period_end", in.period_end);
  d.set("value", in.value);
  d.set("sample_size", in.sample_size);
  d.set("evidence", in.evidence);
  if (remove_file) d.set("remove_file", true);
  if (chose_file && !errors.empty()) d.set("file_again", true);
  d.set("file_hint", ctx.t("impact_more.measurements.file_hint",
                           {{"mb", std::to_string(kMaxEvidenceBytes / (1024 * 1024))}}));
  errors_view(ctx, errors, d);
  return ctx.page("impact/measurement_edit", std::move(d), status);
}

MeasurementInput input_of(const Measurement& m, const std::string& lang) {
  return {std::to_string(m.indicator_id), m.measured_on, m.period_end, show_decimal(m.value, lang),
          m.sample_size ? std::to_string(*m.sample_size) : std::string(), m.evidence};
}

bool chose_a_file(Context& ctx) {
  for (auto& f : ctx.req.files())
    if (f.field == "evidence_file" && !(f.data.empty() && f.filename.empty())) return true;
  return false;
}

Response edit_form(Context& ctx) {
  auto l = load(ctx);
  if (!l) return ctx.error_page(404);
  return edit_page(ctx, *l, input_of(l->measurement, ctx.lang), false, false, {});
}

Response edit_save(Context& ctx) {
  auto l = load(ctx);
  if (!l) return ctx.error_page(404);
  auto in = read_measurement(ctx);
  const bool remove_file = ctx.req.form_value("remove_file") == "1";
  web::FieldErrors errors;
  auto m = check_measurement(l->plan, in, errors);
  auto file = read_evidence_file(ctx, errors);
  if (!errors.empty()) return edit_page(ctx, *l, in, remove_file, chose_a_file(ctx), errors, 422);
  m.id = l->measurement.id;
  auto& db = ctx.db();
  const auto now = clock::now_iso();
  db::Transaction tx(db);
  if (!store::update_measurement(db, l->plan.plan.id, m, ctx.user->id, now)) return ctx.error_page(404);
  if (file) store::set_evidence_file(db, m.id, *file, ctx.user->id, now);
  else if (remove_file) store::remove_evidence_file(db, m.id);
  tx.commit();
  ctx.flash("success", "impact_more.flash.measurement_updated");
  return ctx.redirect(base_of(l->plan.plan.id) + "/malinger");
}

// ---- deleting ----

Response delete_form(Context& ctx) {
  auto l = load(ctx);
  if (!l) return ctx.error_page(404);
  auto d = heading(ctx, *l, ctx.t("impact_more.measurements.delete_title"));
  d.set("value", show_decimal(l->measurement.value, ctx.lang));
  d.set("action", measurement_href(l->plan.plan.id, l->measurement.id, "slett"));
  return ctx.page("impact/measurement_delete", std::move(d));
}

Response delete_save(Context& ctx) {
  auto id = needs::id_param(ctx);
  auto mid = needs::id_param(ctx, "maling");
  if (!id || !mid) return ctx.error_page(404);
  auto& db = ctx.db();
  db::Transaction tx(db);
  if (!store::delete_measurement(db, *id, *mid, clock::now_iso())) return ctx.error_page(404);
  tx.commit();
  ctx.flash("success", "impact_more.flash.measurement_deleted");
  return ctx.redirect(base_of(*id) + "/malinger");
}

}  // namespace

void mount_measurement_routes(web::Router& r) {
  const auto viewer = Access::when("member of the plan's organisation, or coordinator", may_view);
  const auto editor = Access::when("member of the plan's organisation", may_edit);
  r.get("/effekt/planer/{id}/malinger/{maling}/vedlegg", viewer, download);
  r.get("/effekt/planer/{id}/malinger/{maling}/endre", editor, edit_form);
  r.post("/effekt/planer/{id}/malinger/{maling}/endre", editor, edit_save);
  r.get("/effekt/planer/{id}/malinger/{maling}/slett", editor, delete_form);
  r.post("/effekt/planer/{id}/malinger/{maling}/slett", editor, delete_save);
}

}  // namespace samskap::impact
