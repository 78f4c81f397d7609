#pragma once
// The marketplace's domain: needs described by the results wanted (success criteria), standing
// solutions, proposals answering a need, and the statuses each moves through.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/criterion.hpp"

namespace samskap::needs {

// Need statuses, stored as these slugs; labels come from the catalogue (needs.status.<slug>).
inline constexpr std::array<std::string_view, 5> need_statuses = {"draft", "published", "in_dialogue", "solved",
                                                                  "closed"};
bool is_need_status(std::string_view s);
// draft → published → in_dialogue → solved | closed; published → solved | closed.
// solved and closed are final; nothing goes back to draft once it has been public.
bool need_transition_allowed(std::string_view from, std::string_view to);
// The statuses a need in `from` may move to, in display order.
std::vector<std::string_view> need_next_statuses(std::string_view from);
// Final statuses carry a closing note: what came of the need.
bool need_status_is_final(std::string_view s);
// Proposals may be sent while a need is published or in dialogue.
bool need_accepts_proposals(std::string_view s);

inline constexpr std::array<std::string_view, 5> proposal_statuses = {"sent", "under_review", "chosen",
                                                                      "not_chosen", "withdrawn"};
bool is_proposal_status(std::string_view s);
// The need's owner: sent → under_review → chosen | not_chosen (also straight from sent).
// The proposer: sent | under_review → withdrawn. Decided and withdrawn proposals are final.
bool proposal_transition_allowed(std::string_view from, std::string_view to, bool by_owner);

inline constexpr std::array<std::string_view, 3> solution_statuses = {"draft", "published", "archived"};
bool is_solution_status(std::string_view s);

inline constexpr std::array<std::string_view, 6> dialogue_channels = {"meeting", "call",  "video",
                                                                      "visit",   "email", "other"};
bool is_dialogue_channel(std::string_view s);

// Success criteria have the same shape wherever results are described (grant applications too).
using Criterion = common::Criterion;

struct Need {
  std::int64_t id = 0;
  std::int64_t organisation_id = 0;
  std::string organisation_name;  // read only
  std::string title;
  std::string situation;    // Markdown
  std::string constraints;  // Markdown
  std::optional<std::int64_t> value_min, value_max;  // øre
  std::string timeframe;
  std::optional<std::int64_t> contact_person_id;
  std::string status = "draft";
  std::string closing_note;
  std::optional<std::int64_t> created_by;
  std::optional<std::string> published_at, closed_at;
  std::string created_at, updated_at;
  std::vector<std::string> service_areas, target_groups, municipalities;
  std::vector<Criterion> criteria;  // by position
};

// The list's filter, read from the query string; empty strings mean "any".
struct NeedFilter {
  std::string q;
  std::string service_area;
  std::string target_group;
  std::string county;
  std::string municipality;
  std::string status;                        // one of the public statuses, or "" for all public ones
  std::optional<std::int64_t> value_at_least;  // øre: the need's upper estimate reaches this
  std::optional<std::int64_t> value_at_most;   // øre: the need's lower estimate is within this
  std::optional<std::int64_t> organisation_id;  // one owner's needs (drafts only with include_drafts)
  bool include_drafts = false;
};

}  // namespace samskap::needs
