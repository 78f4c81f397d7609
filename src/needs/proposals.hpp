#pragma once
// Proposals answering a need: sending one, its page (public part for everyone who can see the
// need, everything for those allowed), withdrawing, the owner's decision with e-mail to the
// proposer, the owner's side-by-side comparison, a proposer's own list, and the JSON twin.
#include <memory>
#include <string_view>
#include <vector>

#include "directory/reference_store.hpp"
#include "needs/proposal_store.hpp"
#include "platform/web/app.hpp"

namespace samskap::needs {

// May this request see the proposal's confidential part? Members of the proposer organisation,
// members of the need's owner organisation, and coordinators.
bool can_see_confidential(web::Context& ctx, const proposal_store::PublicProposal& proposal);

// The statuses the need's owner may move a proposal in `from` to, in display order.
std::vector<std::string_view> next_decisions(std::string_view from);

// /behov/{id}/forslag, /behov/{id}/forslag/ny, /api/v1/behov/{id}/forslag, /forslag,
// /forslag/{id}, /forslag/{id}/trekk, /forslag/{id}/vurdering.
void mount_proposals(web::Router& r);

}  // namespace samskap::needs
