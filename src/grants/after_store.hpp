#pragma once
// All SQL of what happens after a grant: the commitment (tilsagn: the granted amount) with the
// payments planned and made against it, and the reports due on it.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "platform/db/database.hpp"

namespace samskap::grants::store {

// ---- the commitment and its payments ----

// The granted amount of a granted application (øre); nullopt when it was not granted.
std::optional<std::int64_t> commitment_of(db::Connection& c, std::int64_t application_id);

struct Payment {
  std::int64_t id = 0;
  std::int64_t amount = 0;  // øre
  std::optional<std::string> planned_on, paid_on;  // 'YYYY-MM-DD'
  std::string recorded_by_name, created_at;
};
// Oldest first.
std::vector<Payment> payments_of(db::Connection& c, std::int64_t application_id);

struct PaymentSums {
  std::int64_t planned = 0;  // planned and not yet paid
  std::int64_t paid = 0;
  std::int64_t total() const { return planned + paid; }
};
PaymentSums payment_sums(db::Connection& c, std::int64_t application_id);

enum class PaymentResult { ok, over_commitment, not_granted, not_found };
// Adds a planned payment (paid_on empty) or a payment made, in the caller's write transaction, and
// records it in the audit log. The decision's row is updated first, which locks it on PostgreSQL
// (SQLite's write transaction is exclusive anyway), so concurrent payments on one commitment are
// checked and written one after the other; the database's trigger refuses an excess as well.
PaymentResult add_payment(db::Connection& c, std::int64_t application_id, std::int64_t amount,
                          const std::optional<std::string>& planned_on, const std::optional<std::string>& paid_on,
                          const std::string& audit_note, std::int64_t user_id, const std::string& now);
// Marks a planned payment as paid on `paid_on` and records it in the audit log; not_found when
// there is no such unpaid payment of the application.
PaymentResult mark_paid(db::Connection& c, std::int64_t application_id, std::int64_t payment_id,
                        const std::string& paid_on, const std::string& audit_note, std::int64_t user_id,
                        const std::string& now);
std::optional<Payment> payment(db::Connection& c, std::int64_t application_id, std::int64_t payment_id);

// ---- reports ----

// Creates the reports due on a granted application from its rule set's report rule and the
// granted period, where not there already (in the caller's transaction). Returns how many were new.
int create_report_schedule(db::Connection& c, std::int64_t application_id);
// Granted applications that have no reports yet (decided before reports were scheduled), at most limit.
std::vector<std::int64_t> grants_without_reports(db::Connection& c, int limit);

struct ReachedResult {
  std::int64_t criterion = 0;
  std::string reached;
};
struct Report {
  std::int64_t id = 0;
  std::int64_t application_id = 0;
  std::string kind;  // annual | final
  int year = 0;
  std::string due_on;
  int reminder_days = 14;
  std::string status;  // due | draft | submitted
  std::vector<ReachedResult> results;
  std::optional<std::int64_t> income, costs;  // øre
  std::string text;
  std::optional<std::string> updated_at, submitted_at;
};
// By due date.
std::vector<Report> reports_of(db::Connection& c, std::int64_t application_id);
std::optional<Report> report(db::Connection& c, std::int64_t application_id, std::int64_t report_id);
// Saves a draft, or submits (submit = true); both only while the report is not submitted. False
// when it was submitted already (nothing changed).
bool save_report(db::Connection& c, const Report& r, bool submit, std::int64_t user_id, const std::string& now);

struct OverdueReport {
  std::int64_t report_id = 0, application_id = 0;
  std::string kind;
  int year = 0;
  std::string due_on, title, organisation_name;
};
// Reports not submitted whose due day is before `today` (Oslo "YYYY-MM-DD") on the applications of
// the user's organisations, or (scheme_id) on the scheme's grants; oldest due first, at most limit.
std::vector<OverdueReport> overdue_reports_of_user(db::Connection& c, std::int64_t user_id, const std::string& today,
                                                   int limit);
std::vector<OverdueReport> overdue_reports_of_scheme(db::Connection& c, std::int64_t scheme_id,
                                                     const std::string& today, int limit);

struct ReminderCandidate {
  std::int64_t report_id = 0, application_id = 0;
  std::string due_on;
  int reminder_days = 14;
};
// Reports not submitted whose due day is between `today` and `until` (Oslo days, inclusive).
std::vector<ReminderCandidate> reports_due_between(db::Connection& c, const std::string& today,
                                                   const std::string& until, int limit);

// ---- the owner's overview ----

struct CallStageCount {
  std::string opens_at;  // the call's opening (UTC), which tells its pot year
  std::string stage;
  std::int64_t count = 0;
};
// Submitted applications to the scheme's calls per call and stage (one query; drafts are never counted).
std::vector<CallStageCount> stage_counts(db::Connection& c, std::int64_t scheme_id);

struct YearMoney {
  int year = 0;
  std::int64_t committed = 0, paid = 0;  // øre, of grants from the year's pot
};
// Granted and paid per pot year (one query).
std::vector<YearMoney> money_per_year(db::Connection& c, std::int64_t scheme_id);

struct GrantRow {
  std::int64_t application_id = 0;
  std::string title, organisation_name, organisation_number, call_title;
  int pot_year = 0;
  std::int64_t committed = 0, paid = 0, planned = 0;  // øre
  std::string period_from, period_to, decided_at;
  std::int64_t overdue_reports = 0;
};
// The scheme's grants, newest pot year first (one query); total gets the number of grants.
std::vector<GrantRow> grants_of_scheme(db::Connection& c, std::int64_t scheme_id, const std::string& today,
                                       std::int64_t offset, std::int64_t limit, std::int64_t& total);

}  // namespace samskap::grants::store
