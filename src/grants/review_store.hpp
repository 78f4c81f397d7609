#pragma once
// All SQL of grant review and decisions: the audit log of status changes (append-only, refused
// by triggers on both engines), reviewers with their declaration of impartiality, scores, the
// ranked list of a call, decisions against the remaining pot, and who is told about a grant.
// A reviewer who declared a conflict is kept out in the queries themselves: the functions that
// read an application's details or scores take the reader and return nothing to such a reviewer.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "grants/scoring.hpp"
#include "platform/db/database.hpp"

namespace samskap::grants::store {

// ---- the audit log ----

// Records a status change by a user (the user's current name is kept with it).
void record_transition(db::Connection& c, std::int64_t application_id, const std::string& from, const std::string& to,
                       const std::string& note, std::int64_t user_id, const std::string& now);
// Moves the application from one stage to another and records it; false (nothing changed) when
// it was not at `from`.
bool change_stage(db::Connection& c, std::int64_t application_id, const std::string& from, const std::string& to,
                  const std::string& note, std::int64_t user_id, const std::string& now);

struct AuditEntry {
  std::string from, to, note, actor_name, at;
};
// Oldest first.
std::vector<AuditEntry> audit_of(db::Connection& c, std::int64_t application_id);

// ---- reviewers ----

// Whether the user declared a conflict of interest for the application.
bool has_conflict(db::Connection& c, std::int64_t application_id, std::int64_t user_id);

struct Reviewer {
  std::int64_t user_id = 0;
  std::string name, email;
  std::optional<bool> impartial;  // nullopt: not declared yet
  std::string conflict_note;
  std::string assigned_at;
  std::optional<std::string> declared_at;
};
std::vector<Reviewer> reviewers_of(db::Connection& c, std::int64_t application_id);
std::optional<Reviewer> reviewer(db::Connection& c, std::int64_t application_id, std::int64_t user_id);
// False when the user was already assigned.
bool assign_reviewer(db::Connection& c, std::int64_t application_id, std::int64_t user_id, std::int64_t by,
                     const std::string& now);
// Declared once; false when the reviewer is not assigned or has already declared.
bool declare(db::Connection& c, std::int64_t application_id, std::int64_t user_id, bool impartial,
             const std::string& note, const std::string& now);

struct ReviewAssignment {
  std::int64_t application_id = 0;
  std::string title, organisation_name, call_title, stage;
  std::optional<bool> impartial;
  std::string assigned_at;
};
// The applications a user is asked to review, newest first.
std::vector<ReviewAssignment> assignments_of(db::Connection& c, std::int64_t user_id, std::int64_t limit);

// ---- scores ----

struct ScoreInput {
  std::string priority_key;
  int score = 0;
  std::string comment;
};
// Saves (or replaces) the reviewer's scores. Only an assigned reviewer who declared impartiality
// may score, and only while the application is submitted or under review: the INSERT itself
// requires it. Returns how many scores were saved (0 when refused).
int save_scores(db::Connection& c, std::int64_t application_id, std::int64_t user_id,
                const std::vector<ScoreInput>& scores, const std::string& now);

struct ScoreRow {
  std::int64_t reviewer = 0;
  std::string reviewer_name;
  std::string priority_key;
  int score = 0;
  std::string comment;
};
// The scores of an application as `reader` may see them: all of them (only_own false) or only the
// reader's own; none at all when the reader declared a conflict for the application.
std::vector<ScoreRow> scores_for(db::Connection& c, std::int64_t application_id, std::int64_t reader, bool only_own);

// ---- decisions and the pot ----

struct Decision {
  std::int64_t application_id = 0;
  std::string outcome;  // granted | refused
  std::optional<std::int64_t> amount;  // øre
  std::string period_from, period_to, conditions, reason;
  int pot_year = 0;
  std::string decided_by_name, decided_at;
};
std::optional<Decision> decision_of(db::Connection& c, std::int64_t application_id);

// The pot of the scheme in a year minus what has been granted from it (øre).
std::int64_t remaining_pot(db::Connection& c, std::int64_t scheme_id, int year);

enum class DecideResult { ok, over_pot, over_requested, not_open };
// Records the decision and moves the application to granted/refused with an audit entry, all in
// the caller's (write) transaction. The scheme's row is updated first, which locks it on
// PostgreSQL (SQLite's write transaction is exclusive anyway), so decisions on the same pot are
// checked and recorded one after the other: the remaining pot and the requested amount read
// after the lock cannot change before the decision is written.
DecideResult decide(db::Connection& c, std::int64_t scheme_id, const Decision& d, std::int64_t user_id,
                    const std::string& now);

struct RankRow {
  std::int64_t id = 0;
  std::string title, organisation_name, stage;
  std::int64_t requested = 0;  // øre
  std::optional<std::int64_t> granted;
  bool conflict = false;  // the reader declared a conflict: no scores shown
  WeightedTotal total;
};
// A call's submitted applications with their weighted totals, best first (two queries: the rows,
// and every score of the call that the reader may see).
std::vector<RankRow> ranking(db::Connection& c, std::int64_t call_id, const std::vector<Priority>& priorities,
                             std::int64_t reader);

// ---- coordination ----

// The scheme's service area (who hears about its grants), when set.
std::optional<std::string> scheme_service_area(db::Connection& c, std::int64_t scheme_id);
void set_scheme_service_area(db::Connection& c, std::int64_t scheme_id, const std::optional<std::string>& slug);

struct Recipient {
  std::string email, name;
};
// NAV offices in the municipality and the contact people for the service area there, each address once.
std::vector<Recipient> grant_recipients(db::Connection& c, const std::string& municipality_number,
                                        const std::optional<std::string>& service_area);

struct PublicGrant {
  std::int64_t application_id = 0;
  std::string title, organisation_name, scheme_name;
  std::int64_t organisation_id = 0;
  std::int64_t amount = 0;
  std::string decided_at;
};
// Grants to organisations in the municipality that did not ask for confidentiality, newest first.
std::vector<PublicGrant> grants_in_municipality(db::Connection& c, const std::string& municipality_number,
                                                std::int64_t limit);

}  // namespace samskap::grants::store
