#include "grants/access.hpp"

#include "grants/review_store.hpp"
#include "needs/store.hpp"
#include "needs/views.hpp"

namespace samskap::grants {

namespace {
bool member_of(web::Context& ctx, std::int64_t organisation_id) {
  return ctx.signed_in() && needs::store::is_member(ctx.db(), organisation_id, ctx.user->id);
}
}  // namespace

bool can_manage_scheme(web::Context& ctx, std::int64_t owner) {
  if (!ctx.signed_in()) return false;
  return ctx.has_role(web::role_coordinator) || member_of(ctx, owner);
}

bool can_view_application(web::Context& ctx, const store::Head& a) {
  if (member_of(ctx, a.organisation_id)) return true;
  if (a.status == "draft" || !ctx.signed_in()) return false;
  if (auto r = store::reviewer(ctx.db(), a.id, ctx.user->id); r && r->impartial == true) return true;
  return can_manage_scheme(ctx, a.owner_id) && !has_conflict(ctx, a);
}

bool has_conflict(web::Context& ctx, const store::Head& a) {
  return ctx.signed_in() && store::has_conflict(ctx.db(), a.id, ctx.user->id);
}

bool can_manage_application(web::Context& ctx, const store::Head& a) {
  return a.status != "draft" && can_manage_scheme(ctx, a.owner_id) && !has_conflict(ctx, a);
}

bool can_edit_application(web::Context& ctx, const store::Head& a) { return member_of(ctx, a.organisation_id); }

std::optional<LoadedApplication> load_application(web::Context& ctx) {
  auto id = needs::id_param(ctx);
  if (!id) return std::nullopt;
  auto& db = ctx.db();
  std::optional<std::int64_t> reader;
  if (ctx.signed_in()) reader = ctx.user->id;
  auto app = store::find_application(db, *id, reader);
  if (!app) return std::nullopt;
  auto call = store::find_call(db, app->call_id);
  auto rules = store::rule_set(db, app->rule_set_id);
  if (!call || !rules) return std::nullopt;
  return LoadedApplication{std::move(*app), std::move(*call), std::move(*rules)};
}

}  // namespace samskap::grants
