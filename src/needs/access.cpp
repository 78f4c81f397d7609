#include "needs/access.hpp"

#include "directory/model.hpp"

namespace samskap::needs {

bool is_coordinator(const web::Context& ctx) { return ctx.has_role(web::role_coordinator); }

bool acts_for(web::Context& ctx, std::int64_t organisation_id) {
  if (!ctx.signed_in()) return false;
  if (is_coordinator(ctx)) return true;
  return store::is_member(ctx.db(), organisation_id, ctx.user->id);
}

bool can_view_need(web::Context& ctx, const store::Head& need) {
  if (need.status != "draft") return true;
  return acts_for(ctx, need.organisation_id);
}

bool can_manage_need(web::Context& ctx, const store::Head& need) { return acts_for(ctx, need.organisation_id); }

bool may_own_needs(std::string_view kind) { return directory::is_public_body(kind); }

bool may_offer_solutions(std::string_view kind) { return !directory::is_public_body(kind); }

}  // namespace samskap::needs
