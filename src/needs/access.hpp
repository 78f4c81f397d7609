#pragma once
// Who may see and act on needs, solutions and proposals. Route predicates and page code both use
// these, so a rule is written once.
#include <cstdint>
#include <string_view>

#include "needs/store.hpp"
#include "platform/web/app.hpp"

namespace samskap::needs {

bool is_coordinator(const web::Context& ctx);
// Drafts are seen by the owner organisation's members and coordinators; everything else by all.
bool can_view_need(web::Context& ctx, const store::Head& need);
// Members of the owner organisation and coordinators edit a need, answer its questions, keep its
// dialogue log and decide on its proposals.
bool can_manage_need(web::Context& ctx, const store::Head& need);
// A signed-in member of the organisation (coordinators pass too).
bool acts_for(web::Context& ctx, std::int64_t organisation_id);
// Public bodies own needs; organisations of every other kind offer solutions and send proposals.
bool may_own_needs(std::string_view kind);
bool may_offer_solutions(std::string_view kind);

}  // namespace samskap::needs
