// Reports on a grant: due on dates derived from the rule set's report rule and the granted period
// (annual reports by a day the following year, a final report after the period), written by the
// applicant against the application's expected results with a short account and a text, saved as
// drafts and submitted once; overdue reports are flagged to the applicant and to the scheme owner,
// and the applicant is reminded by e-mail some days before each due date through the job queue.
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "directory/manage_store.hpp"
#include "grants/access.hpp"
#include "grants/after.hpp"
#include "grants/after_store.hpp"
#include "grants/attachments.hpp"
#include "grants/report_rules.hpp"
#include "grants/review_store.hpp"
#include "grants/rules.hpp"
#include "needs/store.hpp"
#include "needs/views.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/config.hpp"
#include "platform/core/money.hpp"
#include "platform/mail/mailer.hpp"
#include "platform/render/i18n.hpp"
#include "platform/web/password_policy.hpp"

namespace samskap::grants {

namespace {

using http::Response;
using web::Access;
using web::Context;

constexpr std::size_t kMaxReached = 1'000;
constexpr std::size_t kMaxText = 10'000;

std::string base_of(std::int64_t id) { return "/tilskudd/soknader/" + std::to_string(id); }
std::string report_href(std::int64_t aid, std::int64_t rid) { return base_of(aid) + "/rapporter/" + std::to_string(rid); }

std::string today() { return oslo_date_of(clock::now_iso()); }

std::string kind_label(const Context& ctx, const store::Report& r) {
  return ctx.t(r.kind == "final" ? "grants_after.reports.kind_final" : "grants_after.reports.kind_annual",
               {{"year", std::to_string(r.year)}});
}

// Sets status, status_color and overdue on o.
void state_view(const Context& ctx, const store::Report& r, const std::string& now, render::Object& o) {
  if (r.status == "submitted") {
    o.set("status", ctx.t("grants_after.reports.status_submitted"));
    o.set("status_color", "success");
  } else if (report_overdue(r.due_on, now)) {
    o.set("status", ctx.t("grants_after.reports.status_overdue"));
    o.set("status_color", "danger");
    o.set("overdue", true);
  } else {
    o.set("status", ctx.t(r.status == "draft" ? "grants_after.reports.status_draft" : "grants_after.reports.status_due"));
    o.set("status_color", r.status == "draft" ? "info" : "neutral");
  }
}

bool is_applicant(Context& ctx, const store::Head& h) {
  return ctx.signed_in() && needs::store::is_member(ctx.db(), h.organisation_id, ctx.user->id);
}

std::optional<store::Head> granted_head(Context& ctx) {
  auto id = needs::id_param(ctx);
  if (!id) return std::nullopt;
  auto h = store::head(ctx.db(), *id);
  if (!h || h->status != "granted") return std::nullopt;
  return h;
}

bool may_report(Context& ctx) {
  auto h = granted_head(ctx);
  return h && is_applicant(ctx, *h);
}

Response list(Context& ctx) {
  auto h = granted_head(ctx);
  if (!h) return ctx.error_page(404);
  const auto now = clock::now_iso();
  render::List rows;
  for (auto& r : store::reports_of(ctx.db(), h->id)) {
    render::Object o;
    o.set("kind", kind_label(ctx, r));
    o.set("href", report_href(h->id, r.id));
    o.set("due_on", r.due_on);
    state_view(ctx, r, now, o);
    if (r.submitted_at) o.set("submitted_at", clock::oslo_display(*r.submitted_at));
    rows.emplace_back(std::move(o));
  }
  render::Object d;
  d.set("title", ctx.t("grants_after.reports.title", {{"title", h->title}}));
  d.set("application_title", h->title);
  d.set("application_href", base_of(h->id));
  d.set("commitment_href", base_of(h->id) + "/tilsagn");
  if (rows.empty()) d.set("empty", true);
  d.set("rows", std::move(rows));
  return ctx.page("grants/reports", std::move(d));
}

struct ReportInput {
  std::vector<std::string> reached;  // per expected result, in order
  std::string income, costs, text;
};

Response report_page(Context& ctx, const store::Head& h, const Application& app, const store::Report& r,
                     const ReportInput& in, const web::FieldErrors& errors, int status = 200) {
  const auto now = clock::now_iso();
  render::Object d;
  d.reserve(30);
  d.set("title", ctx.t("grants_after.report.title", {{"kind", kind_label(ctx, r)}, {"title", h.title}}));
  d.set("application_title", h.title);
  d.set("application_href", base_of(h.id));
  d.set("reports_href", base_of(h.id) + "/rapporter");
  d.set("due_on", r.due_on);
  state_view(ctx, r, now, d);
  const bool editable = r.status != "submitted" && is_applicant(ctx, h);
  render::List results;
  for (std::size_t i = 0; i < app.results.size(); ++i) {
    const auto& k = app.results[i];
    render::Object o;
    o.set("n", std::to_string(i + 1));
    o.set("description", k.description);
    o.set("indicator", k.indicator);
    o.set("baseline", k.baseline);
    o.set("target", k.target);
    o.set("reached", i < in.reached.size() ? in.reached[i] : std::string());
    for (auto& [field, msg] : errors.items)
      if (field == "r" + std::to_string(i + 1)) o.set("error", ctx.t(msg));
    if (editable) o.set("editable", true);
    results.emplace_back(std::move(o));
  }
  if (!results.empty()) d.set("has_results", true);
  d.set("results", std::move(results));
  d.set("income", in.income);
  d.set("costs", in.costs);
  d.set("text", in.text);
  if (editable) {
    d.set("editable", true);
    d.set("action", report_href(h.id, r.id));
  } else {
    if (r.submitted_at) d.set("submitted_at", clock::oslo_display(*r.submitted_at));
    if (r.income && r.costs) {
      d.set("income_text", ctx.t("grants.amount", {{"amount", money::format_kroner(*r.income)}}));
      d.set("costs_text", ctx.t("grants.amount", {{"amount", money::format_kroner(*r.costs)}}));
      d.set("result_text", ctx.t("grants.amount", {{"amount", money::format_kroner(*r.income - *r.costs)}}));
    }
  }
  report_files_view(ctx, h.id, r, editable, d);
  field_errors_view(ctx, errors, d);
  return ctx.page("grants/report_form", std::move(d), status);
}

struct LoadedReport {
  store::Head head;
  Application app;
  store::Report report;
};

std::optional<LoadedReport> load(Context& ctx) {
  auto h = granted_head(ctx);
  if (!h) return std::nullopt;
  auto rid = needs::id_param(ctx, "rapport");
  if (!rid) return std::nullopt;
  auto& db = ctx.db();
  auto r = store::report(db, h->id, *rid);
  auto app = store::find_application(db, h->id);
  if (!r || !app) return std::nullopt;
  return LoadedReport{std::move(*h), std::move(*app), std::move(*r)};
}

ReportInput input_of(const Application& app, const store::Report& r) {
  ReportInput in;
  for (auto& k : app.results) {
    std::string reached;
    for (auto& x : r.results)
      if (x.criterion == k.id) reached = x.reached;
    in.reached.push_back(std::move(reached));
  }
  if (r.income) in.income = money::input_kroner(*r.income);
  if (r.costs) in.costs = money::input_kroner(*r.costs);
  in.text = r.text;
  return in;
}

// A draft is the applicant's own until it is submitted: the owner sees only that it is not in yet.
bool draft_hidden(Context& ctx, const store::Head& h, const store::Report& r) {
  return r.status != "submitted" && !is_applicant(ctx, h);
}

Response show(Context& ctx) {
  auto l = load(ctx);
  if (!l) return ctx.error_page(404);
  if (draft_hidden(ctx, l->head, l->report)) {
    store::Report blank = l->report;
    blank.results.clear();
    blank.income.reset();
    blank.costs.reset();
    blank.text.clear();
    return report_page(ctx, l->head, l->app, blank, input_of(l->app, blank), {});
  }
  return report_page(ctx, l->head, l->app, l->report, input_of(l->app, l->report), {});
}

Response save(Context& ctx) {
  auto l = load(ctx);
  if (!l) return ctx.error_page(404);
  if (l->report.status == "submitted") return ctx.error_page(409);
  const bool submit = ctx.req.form_value("go") == "submit";
  ReportInput in;
  web::FieldErrors errors;
  store::Report r = l->report;
  r.results.clear();
  for (std::size_t i = 0; i < l->app.results.size(); ++i) {
    const auto field = "r" + std::to_string(i + 1);
    auto v = web::trim(ctx.req.form_value(field));
    if (submit && v.empty()) errors.add(field, "grants_after.errors.reached_missing");
    if (web::utf8_length(v) > kMaxReached) errors.add(field, "grants.errors.too_long");
    r.results.push_back({l->app.results[i].id, v});
    in.reached.push_back(std::move(v));
  }
  in.income = web::trim(ctx.req.form_value("income"));
  in.costs = web::trim(ctx.req.form_value("costs"));
  in.text = web::trim(ctx.req.form_value("text"));
  auto money_field = [&](const std::string& field, const std::string& value, std::optional<std::int64_t>& out) {
    out.reset();
    if (value.empty()) {
      if (submit) errors.add(field, "grants_after.errors." + field + "_missing");
      return;
    }
    auto v = money::parse_kroner(value);
    if (!v || *v < 0) errors.add(field, "grants_after.errors.amount_invalid");
    else out = v;
  };
  money_field("income", in.income, r.income);
  money_field("costs", in.costs, r.costs);
  if (submit && in.text.empty()) errors.add("text", "grants_after.errors.text_missing");
  if (web::utf8_length(in.text) > kMaxText) errors.add("text", "grants.errors.too_long");
  r.text = in.text;
  if (!errors.empty()) return report_page(ctx, l->head, l->app, l->report, in, errors, 422);
  auto& db = ctx.db();
  db::Transaction tx(db);
  if (!store::save_report(db, r, submit, ctx.user->id, clock::now_iso())) return ctx.error_page(409);
  tx.commit();
  ctx.flash("success", submit ? "grants_after.flash.report_submitted" : "grants_after.flash.report_saved");
  return ctx.redirect(submit ? base_of(l->head.id) + "/rapporter" : report_href(l->head.id, r.id));
}

Response list_json(Context& ctx) {
  auto h = granted_head(ctx);
  if (!h) return Response::json(404, R"({"error":"not found"})");
  const auto now = clock::now_iso();
  nlohmann::json out = nlohmann::json::array();
  for (auto r : store::reports_of(ctx.db(), h->id)) {
    if (draft_hidden(ctx, *h, r)) {
      r.results.clear();
      r.income.reset();
      r.costs.reset();
      r.text.clear();
    }
    nlohmann::json results = nlohmann::json::array();
    for (auto& x : r.results) results.push_back({{"criterion", x.criterion}, {"reached", x.reached}});
    auto opt = [](const std::optional<std::int64_t>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); };
    out.push_back({{"id", r.id},
                   {"kind", r.kind},
                   {"year", r.year},
                   {"due_on", r.due_on},
                   {"status", r.status},
                   {"overdue", r.status != "submitted" && report_overdue(r.due_on, now)},
                   {"results", results},
                   {"income_ore", opt(r.income)},
                   {"costs_ore", opt(r.costs)},
                   {"text", r.text},
                   {"submitted_at", r.submitted_at ? nlohmann::json(*r.submitted_at) : nlohmann::json(nullptr)}});
  }
  return Response::json(200, nlohmann::json{{"application", h->id}, {"reports", out}}.dump());
}

}  // namespace

