// Impact plans after SoImpact's seven steps: an organisation's members start a plan (for the whole
// organisation or a named project, optionally tied to a programme), fill in the steps in any
// order with every step saved as it is sent, and follow each indicator's measurements against its
// baseline and target on the plan's page. Members and coordinators see plans; nobody else does.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "impact/measurements.hpp"
#include "impact/plan_routes.hpp"
#include "impact/plan_rules.hpp"
#include "impact/plan_store.hpp"
#include "needs/store.hpp"
#include "needs/views.hpp"
#include "platform/core/clock.hpp"
#include "platform/web/pagination.hpp"
#include "platform/web/password_policy.hpp"

namespace samskap::impact {

namespace {

using http::Response;
using web::Access;
using web::Context;

constexpr std::int64_t kPageSize = 20;
constexpr int kMinGroupRows = 3;
constexpr int kMaxGroupRows = 30;
constexpr std::size_t kMaxTitle = 200;
constexpr std::size_t kMaxText = 10'000;
constexpr std::size_t kMaxShort = 1'000;

bool too_long(const std::string& s, std::size_t max) { return web::utf8_length(s) > max; }
std::string base_of(std::int64_t id) { return "/effekt/planer/" + std::to_string(id); }

bool may_view(Context& ctx) {
  auto id = needs::id_param(ctx);
  if (!id) return false;
  auto p = store::find_plan(ctx.db(), *id);
  return p && (ctx.has_role(web::role_coordinator) || member_of(ctx, p->organisation_id));
}

bool may_edit(Context& ctx) {
  auto id = needs::id_param(ctx);
  if (!id) return false;
  auto p = store::find_plan(ctx.db(), *id);
  return p && member_of(ctx, p->organisation_id);
}

std::string indicator_names(const std::vector<std::int64_t>& ids, const std::vector<Indicator>& all) {
  std::string out;
  for (auto id : ids)
    for (auto& i : all)
      if (i.id == id) out += (out.empty() ? "«" : ", «") + i.name + "»";
  return out;
}

// ---- the list and starting a plan ----

Response list(Context& ctx, const std::vector<std::pair<std::string, std::string>>& typed = {},
              const web::FieldErrors& errors = {}, int status = 200) {
  auto& db = ctx.db();
  auto page = web::page_from_query(ctx, kPageSize);
  std::int64_t total = 0;
  const bool all = ctx.has_role(web::role_coordinator);
  auto rows = store::plans_for(db, ctx.user->id, all, page.offset(), page.size, total);
  render::List list;
  for (auto& r : rows) {
    render::Object o;
    o.set("title", r.title);
    o.set("href", base_of(r.id));
    o.set("project", r.project);
    o.set("organisation", r.organisation_name);
    o.set("updated", clock::oslo_display(r.updated_at));
    list.emplace_back(std::move(o));
  }
  render::Object d;
  d.set("title", ctx.t("impact_plans.plans.title"));
  if (list.empty()) d.set("empty", true);
  d.set("rows", std::move(list));
  d.set("pagination", web::pagination_view(ctx, page, total));
  auto value = [&](const char* k) -> std::string {
    for (auto& [f, v] : typed)
      if (f == k) return v;
    return {};
  };
  render::List orgs;
  for (auto& o : needs::store::organisations_of(db, ctx.user->id)) {
    render::Object x;
    x.set("value", std::to_string(o.id));
    x.set("label", o.name);
    if (std::to_string(o.id) == value("organisation_id")) x.set("selected", true);
    orgs.emplace_back(std::move(x));
  }
  if (orgs.empty()) d.set("no_organisation", true);
  d.set("organisations", std::move(orgs));
  render::List schemes;
  for (auto& [id, name] : store::scheme_options(db)) {
    render::Object x;
    x.set("value", std::to_string(id));
    x.set("label", name);
    if (std::to_string(id) == value("scheme_id")) x.set("selected", true);
    schemes.emplace_back(std::move(x));
  }
  d.set("schemes", std::move(schemes));
  d.set("f_title", value("title"));
  d.set("project", value("project"));
  errors_view(ctx, errors, d);
  return ctx.page("impact/plan_list", std::move(d), status);
}

Response create(Context& ctx) {
  auto& db = ctx.db();
  Plan p;
  p.organisation_id = needs::to_int(ctx.req.form_value("organisation_id"));
  p.title = web::trim(ctx.req.form_value("title"));
  p.project = web::trim(ctx.req.form_value("project"));
  auto scheme = needs::to_int(ctx.req.form_value("scheme_id"));
  web::FieldErrors errors;
  // Only for an organisation the user belongs to; anything else is refused like a wrong choice.
  if (!needs::store::is_member(db, p.organisation_id, ctx.user->id))
    errors.add("organisation_id", "impact_plans.errors.organisation");
  if (p.title.empty()) errors.add("title", "impact_plans.errors.title_required");
  else if (too_long(p.title, kMaxTitle)) errors.add("title", "impact_plans.errors.too_long");
  if (too_long(p.project, kMaxTitle)) errors.add("project", "impact_plans.errors.too_long");
  if (scheme > 0) {
    if (store::find_scheme(db, scheme)) p.scheme_id = scheme;
    else errors.add("scheme_id", "impact_plans.errors.scheme");
  }
  if (!errors.empty())
    return list(ctx,
                {{"organisation_id", std::to_string(p.organisation_id)},
                 {"title", p.title},
                 {"project", p.project},
                 {"scheme_id", std::to_string(scheme)}},
                errors, 422);
  auto id = store::create_plan(db, p, ctx.user->id, clock::now_iso());
  ctx.flash("success", "impact_plans.flash.plan_started");
  return ctx.redirect(base_of(id) + "/situasjon");
}

// ---- the frame of every step ----

render::Object frame(Context& ctx, const PlanContents& p, std::string_view current) {
  render::Object d;
  d.reserve(40);
  const auto base = base_of(p.plan.id);
  const auto done = step_completeness(p);
  d.set("title", ctx.t("impact_plans.steps." + std::string(current) + ".title"));
  d.set("intro", ctx.t("impact_plans.steps." + std::string(current) + ".intro"));
  d.set("plan_title", p.plan.title);
  d.set("plan_href", base);
  d.set("organisation", p.plan.organisation_name);
  if (!p.plan.project.empty()) d.set("project", p.plan.project);
  d.set("action", base + "/" + std::string(current));
  d.set("progress", ctx.t("impact_plans.progress", {{"done", std::to_string(completed_steps(done))}, {"total", "7"}}));
  render::List steps;
  for (std::size_t k = 0; k < kPlanSteps.size(); ++k) {
    render::Object o;
    o.set("n", std::to_string(k + 1));
    o.set("label", ctx.t("impact_plans.steps." + std::string(kPlanSteps[k]) + ".title"));
    o.set("href", base + "/" + std::string(kPlanSteps[k]));
    if (done[k]) o.set("done", true);
    if (kPlanSteps[k] == current) o.set("current", true);
    steps.emplace_back(std::move(o));
  }
  d.set("steps", std::move(steps));
  d.set("progress_value", std::to_string(completed_steps(done)));
  return d;
}

Response after_save(Context& ctx, std::int64_t id, std::string_view step) {
  ctx.flash("success", "impact_plans.flash.saved");
  if (ctx.req.form_value("go") == "next") {
    auto it = std::find(kPlanSteps.begin(), kPlanSteps.end(), step);
    if (it + 1 != kPlanSteps.end()) return ctx.redirect(base_of(id) + "/" + std::string(*(it + 1)));
    return ctx.redirect(base_of(id));
  }
  return ctx.redirect(base_of(id) + "/" + std::string(step));
}

std::optional<PlanContents> load(Context& ctx) {
  auto id = needs::id_param(ctx);
  if (!id) return std::nullopt;
  return store::load_plan(ctx.db(), *id);
}

// ---- steps 1 and 2: one text each ----

Response text_page(Context& ctx, const PlanContents& p, std::string_view step, const std::string& text,
                   const web::FieldErrors& errors, int status = 200) {
  auto d = frame(ctx, p, step);
  d.set("field_label", ctx.t("impact_plans.steps." + std::string(step) + ".field"));
  d.set("text", text);
  errors_view(ctx, errors, d);
  return ctx.page("impact/step_text", std::move(d), status);
}

Response text_form(Context& ctx, std::string_view step) {
  auto p = load(ctx);
  if (!p) return ctx.error_page(404);
  return text_page(ctx, *p, step, step == "situasjon" ? p->plan.situation : p->plan.goals, {});
}

Response text_save(Context& ctx, std::string_view step) {
  auto p = load(ctx);
  if (!p) return ctx.error_page(404);
  auto text = web::trim(ctx.req.form_value("text"));
  web::FieldErrors errors;
  if (too_long(text, kMaxText)) errors.add("text", "impact_plans.errors.too_long");
  if (!errors.empty()) return text_page(ctx, *p, step, text, errors, 422);
  store::save_text(ctx.db(), p->plan.id, step == "situasjon" ? "situation" : "goals", text, clock::now_iso());
  return after_save(ctx, p->plan.id, step);
}

// ---- step 3: target groups ----

struct GroupInput {
  std::string name, size, characteristics;
};

Response groups_page(Context& ctx, const PlanContents& p, const std::vector<GroupInput>& groups, int rows,
                     const web::FieldErrors& errors, int status = 200) {
  auto d = frame(ctx, p, "malgrupper");
  rows = std::max<int>({rows, static_cast<int>(groups.size()), kMinGroupRows});
  d.set("rows", std::to_string(rows));
  render::List list;
  for (int i = 1; i <= rows; ++i) {
    render::Object o;
    auto k = std::to_string(i);
    o.set("n", k);
    o.set("legend", ctx.t("impact_plans.groups.group_n", {{"n", k}}));
    if (i <= static_cast<int>(groups.size())) {
      auto& g = groups[static_cast<std::size_t>(i - 1)];
      o.set("name", g.name);
      o.set("size", g.size);
      o.set("characteristics", g.characteristics);
    }
    for (auto& [field, key] : errors.items) {
      if (field == "g" + k + "_name") o.set("name_error", ctx.t(key));
      if (field == "g" + k + "_size") o.set("size_error", ctx.t(key));
    }
    list.emplace_back(std::move(o));
  }
  d.set("groups", std::move(list));
  if (rows < kMaxGroupRows) d.set("can_add_rows", true);
  render::List summary;
  for (auto& [field, key] : errors.items) {
    render::Object s;
    s.set("id", field);
    s.set("text", ctx.t(key));
    summary.emplace_back(std::move(s));
  }
  if (!summary.empty()) d.set("has_errors", true);
  d.set("errors", std::move(summary));
  return ctx.page("impact/step_groups", std::move(d), status);
}

Response groups_form(Context& ctx) {
  auto p = load(ctx);
  if (!p) return ctx.error_page(404);
  std::vector<GroupInput> in;
  for (auto& g : p->groups)
    in.push_back({g.name, g.size ? std::to_string(*g.size) : std::string(), g.characteristics});
  return groups_page(ctx, *p, in, static_cast<int>(in.size()), {});
}

Response groups_save(Context& ctx) {
  auto p = load(ctx);
  if (!p) return ctx.error_page(404);
  int rows = static_cast<int>(std::clamp<std::int64_t>(needs::to_int(ctx.req.form_value("rows")), 1, kMaxGroupRows));
  std::vector<GroupInput> typed;
  std::vector<TargetGroup> kept;
  web::FieldErrors errors;
  for (int i = 1; i <= rows; ++i) {
    auto k = std::to_string(i);
    GroupInput g{web::trim(ctx.req.form_value("g" + k + "_name")), web::trim(ctx.req.form_value("g" + k + "_size")),
                 web::trim(ctx.req.form_value("g" + k + "_characteristics"))};
    typed.push_back(g);
    const bool any = !g.name.empty() || !g.size.empty() || !g.characteristics.empty();
    if (!any) continue;
    if (g.name.empty()) errors.add("g" + k + "_name", "impact_plans.errors.group_name");
    if (too_long(g.name, kMaxTitle) || too_long(g.characteristics, kMaxShort))
      errors.add("g" + k + "_name", "impact_plans.errors.too_long");
    auto size = count_value(g.size);
    if (size && *size < 0) errors.add("g" + k + "_size", "impact_plans.errors.count");
    kept.push_back({i, g.name, size, g.characteristics});
  }
  if (ctx.req.form_value("more_rows") == "1") return groups_page(ctx, *p, typed, std::min(rows + 2, kMaxGroupRows), {});
  if (!errors.empty()) return groups_page(ctx, *p, typed, rows, errors, 422);
  auto& db = ctx.db();
  db::Transaction tx(db);
  store::save_groups(db, p->plan.id, kept, clock::now_iso());
  tx.commit();
  return after_save(ctx, p->plan.id, "malgrupper");
}

// ---- step 4: indicators ----

Response indicators_page(Context& ctx, const PlanContents& p, const std::vector<std::int64_t>& chosen,
                         const web::FieldErrors& errors, const std::vector<std::pair<std::string, std::string>>& args,
                         int status = 200) {
  auto& db = ctx.db();
  auto d = frame(ctx, p, "indikatorer");
  auto available = store::indicators_for(db, p.plan.organisation_id);
  if (p.plan.scheme_id) {
    auto required = store::required_of(db, *p.plan.scheme_id);
    if (!required.empty()) {
      std::vector<std::int64_t> ids;
      for (auto& r : required) ids.push_back(r.id);
      d.set("required_note", ctx.t("impact_plans.indicators_step.required_note",
                                   {{"scheme", p.plan.scheme_name}, {"names", indicator_names(ids, required)}}));
    }
  }
  render::List levels;
  for (std::string level : kLevels) {
    render::Object l;
    l.set("level", level);
    l.set("legend", level_label(ctx, level));
    l.set("hint", ctx.t("impact_plans.levels_hint." + level));
    render::List options;
    for (auto& i : available) {
      if (i.level != level) continue;
      render::Object o;
      o.set("value", std::to_string(i.id));
      o.set("label", i.name);
      o.set("owner", i.shared() ? ctx.t("impact_plans.indicators.shared") : i.organisation_name);
      o.set("unit", i.unit);
      if (std::find(p.required.begin(), p.required.end(), i.id) != p.required.end()) o.set("required", true);
      if (std::find(chosen.begin(), chosen.end(), i.id) != chosen.end()) o.set("checked", true);
      options.emplace_back(std::move(o));
    }
    if (options.empty()) l.set("none", true);
    l.set("options", std::move(options));
    levels.emplace_back(std::move(l));
  }
  d.set("levels", std::move(levels));
  render::List summary;
  for (auto& [field, key] : errors.items) {
    auto text = ctx.t(key, args);
    d.set(field + "_error", text);
    render::Object s;
    s.set("id", field);
    s.set("text", std::move(text));
    summary.emplace_back(std::move(s));
  }
  if (!summary.empty()) d.set("has_errors", true);
  d.set("errors", std::move(summary));
  return ctx.page("impact/step_indicators", std::move(d), status);
}

Response indicators_form(Context& ctx) {
  auto p = load(ctx);
  if (!p) return ctx.error_page(404);
  std::vector<std::int64_t> chosen;
  for (auto& i : p->indicators) chosen.push_back(i.indicator.id);
  return indicators_page(ctx, *p, chosen, {}, {});
}

Response indicators_save(Context& ctx) {
  auto p = load(ctx);
  if (!p) return ctx.error_page(404);
  auto& db = ctx.db();
  auto available = store::indicators_for(db, p->plan.organisation_id);
  std::vector<std::int64_t> chosen;
  for (auto& [k, v] : ctx.req.form()) {
    if (k != "indicators") continue;
    auto id = needs::to_int(v);
    // Only the shared indicators and the organisation's own can be chosen.
    if (std::any_of(available.begin(), available.end(), [&](const Indicator& i) { return i.id == id; }) &&
        std::find(chosen.begin(), chosen.end(), id) == chosen.end())
      chosen.push_back(id);
  }
  web::FieldErrors errors;
  std::vector<std::pair<std::string, std::string>> args;
  auto missing = missing_required(p->required, chosen);
  if (!missing.empty()) {
    errors.add("indicators", "impact_plans.errors.required_missing");
    args = {{"scheme", p->plan.scheme_name}, {"names", indicator_names(missing, available)}};
  } else if (chosen.empty()) {
    errors.add("indicators", "impact_plans.errors.no_indicators");
  }
  if (!errors.empty()) return indicators_page(ctx, *p, chosen, errors, args, 422);
  db::Transaction tx(db);
  store::save_indicators(db, p->plan.id, chosen, clock::now_iso());
  tx.commit();
  return after_save(ctx, p->plan.id, "indikatorer");
}

// ---- step 5: baselines and targets ----

struct BaselineInput {
  std::int64_t id = 0;
  std::string value, date, target;
};

Response baseline_page(Context& ctx, const PlanContents& p, const std::vector<BaselineInput>& in,
                       const web::FieldErrors& errors, int status = 200) {
  auto d = frame(ctx, p, "nullpunkt");
  render::List rows;
  for (auto& pi : p.indicators) {
    render::Object o;
    auto k = std::to_string(pi.indicator.id);
    o.set("id", k);
    o.set("name", pi.indicator.name);
    o.set("unit", pi.indicator.unit);
    o.set("level", level_label(ctx, pi.indicator.level));
    o.set("direction", ctx.t("impact_plans.directions." + pi.indicator.direction));
    for (auto& b : in)
      if (b.id == pi.indicator.id) {
        o.set("value", b.value);
        o.set("date", b.date);
        o.set("target", b.target);
      }
    for (auto& [field, key] : errors.items) {
      if (field == "b" + k + "_value") o.set("value_error", ctx.t(key));
      if (field == "b" + k + "_date") o.set("date_error", ctx.t(key));
      if (field == "b" + k + "_target") o.set("target_error", ctx.t(key));
    }
    rows.emplace_back(std::move(o));
  }
  if (rows.empty()) d.set("no_indicators", true);
  d.set("indicators", std::move(rows));
  render::List summary;
  for (auto& [field, key] : errors.items) {
    render::Object s;
    s.set("id", field);
    s.set("text", ctx.t(key));
    summary.emplace_back(std::move(s));
  }
  if (!summary.empty()) d.set("has_errors", true);
  d.set("errors", std::move(summary));
  return ctx.page("impact/step_baseline", std::move(d), status);
}

Response baseline_form(Context& ctx) {
  auto p = load(ctx);
  if (!p) return ctx.error_page(404);
  std::vector<BaselineInput> in;
  for (auto& pi : p->indicators)
    in.push_back({pi.indicator.id, show_decimal(pi.criterion.baseline, ctx.lang), pi.baseline_date,
                  show_decimal(pi.criterion.target, ctx.lang)});
  return baseline_page(ctx, *p, in, {});
}

Response baseline_save(Context& ctx) {
  auto p = load(ctx);
  if (!p) return ctx.error_page(404);
  std::vector<BaselineInput> in;
  web::FieldErrors errors;
  struct Parsed {
    std::int64_t id;
    std::optional<std::string> value, date, target;
  };
  std::vector<Parsed> parsed;
  for (auto& pi : p->indicators) {
    auto k = std::to_string(pi.indicator.id);
    BaselineInput b{pi.indicator.id, web::trim(ctx.req.form_value("b" + k + "_value")),
                    web::trim(ctx.req.form_value("b" + k + "_date")), web::trim(ctx.req.form_value("b" + k + "_target"))};
    Parsed x{pi.indicator.id, std::nullopt, std::nullopt, std::nullopt};
    if (!b.value.empty()) {
      x.value = parse_decimal(b.value);
      if (!x.value) errors.add("b" + k + "_value", "impact_plans.errors.number");
    }
    if (!b.date.empty()) {
      if (is_date(b.date)) x.date = b.date;
      else errors.add("b" + k + "_date", "impact_plans.errors.date");
    }
    if (!b.value.empty() && b.date.empty()) errors.add("b" + k + "_date", "impact_plans.errors.baseline_date");
    if (b.value.empty() && !b.date.empty()) errors.add("b" + k + "_value", "impact_plans.errors.baseline_value");
    if (!b.target.empty()) {
      x.target = parse_decimal(b.target);
      if (!x.target) errors.add("b" + k + "_target", "impact_plans.errors.number");
    }
    in.push_back(b);
    parsed.push_back(x);
  }
  if (!errors.empty()) return baseline_page(ctx, *p, in, errors, 422);
  auto& db = ctx.db();
  const auto now = clock::now_iso();
  db::Transaction tx(db);
  for (auto& x : parsed) store::save_baseline(db, p->plan.id, x.id, x.value, x.date, x.target, now);
  tx.commit();
  return after_save(ctx, p->plan.id, "nullpunkt");
}

// ---- step 6: schedule and measurements ----

std::string name_of(const PlanContents& p, std::int64_t indicator_id) {
  for (auto& i : p.indicators)
    if (i.indicator.id == indicator_id) return i.indicator.name;
  return {};
}

// file_href, file_name and file_label ("Last ned …") of a measurement's evidence file, if it has one.
void evidence_file_view(const Context& ctx, std::int64_t plan_id, const Measurement& m, render::Object& o) {
  if (m.file_name.empty()) return;
  o.set("file_href", measurement_href(plan_id, m.id, "vedlegg"));
  o.set("file_name", m.file_name);
  o.set("file_size", file_size_text(m.file_size, ctx.lang));
}

Response measurements_page(Context& ctx, const PlanContents& p, const std::string& schedule,
                           const MeasurementInput& m, const web::FieldErrors& errors, int status = 200,
                           bool chose_file = false) {
  auto d = frame(ctx, p, "malinger");
  d.set("file_hint", ctx.t("impact_more.measurements.file_hint",
                           {{"mb", std::to_string(kMaxEvidenceBytes / (1024 * 1024))}}));
  if (chose_file && !errors.empty()) d.set("file_again", true);
  d.set("schedule", schedule);
  render::List options;
  for (auto& pi : p.indicators) {
    render::Object o;
    o.set("value", std::to_string(pi.indicator.id));
    o.set("label", pi.indicator.name + " (" + pi.indicator.unit + ")");
    if (std::to_string(pi.indicator.id) == m.indicator_id) o.set("selected", true);
    options.emplace_back(std::move(o));
  }
  if (options.empty()) d.set("no_indicators", true);
  d.set("options", std::move(options));
  d.set("measured_on", m.measured_on);
  d.set("period_end", m.period_end);
  d.set("value", m.value);
  d.set("sample_size", m.sample_size);
  d.set("evidence", m.evidence);
  render::List existing;
  for (auto& x : p.measurements) {
    render::Object o;
    o.set("indicator", name_of(p, x.indicator_id));
    o.set("date", show_date(x.measured_on) + (x.period_end.empty() ? "" : "–" + show_date(x.period_end)));
    o.set("value", show_decimal(x.value, ctx.lang));
    o.set("sample_size", x.sample_size ? std::to_string(*x.sample_size) : std::string());
    o.set("evidence", x.evidence);
    evidence_file_view(ctx, p.plan.id, x, o);
    const auto what = ctx.t("impact_more.measurements.which",
                            {{"indicator", name_of(p, x.indicator_id)}, {"date", show_date(x.measured_on)}});
    o.set("edit_href", measurement_href(p.plan.id, x.id, "endre"));
    o.set("edit_label", ctx.t("impact_more.measurements.edit_label", {{"which", what}}));
    o.set("delete_href", measurement_href(p.plan.id, x.id, "slett"));
    o.set("delete_label", ctx.t("impact_more.measurements.delete_label", {{"which", what}}));
    existing.emplace_back(std::move(o));
  }
  if (!existing.empty()) d.set("has_measurements", true);
  d.set("measurements", std::move(existing));
  errors_view(ctx, errors, d);
  return ctx.page("impact/step_measurements", std::move(d), status);
}

Response measurements_form(Context& ctx) {
  auto p = load(ctx);
  if (!p) return ctx.error_page(404);
  return measurements_page(ctx, *p, p->plan.schedule, {}, {});
}

Response measurements_save(Context& ctx) {
  auto p = load(ctx);
  if (!p) return ctx.error_page(404);
  auto schedule = web::trim(ctx.req.form_value("schedule"));
  auto in = read_measurement(ctx);
  web::FieldErrors errors;
  if (too_long(schedule, kMaxShort)) errors.add("schedule", "impact_plans.errors.too_long");
  // The evidence file is read first: a file alone (nothing typed) is a measurement missing its date and value.
  auto file = read_evidence_file(ctx, errors);
  const bool chose_file = file.has_value() || errors.has("evidence_file");
  const bool adding = !in.blank() || chose_file;
  Measurement m;
  if (adding) m = check_measurement(*p, in, errors);
  if (!errors.empty()) return measurements_page(ctx, *p, schedule, in, errors, 422, chose_file);
  auto& db = ctx.db();
  const auto now = clock::now_iso();
  db::Transaction tx(db);
  store::save_text(db, p->plan.id, "schedule", schedule, now);
  if (adding) {
    const auto id = store::add_measurement(db, p->plan.id, m, ctx.user->id, now);
    if (file) store::set_evidence_file(db, id, *file, ctx.user->id, now);
  }
  tx.commit();
  if (adding && ctx.req.form_value("go") != "next") {
    ctx.flash("success", "impact_plans.flash.measurement_added");
    return ctx.redirect(base_of(p->plan.id) + "/malinger");
  }
  return after_save(ctx, p->plan.id, "malinger");
}

// ---- step 7: evaluations ----

Response evaluations_page(Context& ctx, const PlanContents& p, const Evaluation& e, const web::FieldErrors& errors,
                          int status = 200) {
  auto d = frame(ctx, p, "evaluering");
  d.set("held_on", e.held_on);
  d.set("findings", e.findings);
  d.set("adjustments", e.adjustments);
  render::List existing;
  for (auto& x : p.evaluations) {
    render::Object o;
    o.set("date", show_date(x.held_on));
    o.set("findings", x.findings);
    o.set("adjustments", x.adjustments);
    existing.emplace_back(std::move(o));
  }
  if (!existing.empty()) d.set("has_evaluations", true);
  d.set("evaluations", std::move(existing));
  errors_view(ctx, errors, d);
  return ctx.page("impact/step_evaluations", std::move(d), status);
}

Response evaluations_form(Context& ctx) {
  auto p = load(ctx);
  if (!p) return ctx.error_page(404);
  return evaluations_page(ctx, *p, {}, {});
}

Response evaluations_save(Context& ctx) {
  auto p = load(ctx);
  if (!p) return ctx.error_page(404);
  Evaluation e;
  e.held_on = web::trim(ctx.req.form_value("held_on"));
  e.findings = web::trim(ctx.req.form_value("findings"));
  e.adjustments = web::trim(ctx.req.form_value("adjustments"));
  const bool adding = !e.held_on.empty() || !e.findings.empty() || !e.adjustments.empty();
  web::FieldErrors errors;
  if (adding) {
    if (!is_date(e.held_on)) errors.add("held_on", "impact_plans.errors.date");
    if (e.findings.empty()) errors.add("findings", "impact_plans.errors.findings_required");
    if (too_long(e.findings, kMaxText) || too_long(e.adjustments, kMaxText))
      errors.add("findings", "impact_plans.errors.too_long");
  }
  if (!errors.empty()) return evaluations_page(ctx, *p, e, errors, 422);
  if (adding) store::add_evaluation(ctx.db(), p->plan.id, e, ctx.user->id, clock::now_iso());
  return after_save(ctx, p->plan.id, "evaluering");
}

// ---- the plan's page ----

std::string fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

}  // namespace

// A figure for reading: at most two decimals, none when whole ("5", "13.3", "0.25").
std::string figure(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  return s;
}

// A line chart of one indicator: the baseline and each measurement in date order, the target as a
// dashed line. The table beside it carries the same figures.
render::Object chart_view(const Context& ctx, const PlanIndicator& pi, const std::vector<const Measurement*>& ms,
                          const std::string& table_id) {
  struct Point {
    std::string label;
    double value;
  };
  std::vector<Point> points;
  if (!pi.criterion.baseline.empty())
    points.push_back({show_date(pi.baseline_date), std::stod(pi.criterion.baseline)});
  for (auto* m : ms) points.push_back({show_date(m->measured_on), std::stod(m->value)});
  render::Object c;
  if (points.size() < 2) return c;
  std::optional<double> target;
  if (!pi.criterion.target.empty()) target = std::stod(pi.criterion.target);
  double lo = points[0].value, hi = points[0].value;
  for (auto& p : points) lo = std::min(lo, p.value), hi = std::max(hi, p.value);
  if (target) lo = std::min(lo, *target), hi = std::max(hi, *target);
  if (hi - lo < 1e-9) hi = lo + 1;
  const double left = 60, right = 50, top = 20, bottom = 40, width = 560, height = 240;
  const double plot_w = width - left - right, plot_h = height - top - bottom;
  auto x_of = [&](std::size_t k) { return left + plot_w * static_cast<double>(k) / static_cast<double>(points.size() - 1); };
  auto y_of = [&](double v) { return top + plot_h * (hi - v) / (hi - lo); };
  std::string path;
  render::List dots;
  for (std::size_t k = 0; k < points.size(); ++k) {
    path += (k == 0 ? "M" : " L") + fmt(x_of(k)) + " " + fmt(y_of(points[k].value));
    render::Object d;
    d.set("x", fmt(x_of(k)));
    d.set("y", fmt(y_of(points[k].value)));
    d.set("label", points[k].label);
    d.set("label_y", fmt(height - bottom + 18));
    dots.emplace_back(std::move(d));
  }
  c.set("width", fmt(width));
  c.set("height", fmt(height));
  c.set("path", path);
  c.set("dots", std::move(dots));
  c.set("axis_x", fmt(left));
  c.set("axis_bottom", fmt(height - bottom));
  c.set("axis_right", fmt(width - right));
  c.set("hi_y", fmt(top + 4));
  c.set("lo_y", fmt(height - bottom));
  c.set("hi_label", show_decimal(figure(hi), ctx.lang));
  c.set("lo_label", show_decimal(figure(lo), ctx.lang));
  c.set("label_x", fmt(left - 6));
  if (target) {
    c.set("has_target", true);
    c.set("target_y", fmt(y_of(*target)));
  }
  c.set("id", "chart-" + std::to_string(pi.indicator.id));
  c.set("chart_title", ctx.t("impact_plans.plan.chart_title", {{"name", pi.indicator.name}}));
  std::string first = show_decimal(figure(points.front().value), ctx.lang),
              last = show_decimal(figure(points.back().value), ctx.lang);
  c.set("chart_desc", ctx.t("impact_plans.plan.chart_desc",
                            {{"count", std::to_string(points.size())}, {"first", first}, {"last", last},
                             {"target", target ? show_decimal(pi.criterion.target, ctx.lang) : "–"}}));
  c.set("table_id", table_id);
  return c;
}

namespace {

Response show(Context& ctx) {
  auto p = load(ctx);
  if (!p) return ctx.error_page(404);
  const auto done = step_completeness(*p);
  render::Object d;
  d.reserve(30);
  d.set("title", p->plan.title);
  d.set("report_href", base_of(p->plan.id) + "/rapport");
  d.set("organisation", p->plan.organisation_name);
  if (!p->plan.project.empty()) d.set("project", p->plan.project);
  if (!p->plan.scheme_name.empty()) d.set("scheme", p->plan.scheme_name);
  d.set("progress", ctx.t("impact_plans.progress", {{"done", std::to_string(completed_steps(done))}, {"total", "7"}}));
  d.set("progress_value", std::to_string(completed_steps(done)));
  const bool editor = member_of(ctx, p->plan.organisation_id);
  render::List steps;
  for (std::size_t k = 0; k < kPlanSteps.size(); ++k) {
    render::Object o;
    o.set("n", std::to_string(k + 1));
    o.set("label", ctx.t("impact_plans.steps." + std::string(kPlanSteps[k]) + ".title"));
    if (editor) o.set("href", base_of(p->plan.id) + "/" + std::string(kPlanSteps[k]));
    if (done[k]) o.set("done", true);
    steps.emplace_back(std::move(o));
  }
  d.set("steps", std::move(steps));
  if (editor) d.set("editor", true);
  d.set("situation", p->plan.situation);
  d.set("goals", p->plan.goals);
  render::List groups;
  for (auto& g : p->groups) {
    render::Object o;
    o.set("name", g.name);
    o.set("size", g.size ? std::to_string(*g.size) : std::string());
    o.set("characteristics", g.characteristics);
    groups.emplace_back(std::move(o));
  }
  if (!groups.empty()) d.set("has_groups", true);
  d.set("groups", std::move(groups));
  render::List indicators;
  for (auto& pi : p->indicators) {
    render::Object o;
    const auto k = std::to_string(pi.indicator.id);
    o.set("name", pi.indicator.name);
    o.set("href", "/indikatorer/" + k);
    o.set("level", level_label(ctx, pi.indicator.level));
    o.set("unit", pi.indicator.unit);
    o.set("direction", ctx.t("impact_plans.directions." + pi.indicator.direction));
    o.set("table_id", "table-" + k);
    o.set("caption", ctx.t("impact_plans.plan.table_caption", {{"name", pi.indicator.name}}));
    std::optional<double> base;
    if (!pi.criterion.baseline.empty()) {
      base = std::stod(pi.criterion.baseline);
      o.set("baseline", show_decimal(pi.criterion.baseline, ctx.lang));
      o.set("baseline_date", show_date(pi.baseline_date));
    } else {
      o.set("no_baseline", true);
    }
    if (!pi.criterion.target.empty()) o.set("target", show_decimal(pi.criterion.target, ctx.lang));
    std::vector<const Measurement*> ms;
    for (auto& m : p->measurements)
      if (m.indicator_id == pi.indicator.id) ms.push_back(&m);
    render::List rows;
    for (auto* m : ms) {
      render::Object r;
      r.set("date", show_date(m->measured_on) + (m->period_end.empty() ? "" : "–" + show_date(m->period_end)));
      r.set("value", show_decimal(m->value, ctx.lang));
      if (base) {
        double change = std::stod(m->value) - *base;
        std::string s = show_decimal(figure(change), ctx.lang);
        if (change > 0) s = "+" + s;
        r.set("change", s);
        const bool better = pi.indicator.direction == "up" ? change > 0 : change < 0;
        if (change != 0)
          r.set("assessment", ctx.t(better ? "impact_plans.plan.better" : "impact_plans.plan.worse"));
      }
      if (!pi.criterion.target.empty()) {
        const double v = std::stod(m->value), t = std::stod(pi.criterion.target);
        const bool reached = pi.indicator.direction == "up" ? v >= t : v <= t;
        r.set("target_state", ctx.t(reached ? "impact_plans.plan.target_reached" : "impact_plans.plan.target_not_reached"));
      }
      r.set("sample_size", m->sample_size ? std::to_string(*m->sample_size) : std::string());
      r.set("evidence", m->evidence);
      evidence_file_view(ctx, p->plan.id, *m, r);
      rows.emplace_back(std::move(r));
    }
    if (rows.empty()) o.set("no_measurements", true);
    o.set("rows", std::move(rows));
    auto chart = chart_view(ctx, pi, ms, "table-" + k);
    if (!chart.empty()) o.set("chart", std::move(chart));
    indicators.emplace_back(std::move(o));
  }
  if (!indicators.empty()) d.set("has_indicators", true);
  d.set("indicators", std::move(indicators));
  render::List evaluations;
  for (auto& e : p->evaluations) {
    render::Object o;
    o.set("date", show_date(e.held_on));
    o.set("findings", e.findings);
    o.set("adjustments", e.adjustments);
    evaluations.emplace_back(std::move(o));
  }
  if (!evaluations.empty()) d.set("has_evaluations", true);
  d.set("evaluations", std::move(evaluations));
  if (!p->plan.schedule.empty()) d.set("schedule", p->plan.schedule);
  return ctx.page("impact/plan_show", std::move(d));
}

}  // namespace

void mount_plan_routes(web::Router& r) {
  r.get("/effekt/planer", Access::signed_in(), [](Context& c) { return list(c); });
  r.post("/effekt/planer", Access::signed_in(), create);
  const auto viewer = Access::when("member of the plan's organisation, or coordinator", may_view);
  const auto editor = Access::when("member of the plan's organisation", may_edit);
  r.get("/effekt/planer/{id}", viewer, show);
  r.get("/effekt/planer/{id}/situasjon", editor, [](Context& c) { return text_form(c, "situasjon"); });
  r.post("/effekt/planer/{id}/situasjon", editor, [](Context& c) { return text_save(c, "situasjon"); });
  r.get("/effekt/planer/{id}/mal", editor, [](Context& c) { return text_form(c, "mal"); });
  r.post("/effekt/planer/{id}/mal", editor, [](Context& c) { return text_save(c, "mal"); });
  r.get("/effekt/planer/{id}/malgrupper", editor, groups_form);
  r.post("/effekt/planer/{id}/malgrupper", editor, groups_save);
  r.get("/effekt/planer/{id}/indikatorer", editor, indicators_form);
  r.post("/effekt/planer/{id}/indikatorer", editor, indicators_save);
  r.get("/effekt/planer/{id}/nullpunkt", editor, baseline_form);
  r.post("/effekt/planer/{id}/nullpunkt", editor, baseline_save);
  r.get("/effekt/planer/{id}/malinger", editor, measurements_form);
  r.post("/effekt/planer/{id}/malinger", editor, measurements_save);
  r.get("/effekt/planer/{id}/evaluering", editor, evaluations_form);
  r.post("/effekt/planer/{id}/evaluering", editor, evaluations_save);
}

}  // namespace samskap::impact
