#include "needs/model.hpp"

#include <algorithm>

namespace samskap::needs {

namespace {
template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& list, std::string_view s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}
}  // namespace

bool is_need_status(std::string_view s) { return one_of(need_statuses, s); }
bool is_proposal_status(std::string_view s) { return one_of(proposal_statuses, s); }
bool is_solution_status(std::string_view s) { return one_of(solution_statuses, s); }
bool is_dialogue_channel(std::string_view s) { return one_of(dialogue_channels, s); }

std::vector<std::string_view> need_next_statuses(std::string_view from) {
  if (from == "draft") return {"published"};
  if (from == "published") return {"in_dialogue", "solved", "closed"};
  if (from == "in_dialogue") return {"solved", "closed"};
  return {};
}

bool need_transition_allowed(std::string_view from, std::string_view to) {
  auto next = need_next_statuses(from);
  return std::find(next.begin(), next.end(), to) != next.end();
}

bool need_status_is_final(std::string_view s) { return s == "solved" || s == "closed"; }

bool need_accepts_proposals(std::string_view s) { return s == "published" || s == "in_dialogue"; }

bool proposal_transition_allowed(std::string_view from, std::string_view to, bool by_owner) {
  if (by_owner) {
    if (from == "sent") return to == "under_review" || to == "chosen" || to == "not_chosen";
    if (from == "under_review") return to == "chosen" || to == "not_chosen";
    return false;
  }
  return (from == "sent" || from == "under_review") && to == "withdrawn";
}

}  // namespace samskap::needs
