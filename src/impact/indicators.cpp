// The indicator library: a public list filtered by level, each indicator's page, forms for new and
// changed indicators (shared ones by coordinators, an organisation's own by its members), and the
// coordinators' page where a programme (a grant scheme) requires shared indicators.
#include <algorithm>

#include "impact/plan_routes.hpp"
#include "impact/plan_rules.hpp"
#include "impact/plan_store.hpp"
#include "needs/store.hpp"
#include "needs/views.hpp"
#include "platform/core/clock.hpp"
#include "platform/http/form.hpp"
#include "platform/web/pagination.hpp"
#include "platform/web/password_policy.hpp"

namespace samskap::impact {

bool member_of(web::Context& ctx, std::int64_t organisation_id) {
  return ctx.signed_in() && needs::store::is_member(ctx.db(), organisation_id, ctx.user->id);
}

void errors_view(const web::Context& ctx, const web::FieldErrors& errors, render::Object& d) {
  render::List summary;
  for (auto& [field, key] : errors.items) {
    auto text = ctx.t(key);
    if (!d.find(field + "_error")) d.set(field + "_error", text);
    render::Object s;
    s.set("id", field);
    s.set("text", std::move(text));
    summary.emplace_back(std::move(s));
  }
  if (!summary.empty()) d.set("has_errors", true);
  d.set("errors", std::move(summary));
}

std::string level_label(const web::Context& ctx, const std::string& level) {
  return ctx.t("impact_plans.levels." + level);
}

std::optional<std::int64_t> count_value(const std::string& text) {
  auto t = web::trim(text);
  if (t.empty()) return std::nullopt;
  std::string digits;
  for (char c : t) {
    if (c == ' ') continue;
    if (c < '0' || c > '9') return -1;
    digits += c;
  }
  if (digits.empty() || digits.size() > 12) return -1;
  return std::stoll(digits);
}

std::string show_date(const std::string& ymd) {
  if (!is_date(ymd)) return ymd;
  return ymd.substr(8, 2) + "." + ymd.substr(5, 2) + "." + ymd.substr(0, 4);
}

namespace {

using http::Response;
using web::Access;
using web::Context;

constexpr std::int64_t kPageSize = 25;

render::Object indicator_view(const Context& ctx, const Indicator& i) {
  render::Object o;
  o.set("id", std::to_string(i.id));
  o.set("href", "/indikatorer/" + std::to_string(i.id));
  o.set("name", i.name);
  o.set("definition", i.definition);
  if (!i.numerator.empty()) {
    o.set("numerator", i.numerator);
    o.set("denominator", i.denominator);
  }
  o.set("level", level_label(ctx, i.level));
  o.set("unit", i.unit);
  o.set("direction", ctx.t("impact_plans.directions." + i.direction));
  o.set("aggregate", ctx.t("impact_aggregate.choices." + i.aggregate));
  if (!i.catalogue_code.empty()) o.set("catalogue_code", i.catalogue_code);
  o.set("owner", i.shared() ? ctx.t("impact_plans.indicators.shared") : i.organisation_name);
  if (i.shared()) o.set("shared", true);
  return o;
}

bool may_edit(Context& ctx, const Indicator& i) {
  if (!ctx.signed_in()) return false;
  if (i.shared()) return ctx.has_role(web::role_coordinator);
  return member_of(ctx, *i.organisation_id);
}

Response list(Context& ctx) {
  auto level = ctx.req.query_value("niva");
  if (!is_level(level)) level.clear();
  auto page = web::page_from_query(ctx, kPageSize);
  auto result = store::list_indicators(ctx.db(), level, page.offset(), page.size);
  render::List rows;
  for (auto& i : result.rows) rows.emplace_back(indicator_view(ctx, i));
  render::Object d;
  d.set("title", ctx.t("impact_plans.indicators.title"));
  render::List filters;
  for (std::string l : {"", "resultat", "virkning", "effekt"}) {
    render::Object f;
    f.set("label", l.empty() ? ctx.t("impact_plans.indicators.all_levels") : level_label(ctx, l));
    f.set("href", l.empty() ? std::string("/indikatorer") : "/indikatorer?niva=" + l);
    if (l == level) f.set("current", true);
    filters.emplace_back(std::move(f));
  }
  d.set("filters", std::move(filters));
  if (rows.empty()) d.set("empty", true);
  d.set("rows", std::move(rows));
  d.set("pagination", web::pagination_view(ctx, page, result.total));
  if (ctx.signed_in()) d.set("signed_in", true);
  if (ctx.has_role(web::role_coordinator)) d.set("coordinator", true);
  return ctx.page("impact/indicator_list", std::move(d));
}

Response show(Context& ctx) {
  auto id = needs::id_param(ctx);
  if (!id) return ctx.error_page(404);
  auto i = store::find_indicator(ctx.db(), *id);
  if (!i) return ctx.error_page(404);
  auto d = indicator_view(ctx, *i);
  d.set("title", i->name);
  if (may_edit(ctx, *i)) d.set("edit_href", "/indikatorer/" + std::to_string(i->id) + "/rediger");
  return ctx.page("impact/indicator_show", std::move(d));
}

// ---- the form ----

struct Owner {
  std::string value, label;
};

// Who the user may create indicators for: "felles" (coordinators) and their organisations.
std::vector<Owner> owners_of(Context& ctx) {
  std::vector<Owner> out;
  if (ctx.has_role(web::role_coordinator)) out.push_back({"felles", ctx.t("impact_plans.indicators.shared")});
  for (auto& o : needs::store::organisations_of(ctx.db(), ctx.user->id)) out.push_back({std::to_string(o.id), o.name});
  return out;
}

Indicator read_indicator(const Context& ctx) {
  Indicator i;
  i.name = web::trim(ctx.req.form_value("name"));
  i.definition = web::trim(ctx.req.form_value("definition"));
  i.numerator = web::trim(ctx.req.form_value("numerator"));
  i.denominator = web::trim(ctx.req.form_value("denominator"));
  i.level = ctx.req.form_value("level");
  i.unit = web::trim(ctx.req.form_value("unit"));
  i.direction = ctx.req.form_value("direction");
  i.aggregate = ctx.req.form_value("aggregate");
  i.catalogue_code = web::trim(ctx.req.form_value("catalogue_code"));
  return i;
}

Response form_page(Context& ctx, const Indicator& i, const std::string& owner, bool creating,
                   const web::FieldErrors& errors, int status = 200) {
  render::Object d;
  d.set("title", ctx.t(creating ? "impact_plans.indicators.new" : "impact_plans.indicators.edit"));
  d.set("action", creating ? std::string("/indikatorer/ny") : "/indikatorer/" + std::to_string(i.id) + "/rediger");
  d.set("submit", ctx.t(creating ? "impact_plans.indicators.create" : "impact_plans.indicators.save"));
  if (creating) {
    render::List owners;
    for (auto& o : owners_of(ctx)) {
      render::Object x;
      x.set("value", o.value);
      x.set("label", o.label);
      if (o.value == owner) x.set("selected", true);
      owners.emplace_back(std::move(x));
    }
    d.set("owners", std::move(owners));
    d.set("creating", true);
  }
  d.set("name", i.name);
  d.set("definition", i.definition);
  d.set("numerator", i.numerator);
  d.set("denominator", i.denominator);
  d.set("unit", i.unit);
  d.set("catalogue_code", i.catalogue_code);
  render::List levels;
  for (std::string l : kLevels) {
    render::Object x;
    x.set("value", l);
    x.set("label", level_label(ctx, l));
    x.set("hint", ctx.t("impact_plans.levels_hint." + l));
    if (l == i.level) x.set("checked", true);
    levels.emplace_back(std::move(x));
  }
  d.set("levels", std::move(levels));
  render::List directions;
  for (std::string v : {"up", "down"}) {
    render::Object x;
    x.set("value", v);
    x.set("label", ctx.t("impact_plans.directions." + v));
    if (v == i.direction) x.set("checked", true);
    directions.emplace_back(std::move(x));
  }
  d.set("directions", std::move(directions));
  render::List aggregates;
  for (std::string v : {"sum", "mean"}) {
    render::Object x;
    x.set("value", v);
    x.set("label", ctx.t("impact_aggregate.choices." + v));
    x.set("hint", ctx.t("impact_aggregate.hints." + v));
    if (v == i.aggregate) x.set("checked", true);
    aggregates.emplace_back(std::move(x));
  }
  d.set("aggregates", std::move(aggregates));
  errors_view(ctx, errors, d);
  return ctx.page("impact/indicator_form", std::move(d), status);
}

Response new_form(Context& ctx) {
  if (owners_of(ctx).empty()) {
    render::Object d;
    d.set("title", ctx.t("impact_plans.indicators.new"));
    d.set("message", ctx.t("impact_plans.indicators.no_owner"));
    d.set("back_href", "/indikatorer");
    d.set("back", ctx.t("impact_plans.indicators.title"));
    return ctx.page("impact/problem", std::move(d));
  }
  Indicator i;
  i.direction = "up";
  return form_page(ctx, i, "", true, {});
}

Response create(Context& ctx) {
  auto owners = owners_of(ctx);
  auto owner = ctx.req.form_value("owner");
  auto i = read_indicator(ctx);
  auto errors = validate_indicator(i);
  bool allowed = std::any_of(owners.begin(), owners.end(), [&](const Owner& o) { return o.value == owner; });
  if (!allowed) errors.add("owner", "impact_plans.errors.owner");
  if (!errors.empty()) return form_page(ctx, i, owner, true, errors, 422);
  if (owner != "felles") i.organisation_id = needs::to_int(owner);
  auto id = store::create_indicator(ctx.db(), i, ctx.user->id, clock::now_iso());
  ctx.flash("success", "impact_plans.flash.indicator_saved");
  return ctx.redirect("/indikatorer/" + std::to_string(id));
}

bool may_edit_param(Context& ctx) {
  auto id = needs::id_param(ctx);
  if (!id) return false;
  auto i = store::find_indicator(ctx.db(), *id);
  return i && may_edit(ctx, *i);
}

Response edit_form(Context& ctx) {
  auto i = store::find_indicator(ctx.db(), *needs::id_param(ctx));
  if (!i) return ctx.error_page(404);
  return form_page(ctx, *i, "", false, {});
}

Response update(Context& ctx) {
  auto old = store::find_indicator(ctx.db(), *needs::id_param(ctx));
  if (!old) return ctx.error_page(404);
  auto i = read_indicator(ctx);
  i.id = old->id;
  i.organisation_id = old->organisation_id;
  auto errors = validate_indicator(i);
  if (!errors.empty()) return form_page(ctx, i, "", false, errors, 422);
  store::update_indicator(ctx.db(), i, clock::now_iso());
  ctx.flash("success", "impact_plans.flash.indicator_saved");
  return ctx.redirect("/indikatorer/" + std::to_string(i.id));
}

// ---- programme requirements ----

Response requirements(Context& ctx) {
  auto page = web::page_from_query(ctx, kPageSize);
  std::int64_t total = 0;
  auto rows = store::schemes_with_requirements(ctx.db(), page.offset(), page.size, total);
  render::List list;
  for (auto& s : rows) {
    render::Object o;
    o.set("name", s.scheme_name);
    o.set("organisation", s.organisation_name);
    o.set("href", "/indikatorer/programkrav/" + std::to_string(s.scheme_id));
    o.set("required", std::to_string(s.required));
    list.emplace_back(std::move(o));
  }
  render::Object d;
  d.set("title", ctx.t("impact_plans.requirements.title"));
  if (list.empty()) d.set("empty", true);
  d.set("rows", std::move(list));
  d.set("pagination", web::pagination_view(ctx, page, total));
  return ctx.page("impact/requirements", std::move(d));
}

Response requirements_form(Context& ctx) {
  auto id = needs::id_param(ctx);
  if (!id) return ctx.error_page(404);
  auto& db = ctx.db();
  auto s = store::find_scheme(db, *id);
  if (!s) return ctx.error_page(404);
  auto required = store::required_of(db, *id);
  render::List options;
  for (auto& i : store::shared_indicators(db)) {
    render::Object o;
    o.set("value", std::to_string(i.id));
    o.set("label", i.name);
    o.set("level", level_label(ctx, i.level));
    if (std::any_of(required.begin(), required.end(), [&](const Indicator& r) { return r.id == i.id; }))
      o.set("checked", true);
    options.emplace_back(std::move(o));
  }
  render::Object d;
  d.set("title", ctx.t("impact_plans.requirements.edit_title", {{"scheme", s->scheme_name}}));
  d.set("scheme", s->scheme_name);
  d.set("organisation", s->organisation_name);
  d.set("action", "/indikatorer/programkrav/" + std::to_string(s->scheme_id));
  d.set("indicators", std::move(options));
  return ctx.page("impact/requirements_form", std::move(d));
}

Response requirements_save(Context& ctx) {
  auto id = needs::id_param(ctx);
  if (!id) return ctx.error_page(404);
  auto& db = ctx.db();
  if (!store::find_scheme(db, *id)) return ctx.error_page(404);
  std::vector<std::int64_t> ids;
  for (auto& [k, v] : ctx.req.form())
    if (k == "indicators")
      if (auto n = needs::to_int(v); n > 0) ids.push_back(n);
  db::Transaction tx(db);
  store::set_required(db, *id, ids);
  tx.commit();
  ctx.flash("success", "impact_plans.flash.requirements_saved");
  return ctx.redirect("/indikatorer/programkrav/" + std::to_string(*id));
}

}  // namespace

void mount_indicator_routes(web::Router& r) {
  r.get("/indikatorer", Access::everyone(), list);
  r.get("/indikatorer/ny", Access::signed_in(), new_form);
  r.post("/indikatorer/ny", Access::signed_in(), create);
  r.get("/indikatorer/programkrav", Access::role({web::role_coordinator}), requirements);
  r.get("/indikatorer/programkrav/{id}", Access::role({web::role_coordinator}), requirements_form);
  r.post("/indikatorer/programkrav/{id}", Access::role({web::role_coordinator}), requirements_save);
  r.get("/indikatorer/{id}", Access::everyone(), show);
  const auto editor = Access::when("coordinator for a shared indicator, member of the owning organisation for its own",
                                   may_edit_param);
  r.get("/indikatorer/{id}/rediger", editor, edit_form);
  r.post("/indikatorer/{id}/rediger", editor, update);
}

}  // namespace samskap::impact
