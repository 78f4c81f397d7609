#pragma once
// All SQL of grant schemes: schemes and their rule sets, calls with linked needs, applications
// with results, budget, financing and declarations. Only drafts are ever changed.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "grants/model.hpp"
#include "platform/db/database.hpp"

namespace samskap::grants::store {

// ---- schemes and rule sets ----

std::int64_t create_scheme(db::Connection& c, const Scheme& s);
std::optional<Scheme> find_scheme(db::Connection& c, std::int64_t id);
// Rule sets are only added; returns the new id.
std::int64_t add_rule_set(db::Connection& c, std::int64_t scheme_id, const RuleSet& r, const std::string& now);
std::vector<RuleSet> rule_sets_of(db::Connection& c, std::int64_t scheme_id);
std::optional<RuleSet> rule_set(db::Connection& c, std::int64_t id);

// ---- calls ----

std::int64_t create_call(db::Connection& c, const Call& call);
// When each of the scheme's calls opens (UTC timestamps), in no particular order.
std::vector<std::string> call_openings(db::Connection& c, std::int64_t scheme_id);

// A call with its scheme, for pages and access checks.
struct CallView {
  Call call;
  Scheme scheme;
};
std::optional<CallView> find_call(db::Connection& c, std::int64_t id);
// Published needs linked to the call: (id, title), in link order.
std::vector<std::pair<std::int64_t, std::string>> linked_needs(db::Connection& c, std::int64_t call_id);

struct CallRow {
  std::int64_t id = 0;
  std::string title;
  std::int64_t scheme_id = 0;
  std::string scheme_name;
  std::int64_t organisation_id = 0;
  std::string organisation_name;
  std::string opens_at, closes_at;
};
struct CallPage {
  std::vector<CallRow> rows;
  std::int64_t total = 0;
};
// Open calls first (closing soonest first), then upcoming (opening soonest), then closed
// (latest closed first); one query for the rows.
CallPage list_calls(db::Connection& c, const std::string& now, std::int64_t offset, std::int64_t limit);

// ---- applications ----

// What access checks need: the applicant, the status and the scheme's owner.
struct Head {
  std::int64_t id = 0;
  std::int64_t call_id = 0;
  std::int64_t organisation_id = 0;
  std::int64_t owner_id = 0;  // the scheme's organisation
  std::string status;  // the stage: draft, submitted, under_review, granted, refused
  std::string title;
};
std::optional<Head> head(db::Connection& c, std::int64_t id);

std::int64_t create_application(db::Connection& c, const Application& a);
// Nothing when `reader` (a user id) declared a conflict of interest for the application.
std::optional<Application> find_application(db::Connection& c, std::int64_t id,
                                            std::optional<std::int64_t> reader = std::nullopt);

// Each saves one step of a draft and returns false (changing nothing) when it is no longer a draft.
bool save_project(db::Connection& c, const Application& a, const std::string& now);
bool save_results(db::Connection& c, std::int64_t id, const std::vector<common::Criterion>& results,
                  const std::string& now);
bool save_budget(db::Connection& c, std::int64_t id, const std::vector<BudgetLine>& budget,
                 const std::vector<FinancingLine>& financing, const std::string& now);
bool save_conditions(db::Connection& c, std::int64_t id, bool cooperation_agreement,
                     const std::vector<Declaration>& declarations, const std::string& now);
// Whether the grant may be shown on the municipality page, with the applicant's reason; drafts only.
bool save_confidentiality(db::Connection& c, std::int64_t id, bool confidential, const std::string& reason,
                          const std::string& now);
// Draft → submitted, once, recorded in the audit log; false when it was not a draft.
bool submit(db::Connection& c, std::int64_t id, std::int64_t user_id, const std::string& now);

struct ApplicationRow {
  std::int64_t id = 0;
  std::string title;
  std::string status;
  std::int64_t organisation_id = 0;
  std::string organisation_name;
  std::int64_t call_id = 0;
  std::string call_title;
  std::string closes_at;
  std::string updated_at;
  std::optional<std::string> submitted_at;
  std::int64_t requested = 0;  // øre, the scheme's lines
};
// The applications of the organisations a user is a member of, newest first.
std::vector<ApplicationRow> applications_of_user(db::Connection& c, std::int64_t user_id, std::int64_t limit);
// A call's submitted applications, in order of submission.
std::vector<ApplicationRow> submitted_for_call(db::Connection& c, std::int64_t call_id, std::int64_t offset,
                                               std::int64_t limit, std::int64_t& total);

}  // namespace samskap::grants::store
