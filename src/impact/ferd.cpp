// Ferd's model per organisation and year: people with high and low contact, a concrete success
// criterion with the share that met it, operating revenue and result, and a good story. Members
// keep their organisation's figures; coordinators see every organisation's in one portfolio table;
// visitors see the figures, and a good story only when it is not about a person or that person's
// consent to publication is recorded.
#include <algorithm>
#include <chrono>

#include "directory/store.hpp"
#include "impact/plan_routes.hpp"
#include "impact/plan_rules.hpp"
#include "impact/plan_store.hpp"
#include "needs/store.hpp"
#include "needs/views.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/money.hpp"
#include "platform/web/pagination.hpp"
#include "platform/web/password_policy.hpp"

namespace samskap::impact {

namespace {

using http::Response;
using web::Access;
using web::Context;

constexpr std::int64_t kPageSize = 25;
constexpr int kFirstYear = 1900, kLastYear = 2200;

std::string ferd_base(std::int64_t org) { return "/effekt/aktorer/" + std::to_string(org) + "/ferd"; }

std::string amount(const Context& ctx, const std::optional<std::int64_t>& ore) {
  if (!ore) return {};
  auto s = money::format_kroner(*ore < 0 ? -*ore : *ore);
  return ctx.t("impact_plans.ferd.amount", {{"amount", (*ore < 0 ? "−" : "") + s}});
}

std::optional<int> year_param(const Context& ctx) {
  auto y = needs::id_param(ctx, "aar");
  if (!y || *y < kFirstYear || *y > kLastYear) return std::nullopt;
  return static_cast<int>(*y);
}

// The figures of one year as a row; the story only when show_story.
render::Object year_view(const Context& ctx, const FerdYear& f, bool show_story) {
  render::Object o;
  o.set("year", std::to_string(f.year));
  o.set("organisation", f.organisation_name);
  o.set("organisation_href", "/effekt/aktorer/" + std::to_string(f.organisation_id));
  o.set("high_contact", std::to_string(f.high_contact));
  o.set("low_contact", std::to_string(f.low_contact));
  o.set("reached", std::to_string(f.high_contact + f.low_contact));
  o.set("success_criterion", f.success_criterion);
  if (f.success_percent) o.set("success_percent", ctx.t("impact_plans.ferd.percent", {{"percent", std::to_string(*f.success_percent)}}));
  o.set("revenue", amount(ctx, f.revenue));
  o.set("result", amount(ctx, f.result));
  if (show_story && !f.story.empty()) {
    o.set("story", f.story);
    if (f.story_about_person)
      o.set("story_note", ctx.t(f.story_consent ? "impact_plans.ferd.consent_recorded" : "impact_plans.ferd.not_public"));
  }
  return o;
}

bool may_view(Context& ctx) {
  auto id = needs::id_param(ctx);
  if (!id) return false;
  return ctx.has_role(web::role_coordinator) || member_of(ctx, *id);
}

bool may_edit(Context& ctx) {
  auto id = needs::id_param(ctx);
  return id && member_of(ctx, *id);
}

// ---- the public page of an organisation's figures ----

Response public_page(Context& ctx) {
  auto id = needs::id_param(ctx);
  if (!id) return ctx.error_page(404);
  auto& db = ctx.db();
  auto org = directory::store::find(db, *id);
  if (!org) return ctx.error_page(404);
  render::List years;
  for (auto& f : store::public_ferd_years_of(db, *id)) years.emplace_back(year_view(ctx, f, story_is_public(f)));
  render::Object d;
  d.set("title", ctx.t("impact_plans.ferd.public_title", {{"organisation", org->name}}));
  d.set("organisation", org->name);
  d.set("organisation_href", "/aktorer/" + std::to_string(*id));
  if (years.empty()) d.set("empty", true);
  d.set("years", std::move(years));
  return ctx.page("impact/ferd_public", std::move(d));
}

// ---- members' and coordinators' page ----

Response org_page(Context& ctx) {
  auto id = *needs::id_param(ctx);
  auto& db = ctx.db();
  auto org = directory::store::find(db, id);
  if (!org) return ctx.error_page(404);
  const bool editor = member_of(ctx, id);
  render::List years;
  for (auto& f : store::ferd_years_of(db, id)) {
    auto o = year_view(ctx, f, true);
    if (editor) o.set("edit_href", ferd_base(id) + "/" + std::to_string(f.year));
    years.emplace_back(std::move(o));
  }
  render::Object d;
  d.set("title", ctx.t("impact_plans.ferd.title", {{"organisation", org->name}}));
  d.set("intro", ctx.t("impact_plans.ferd.intro"));
  d.set("public_href", "/effekt/aktorer/" + std::to_string(id));
  if (years.empty()) d.set("empty", true);
  d.set("years", std::move(years));
  if (editor) {
    d.set("editor", true);
    d.set("year_action", ferd_base(id) + "/aar");
    d.set("this_year", clock::oslo_date(std::chrono::system_clock::now()).substr(0, 4));
  }
  return ctx.page("impact/ferd_org", std::move(d));
}

// The year picker: a GET form leading to the year's own form.
Response pick_year(Context& ctx) {
  auto id = *needs::id_param(ctx);
  auto y = needs::to_int(web::trim(ctx.req.query_value("aar")));
  if (y < kFirstYear || y > kLastYear) {
    ctx.flash("danger", "impact_plans.errors.year");
    return ctx.redirect(ferd_base(id));
  }
  return ctx.redirect(ferd_base(id) + "/" + std::to_string(y));
}

struct FerdInput {
  std::string high_contact, low_contact, success_criterion, success_percent, revenue, result, story;
  bool about_person = false, consent = false;
};

Response year_page(Context& ctx, std::int64_t org_id, const std::string& org_name, int year, const FerdInput& in,
                   const web::FieldErrors& errors, int status = 200) {
  render::Object d;
  d.set("title", ctx.t("impact_plans.ferd.year_title", {{"year", std::to_string(year)}, {"organisation", org_name}}));
  d.set("intro", ctx.t("impact_plans.ferd.intro"));
  d.set("back_href", ferd_base(org_id));
  d.set("action", ferd_base(org_id) + "/" + std::to_string(year));
  d.set("high_contact", in.high_contact);
  d.set("low_contact", in.low_contact);
  d.set("success_criterion", in.success_criterion);
  d.set("success_percent", in.success_percent);
  d.set("revenue", in.revenue);
  d.set("result", in.result);
  d.set("story", in.story);
  if (in.about_person) d.set("about_person", true);
  if (in.consent) d.set("consent", true);
  errors_view(ctx, errors, d);
  return ctx.page("impact/ferd_form", std::move(d), status);
}

Response year_form(Context& ctx) {
  auto id = *needs::id_param(ctx);
  auto year = year_param(ctx);
  if (!year) return ctx.error_page(404);
  auto& db = ctx.db();
  auto org = directory::store::find(db, id);
  if (!org) return ctx.error_page(404);
  FerdInput in;
  if (auto f = store::find_ferd(db, id, *year)) {
    in.high_contact = std::to_string(f->high_contact);
    in.low_contact = std::to_string(f->low_contact);
    in.success_criterion = f->success_criterion;
    in.success_percent = f->success_percent ? std::to_string(*f->success_percent) : "";
    in.revenue = f->revenue ? (*f->revenue < 0 ? "-" : "") + money::input_kroner(*f->revenue < 0 ? -*f->revenue : *f->revenue) : "";
    in.result = f->result ? (*f->result < 0 ? "-" : "") + money::input_kroner(*f->result < 0 ? -*f->result : *f->result) : "";
    in.story = f->story;
    in.about_person = f->story_about_person;
    in.consent = f->story_consent;
  }
  return year_page(ctx, id, org->name, *year, in, {});
}

Response year_save(Context& ctx) {
  auto id = *needs::id_param(ctx);
  auto year = year_param(ctx);
  if (!year) return ctx.error_page(404);
  auto& db = ctx.db();
  auto org = directory::store::find(db, id);
  if (!org) return ctx.error_page(404);
  FerdInput in;
  in.high_contact = web::trim(ctx.req.form_value("high_contact"));
  in.low_contact = web::trim(ctx.req.form_value("low_contact"));
  in.success_criterion = web::trim(ctx.req.form_value("success_criterion"));
  in.success_percent = web::trim(ctx.req.form_value("success_percent"));
  in.revenue = web::trim(ctx.req.form_value("revenue"));
  in.result = web::trim(ctx.req.form_value("result"));
  in.story = web::trim(ctx.req.form_value("story"));
  in.about_person = ctx.req.form_value("story_about_person") == "1";
  in.consent = ctx.req.form_value("story_consent") == "1";
  FerdYear f;
  f.organisation_id = id;
  f.year = *year;
  web::FieldErrors errors;
  auto count = [&](const std::string& text, const char* field) -> std::int64_t {
    auto v = count_value(text);
    if (v && *v < 0) errors.add(field, "impact_plans.errors.count");
    return v.value_or(0) < 0 ? 0 : v.value_or(0);
  };
  f.high_contact = count(in.high_contact, "high_contact");
  f.low_contact = count(in.low_contact, "low_contact");
  f.success_criterion = in.success_criterion;
  if (!in.success_percent.empty()) {
    auto pct = in.success_percent;
    if (!pct.empty() && pct.back() == '%') pct = web::trim(pct.substr(0, pct.size() - 1));
    auto v = count_value(pct);
    if (!v || *v < 0 || *v > 100) errors.add("success_percent", "impact_plans.errors.percent");
    else f.success_percent = v;
  }
  if (!in.revenue.empty()) {
    f.revenue = parse_signed_kroner(in.revenue);
    if (!f.revenue) errors.add("revenue", "impact_plans.errors.amount");
  }
  if (!in.result.empty()) {
    f.result = parse_signed_kroner(in.result);
    if (!f.result) errors.add("result", "impact_plans.errors.amount");
  }
  f.story = in.story;
  f.story_about_person = in.about_person;
  f.story_consent = in.consent;
  for (auto& e : validate_ferd(f).items)
    if (!errors.has(e.first)) errors.add(e.first, e.second);
  if (!errors.empty()) return year_page(ctx, id, org->name, *year, in, errors, 422);
  store::save_ferd(db, f, ctx.user->id, clock::now_iso());
  ctx.flash("success", "impact_plans.flash.ferd_saved");
  return ctx.redirect(ferd_base(id));
}

// ---- the coordinators' portfolio ----

Response portfolio(Context& ctx) {
  auto y = needs::to_int(ctx.req.query_value("aar"));
  const int year = (y >= kFirstYear && y <= kLastYear) ? static_cast<int>(y) : 0;
  auto page = web::page_from_query(ctx, kPageSize);
  std::int64_t total = 0;
  auto rows = store::portfolio(ctx.db(), year, page.offset(), page.size, total);
  render::List list;
  for (auto& f : rows) {
    auto o = year_view(ctx, f, false);
    o.set("href", ferd_base(f.organisation_id));
    list.emplace_back(std::move(o));
  }
  render::Object d;
  d.set("title", ctx.t("impact_plans.portfolio.title"));
  d.set("year", year ? std::to_string(year) : std::string());
  if (list.empty()) d.set("empty", true);
  d.set("rows", std::move(list));
  d.set("pagination", web::pagination_view(ctx, page, total));
  return ctx.page("impact/ferd_portfolio", std::move(d));
}

}  // namespace

void mount_ferd_routes(web::Router& r) {
  r.get("/effekt/ferd", Access::role({web::role_coordinator}), portfolio);
  r.get("/effekt/aktorer/{id}", Access::everyone(), public_page);
  const auto viewer = Access::when("member of the organisation, or coordinator", may_view);
  const auto editor = Access::when("member of the organisation", may_edit);
  r.get("/effekt/aktorer/{id}/ferd", viewer, org_page);
  r.get("/effekt/aktorer/{id}/ferd/aar", editor, pick_year);
  r.get("/effekt/aktorer/{id}/ferd/{aar}", editor, year_form);
  r.post("/effekt/aktorer/{id}/ferd/{aar}", editor, year_save);
}

}  // namespace samskap::impact
