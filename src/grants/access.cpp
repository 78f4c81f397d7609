#include "grants/access.hpp"

#include "needs/store.hpp"

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
  return a.status == "submitted" && can_manage_scheme(ctx, a.owner_id);
}

bool can_edit_application(web::Context& ctx, const store::Head& a) { return member_of(ctx, a.organisation_id); }

}  // namespace samskap::grants
