#pragma once
// All SQL of proposals. A proposal has a public part (the summary and what it is attached to) and
// a confidential part (approach, answers per success criterion, timeline, cost, financing,
// details, the owner's decision message). The two are read by different functions:
//   - the public reads select only public columns, so no list or page built from them can leak;
//   - the full reads take the Viewer and check, in the same SQL, that the viewer is a member of
//     the proposer organisation or of the need's owner organisation, or a coordinator. Callers
//     check can_see_confidential first; the store refuses on its own as well.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "platform/db/database.hpp"

namespace samskap::needs::proposal_store {

// Who is reading. Coordinators see every proposal in full.
struct Viewer {
  std::int64_t user_id = 0;
  bool coordinator = false;
};

// What everyone who can see the need may see.
struct PublicProposal {
  std::int64_t id = 0;
  std::int64_t need_id = 0;
  std::int64_t need_organisation_id = 0;  // the need's owner, for access checks
  std::int64_t organisation_id = 0;       // the proposer
  std::string organisation_name;
  std::string summary;
  std::optional<std::int64_t> solution_id;  // only while the solution is published
  std::string solution_title;
  std::string status;
  std::string submitted_at;
};

struct CriterionAnswer {
  std::int64_t criterion_id = 0;
  int position = 0;
  std::string description;  // the need's criterion, for display
  std::string expected;     // what the proposal expects to achieve
  std::string measurement;  // how it will be measured
};

// Everything: read only through the full reads below.
struct Proposal {
  PublicProposal pub;
  std::string approach;
  std::string timeline;
  std::optional<std::int64_t> cost;  // øre
  std::string financing;
  std::string confidential;
  std::string decision_message;
  std::optional<std::string> decided_at;
  std::optional<std::int64_t> created_by;
  std::string updated_at;
  std::vector<CriterionAnswer> criteria;  // by the need's criterion order
};

// What a new proposal holds.
struct NewProposal {
  std::int64_t need_id = 0;
  std::int64_t organisation_id = 0;
  std::optional<std::int64_t> solution_id;
  std::string summary, approach, timeline, financing, confidential;
  std::optional<std::int64_t> cost;
  std::int64_t created_by = 0;
  std::string now;
  std::vector<std::pair<std::int64_t, std::pair<std::string, std::string>>> answers;  // criterion → (expected, measurement)
};

// Inserts the proposal and its answers (call inside a write transaction). Throws
// db::UniqueViolation when the organisation already has a live proposal for the need.
std::int64_t create(db::Connection& c, const NewProposal& p);
// The organisation's live (not withdrawn) proposal for the need, if any.
std::optional<std::int64_t> live_of(db::Connection& c, std::int64_t need_id, std::int64_t organisation_id);

// ---- public reads: public columns only ----

std::optional<PublicProposal> find_public(db::Connection& c, std::int64_t id);
struct PublicPage {
  std::vector<PublicProposal> rows;
  std::int64_t total = 0;
};
// Live proposals of a need, oldest first; one query.
PublicPage list_public(db::Connection& c, std::int64_t need_id, std::int64_t offset, std::int64_t limit);

// A proposer's own list: the proposals of the user's organisations, all statuses, newest first.
struct MineRow {
  PublicProposal pub;
  std::string need_title;
};
struct MinePage {
  std::vector<MineRow> rows;
  std::int64_t total = 0;
};
MinePage list_mine(db::Connection& c, std::int64_t user_id, std::int64_t offset, std::int64_t limit);

// ---- full reads: refused (nullopt / empty) unless the viewer may see confidential parts ----

// Member of the proposer organisation, member of the need's owner organisation, or coordinator.
bool may_see_confidential(db::Connection& c, const Viewer& v, const PublicProposal& p);
std::optional<Proposal> find_full(db::Connection& c, std::int64_t id, const Viewer& v);
// All live proposals of a need in full, for the owner's side-by-side comparison (two queries).
// Only for members of the need's owner organisation and coordinators; empty for anyone else.
std::vector<Proposal> compare(db::Connection& c, std::int64_t need_id, const Viewer& v);

// ---- changes ----

// Moves the proposal from `from` to `to` if it still is in `from` (false otherwise). Chosen and
// not chosen record the decision message and time.
bool change_status(db::Connection& c, std::int64_t id, const std::string& from, const std::string& to,
                   const std::string& message, const std::string& now);

// The addresses a decision is sent to: the proposer organisation's administrators and the
// proposal's author, each once, verified accounts only.
std::vector<std::string> decision_recipients(db::Connection& c, std::int64_t proposal_id);

// The organisation's published solutions, by title: (id, title).
std::vector<std::pair<std::int64_t, std::string>> published_solutions(db::Connection& c, std::int64_t organisation_id);

}  // namespace samskap::needs::proposal_store
