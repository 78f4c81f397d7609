#include "impact/analyses.hpp"

#include <charconv>

#include "directory/store.hpp"
#include "impact/sroi_form.hpp"
#include "needs/access.hpp"
#include "platform/core/clock.hpp"
#include "platform/web/pagination.hpp"
#include "platform/web/password_policy.hpp"

namespace samskap::impact::analyses {

namespace {

using http::Response;
using web::Access;
using web::Context;

constexpr std::int64_t kPageSize = 20;
constexpr std::size_t kMaxTitle = 200, kMaxStakeholders = 4000;
std::int64_t positive(std::string_view s) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && p == s.data() + s.size() && v > 0 ? v : 0;
}

std::int64_t organisation_param(const Context& ctx) { return positive(ctx.req.param("id")); }
std::int64_t analysis_param(const Context& ctx) { return positive(ctx.req.param("analysis")); }

bool acts_for_route_organisation(Context& ctx) {
  auto id = organisation_param(ctx);
  return id && needs::acts_for(ctx, id);
}

std::string base_path(std::int64_t organisation_id) { return "/aktorer/" + std::to_string(organisation_id) + "/sroi"; }

std::string t(const Context& ctx, const std::string& key, const std::vector<std::pair<std::string, std::string>>& args = {}) {
  return ctx.t("impact.analyses." + key, args);
}

// The ratio as stored ("2.25") in the reader's language ("2,25 : 1").
std::string shown_ratio(const Context& ctx, std::string ratio) {
  if (ratio.empty()) return t(ctx, "list.no_ratio");
  if (ctx.lang != "en")
    for (auto& ch : ratio)
      if (ch == '.') ch = ',';
  return ctx.t("impact.sroi.result.ratio_value", {{"ratio", ratio}});
}

// ---- The list ------------------------------------------------------------------------------

Response list_page(Context& ctx, std::int64_t organisation_id, const std::string& typed_title, const std::string& title_error,
                   int status) {
  auto o = directory::store::find(ctx.db(), organisation_id);
  if (!o || o->status == "deactivated") return ctx.error_page(404);
  auto page = web::page_from_query(ctx, kPageSize);
  auto found = list(ctx.db(), organisation_id, page.offset(), page.size);
  render::Object d;
  d.set("title", t(ctx, "list.title", {{"name", o->name}}));
  d.set("organisation", o->name);
  d.set("organisation_href", "/aktorer/" + std::to_string(organisation_id));
  d.set("action", base_path(organisation_id));
  d.set("calculator_href", "/verktoy/sroi");
  render::List rows;
  for (auto& a : found.rows) {
    render::Object r;
    r.set("title", a.title);
    r.set("href", base_path(organisation_id) + "/" + std::to_string(a.id));
    r.set("ratio", shown_ratio(ctx, a.ratio));
    r.set("updated", clock::oslo_display(a.updated_at));
    rows.emplace_back(std::move(r));
  }
  if (rows.empty()) d.set("empty", true);
  d.set("rows", std::move(rows));
  d.set("pagination", web::pagination_view(ctx, page, found.total));
  d.set("new_title", typed_title);
  if (!title_error.empty()) {
    d.set("title_error", title_error);
    d.set("has_errors", true);
    render::List errors;
    render::Object e;
    e.set("id", "new_title");
    e.set("text", title_error);
    errors.emplace_back(std::move(e));
    d.set("errors", std::move(errors));
  }
  return ctx.page("impact/analyses", std::move(d), status);
}

std::string title_problem(const Context& ctx, const std::string& title) {
  if (title.empty()) return ctx.t("impact.sroi.errors.title_required");
  if (web::utf8_length(title) > kMaxTitle) return ctx.t("impact.sroi.errors.title_too_long");
  return {};
}

Response get_list(Context& ctx) { return list_page(ctx, organisation_param(ctx), "", "", 200); }

Response post_new(Context& ctx) {
  auto organisation_id = organisation_param(ctx);
  auto title = web::trim(ctx.req.form_value("title"));
  if (auto problem = title_problem(ctx, title); !problem.empty())
    return list_page(ctx, organisation_id, title, problem, 422);
  if (!directory::store::find(ctx.db(), organisation_id)) return ctx.error_page(404);
  auto id = create(ctx.db(), organisation_id, title, form::to_json(form::PageInput{}), ctx.user->id, clock::now_iso());
  ctx.flash("success", "impact.analyses.flash.created");
  return ctx.redirect(base_path(organisation_id) + "/" + std::to_string(id));
}

// ---- One analysis --------------------------------------------------------------------------

// The title and the stakeholders as typed, with their mistakes (keys under impact.sroi.errors).
struct About {
  std::string title, stakeholders;
  web::FieldErrors errors;
};

About about_from(const Context& ctx) {
  About x;
  x.title = web::trim(ctx.req.form_value("title"));
  x.stakeholders = web::trim(ctx.req.form_value("stakeholders"));
  if (x.title.empty()) x.errors.add("title", "title_required");
  else if (web::utf8_length(x.title) > kMaxTitle) x.errors.add("title", "title_too_long");
  if (web::utf8_length(x.stakeholders) > kMaxStakeholders) x.errors.add("stakeholders", "stakeholders_too_long");
  return x;
}

Response analysis_page(Context& ctx, const Analysis& a, const std::string& organisation_name, const form::PageInput& in,
                       const About& about, const web::FieldErrors& form_errors, int status) {
  render::Object d;
  d.set("title", a.title);
  d.set("organisation", organisation_name);
  d.set("organisation_href", "/aktorer/" + std::to_string(a.organisation_id));
  d.set("list_href", base_path(a.organisation_id));
  d.set("action", base_path(a.organisation_id) + "/" + std::to_string(a.id));
  d.set("delete_action", base_path(a.organisation_id) + "/" + std::to_string(a.id) + "/slett");
  d.set("updated", clock::oslo_display(a.updated_at));
  d.set("stored", true);
  d.set("analysis_title", about.title);
  d.set("stakeholders", about.stakeholders);
  for (auto& [field, key] : about.errors.items) d.set(field + "_error", ctx.t("impact.sroi.errors." + key));
  // One error summary: the title and stakeholders first, as they come first in the form.
  web::FieldErrors all = about.errors;
  all.items.insert(all.items.end(), form_errors.items.begin(), form_errors.items.end());
  form::form_data(ctx, d, in, all);
  if (!all.empty()) {
    d.set("saved_with_errors", true);
  } else {
    auto parsed = form::parse(in);
    if (parsed.analysis.lines.empty()) d.set("no_lines", true);
    else if (parsed.errors.empty()) d.set("result", form::result_view(ctx, parsed.analysis, parsed.sensitivity));
  }
  return ctx.page("impact/analysis", std::move(d), status);
}

Response get_analysis(Context& ctx) {
  auto organisation_id = organisation_param(ctx);
  auto a = find(ctx.db(), organisation_id, analysis_param(ctx));
  auto o = directory::store::find(ctx.db(), organisation_id);
  if (!a || !o) return ctx.error_page(404);
  auto in = form::from_json(a->input);
  // A saved analysis with mistakes reopens with them pointed out (a fresh one is only empty).
  auto parsed = form::parse(in);
  web::FieldErrors errors;
  if (!parsed.analysis.lines.empty() || !parsed.analysis.investments.empty()) errors = parsed.errors;
  About about{a->title, a->stakeholders, {}};
  return analysis_page(ctx, *a, o->name, in, about, errors, 200);
}

Response post_analysis(Context& ctx) {
  auto organisation_id = organisation_param(ctx);
  auto a = find(ctx.db(), organisation_id, analysis_param(ctx));
  auto o = directory::store::find(ctx.db(), organisation_id);
  if (!a || !o) return ctx.error_page(404);
  auto in = form::read_form(ctx);
  const bool more = !ctx.req.form_value("more_rows").empty();
  if (more) form::add_rows(in);
  auto about = about_from(ctx);
  // Everything typed is saved, mistakes too; a title or stakeholder list that cannot be kept
  // leaves the saved one as it was until it is corrected (the typed text stays in the form).
  Analysis next = *a;
  if (!about.errors.has("title")) next.title = about.title;
  if (!about.errors.has("stakeholders")) next.stakeholders = about.stakeholders;
  next.input = form::to_json(in);
  auto parsed = form::parse(in);
  next.ratio.clear();
  if (parsed.errors.empty())
    if (auto r = sroi::ratio(parsed.analysis)) next.ratio = r->fixed(2);
  save(ctx.db(), next, ctx.user->id, clock::now_iso());
  if (more) return analysis_page(ctx, next, o->name, in, about, {}, 200);
  if (!parsed.errors.empty() || !about.errors.empty())
    return analysis_page(ctx, next, o->name, in, about, parsed.errors, 422);
  ctx.flash("success", "impact.analyses.flash.saved");
  return ctx.redirect(base_path(organisation_id) + "/" + std::to_string(next.id));
}

Response post_delete(Context& ctx) {
  auto organisation_id = organisation_param(ctx);
  if (!remove(ctx.db(), organisation_id, analysis_param(ctx))) return ctx.error_page(404);
  ctx.flash("success", "impact.analyses.flash.deleted");
  return ctx.redirect(base_path(organisation_id));
}

}  // namespace

void mount(web::Router& r) {
  auto member = Access::when("member of the organisation, or coordinator", acts_for_route_organisation);
  r.get("/aktorer/{id}/sroi", member, get_list);
  r.post("/aktorer/{id}/sroi", member, post_new);
  r.get("/aktorer/{id}/sroi/{analysis}", member, get_analysis);
  r.post("/aktorer/{id}/sroi/{analysis}", member, post_analysis);
  r.post("/aktorer/{id}/sroi/{analysis}/slett", member, post_delete);
}

}  // namespace samskap::impact::analyses
