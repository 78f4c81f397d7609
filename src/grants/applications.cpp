// Writing a grant application: a draft started from an open call, filled in over four steps
// (the project, expected results, budget and financing, conditions), each saved as it is sent,
// an eligibility self-check that explains every failed rule, and submission before the deadline
// with a receipt page and a copy by e-mail. A submitted application is frozen.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "directory/store.hpp"
#include "grants/access.hpp"
#include "grants/after.hpp"
#include "grants/attachments.hpp"
#include "grants/attachments_store.hpp"
#include "grants/review.hpp"
#include "grants/routes.hpp"
#include "grants/store.hpp"
#include "grants/views.hpp"
#include "needs/store.hpp"
#include "needs/views.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/config.hpp"
#include "platform/core/money.hpp"
#include "platform/mail/mailer.hpp"
#include "platform/web/forms.hpp"
#include "platform/web/password_policy.hpp"

namespace samskap::grants {

namespace {

using directory::Reference;
using http::Response;
using web::Access;
using web::Context;
using Ref = std::shared_ptr<const Reference>;

constexpr int kMaxRows = 30;
constexpr int kMinResultRows = 3;
constexpr int kMinBudgetRows = 4;
constexpr int kMinFinancingRows = 4;
constexpr std::size_t kMaxTitle = 200;
constexpr std::size_t kMaxText = 10'000;
constexpr std::size_t kMaxShort = 500;

constexpr std::array<std::string_view, 5> kSteps = {"prosjekt", "resultater", "budsjett", "vilkar", "vedlegg"};

// A step's name; the attachments step has its key with the attachments' strings.
std::string step_label(const Context& ctx, std::string_view step) {
  return ctx.t(step == "vedlegg" ? std::string("grants_files.step.label") : "grants.steps." + std::string(step));
}

std::string base_of(std::int64_t id) { return "/tilskudd/soknader/" + std::to_string(id); }

bool too_long(const std::string& s, std::size_t max) { return web::utf8_length(s) > max; }

int rows_value(const Context& ctx, std::string_view name, int at_least) {
  auto n = needs::to_int(ctx.req.form_value(name));
  return static_cast<int>(std::clamp<std::int64_t>(n, at_least, kMaxRows));
}

// The application, its call and the rule set it is written under.
using Loaded = LoadedApplication;

OrgFacts facts_of(Context& ctx, std::int64_t organisation_id) {
  OrgFacts f;
  if (auto o = directory::store::find(ctx.db(), organisation_id)) {
    f.name = o->name;
    f.in_voluntary_register = o->in_voluntary_register;
    f.org_form = o->org_form;
    f.municipality_number = o->municipality_number;
  }
  return f;
}

ApplicationFacts app_facts(const Application& a) {
  ApplicationFacts f;
  f.title = a.title;
  f.description = a.description;
  f.results = a.results;
  f.period_from = a.period_from;
  f.period_to = a.period_to;
  f.budget = a.budget;
  f.financing = a.financing;
  f.cooperation_agreement = a.cooperation_agreement;
  f.declarations = a.declarations;
  return f;
}

std::vector<Finding> check_of(Context& ctx, const Reference& ref, const Loaded& l) {
  auto names = [&ref](std::string_view n) {
    auto* m = ref.municipality(std::string(n));
    return m ? m->name : std::string(n);
  };
  auto facts = app_facts(l.app);
  facts.attachments = store::requirements_of(ctx.db(), l.app.id);
  return self_check(l.rules, facts_of(ctx, l.app.organisation_id), facts, l.call.scheme.organisation_name, names);
}

render::Object frame(Context& ctx, const Loaded& l, std::string_view current) {
  return application_frame(ctx, l.app, l.call, current);
}

}  // namespace

// The common frame of every step: the step navigation, the call, the deadline.
render::Object application_frame(Context& ctx, const Application& app, const store::CallView& call,
                                 std::string_view current) {
  render::Object d;
  d.reserve(40);
  const auto base = base_of(app.id);
  d.set("title", step_label(ctx, current));
  d.set("application_title", app.title.empty() ? ctx.t("grants.application.untitled") : app.title);
  d.set("organisation", app.organisation_name);
  d.set("call_title", call.call.title);
  d.set("call_href", "/tilskudd/" + std::to_string(call.call.id));
  d.set("closes", clock::oslo_display(call.call.closes_at));
  d.set("base", base);
  render::List steps;
  int n = 1;
  for (auto s : std::array<std::string_view, 6>{"prosjekt", "resultater", "budsjett", "vilkar", "vedlegg", "kontroll"}) {
    render::Object o;
    o.set("n", std::to_string(n++));
    o.set("label", step_label(ctx, s));
    o.set("href", base + "/" + std::string(s));
    if (s == current) o.set("current", true);
    steps.emplace_back(std::move(o));
  }
  d.set("steps", std::move(steps));
  return d;
}

namespace {

void errors_view(const Context& ctx, const web::FieldErrors& errors, render::Object& d) {
  render::List summary;
  for (auto& [field, key] : errors.items) {
    auto text = ctx.t(key);
    d.set(field + "_error", text);
    render::Object s;
    s.set("id", field);
    s.set("text", std::move(text));
    summary.emplace_back(std::move(s));
  }
  if (!summary.empty()) d.set("has_errors", true);
  d.set("errors", std::move(summary));
}

Response frozen(Context& ctx, const Loaded& l) {
  render::Object d;
  d.set("title", ctx.t("grants.frozen.title"));
  d.set("message", ctx.t("grants.frozen.message"));
  d.set("back_href", base_of(l.app.id));
  d.set("back", ctx.t("grants.frozen.back"));
  return ctx.page("grants/problem", std::move(d), 409);
}

// After a step is saved: on to the next step, or back to the same one.
Response after_save(Context& ctx, std::int64_t id, std::string_view step) {
  ctx.flash("success", "grants.flash.saved");
  if (ctx.req.form_value("go") == "next") {
    auto it = std::find(kSteps.begin(), kSteps.end(), step);
    if (it + 1 != kSteps.end()) return ctx.redirect(base_of(id) + "/" + std::string(*(it + 1)));
    return ctx.redirect(base_of(id) + "/kontroll");
  }
  return ctx.redirect(base_of(id) + "/" + std::string(step));
}

// ---- starting ----

Response problem(Context& ctx, const std::string& key, const std::string& back, int status,
                 const std::vector<std::pair<std::string, std::string>>& args = {}) {
  render::Object d;
  d.set("title", ctx.t("grants.problem.title"));
  d.set("message", ctx.t(key, args));
  d.set("back_href", back);
  d.set("back", ctx.t("grants.problem.back"));
  return ctx.page("grants/problem", std::move(d), status);
}

Response start(Context& ctx) {
  auto call_id = needs::id_param(ctx);
  if (!call_id) return ctx.error_page(404);
  auto& db = ctx.db();
  auto v = store::find_call(db, *call_id);
  if (!v) return ctx.error_page(404);
  const auto back = "/tilskudd/" + std::to_string(v->call.id);
  const auto now = clock::now_iso();
  if (call_state(v->call.opens_at, v->call.closes_at, now) != CallState::open)
    return problem(ctx, "grants.problem.not_open", back, 422, {{"closes", clock::oslo_display(v->call.closes_at)}});
  auto org_id = needs::to_int(ctx.req.form_value("organisation_id"));
  if (org_id == v->scheme.organisation_id || !needs::store::is_member(db, org_id, ctx.user->id))
    return problem(ctx, "grants.problem.organisation", back, 422);
  auto sets = store::rule_sets_of(db, v->scheme.id);
  auto* rules = rule_set_in_force(sets, oslo_date_of(v->call.opens_at));
  if (!rules) return problem(ctx, "grants.problem.no_rules", back, 422);
  Application a;
  a.call_id = v->call.id;
  a.rule_set_id = rules->id;
  a.organisation_id = org_id;
  a.created_by = ctx.user->id;
  a.created_at = a.updated_at = now;
  // The organisation's home municipality is a sensible first guess for where the project runs.
  db::Transaction tx(db);
  auto id = store::create_application(db, a);
  if (auto org = directory::store::find(db, org_id); org && org->municipality_number) {
    a.id = id;
    a.municipalities.push_back(*org->municipality_number);
    store::save_project(db, a, now);
  }
  tx.commit();
  ctx.flash("success", "grants.flash.started");
  return ctx.redirect(base_of(id) + "/prosjekt");
}

// ---- step 1: the project ----

struct ProjectInput {
  std::string title, description, target_group, period_from, period_to;
  std::vector<std::string> municipalities;
};

Response project_page(Context& ctx, const Reference& ref, const Loaded& l, const ProjectInput& in,
                      const web::FieldErrors& errors, int status = 200) {
  auto d = frame(ctx, l, "prosjekt");
  d.set("action", base_of(l.app.id) + "/prosjekt");
  d.set("f_title", in.title);
  d.set("description", in.description);
  d.set("target_group", in.target_group);
  d.set("period_from", in.period_from);
  d.set("period_to", in.period_to);
  d.set("max_months", std::to_string(l.rules.max_months));
  render::List municipalities;
  for (auto& m : ref.municipalities) {
    render::Object o;
    o.set("value", m.number);
    o.set("label", m.name);
    if (std::find(in.municipalities.begin(), in.municipalities.end(), m.number) != in.municipalities.end())
      o.set("selected", true);
    municipalities.emplace_back(std::move(o));
  }
  d.set("municipalities", std::move(municipalities));
  errors_view(ctx, errors, d);
  return ctx.page("grants/step_project", std::move(d), status);
}

Response project_form(Context& ctx, const Reference& ref) {
  auto l = load_application(ctx);
  if (!l) return ctx.error_page(404);
  if (l->app.status != "draft") return ctx.redirect(base_of(l->app.id));
  ProjectInput in{l->app.title, l->app.description, l->app.target_group, l->app.period_from, l->app.period_to,
                  l->app.municipalities};
  return project_page(ctx, ref, *l, in, {});
}

Response project_save(Context& ctx, const Reference& ref) {
  auto l = load_application(ctx);
  if (!l) return ctx.error_page(404);
  if (l->app.status != "draft") return frozen(ctx, *l);
  ProjectInput in;
  in.title = web::trim(ctx.req.form_value("title"));
  in.description = web::trim(ctx.req.form_value("description"));
  in.target_group = web::trim(ctx.req.form_value("target_group"));
  in.period_from = web::trim(ctx.req.form_value("period_from"));
  in.period_to = web::trim(ctx.req.form_value("period_to"));
  for (auto& [k, v] : ctx.req.form())
    if (k == "municipalities")
      if (auto current = ref.current_number(v)) in.municipalities.push_back(*current);
  web::FieldErrors errors;
  if (too_long(in.title, kMaxTitle)) errors.add("title", "grants.errors.title_too_long");
  if (too_long(in.description, kMaxText)) errors.add("description", "grants.errors.too_long");
  if (too_long(in.target_group, kMaxShort)) errors.add("target_group", "grants.errors.too_long");
  if (!in.period_from.empty() && !is_month(in.period_from)) errors.add("period_from", "grants.errors.month");
  if (!in.period_to.empty() && !is_month(in.period_to)) errors.add("period_to", "grants.errors.month");
  if (is_month(in.period_from) && is_month(in.period_to) && !period_months(in.period_from, in.period_to))
    errors.add("period_to", "grants.errors.period_order");
  if (!errors.empty()) return project_page(ctx, ref, *l, in, errors, 422);
  auto a = l->app;
  a.title = in.title;
  a.description = in.description;
  a.target_group = in.target_group;
  a.period_from = in.period_from;
  a.period_to = in.period_to;
  a.municipalities = in.municipalities;
  auto& db = ctx.db();
  db::Transaction tx(db);
  if (!store::save_project(db, a, clock::now_iso())) return frozen(ctx, *l);
  tx.commit();
  return after_save(ctx, a.id, "prosjekt");
}

// ---- step 2: expected results ----

Response results_page(Context& ctx, const Loaded& l, const std::vector<common::Criterion>& results, int rows,
                      const web::FieldErrors& errors, int status = 200) {
  auto d = frame(ctx, l, "resultater");
  d.set("action", base_of(l.app.id) + "/resultater");
  rows = std::max<int>({rows, static_cast<int>(results.size()), kMinResultRows});
  d.set("rows", std::to_string(rows));
  render::List list;
  for (int i = 1; i <= rows; ++i) {
    const common::Criterion* c = i <= static_cast<int>(results.size()) ? &results[i - 1] : nullptr;
    render::Object o;
    auto k = std::to_string(i);
    o.set("n", k);
    o.set("legend", ctx.t("grants.results.result_n", {{"n", k}}));
    if (c) {
      o.set("description", c->description);
      o.set("indicator", c->indicator);
      o.set("baseline", c->baseline);
      o.set("target", c->target);
    }
    for (auto& [field, key] : errors.items)
      if (field == "k" + k + "_description") o.set("error", ctx.t(key));
    list.emplace_back(std::move(o));
  }
  d.set("results", std::move(list));
  if (rows < kMaxRows) d.set("can_add_rows", true);
  render::List summary;
  for (auto& [field, key] : errors.items) {
    render::Object s;
    s.set("id", field);
    s.set("text", ctx.t(key));
    summary.emplace_back(std::move(s));
  }
  if (!summary.empty()) d.set("has_errors", true);
  d.set("errors", std::move(summary));
  return ctx.page("grants/step_results", std::move(d), status);
}

Response results_form(Context& ctx, const Reference&) {
  auto l = load_application(ctx);
  if (!l) return ctx.error_page(404);
  if (l->app.status != "draft") return ctx.redirect(base_of(l->app.id));
  return results_page(ctx, *l, l->app.results, static_cast<int>(l->app.results.size()), {});
}

Response results_save(Context& ctx, const Reference&) {
  auto l = load_application(ctx);
  if (!l) return ctx.error_page(404);
  if (l->app.status != "draft") return frozen(ctx, *l);
  int rows = rows_value(ctx, "rows", 1);
  std::vector<common::Criterion> typed, kept;
  web::FieldErrors errors;
  for (int i = 1; i <= rows; ++i) {
    auto k = std::to_string(i);
    common::Criterion c;
    c.position = i;
    c.description = web::trim(ctx.req.form_value("k" + k + "_description"));
    c.indicator = web::trim(ctx.req.form_value("k" + k + "_indicator"));
    c.baseline = web::trim(ctx.req.form_value("k" + k + "_baseline"));
    c.target = web::trim(ctx.req.form_value("k" + k + "_target"));
    const bool any = !c.description.empty() || !c.indicator.empty() || !c.baseline.empty() || !c.target.empty();
    if (c.description.empty() && any) errors.add("k" + k + "_description", "grants.errors.result_description");
    if (too_long(c.description, kMaxShort) || too_long(c.indicator, kMaxShort) || too_long(c.baseline, kMaxShort) ||
        too_long(c.target, kMaxShort))
      errors.add("k" + k + "_description", "grants.errors.too_long");
    typed.push_back(c);
    if (any) kept.push_back(c);
  }
  if (ctx.req.form_value("more_rows") == "1") return results_page(ctx, *l, typed, std::min(rows + 2, kMaxRows), {});
  if (!errors.empty()) return results_page(ctx, *l, typed, rows, errors, 422);
  auto& db = ctx.db();
  db::Transaction tx(db);
  if (!store::save_results(db, l->app.id, kept, clock::now_iso())) return frozen(ctx, *l);
  tx.commit();
  return after_save(ctx, l->app.id, "resultater");
}

// ---- step 3: budget and financing ----

struct BudgetRowInput {
  std::string category, year, amount;
};
struct FinancingRowInput {
  std::string source, description, amount;
};

std::int64_t parse_year(const std::string& s) { return needs::to_int(s); }

Response budget_page(Context& ctx, const Loaded& l, const std::vector<BudgetRowInput>& budget,
                     const std::vector<FinancingRowInput>& financing, int brows, int frows,
                     const web::FieldErrors& errors, int status = 200) {
  auto d = frame(ctx, l, "budsjett");
  d.set("action", base_of(l.app.id) + "/budsjett");
  brows = std::max<int>({brows, static_cast<int>(budget.size()), kMinBudgetRows});
  frows = std::max<int>({frows, static_cast<int>(financing.size()), kMinFinancingRows});
  d.set("brows", std::to_string(brows));
  d.set("frows", std::to_string(frows));
  auto error_for = [&](const std::string& field) -> std::string {
    for (auto& [f, key] : errors.items)
      if (f == field) return ctx.t(key);
    return {};
  };
  render::List blist;
  for (int i = 1; i <= brows; ++i) {
    const BudgetRowInput* b = i <= static_cast<int>(budget.size()) ? &budget[i - 1] : nullptr;
    render::Object o;
    auto k = std::to_string(i);
    o.set("n", k);
    o.set("legend", ctx.t("grants.budget.line_n", {{"n", k}}));
    if (b) {
      o.set("category", b->category);
      o.set("year", b->year);
      o.set("amount", b->amount);
    }
    if (auto e = error_for("b" + k + "_amount"); !e.empty()) o.set("amount_error", e);
    if (auto e = error_for("b" + k + "_year"); !e.empty()) o.set("year_error", e);
    if (auto e = error_for("b" + k + "_category"); !e.empty()) o.set("category_error", e);
    blist.emplace_back(std::move(o));
  }
  d.set("budget", std::move(blist));
  render::List flist;
  for (int i = 1; i <= frows; ++i) {
    const FinancingRowInput* f = i <= static_cast<int>(financing.size()) ? &financing[i - 1] : nullptr;
    render::Object o;
    auto k = std::to_string(i);
    o.set("n", k);
    o.set("legend", ctx.t("grants.financing.line_n", {{"n", k}}));
    render::List sources;
    for (auto s : financing_sources) {
      render::Object x;
      x.set("value", std::string(s));
      x.set("label", ctx.t("grants.financing.sources." + std::string(s)));
      if (f && f->source == s) x.set("selected", true);
      sources.emplace_back(std::move(x));
    }
    o.set("sources", std::move(sources));
    if (f) {
      o.set("description", f->description);
      o.set("amount", f->amount);
    }
    if (auto e = error_for("f" + k + "_amount"); !e.empty()) o.set("amount_error", e);
    if (auto e = error_for("f" + k + "_source"); !e.empty()) o.set("source_error", e);
    flist.emplace_back(std::move(o));
  }
  d.set("financing", std::move(flist));
  if (brows < kMaxRows || frows < kMaxRows) d.set("can_add_rows", true);
  // The saved draft's totals, so the applicant sees whether the plan balances.
  auto t = totals(l.app.budget, l.app.financing);
  d.set("total_budget", money::format_kroner(t.budget));
  d.set("total_financing", money::format_kroner(t.financing));
  d.set("total_requested", money::format_kroner(t.requested));
  d.set("cofinancing_share", percent_text(t.cofinancing, t.budget));
  if (!t.balanced()) d.set("unbalanced", true);
  if (l.rules.min_cofinancing_percent > 0)
    d.set("cofinancing_rule", ctx.t("grants.rules.cofinancing", {{"percent", std::to_string(l.rules.min_cofinancing_percent)}}));
  render::List summary;
  for (auto& [field, key] : errors.items) {
    render::Object s;
    s.set("id", field);
    s.set("text", ctx.t(key));
    summary.emplace_back(std::move(s));
  }
  if (!summary.empty()) d.set("has_errors", true);
  d.set("errors", std::move(summary));
  return ctx.page("grants/step_budget", std::move(d), status);
}

Response budget_form(Context& ctx, const Reference&) {
  auto l = load_application(ctx);
  if (!l) return ctx.error_page(404);
  if (l->app.status != "draft") return ctx.redirect(base_of(l->app.id));
  std::vector<BudgetRowInput> b;
  for (auto& x : l->app.budget) b.push_back({x.category, std::to_string(x.year), money::input_kroner(x.amount)});
  std::vector<FinancingRowInput> f;
  for (auto& x : l->app.financing) f.push_back({x.source, x.description, money::input_kroner(x.amount)});
  return budget_page(ctx, *l, b, f, static_cast<int>(b.size()), static_cast<int>(f.size()), {});
}

Response budget_save(Context& ctx, const Reference&) {
  auto l = load_application(ctx);
  if (!l) return ctx.error_page(404);
  if (l->app.status != "draft") return frozen(ctx, *l);
  int brows = rows_value(ctx, "brows", 1), frows = rows_value(ctx, "frows", 1);
  std::vector<BudgetRowInput> btyped;
  std::vector<FinancingRowInput> ftyped;
  std::vector<BudgetLine> budget;
  std::vector<FinancingLine> financing;
  web::FieldErrors errors;
  for (int i = 1; i <= brows; ++i) {
    auto k = "b" + std::to_string(i);
    BudgetRowInput in{web::trim(ctx.req.form_value(k + "_category")), web::trim(ctx.req.form_value(k + "_year")),
                      web::trim(ctx.req.form_value(k + "_amount"))};
    btyped.push_back(in);
    if (in.category.empty() && in.year.empty() && in.amount.empty()) continue;
    auto amount = money::parse_kroner(in.amount);
    auto year = parse_year(in.year);
    if (in.category.empty()) errors.add(k + "_category", "grants.errors.category");
    else if (too_long(in.category, kMaxShort)) errors.add(k + "_category", "grants.errors.too_long");
    if (year < 2000 || year > 2100) errors.add(k + "_year", "grants.errors.year");
    if (!amount) errors.add(k + "_amount", "grants.errors.amount");
    if (amount) budget.push_back({in.category, static_cast<int>(year), *amount});
  }
  for (int i = 1; i <= frows; ++i) {
    auto k = "f" + std::to_string(i);
    FinancingRowInput in{ctx.req.form_value(k + "_source"), web::trim(ctx.req.form_value(k + "_description")),
                         web::trim(ctx.req.form_value(k + "_amount"))};
    ftyped.push_back(in);
    if (in.description.empty() && in.amount.empty()) continue;
    auto amount = money::parse_kroner(in.amount);
    if (!is_financing_source(in.source)) errors.add(k + "_source", "grants.errors.source");
    if (!amount) errors.add(k + "_amount", "grants.errors.amount");
    if (too_long(in.description, kMaxShort)) errors.add(k + "_amount", "grants.errors.too_long");
    if (amount) financing.push_back({in.source, in.description, *amount});
  }
  if (ctx.req.form_value("more_rows") == "1")
    return budget_page(ctx, *l, btyped, ftyped, std::min(brows + 2, kMaxRows), std::min(frows + 2, kMaxRows), {});
  if (!errors.empty()) return budget_page(ctx, *l, btyped, ftyped, brows, frows, errors, 422);
  auto& db = ctx.db();
  db::Transaction tx(db);
  if (!store::save_budget(db, l->app.id, budget, financing, clock::now_iso())) return frozen(ctx, *l);
  tx.commit();
  return after_save(ctx, l->app.id, "budsjett");
}

// ---- step 4: conditions ----

Response conditions_page(Context& ctx, const Reference& ref, const Loaded& l, bool cooperation,
                         const std::vector<Declaration>& declarations, bool confidential,
                         const std::string& confidential_reason, const web::FieldErrors& errors, int status = 200) {
  auto d = frame(ctx, l, "vilkar");
  if (confidential) d.set("confidential", true);
  d.set("confidential_reason", confidential_reason);
  d.set("action", base_of(l.app.id) + "/vilkar");
  if (l.rules.cooperation_agreement_required) {
    d.set("cooperation_required", true);
    d.set("cooperation_label", ctx.t("grants.conditions.cooperation", {{"owner", l.call.scheme.organisation_name}}));
    if (cooperation) d.set("cooperation", true);
  }
  render::List decl, automatic;
  auto findings = check_of(ctx, ref, l);
  for (auto& e : l.rules.eligibility) {
    if (e.kind == "declaration") {
      render::Object o;
      o.set("key", e.key);
      o.set("statement", e.statement);
      for (auto& x : declarations)
        if (x.rule_key == e.key) {
          if (x.declared) o.set("declared", true);
          o.set("explanation", x.explanation);
        }
      decl.emplace_back(std::move(o));
    } else {
      for (auto& f : findings)
        if (f.rule == e.key) {
          render::Object o;
          o.set("text", ctx.t(f.message_key, f.args));
          o.set("passed", f.passed);
          o.set("tag", ctx.t(f.passed ? "grants.check.tag_passed" : "grants.check.tag_failed"));
          o.set("tag_color", f.passed ? "success" : "danger");
          automatic.emplace_back(std::move(o));
        }
    }
  }
  if (!decl.empty()) d.set("has_declarations", true);
  d.set("declarations", std::move(decl));
  if (!automatic.empty()) d.set("has_automatic", true);
  d.set("automatic", std::move(automatic));
  if (!l.rules.required_attachments.empty()) {
    render::List att;
    for (auto& a : l.rules.required_attachments) {
      render::Object o;
      o.set("label", a);
      att.emplace_back(std::move(o));
    }
    d.set("has_attachments", true);
    d.set("attachments", std::move(att));
  }
  errors_view(ctx, errors, d);
  return ctx.page("grants/step_conditions", std::move(d), status);
}

Response conditions_form(Context& ctx, const Reference& ref) {
  auto l = load_application(ctx);
  if (!l) return ctx.error_page(404);
  if (l->app.status != "draft") return ctx.redirect(base_of(l->app.id));
  return conditions_page(ctx, ref, *l, l->app.cooperation_agreement, l->app.declarations, l->app.confidential,
                         l->app.confidential_reason, {});
}

Response conditions_save(Context& ctx, const Reference& ref) {
  auto l = load_application(ctx);
  if (!l) return ctx.error_page(404);
  if (l->app.status != "draft") return frozen(ctx, *l);
  bool cooperation = ctx.req.form_value("cooperation") == "1";
  std::vector<Declaration> declarations;
  web::FieldErrors errors;
  for (auto& e : l->rules.eligibility) {
    if (e.kind != "declaration") continue;
    Declaration d{e.key, ctx.req.form_value("d_" + e.key) == "1", web::trim(ctx.req.form_value("x_" + e.key))};
    if (too_long(d.explanation, kMaxText)) errors.add("x_" + e.key, "grants.errors.too_long");
    declarations.push_back(std::move(d));
  }
  const bool confidential = ctx.req.form_value("confidential") == "1";
  const auto reason = web::trim(ctx.req.form_value("confidential_reason"));
  if (confidential && reason.empty()) errors.add("confidential_reason", "grants_review.confidential.reason_missing");
  if (too_long(reason, kMaxShort)) errors.add("confidential_reason", "grants.errors.too_long");
  if (!errors.empty())
    return conditions_page(ctx, ref, *l, cooperation, declarations, confidential, reason, errors, 422);
  auto& db = ctx.db();
  db::Transaction tx(db);
  const auto now = clock::now_iso();
  if (!store::save_conditions(db, l->app.id, cooperation, declarations, now) ||
      !store::save_confidentiality(db, l->app.id, confidential, reason, now))
    return frozen(ctx, *l);
  tx.commit();
  return after_save(ctx, l->app.id, "vilkar");
}

// ---- the self-check and submission ----

Response check_page(Context& ctx, const Reference& ref, const Loaded& l, const std::string& message_key, int status) {
  auto d = frame(ctx, l, "kontroll");
  auto findings = check_of(ctx, ref, l);
  render::List failed, passed;
  for (auto& f : findings) {
    render::Object o;
    o.set("text", ctx.t(f.message_key, f.args));
    o.set("fix_href", base_of(l.app.id) + "/" + f.step);
    o.set("fix", ctx.t("grants.check.fix", {{"step", step_label(ctx, f.step)}}));
    (f.passed ? passed : failed).emplace_back(std::move(o));
  }
  const bool ok = failed.empty();
  d.set("failed_count", std::to_string(failed.size()));
  if (!ok) d.set("has_failed", true);
  d.set("failed", std::move(failed));
  d.set("passed", std::move(passed));
  const auto now = clock::now_iso();
  if (deadline_passed(l.call.call.closes_at, now)) {
    d.set("deadline_passed", ctx.t("grants.check.deadline_passed", {{"closes", clock::oslo_display(l.call.call.closes_at)}}));
  } else if (ok) {
    d.set("can_submit", true);
    d.set("submit_action", base_of(l.app.id) + "/send");
  }
  if (!message_key.empty())
    d.set("message", ctx.t(message_key, {{"closes", clock::oslo_display(l.call.call.closes_at)}}));
  return ctx.page("grants/step_check", std::move(d), status);
}

Response check_form(Context& ctx, const Reference& ref) {
  auto l = load_application(ctx);
  if (!l) return ctx.error_page(404);
  if (l->app.status != "draft") return ctx.redirect(base_of(l->app.id));
  return check_page(ctx, ref, *l, "", 200);
}

void send_receipt(Context& ctx, const Loaded& l, const std::string& submitted_at) {
  auto t = totals(l.app.budget, l.app.financing);
  std::vector<std::pair<std::string, std::string>> args = {
      {"name", ctx.user->name},
      {"title", l.app.title},
      {"organisation", l.app.organisation_name},
      {"call", l.call.call.title},
      {"owner", l.call.scheme.organisation_name},
      {"submitted", clock::oslo_display(submitted_at)},
      {"requested", money::format_kroner(t.requested)},
      {"budget", money::format_kroner(t.budget)},
      {"url", ctx.services.config.base_url + base_of(l.app.id)}};
  try {
    ctx.services.mailer.send({ctx.user->email, ctx.t("grants.mail.receipt.subject", args),
                              ctx.t("grants.mail.receipt.body", args)});
  } catch (const std::exception& e) {
    // The application is submitted either way; the receipt page is the proof.
    spdlog::warn("kvittering for søknad {} ble ikke sendt: {}", l.app.id, e.what());
  }
}

Response submit(Context& ctx, const Reference& ref) {
  auto l = load_application(ctx);
  if (!l) return ctx.error_page(404);
  if (l->app.status != "draft") return frozen(ctx, *l);
  const auto now = clock::now_iso();
  if (deadline_passed(l->call.call.closes_at, now)) return check_page(ctx, ref, *l, "grants.check.too_late", 422);
  if (!all_passed(check_of(ctx, ref, *l))) return check_page(ctx, ref, *l, "grants.check.not_ready", 422);
  auto& db = ctx.db();
  db::Transaction tx(db);
  if (!store::submit(db, l->app.id, ctx.user->id, now)) return frozen(ctx, *l);
  tx.commit();
  send_receipt(ctx, *l, now);
  ctx.flash("success", "grants.flash.submitted");
  return ctx.redirect(base_of(l->app.id));
}

// ---- reading an application ----

render::Object application_view(Context& ctx, const Reference& ref, const Loaded& l) {
  const auto& a = l.app;
  render::Object d;
  d.reserve(40);
  d.set("title", a.title.empty() ? ctx.t("grants.application.untitled") : a.title);
  d.set("organisation", a.organisation_name);
  d.set("organisation_href", "/aktorer/" + std::to_string(a.organisation_id));
  d.set("call_title", l.call.call.title);
  d.set("call_href", "/tilskudd/" + std::to_string(l.call.call.id));
  d.set("scheme", l.call.scheme.name);
  d.set("status", application_status_label(ctx, a.stage));
  d.set("status_color", status_color(a.stage));
  d.set("closes", clock::oslo_display(l.call.call.closes_at));
  d.set("updated", clock::oslo_display(a.updated_at));
  if (a.submitted_at) {
    d.set("is_submitted", true);
    d.set("submitted", clock::oslo_display(*a.submitted_at));
    d.set("receipt", ctx.t("grants.receipt.text", {{"submitted", clock::oslo_display(*a.submitted_at)},
                                                    {"reference", std::to_string(a.id)}}));
  } else {
    d.set("is_draft", true);
    d.set("continue_href", base_of(a.id) + "/prosjekt");
    d.set("check_href", base_of(a.id) + "/kontroll");
  }
  d.set("description", a.description);
  d.set("target_group", a.target_group);
  if (auto months = period_months(a.period_from, a.period_to))
    d.set("period", ctx.t("grants.application.period_text",
                          {{"from", a.period_from}, {"to", a.period_to}, {"months", std::to_string(*months)}}));
  d.set("municipalities", needs::municipality_links(a.municipalities, ref));
  render::List results;
  for (auto& k : a.results) {
    render::Object o;
    o.set("description", k.description);
    if (!k.indicator.empty()) o.set("indicator", k.indicator);
    if (!k.baseline.empty()) o.set("baseline", k.baseline);
    if (!k.target.empty()) o.set("target", k.target);
    results.emplace_back(std::move(o));
  }
  d.set("results", std::move(results));
  render::List budget, financing;
  for (auto& b : a.budget) {
    render::Object o;
    o.set("category", b.category);
    o.set("year", std::to_string(b.year));
    o.set("amount", money::format_kroner(b.amount));
    budget.emplace_back(std::move(o));
  }
  for (auto& f : a.financing) {
    render::Object o;
    o.set("source", ctx.t("grants.financing.sources." + f.source));
    o.set("description", f.description);
    o.set("amount", money::format_kroner(f.amount));
    financing.emplace_back(std::move(o));
  }
  if (!budget.empty()) d.set("has_budget", true);
  if (!financing.empty()) d.set("has_financing", true);
  d.set("budget", std::move(budget));
  d.set("financing", std::move(financing));
  auto t = totals(a.budget, a.financing);
  d.set("total_budget", money::format_kroner(t.budget));
  d.set("total_financing", money::format_kroner(t.financing));
  d.set("requested", money::format_kroner(t.requested));
  if (l.rules.cooperation_agreement_required)
    d.set("cooperation", ctx.t(a.cooperation_agreement ? "grants.application.cooperation_yes" : "grants.application.cooperation_no",
                               {{"owner", l.call.scheme.organisation_name}}));
  render::List decl;
  for (auto& e : l.rules.eligibility) {
    if (e.kind != "declaration") continue;
    render::Object o;
    o.set("statement", e.statement);
    bool declared = false;
    for (auto& x : a.declarations)
      if (x.rule_key == e.key) {
        declared = x.declared;
        o.set("explanation", x.explanation);
      }
    o.set("answer", ctx.t(declared ? "grants.application.declared_yes" : "grants.application.declared_no"));
    decl.emplace_back(std::move(o));
  }
  if (!decl.empty()) d.set("has_declarations", true);
  d.set("declarations", std::move(decl));
  return d;
}

Response show(Context& ctx, const Reference& ref) {
  auto l = load_application(ctx);
  if (!l) return ctx.error_page(404);
  auto d = application_view(ctx, ref, *l);
  application_files_view(ctx, l->app, l->rules, d);
  review_panel(ctx, l->app, l->call, d);
  after_panel(ctx, l->app, d);
  return ctx.page("grants/application_show", std::move(d));
}

Response show_json(Context& ctx) {
  auto l = load_application(ctx);
  if (!l) return Response::json(404, R"({"error":"not found"})");
  const auto& a = l->app;
  nlohmann::json results = nlohmann::json::array(), budget = nlohmann::json::array(),
                 financing = nlohmann::json::array(), declarations = nlohmann::json::array();
  for (auto& k : a.results)
    results.push_back({{"position", k.position},
                       {"description", k.description},
                       {"indicator", k.indicator},
                       {"baseline", k.baseline},
                       {"target", k.target}});
  for (auto& b : a.budget) budget.push_back({{"category", b.category}, {"year", b.year}, {"amount_ore", b.amount}});
  for (auto& f : a.financing)
    financing.push_back({{"source", f.source}, {"description", f.description}, {"amount_ore", f.amount}});
  for (auto& d : a.declarations)
    declarations.push_back({{"rule", d.rule_key}, {"declared", d.declared}, {"explanation", d.explanation}});
  auto t = totals(a.budget, a.financing);
  nlohmann::json out = {
      {"id", a.id},
      {"call", {{"id", l->call.call.id}, {"title", l->call.call.title}, {"closes_at", l->call.call.closes_at}}},
      {"organisation", {{"id", a.organisation_id}, {"name", a.organisation_name}}},
      {"status", a.stage},
      {"title", a.title},
      {"description", a.description},
      {"target_group", a.target_group},
      {"municipalities", a.municipalities},
      {"period", {{"from", a.period_from}, {"to", a.period_to}}},
      {"expected_results", results},
      {"budget", budget},
      {"financing", financing},
      {"totals", {{"budget_ore", t.budget}, {"financing_ore", t.financing}, {"requested_ore", t.requested}}},
      {"cooperation_agreement", a.cooperation_agreement},
      {"declarations", declarations},
      {"updated_at", a.updated_at},
      {"submitted_at", a.submitted_at ? nlohmann::json(*a.submitted_at) : nlohmann::json(nullptr)},
      {"url", base_of(a.id)}};
  return Response::json(200, out.dump());
}

Response mine(Context& ctx) {
  auto rows = store::applications_of_user(ctx.db(), ctx.user->id, 200);
  render::List out;
  for (auto& r : rows) out.emplace_back(application_row_view(ctx, r));
  render::Object d;
  d.set("title", ctx.t("grants.mine.title"));
  overdue_of_user_view(ctx, d);
  if (out.empty()) d.set("empty", true);
  d.set("rows", std::move(out));
  return ctx.page("grants/application_mine", std::move(d));
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

}  // namespace

void mount_application_routes(web::Router& r, Ref ref) {
  auto viewer = [] {
    return Access::when("member of the applicant organisation; once submitted also the scheme owner's members and "
                        "coordinators",
                        may_view);
  };
  auto editor = [] { return Access::when("member of the applicant organisation", may_edit); };
  r.get("/tilskudd/soknader/mine", Access::signed_in(), mine);
  r.post("/tilskudd/{id}/soknad", Access::signed_in(), start);
  r.get("/tilskudd/soknader/{id}", viewer(), [ref](Context& c) { return show(c, *ref); });
  r.get("/api/v1/tilskudd/soknader/{id}", viewer(), show_json);
  r.get("/tilskudd/soknader/{id}/prosjekt", editor(), [ref](Context& c) { return project_form(c, *ref); });
  r.post("/tilskudd/soknader/{id}/prosjekt", editor(), [ref](Context& c) { return project_save(c, *ref); });
  r.get("/tilskudd/soknader/{id}/resultater", editor(), [ref](Context& c) { return results_form(c, *ref); });
  r.post("/tilskudd/soknader/{id}/resultater", editor(), [ref](Context& c) { return results_save(c, *ref); });
  r.get("/tilskudd/soknader/{id}/budsjett", editor(), [ref](Context& c) { return budget_form(c, *ref); });
  r.post("/tilskudd/soknader/{id}/budsjett", editor(), [ref](Context& c) { return budget_save(c, *ref); });
  r.get("/tilskudd/soknader/{id}/vilkar", editor(), [ref](Context& c) { return conditions_form(c, *ref); });
  r.post("/tilskudd/soknader/{id}/vilkar", editor(), [ref](Context& c) { return conditions_save(c, *ref); });
  r.get("/tilskudd/soknader/{id}/kontroll", editor(), [ref](Context& c) { return check_form(c, *ref); });
  r.post("/tilskudd/soknader/{id}/send", editor(), [ref](Context& c) { return submit(c, *ref); });
}

}  // namespace samskap::grants
