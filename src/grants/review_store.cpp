#include "grants/review_store.hpp"

#include <algorithm>
#include <map>

#include "grants/after_store.hpp"

namespace samskap::grants::store {

namespace {
// Applies to every query that reads an application's details or scores for a reader.
constexpr const char* kNoConflict =
    "NOT EXISTS (SELECT 1 FROM grant_reviewers x WHERE x.application_id = ? AND x.user_id = ? AND x.impartial = 0)";
}  // namespace

// ---- the audit log ----

void record_transition(db::Connection& c, std::int64_t application_id, const std::string& from, const std::string& to,
                       const std::string& note, std::int64_t user_id, const std::string& now) {
  c.exec("INSERT INTO grant_audit (application_id, from_status, to_status, note, actor_id, actor_name, created_at) "
         "VALUES (?, ?, ?, ?, ?, COALESCE((SELECT name FROM users WHERE id = ?), ''), ?)",
         {application_id, from, to, note, user_id, user_id, now});
}

bool change_stage(db::Connection& c, std::int64_t application_id, const std::string& from, const std::string& to,
                  const std::string& note, std::int64_t user_id, const std::string& now) {
  if (c.exec("UPDATE grant_applications SET stage = ?, updated_at = ? WHERE id = ? AND stage = ?",
             {to, now, application_id, from}) == 0)
    return false;
  record_transition(c, application_id, from, to, note, user_id, now);
  return true;
}

std::vector<AuditEntry> audit_of(db::Connection& c, std::int64_t application_id) {
  std::vector<AuditEntry> out;
  c.each("SELECT from_status, to_status, note, actor_name, created_at FROM grant_audit WHERE application_id = ? "
         "ORDER BY id",
         {application_id},
         [&](const db::Row& r) { out.push_back({r.str(0), r.str(1), r.str(2), r.str(3), r.str(4)}); });
  return out;
}

// ---- reviewers ----

bool has_conflict(db::Connection& c, std::int64_t application_id, std::int64_t user_id) {
  return c.scalar_int("SELECT COUNT(*) FROM grant_reviewers WHERE application_id = ? AND user_id = ? AND impartial = 0",
                      {application_id, user_id})
             .value_or(0) > 0;
}

namespace {
constexpr const char* kReviewerSelect =
    "SELECT r.user_id, u.name, u.email, r.impartial, r.conflict_note, r.assigned_at, r.declared_at "
    "FROM grant_reviewers r JOIN users u ON u.id = r.user_id ";
Reviewer reviewer_from(const db::Row& r) {
  Reviewer x;
  x.user_id = r.integer(0);
  x.name = r.str(1);
  x.email = r.str(2);
  if (auto i = r.opt_integer(3)) x.impartial = *i != 0;
  x.conflict_note = r.str(4);
  x.assigned_at = r.str(5);
  x.declared_at = r.opt_text(6);
  return x;
}
}  // namespace

std::vector<Reviewer> reviewers_of(db::Connection& c, std::int64_t application_id) {
  std::vector<Reviewer> out;
  c.each(std::string(kReviewerSelect) + "WHERE r.application_id = ? ORDER BY r.assigned_at, r.user_id",
         {application_id}, [&](const db::Row& r) { out.push_back(reviewer_from(r)); });
  return out;
}

std::optional<Reviewer> reviewer(db::Connection& c, std::int64_t application_id, std::int64_t user_id) {
  std::optional<Reviewer> out;
  c.one(std::string(kReviewerSelect) + "WHERE r.application_id = ? AND r.user_id = ?", {application_id, user_id},
        [&](const db::Row& r) { out = reviewer_from(r); });
  return out;
}

bool assign_reviewer(db::Connection& c, std::int64_t application_id, std::int64_t user_id, std::int64_t by,
                     const std::string& now) {
  return c.exec("INSERT INTO grant_reviewers (application_id, user_id, assigned_by, assigned_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT DO NOTHING",
                {application_id, user_id, by, now}) > 0;
}

bool declare(db::Connection& c, std::int64_t application_id, std::int64_t user_id, bool impartial,
             const std::string& note, const std::string& now) {
  return c.exec("UPDATE grant_reviewers SET impartial = ?, conflict_note = ?, declared_at = ? "
                "WHERE application_id = ? AND user_id = ? AND impartial IS NULL",
                {impartial, impartial ? std::string() : note, now, application_id, user_id}) > 0;
}

std::vector<ReviewAssignment> assignments_of(db::Connection& c, std::int64_t user_id, std::int64_t limit) {
  std::vector<ReviewAssignment> out;
  c.each("SELECT a.id, a.title, o.name, k.title, a.stage, r.impartial, r.assigned_at FROM grant_reviewers r "
         "JOIN grant_applications a ON a.id = r.application_id JOIN organisations o ON o.id = a.organisation_id "
         "JOIN grant_calls k ON k.id = a.call_id WHERE r.user_id = ? ORDER BY r.assigned_at DESC, a.id DESC LIMIT ?",
         {user_id, limit}, [&](const db::Row& r) {
           ReviewAssignment x;
           x.application_id = r.integer(0);
           x.title = r.str(1);
           x.organisation_name = r.str(2);
           x.call_title = r.str(3);
           x.stage = r.str(4);
           if (auto i = r.opt_integer(5)) x.impartial = *i != 0;
           x.assigned_at = r.str(6);
           out.push_back(std::move(x));
         });
  return out;
}

// ---- scores ----

int save_scores(db::Connection& c, std::int64_t application_id, std::int64_t user_id,
                const std::vector<ScoreInput>& scores, const std::string& now) {
  // The reviewer must have declared impartiality and the application must still be in review;
  // the score's reference to (application, reviewer, impartial = 1) refuses anything else too.
  auto allowed = c.scalar_int(
      "SELECT COUNT(*) FROM grant_reviewers r JOIN grant_applications a ON a.id = r.application_id "
      "WHERE r.application_id = ? AND r.user_id = ? AND r.impartial = 1 AND a.stage IN ('submitted', 'under_review')",
      {application_id, user_id});
  if (allowed.value_or(0) == 0) return 0;
  int saved = 0;
  for (auto& s : scores)
    saved += static_cast<int>(
        c.exec("INSERT INTO grant_scores (application_id, user_id, priority_key, score, comment, scored_at) "
               "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (application_id, user_id, priority_key) DO UPDATE SET "
               "score = excluded.score, comment = excluded.comment, scored_at = excluded.scored_at",
               {application_id, user_id, s.priority_key, s.score, s.comment, now}));
  return saved;
}

std::vector<ScoreRow> scores_for(db::Connection& c, std::int64_t application_id, std::int64_t reader, bool only_own) {
  std::vector<ScoreRow> out;
  c.each(std::string("SELECT s.user_id, u.name, s.priority_key, s.score, s.comment FROM grant_scores s "
                     "JOIN users u ON u.id = s.user_id WHERE s.application_id = ? AND (? = 0 OR s.user_id = ?) AND ") +
             kNoConflict + " ORDER BY u.name, s.user_id, s.priority_key",
         {application_id, only_own, reader, application_id, reader}, [&](const db::Row& r) {
           out.push_back({r.integer(0), r.str(1), r.str(2), static_cast<int>(r.integer(3)), r.str(4)});
         });
  return out;
}

// ---- decisions and the pot ----

std::optional<Decision> decision_of(db::Connection& c, std::int64_t application_id) {
  std::optional<Decision> out;
  c.one("SELECT application_id, outcome, amount, period_from, period_to, conditions, reason, pot_year, "
        "decided_by_name, decided_at FROM grant_decisions WHERE application_id = ?",
        {application_id}, [&](const db::Row& r) {
          Decision d;
          d.application_id = r.integer(0);
          d.outcome = r.str(1);
          d.amount = r.opt_integer(2);
          d.period_from = r.str(3);
          d.period_to = r.str(4);
          d.conditions = r.str(5);
          d.reason = r.str(6);
          d.pot_year = static_cast<int>(r.integer(7));
          d.decided_by_name = r.str(8);
          d.decided_at = r.str(9);
          out = std::move(d);
        });
  return out;
}

std::int64_t remaining_pot(db::Connection& c, std::int64_t scheme_id, int year) {
  return c.scalar_int("SELECT s.annual_pot - COALESCE((SELECT SUM(d.amount) FROM grant_decisions d "
                      "JOIN grant_applications a ON a.id = d.application_id JOIN grant_calls k ON k.id = a.call_id "
                      "WHERE k.scheme_id = s.id AND d.pot_year = ? AND d.outcome = 'granted'), 0) "
                      "FROM grant_schemes s WHERE s.id = ?",
                      {year, scheme_id})
      .value_or(0);
}

DecideResult decide(db::Connection& c, std::int64_t scheme_id, const Decision& d, std::int64_t user_id,
                    const std::string& now) {
  // Takes the scheme's row lock (PostgreSQL; SQLite's write transaction is exclusive already), so
  // decisions on the same pot are checked and recorded one after the other.
  c.exec("UPDATE grant_schemes SET updated_at = updated_at WHERE id = ?", {scheme_id});
  auto stage = c.scalar_text("SELECT stage FROM grant_applications WHERE id = ?", {d.application_id});
  if (!stage || (*stage != "submitted" && *stage != "under_review")) return DecideResult::not_open;
  if (d.outcome == "granted") {
    const auto amount = d.amount.value_or(0);
    auto requested = c.scalar_int("SELECT COALESCE(SUM(amount), 0) FROM grant_financing_lines "
                                  "WHERE application_id = ? AND source = 'scheme'",
                                  {d.application_id})
                         .value_or(0);
    if (amount > requested) return DecideResult::over_requested;
    if (amount > remaining_pot(c, scheme_id, d.pot_year)) return DecideResult::over_pot;
  }
  c.exec("INSERT INTO grant_decisions (application_id, outcome, amount, period_from, period_to, conditions, reason, "
         "pot_year, decided_by, decided_by_name, decided_at) "
         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, COALESCE((SELECT name FROM users WHERE id = ?), ''), ?)",
         {d.application_id, d.outcome, d.outcome == "granted" ? d.amount : std::nullopt, d.period_from, d.period_to,
          d.conditions, d.reason, d.pot_year, user_id, user_id, now});
  if (!change_stage(c, d.application_id, *stage, d.outcome, d.outcome == "granted" ? d.conditions : d.reason, user_id,
                    now))
    return DecideResult::not_open;
  if (d.outcome == "granted") create_report_schedule(c, d.application_id);
  return DecideResult::ok;
}