render::List overdue_view(const Context& ctx, const std::vector<store::OverdueReport>& rows) {
  render::List out;
  for (auto& r : rows) {
    render::Object o;
    o.set("title", r.title);
    o.set("organisation", r.organisation_name);
    o.set("kind", ctx.t(r.kind == "final" ? "grants_after.reports.kind_final" : "grants_after.reports.kind_annual",
                        {{"year", std::to_string(r.year)}}));
    o.set("due_on", r.due_on);
    o.set("href", report_href(r.application_id, r.report_id));
    out.emplace_back(std::move(o));
  }
  return out;
}

void after_panel(Context& ctx, const Application& a, render::Object& d) {
  if (a.stage != "granted" || !ctx.signed_in()) return;
  if (!may_follow_grant(ctx)) return;
  d.set("commitment_href", base_of(a.id) + "/tilsagn");
  d.set("reports_href", base_of(a.id) + "/rapporter");
  const auto now = clock::now_iso();
  int overdue = 0;
  for (auto& r : store::reports_of(ctx.db(), a.id))
    if (r.status != "submitted" && report_overdue(r.due_on, now)) ++overdue;
  if (overdue > 0) d.set("overdue_reports", ctx.t("grants_after.reports.overdue_count", {{"count", std::to_string(overdue)}}));
}

