// Grant schemes' public side: the list of calls (open ones first), a call's page with the rules
// in force, and the scheme owner's list of submitted applications.
#include "grants/routes.hpp"

#include "grants/access.hpp"
#include "grants/store.hpp"
#include "grants/views.hpp"
#include "needs/store.hpp"
#include "needs/views.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/money.hpp"
#include "platform/render/markdown.hpp"
#include "platform/web/pagination.hpp"

namespace samskap::grants {

namespace {

using directory::Reference;
using http::Response;
using web::Access;
using web::Context;
using Ref = std::shared_ptr<const Reference>;

constexpr std::int64_t kPageSize = 20;

Response list(Context& ctx) {
  auto page = web::page_from_query(ctx, kPageSize);
  const auto now = clock::now_iso();
  auto result = store::list_calls(ctx.db(), now, page.offset(), page.size);
  render::List rows;
  for (auto& r : result.rows) {
    render::Object o;
    o.set("title", r.title);
    o.set("href", "/tilskudd/" + std::to_string(r.id));
    o.set("scheme", r.scheme_name);
    o.set("organisation", r.organisation_name);
    o.set("organisation_href", "/aktorer/" + std::to_string(r.organisation_id));
    state_view(ctx, r.opens_at, r.closes_at, now, o);
    rows.emplace_back(std::move(o));
  }
  render::Object d;
  d.set("title", ctx.t("grants.list.title"));
  if (rows.empty()) d.set("empty", true);
  d.set("rows", std::move(rows));
  d.set("pagination", web::pagination_view(ctx, page, result.total));
  if (ctx.signed_in()) d.set("signed_in", true);
  return ctx.page("grants/call_list", std::move(d));
}

Response show(Context& ctx, const Reference& ref) {
  auto id = needs::id_param(ctx);
  if (!id) return ctx.error_page(404);
  auto& db = ctx.db();
  auto v = store::find_call(db, *id);
  if (!v) return ctx.error_page(404);
  const auto now = clock::now_iso();
  render::Object d;
  d.reserve(30);
  d.set("title", v->call.title);
  d.set("id", std::to_string(v->call.id));
  d.set("scheme", v->scheme.name);
  d.set("scheme_href", "/tilskudd/ordninger/" + std::to_string(v->scheme.id));
  d.set("organisation", v->scheme.organisation_name);
  d.set("organisation_href", "/aktorer/" + std::to_string(v->scheme.organisation_id));
  if (!v->scheme.purpose.empty()) d.set("purpose_html", render::markdown_to_html(v->scheme.purpose));
  if (!v->scheme.target_group.empty()) d.set("target_group", v->scheme.target_group);
  if (v->scheme.annual_pot > 0)
    d.set("annual_pot", ctx.t("grants.amount", {{"amount", money::format_kroner(v->scheme.annual_pot)}}));
  if (!v->call.text.empty()) d.set("text_html", render::markdown_to_html(v->call.text));
  state_view(ctx, v->call.opens_at, v->call.closes_at, now, d);
  auto sets = store::rule_sets_of(db, v->scheme.id);
  if (auto* rules = rule_set_in_force(sets, oslo_date_of(v->call.opens_at))) d.set("rules", rules_view(ctx, ref, *rules));
  render::List linked;
  for (auto& [need_id, title] : store::linked_needs(db, v->call.id)) {
    render::Object o;
    o.set("title", title);
    o.set("href", "/behov/" + std::to_string(need_id));
    linked.emplace_back(std::move(o));
  }
  if (!linked.empty()) d.set("has_needs", true);
  d.set("needs", std::move(linked));

  const bool open = call_state(v->call.opens_at, v->call.closes_at, now) == CallState::open;
  if (open && !ctx.signed_in()) d.set("sign_in_to_apply", true);
  if (open && ctx.signed_in()) {
    render::List orgs;
    for (auto& o : needs::store::organisations_of(db, ctx.user->id)) {
      if (o.id == v->scheme.organisation_id) continue;  // an owner does not apply to its own scheme
      render::Object x;
      x.set("value", std::to_string(o.id));
      x.set("label", o.name);
      orgs.emplace_back(std::move(x));
    }
    if (orgs.empty()) d.set("no_organisation", true);
    else {
      d.set("can_apply", true);
      d.set("apply_action", "/tilskudd/" + std::to_string(v->call.id) + "/soknad");
      d.set("organisations", std::move(orgs));
    }
  }
  if (can_manage_scheme(ctx, v->scheme.organisation_id)) {
    d.set("manager", true);
    d.set("applications_href", "/tilskudd/" + std::to_string(v->call.id) + "/soknader");
  }
  return ctx.page("grants/call_show", std::move(d));
}

Response scheme_page(Context& ctx, const Reference& ref) {
  auto id = needs::id_param(ctx);
  if (!id) return ctx.error_page(404);
  auto& db = ctx.db();
  auto s = store::find_scheme(db, *id);
  if (!s) return ctx.error_page(404);
  render::Object d;
  d.set("title", s->name);
  d.set("organisation", s->organisation_name);
  d.set("organisation_href", "/aktorer/" + std::to_string(s->organisation_id));
  if (!s->purpose.empty()) d.set("purpose_html", render::markdown_to_html(s->purpose));
  if (!s->target_group.empty()) d.set("target_group", s->target_group);
  if (s->annual_pot > 0) d.set("annual_pot", ctx.t("grants.amount", {{"amount", money::format_kroner(s->annual_pot)}}));
  render::List sets;
  for (auto& r : store::rule_sets_of(db, s->id)) sets.emplace_back(rules_view(ctx, ref, r));
  d.set("rule_sets", std::move(sets));
  if (can_manage_scheme(ctx, s->organisation_id)) {
    d.set("manage_href", "/tilskudd/ordninger/" + std::to_string(s->id) + "/forvalt");
    d.set("overview_href", "/tilskudd/ordninger/" + std::to_string(s->id) + "/oversikt");
  }
  return ctx.page("grants/scheme_show", std::move(d));
}

bool may_manage_call(Context& ctx) {
  auto id = needs::id_param(ctx);
  if (!id) return false;
  auto v = store::find_call(ctx.db(), *id);
  return v && can_manage_scheme(ctx, v->scheme.organisation_id);
}

// The owner's view: the call's submitted applications, in order of submission. Drafts are never listed.
Response submitted(Context& ctx) {
  auto& db = ctx.db();
  auto v = store::find_call(db, *needs::id_param(ctx));
  if (!v) return ctx.error_page(404);
  auto page = web::page_from_query(ctx, kPageSize);
  std::int64_t total = 0;
  auto rows = store::submitted_for_call(db, v->call.id, page.offset(), page.size, total);
  render::List out;
  for (auto& r : rows) out.emplace_back(application_row_view(ctx, r));
  render::Object d;
  d.set("title", ctx.t("grants.submitted.title", {{"call", v->call.title}}));
  d.set("call_title", v->call.title);
  d.set("call_href", "/tilskudd/" + std::to_string(v->call.id));
  d.set("ranking_href", "/tilskudd/" + std::to_string(v->call.id) + "/rangering");
  if (out.empty()) d.set("empty", true);
  d.set("rows", std::move(out));
  d.set("pagination", web::pagination_view(ctx, page, total));
  return ctx.page("grants/call_applications", std::move(d));
}

}  // namespace

void mount_call_routes(web::Router& r, Ref ref) {
  r.get("/tilskudd", Access::everyone(), list);
  r.get("/tilskudd/ordninger/{id}", Access::everyone(), [ref](Context& c) { return scheme_page(c, *ref); });
  r.get("/tilskudd/{id}", Access::everyone(), [ref](Context& c) { return show(c, *ref); });
  r.get("/tilskudd/{id}/soknader",
        Access::when("member of the scheme owner's organisation, or coordinator", may_manage_call), submitted);
}

}  // namespace samskap::grants