std::vector<RankRow> ranking(db::Connection& c, std::int64_t call_id, const std::vector<Priority>& priorities,
                             std::int64_t reader) {
  std::vector<RankRow> rows;
  c.each("SELECT a.id, a.title, o.name, a.stage, (SELECT COALESCE(SUM(f.amount), 0) FROM grant_financing_lines f "
         "WHERE f.application_id = a.id AND f.source = 'scheme'), d.amount, "
         "(SELECT COUNT(*) FROM grant_reviewers x WHERE x.application_id = a.id AND x.user_id = ? AND x.impartial = 0) "
         "FROM grant_applications a JOIN organisations o ON o.id = a.organisation_id "
         "LEFT JOIN grant_decisions d ON d.application_id = a.id "
         "WHERE a.call_id = ? AND a.status = 'submitted' ORDER BY a.submitted_at, a.id",
         {reader, call_id}, [&](const db::Row& r) {
           RankRow x;
           x.id = r.integer(0);
           x.title = r.str(1);
           x.organisation_name = r.str(2);
           x.stage = r.str(3);
           x.requested = r.integer(4);
           x.granted = r.opt_integer(5);
           x.conflict = r.integer(6) > 0;
           rows.push_back(std::move(x));
         });
  std::map<std::int64_t, std::vector<ScoreEntry>> scores;
  c.each("SELECT s.application_id, s.user_id, s.priority_key, s.score FROM grant_scores s "
         "JOIN grant_applications a ON a.id = s.application_id WHERE a.call_id = ? AND NOT EXISTS "
         "(SELECT 1 FROM grant_reviewers x WHERE x.application_id = s.application_id AND x.user_id = ? "
         "AND x.impartial = 0)",
         {call_id, reader}, [&](const db::Row& r) {
           scores[r.integer(0)].push_back({r.integer(1), r.str(2), static_cast<int>(r.integer(3))});
         });
  for (auto& x : rows)
    if (!x.conflict) x.total = weighted_total(priorities, scores[x.id]);
  std::stable_sort(rows.begin(), rows.end(), [](const RankRow& a, const RankRow& b) { return ranks_above(a.total, b.total); });
  return rows;
}