void overdue_of_user_view(Context& ctx, render::Object& d) {
  if (!ctx.signed_in()) return;
  auto rows = store::overdue_reports_of_user(ctx.db(), ctx.user->id, today(), 50);
  if (rows.empty()) return;
  d.set("has_overdue", true);
  d.set("overdue", overdue_view(ctx, rows));
}

namespace reminder {

std::string dedupe_key(std::int64_t report_id, const std::string& due_on) {
  return "grant-report-reminder:" + std::to_string(report_id) + ":" + due_on;
}

int schedule(db::Connection& c, clock::TimePoint now) {
  const auto now_iso = clock::iso_utc(now);
  // Grants decided before reports were scheduled get their reports (another process doing the same
  // at once changes nothing: the rows are unique per application, kind and year).
  if (auto ids = store::grants_without_reports(c, 100); !ids.empty()) {
    db::Transaction tx(c);
    for (auto id : ids) store::create_report_schedule(c, id);
    tx.commit();
  }
  const auto from = clock::oslo_date(now);
  const auto until = clock::oslo_date(now + std::chrono::days(366));
  int queued = 0;
  for (auto& r : store::reports_due_between(c, from, until, 500)) {
    if (!reminder_due(r.due_on, r.reminder_days, now_iso)) continue;
    const auto payload = nlohmann::json{{"report", r.report_id}, {"application", r.application_id}}.dump();
    if (jobs::enqueue(c, job_kind, payload, now, dedupe_key(r.report_id, r.due_on))) ++queued;
  }
  if (queued) spdlog::info("{} påminnelser om rapporter lagt i kø", queued);
  return queued;
}

void run(db::Connection& c, const web::Services& services, const jobs::Job& job) {
  const auto payload = nlohmann::json::parse(job.payload);
  const auto aid = payload.at("application").get<std::int64_t>();
  auto r = store::report(c, aid, payload.at("report").get<std::int64_t>());
  if (!r || r->status == "submitted") return;
  auto app = store::find_application(c, aid);
  if (!app) return;
  const auto& t = services.catalogue;
  const auto kind = t.text("nb", r->kind == "final" ? "grants_after.reports.kind_final" : "grants_after.reports.kind_annual",
                           {{"year", std::to_string(r->year)}});
  for (auto& m : directory::manage_store::members_of(c, app->organisation_id)) {
    std::vector<std::pair<std::string, std::string>> args = {
        {"name", m.name},
        {"kind", kind},
        {"title", app->title},
        {"due", r->due_on},
        {"url", services.config.base_url + report_href(aid, r->id)}};
    services.mailer.send({m.email, t.text("nb", "grants_after.mail.reminder.subject", args),
                          t.text("nb", "grants_after.mail.reminder.body", args)});
  }
}

}  // namespace reminder

void mount_report_routes(web::Router& r, std::shared_ptr<const directory::Reference>) {
  auto follower = [] {
    return Access::when("granted application: member of the applicant organisation, or of the scheme owner's "
                        "without a conflict of interest, or coordinator",
                        may_follow_grant);
  };
  r.get("/tilskudd/soknader/{id}/rapporter", follower(), list);
  r.get("/api/v1/tilskudd/soknader/{id}/rapporter", follower(), list_json);
  r.get("/tilskudd/soknader/{id}/rapporter/{rapport}", follower(), show);
  r.post("/tilskudd/soknader/{id}/rapporter/{rapport}",
         Access::when("granted application: member of the applicant organisation", may_report), save);
}

}  // namespace samskap::grants
