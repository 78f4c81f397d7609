#include "grants/after_store.hpp"

#include <nlohmann/json.hpp>

#include "grants/report_rules.hpp"
#include "grants/review_store.hpp"
#include "grants/store.hpp"

namespace samskap::grants::store {

// ---- the commitment and its payments ----

std::optional<std::int64_t> commitment_of(db::Connection& c, std::int64_t application_id) {
  return c.scalar_int("SELECT amount FROM grant_decisions WHERE application_id = ? AND outcome = 'granted'",
                      {application_id});
}

namespace {
constexpr const char* kPaymentSelect =
    "SELECT id, amount, planned_on, paid_on, recorded_by_name, created_at FROM grant_payments ";
Payment payment_from(const db::Row& r) {
  Payment p;
  p.id = r.integer(0);
  p.amount = r.integer(1);
  p.planned_on = r.opt_text(2);
  p.paid_on = r.opt_text(3);
  p.recorded_by_name = r.str(4);
  p.created_at = r.str(5);
  return p;
}
}  // namespace

std::vector<Payment> payments_of(db::Connection& c, std::int64_t application_id) {
  std::vector<Payment> out;
  c.each(std::string(kPaymentSelect) + "WHERE application_id = ? ORDER BY COALESCE(paid_on, planned_on), id",
         {application_id}, [&](const db::Row& r) { out.push_back(payment_from(r)); });
  return out;
}

std::optional<Payment> payment(db::Connection& c, std::int64_t application_id, std::int64_t payment_id) {
  std::optional<Payment> out;
  c.one(std::string(kPaymentSelect) + "WHERE application_id = ? AND id = ?", {application_id, payment_id},
        [&](const db::Row& r) { out = payment_from(r); });
  return out;
}

PaymentSums payment_sums(db::Connection& c, std::int64_t application_id) {
  PaymentSums s;
  c.one("SELECT COALESCE(SUM(CASE WHEN paid_on IS NULL THEN amount ELSE 0 END), 0), "
        "COALESCE(SUM(CASE WHEN paid_on IS NULL THEN 0 ELSE amount END), 0) FROM grant_payments WHERE application_id = ?",
        {application_id}, [&](const db::Row& r) {
          s.planned = r.integer(0);
          s.paid = r.integer(1);
        });
  return s;
}

PaymentResult add_payment(db::Connection& c, std::int64_t application_id, std::int64_t amount,
                          const std::optional<std::string>& planned_on, const std::optional<std::string>& paid_on,
                          const std::string& audit_note, std::int64_t user_id, const std::string& now) {
  // Locks the decision's row (PostgreSQL), so payments on one commitment are checked one at a time.
  if (c.exec("UPDATE grant_decisions SET amount = amount WHERE application_id = ? AND outcome = 'granted'",
             {application_id}) == 0)
    return PaymentResult::not_granted;
  auto commitment = commitment_of(c, application_id);
  if (!commitment) return PaymentResult::not_granted;
  if (amount <= 0 || payment_sums(c, application_id).total() + amount > *commitment)
    return PaymentResult::over_commitment;
  c.exec("INSERT INTO grant_payments (application_id, amount, planned_on, paid_on, recorded_by, recorded_by_name, "
         "created_at, updated_at) VALUES (?, ?, ?, ?, ?, COALESCE((SELECT name FROM users WHERE id = ?), ''), ?, ?)",
         {application_id, amount, planned_on, paid_on, user_id, user_id, now, now});
  record_transition(c, application_id, "granted", "granted", audit_note, user_id, now);
  return PaymentResult::ok;
}

PaymentResult mark_paid(db::Connection& c, std::int64_t application_id, std::int64_t payment_id,
                        const std::string& paid_on, const std::string& audit_note, std::int64_t user_id,
                        const std::string& now) {
  if (c.exec("UPDATE grant_payments SET paid_on = ?, updated_at = ? WHERE id = ? AND application_id = ? AND paid_on IS NULL",
             {paid_on, now, payment_id, application_id}) == 0)
    return PaymentResult::not_found;
  record_transition(c, application_id, "granted", "granted", audit_note, user_id, now);
  return PaymentResult::ok;
}

// ---- reports ----

int create_report_schedule(db::Connection& c, std::int64_t application_id) {
  std::optional<std::int64_t> rule_set_id;
  std::string from, to;
  c.one("SELECT a.rule_set_id, d.period_from, d.period_to FROM grant_decisions d "
        "JOIN grant_applications a ON a.id = d.application_id WHERE d.application_id = ? AND d.outcome = 'granted'",
        {application_id}, [&](const db::Row& r) {
          rule_set_id = r.integer(0);
          from = r.str(1);
          to = r.str(2);
        });
  if (!rule_set_id) return 0;
  auto rules = rule_set(c, *rule_set_id);
  const ReportRule rule = rules ? rules->reports : ReportRule{};
  int created = 0;
  for (auto& due : report_schedule(rule, from, to))
    created += static_cast<int>(
        c.exec("INSERT INTO grant_reports (application_id, kind, year, due_on, reminder_days) VALUES (?, ?, ?, ?, ?) "
               "ON CONFLICT (application_id, kind, year) DO NOTHING",
               {application_id, due.kind, due.year, due.due_on, rule.reminder_days}));
  return created;
}

std::vector<std::int64_t> grants_without_reports(db::Connection& c, int limit) {
  std::vector<std::int64_t> out;
  c.each("SELECT d.application_id FROM grant_decisions d WHERE d.outcome = 'granted' AND NOT EXISTS "
         "(SELECT 1 FROM grant_reports r WHERE r.application_id = d.application_id) ORDER BY d.application_id LIMIT ?",
         {limit}, [&](const db::Row& r) { out.push_back(r.integer(0)); });
  return out;
}

namespace {
constexpr const char* kReportSelect =
    "SELECT id, application_id, kind, year, due_on, reminder_days, status, results, income, costs, report_text, "
    "updated_at, submitted_at FROM grant_reports ";
Report report_from(const db::Row& r) {
  Report x;
  x.id = r.integer(0);
  x.application_id = r.integer(1);
  x.kind = r.str(2);
  x.year = static_cast<int>(r.integer(3));
  x.due_on = r.str(4);
  x.reminder_days = static_cast<int>(r.integer(5));
  x.status = r.str(6);
  auto j = nlohmann::json::parse(r.str(7), nullptr, false);
  if (j.is_array())
    for (auto& e : j)
      if (e.is_object()) x.results.push_back({e.value("criterion", std::int64_t{0}), e.value("reached", std::string())});
  x.income = r.opt_integer(8);
  x.costs = r.opt_integer(9);
  x.text = r.str(10);
  x.updated_at = r.opt_text(11);
  x.submitted_at = r.opt_text(12);
  return x;
}
}  // namespace

std::vector<Report> reports_of(db::Connection& c, std::int64_t application_id) {
  std::vector<Report> out;
  c.each(std::string(kReportSelect) + "WHERE application_id = ? ORDER BY due_on, id", {application_id},
         [&](const db::Row& r) { out.push_back(report_from(r)); });
  return out;
}

std::optional<Report> report(db::Connection& c, std::int64_t application_id, std::int64_t report_id) {
  std::optional<Report> out;
  c.one(std::string(kReportSelect) + "WHERE application_id = ? AND id = ?", {application_id, report_id},
        [&](const db::Row& r) { out = report_from(r); });
  return out;
}

bool save_report(db::Connection& c, const Report& r, bool submit, std::int64_t user_id, const std::string& now) {
  nlohmann::json results = nlohmann::json::array();
  for (auto& x : r.results) results.push_back({{"criterion", x.criterion}, {"reached", x.reached}});
  return c.exec("UPDATE grant_reports SET status = ?, results = ?, income = ?, costs = ?, report_text = ?, "
                "updated_by = ?, updated_at = ?, submitted_by = ?, submitted_at = ? "
                "WHERE id = ? AND application_id = ? AND status <> 'submitted'",
                {submit ? "submitted" : "draft", results.dump(), r.income, r.costs, r.text, user_id, now,
                 submit ? std::optional<std::int64_t>(user_id) : std::nullopt,
                 submit ? std::optional<std::string>(now) : std::nullopt, r.id, r.application_id}) > 0;
}

namespace {
constexpr const char* kOverdueSelect =
    "SELECT r.id, r.application_id, r.kind, r.year, r.due_on, a.title, o.name FROM grant_reports r "
    "JOIN grant_applications a ON a.id = r.application_id JOIN organisations o ON o.id = a.organisation_id ";
OverdueReport overdue_from(const db::Row& r) {
  return {r.integer(0), r.integer(1), r.str(2), static_cast<int>(r.integer(3)), r.str(4), r.str(5), r.str(6)};
}
}  // namespace

std::vector<OverdueReport> overdue_reports_of_user(db::Connection& c, std::int64_t user_id, const std::string& today,
                                                   int limit) {
  std::vector<OverdueReport> out;
  c.each(std::string(kOverdueSelect) +
             "WHERE r.status <> 'submitted' AND r.due_on < ? AND EXISTS (SELECT 1 FROM memberships m "
             "WHERE m.organisation_id = a.organisation_id AND m.user_id = ?) ORDER BY r.due_on, r.id LIMIT ?",
         {today, user_id, limit}, [&](const db::Row& r) { out.push_back(overdue_from(r)); });
  return out;
}

std::vector<OverdueReport> overdue_reports_of_scheme(db::Connection& c, std::int64_t scheme_id,
                                                     const std::string& today, int limit) {
  std::vector<OverdueReport> out;
  c.each(std::string(kOverdueSelect) +
             "JOIN grant_calls k ON k.id = a.call_id WHERE k.scheme_id = ? AND r.status <> 'submitted' "
             "AND r.due_on < ? ORDER BY r.due_on, r.id LIMIT ?",
         {scheme_id, today, limit}, [&](const db::Row& r) { out.push_back(overdue_from(r)); });
  return out;
}

std::vector<ReminderCandidate> reports_due_between(db::Connection& c, const std::string& today,
                                                   const std::string& until, int limit) {
  std::vector<ReminderCandidate> out;
  c.each("SELECT id, application_id, due_on, reminder_days FROM grant_reports "
         "WHERE status <> 'submitted' AND due_on >= ? AND due_on <= ? ORDER BY due_on, id LIMIT ?",
         {today, until, limit}, [&](const db::Row& r) {
           out.push_back({r.integer(0), r.integer(1), r.str(2), static_cast<int>(r.integer(3))});
         });
  return out;
}

// ---- the owner's overview ----

std::vector<CallStageCount> stage_counts(db::Connection& c, std::int64_t scheme_id) {
  std::vector<CallStageCount> out;
  c.each("SELECT k.opens_at, a.stage, COUNT(*) FROM grant_applications a JOIN grant_calls k ON k.id = a.call_id "
         "WHERE k.scheme_id = ? AND a.status = 'submitted' GROUP BY k.id, k.opens_at, a.stage ORDER BY k.opens_at",
         {scheme_id}, [&](const db::Row& r) { out.push_back({r.str(0), r.str(1), r.integer(2)}); });
  return out;
}

std::vector<YearMoney> money_per_year(db::Connection& c, std::int64_t scheme_id) {
  std::vector<YearMoney> out;
  c.each("SELECT d.pot_year, SUM(d.amount), COALESCE(SUM(p.paid), 0) FROM grant_decisions d "
         "JOIN grant_applications a ON a.id = d.application_id JOIN grant_calls k ON k.id = a.call_id "
         "LEFT JOIN (SELECT application_id, SUM(amount) AS paid FROM grant_payments WHERE paid_on IS NOT NULL "
         "GROUP BY application_id) p ON p.application_id = d.application_id "
         "WHERE k.scheme_id = ? AND d.outcome = 'granted' GROUP BY d.pot_year ORDER BY d.pot_year DESC",
         {scheme_id}, [&](const db::Row& r) {
           out.push_back({static_cast<int>(r.integer(0)), r.integer(1), r.integer(2)});
         });
  return out;
}

std::vector<GrantRow> grants_of_scheme(db::Connection& c, std::int64_t scheme_id, const std::string& today,
                                       std::int64_t offset, std::int64_t limit, std::int64_t& total) {
  total = c.scalar_int("SELECT COUNT(*) FROM grant_decisions d JOIN grant_applications a ON a.id = d.application_id "
                       "JOIN grant_calls k ON k.id = a.call_id WHERE k.scheme_id = ? AND d.outcome = 'granted'",
                       {scheme_id})
              .value_or(0);
  std::vector<GrantRow> out;
  c.each("SELECT a.id, a.title, o.name, COALESCE(o.orgnr, ''), k.title, d.pot_year, d.amount, "
         "COALESCE(p.paid, 0), COALESCE(p.planned, 0), d.period_from, d.period_to, d.decided_at, "
         "(SELECT COUNT(*) FROM grant_reports r WHERE r.application_id = d.application_id AND r.status <> 'submitted' "
         "AND r.due_on < ?) "
         "FROM grant_decisions d JOIN grant_applications a ON a.id = d.application_id "
         "JOIN grant_calls k ON k.id = a.call_id JOIN organisations o ON o.id = a.organisation_id "
         "LEFT JOIN (SELECT application_id, SUM(CASE WHEN paid_on IS NULL THEN 0 ELSE amount END) AS paid, "
         "SUM(CASE WHEN paid_on IS NULL THEN amount ELSE 0 END) AS planned FROM grant_payments GROUP BY application_id) p "
         "ON p.application_id = d.application_id "
         "WHERE k.scheme_id = ? AND d.outcome = 'granted' ORDER BY d.pot_year DESC, d.decided_at DESC, a.id DESC "
         "LIMIT ? OFFSET ?",
         {today, scheme_id, limit, offset}, [&](const db::Row& r) {
           GrantRow g;
           g.application_id = r.integer(0);
           g.title = r.str(1);
           g.organisation_name = r.str(2);
           g.organisation_number = r.str(3);
           g.call_title = r.str(4);
           g.pot_year = static_cast<int>(r.integer(5));
           g.committed = r.integer(6);
           g.paid = r.integer(7);
           g.planned = r.integer(8);
           g.period_from = r.str(9);
           g.period_to = r.str(10);
           g.decided_at = r.str(11);
           g.overdue_reports = r.integer(12);
           out.push_back(std::move(g));
         });
  return out;
}

}  // namespace samskap::grants::store