// ---- coordination ----

std::optional<std::string> scheme_service_area(db::Connection& c, std::int64_t scheme_id) {
  return c.scalar_text("SELECT service_area FROM grant_schemes WHERE id = ? AND service_area IS NOT NULL", {scheme_id});
}

void set_scheme_service_area(db::Connection& c, std::int64_t scheme_id, const std::optional<std::string>& slug) {
  c.exec("UPDATE grant_schemes SET service_area = ? WHERE id = ?", {slug, scheme_id});
}

std::vector<Recipient> grant_recipients(db::Connection& c, const std::string& municipality_number,
                                        const std::optional<std::string>& service_area) {
  std::vector<Recipient> out;
  c.each("SELECT o.email, o.name FROM organisations o WHERE o.kind = 'nav_office' AND o.email <> '' "
         "AND o.status <> 'deactivated' AND o.merged_into IS NULL AND (o.municipality_number = ? OR EXISTS "
         "(SELECT 1 FROM organisation_municipalities m WHERE m.organisation_id = o.id AND m.municipality_number = ?)) "
         // A role without a municipality covers every municipality its organisation serves.
         "UNION SELECT p.email, p.name FROM people p JOIN contact_roles r ON r.person_id = p.id "
         "JOIN organisations o ON o.id = p.organisation_id WHERE p.email <> '' AND o.status <> 'deactivated' "
         "AND o.merged_into IS NULL AND (r.municipality_number = ? OR (r.municipality_number IS NULL AND "
         "(o.municipality_number = ? OR EXISTS (SELECT 1 FROM organisation_municipalities m WHERE "
         "m.organisation_id = o.id AND m.municipality_number = ?)))) "
         "AND (r.service_area = ? OR (? = '' AND o.kind = 'nav_office')) ORDER BY 1",
         {municipality_number, municipality_number, municipality_number, municipality_number, municipality_number,
          service_area.value_or(""), service_area.value_or("")},
         [&](const db::Row& r) {
           auto email = r.str(0);
           if (out.empty() || out.back().email != email) out.push_back({email, r.str(1)});
         });
  return out;
}

std::vector<PublicGrant> grants_in_municipality(db::Connection& c, const std::string& municipality_number,
                                                std::int64_t limit) {
  std::vector<PublicGrant> out;
  c.each("SELECT a.id, a.title, o.name, s.name, o.id, d.amount, d.decided_at FROM grant_decisions d "
         "JOIN grant_applications a ON a.id = d.application_id JOIN organisations o ON o.id = a.organisation_id "
         "JOIN grant_calls k ON k.id = a.call_id JOIN grant_schemes s ON s.id = k.scheme_id "
         "WHERE d.outcome = 'granted' AND a.confidential = 0 AND o.municipality_number = ? "
         "ORDER BY d.decided_at DESC, a.id DESC LIMIT ?",
         {municipality_number, limit}, [&](const db::Row& r) {
           out.push_back({r.integer(0), r.str(1), r.str(2), r.str(3), r.integer(4), r.opt_integer(5).value_or(0), r.str(6)});
         });
  return out;
}

}  // namespace samskap::grants::store
