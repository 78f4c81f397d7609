#include "grants/store.hpp"

#include <algorithm>

#include "grants/review_store.hpp"

namespace samskap::grants::store {

namespace {

Scheme scheme_from(const db::Row& r, int col) {
  Scheme s;
  s.id = r.integer(col);
  s.organisation_id = r.integer(col + 1);
  s.organisation_name = r.str(col + 2);
  s.name = r.str(col + 3);
  s.purpose = r.str(col + 4);
  s.target_group = r.str(col + 5);
  s.annual_pot = r.integer(col + 6);
  s.created_at = r.str(col + 7);
  s.updated_at = r.str(col + 8);
  return s;
}
constexpr const char* kSchemeColumns =
    "s.id, s.organisation_id, o.name, s.name, s.purpose, s.target_group, s.annual_pot, s.created_at, s.updated_at";

RuleSet rule_set_from(const db::Row& r) {
  RuleSet x;
  x.id = r.integer(0);
  x.valid_from = r.str(1);
  x.max_months = static_cast<int>(r.integer(2));
  x.cooperation_agreement_required = r.integer(3) != 0;
  x.min_cofinancing_percent = static_cast<int>(r.integer(4));
  lists_from_json(x, r.text(5));
  return x;
}

// Marks the draft as changed now; false when it is not a draft (then nothing else may change).
bool touch_draft(db::Connection& c, std::int64_t id, const std::string& now) {
  return c.exec("UPDATE grant_applications SET updated_at = ? WHERE id = ? AND status = 'draft'", {now, id}) > 0;
}

ApplicationRow application_row(const db::Row& r) {
  ApplicationRow a;
  a.id = r.integer(0);
  a.title = r.str(1);
  a.status = r.str(2);
  a.organisation_id = r.integer(3);
  a.organisation_name = r.str(4);
  a.call_id = r.integer(5);
  a.call_title = r.str(6);
  a.closes_at = r.str(7);
  a.updated_at = r.str(8);
  a.submitted_at = r.opt_text(9);
  a.requested = r.integer(10);
  return a;
}
constexpr const char* kApplicationRowSelect =
    "SELECT a.id, a.title, a.stage, a.organisation_id, o.name, a.call_id, k.title, k.closes_at, a.updated_at, "
    "a.submitted_at, (SELECT COALESCE(SUM(f.amount), 0) FROM grant_financing_lines f WHERE f.application_id = a.id "
    "AND f.source = 'scheme') FROM grant_applications a JOIN organisations o ON o.id = a.organisation_id "
    "JOIN grant_calls k ON k.id = a.call_id ";

}  // namespace

// ---- schemes ----

std::int64_t create_scheme(db::Connection& c, const Scheme& s) {
  return c.insert_id(
      "INSERT INTO grant_schemes (organisation_id, name, purpose, target_group, annual_pot, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {s.organisation_id, s.name, s.purpose, s.target_group, s.annual_pot, s.created_at, s.updated_at});
}

std::optional<Scheme> find_scheme(db::Connection& c, std::int64_t id) {
  std::optional<Scheme> out;
  c.one(std::string("SELECT ") + kSchemeColumns +
            " FROM grant_schemes s JOIN organisations o ON o.id = s.organisation_id WHERE s.id = ?",
        {id}, [&](const db::Row& r) { out = scheme_from(r, 0); });
  return out;
}

std::int64_t add_rule_set(db::Connection& c, std::int64_t scheme_id, const RuleSet& r, const std::string& now) {
  return c.insert_id(
      "INSERT INTO grant_rule_sets (scheme_id, valid_from, max_months, cooperation_required, min_cofinancing_percent, "
      "lists, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {scheme_id, r.valid_from, r.max_months, r.cooperation_agreement_required, r.min_cofinancing_percent,
       lists_to_json(r), now});
}

std::vector<RuleSet> rule_sets_of(db::Connection& c, std::int64_t scheme_id) {
  std::vector<RuleSet> out;
  c.each("SELECT id, valid_from, max_months, cooperation_required, min_cofinancing_percent, lists "
         "FROM grant_rule_sets WHERE scheme_id = ? ORDER BY valid_from, id",
         {scheme_id}, [&](const db::Row& r) { out.push_back(rule_set_from(r)); });
  return out;
}

std::optional<RuleSet> rule_set(db::Connection& c, std::int64_t id) {
  std::optional<RuleSet> out;
  c.one("SELECT id, valid_from, max_months, cooperation_required, min_cofinancing_percent, lists "
        "FROM grant_rule_sets WHERE id = ?",
        {id}, [&](const db::Row& r) { out = rule_set_from(r); });
  return out;
}

// ---- calls ----

std::int64_t create_call(db::Connection& c, const Call& k) {
  auto id = c.insert_id(
      "INSERT INTO grant_calls (scheme_id, title, call_text, opens_at, closes_at, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {k.scheme_id, k.title, k.text, k.opens_at, k.closes_at, k.created_at, k.updated_at});
  for (auto need : k.need_ids)
    c.exec("INSERT INTO grant_call_needs (call_id, need_id) VALUES (?, ?) ON CONFLICT DO NOTHING", {id, need});
  return id;
}

std::vector<std::string> call_openings(db::Connection& c, std::int64_t scheme_id) {
  std::vector<std::string> out;
  c.each("SELECT opens_at FROM grant_calls WHERE scheme_id = ?", {scheme_id},
         [&](const db::Row& r) { out.push_back(r.str(0)); });
  return out;
}

std::optional<CallView> find_call(db::Connection& c, std::int64_t id) {
  std::optional<CallView> out;
  c.one(std::string("SELECT k.id, k.scheme_id, k.title, k.call_text, k.opens_at, k.closes_at, k.created_at, "
                    "k.updated_at, ") +
            kSchemeColumns +
            " FROM grant_calls k JOIN grant_schemes s ON s.id = k.scheme_id JOIN organisations o ON o.id = "
            "s.organisation_id WHERE k.id = ?",
        {id}, [&](const db::Row& r) {
          CallView v;
          v.call.id = r.integer(0);
          v.call.scheme_id = r.integer(1);
          v.call.title = r.str(2);
          v.call.text = r.str(3);
          v.call.opens_at = r.str(4);
          v.call.closes_at = r.str(5);
          v.call.created_at = r.str(6);
          v.call.updated_at = r.str(7);
          v.scheme = scheme_from(r, 8);
          out = std::move(v);
        });
  return out;
}

std::vector<std::pair<std::int64_t, std::string>> linked_needs(db::Connection& c, std::int64_t call_id) {
  std::vector<std::pair<std::int64_t, std::string>> out;
  c.each("SELECT n.id, n.title FROM grant_call_needs l JOIN needs n ON n.id = l.need_id "
         "WHERE l.call_id = ? AND n.status <> 'draft' ORDER BY n.id",
         {call_id}, [&](const db::Row& r) { out.emplace_back(r.integer(0), r.str(1)); });
  return out;
}

CallPage list_calls(db::Connection& c, const std::string& now, std::int64_t offset, std::int64_t limit) {
  CallPage page;
  // Ranks: 0 open, 1 upcoming, 2 closed; within each, the most pressing first.
  c.each("SELECT k.id, k.title, k.scheme_id, s.name, s.organisation_id, o.name, k.opens_at, k.closes_at, "
         "COUNT(*) OVER () FROM grant_calls k JOIN grant_schemes s ON s.id = k.scheme_id "
         "JOIN organisations o ON o.id = s.organisation_id "
         "ORDER BY CASE WHEN k.opens_at <= ? AND k.closes_at >= ? THEN 0 WHEN k.opens_at > ? THEN 1 ELSE 2 END, "
         "CASE WHEN k.closes_at >= ? THEN k.closes_at END, k.opens_at DESC, k.closes_at DESC, k.id DESC "
         "LIMIT ? OFFSET ?",
         {now, now, now, now, limit, offset}, [&](const db::Row& r) {
           CallRow row;
           row.id = r.integer(0);
           row.title = r.str(1);
           row.scheme_id = r.integer(2);
           row.scheme_name = r.str(3);
           row.organisation_id = r.integer(4);
           row.organisation_name = r.str(5);
           row.opens_at = r.str(6);
           row.closes_at = r.str(7);
           page.total = r.integer(8);
           page.rows.push_back(std::move(row));
         });
  if (page.rows.empty() && offset > 0) page.total = c.scalar_int("SELECT COUNT(*) FROM grant_calls").value_or(0);
  return page;
}

// ---- applications ----

std::optional<Head> head(db::Connection& c, std::int64_t id) {
  std::optional<Head> out;
  c.one("SELECT a.id, a.call_id, a.organisation_id, s.organisation_id, a.stage, a.title FROM grant_applications a "
        "JOIN grant_calls k ON k.id = a.call_id JOIN grant_schemes s ON s.id = k.scheme_id WHERE a.id = ?",
        {id}, [&](const db::Row& r) {
          out = Head{r.integer(0), r.integer(1), r.integer(2), r.integer(3), r.str(4), r.str(5)};
        });
  return out;
}

std::int64_t create_application(db::Connection& c, const Application& a) {
  return c.insert_id(
      "INSERT INTO grant_applications (call_id, rule_set_id, organisation_id, status, title, description, "
      "target_group, period_from, period_to, cooperation_agreement, created_by, created_at, updated_at) "
      "VALUES (?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {a.call_id, a.rule_set_id, a.organisation_id, a.title, a.description, a.target_group, a.period_from,
       a.period_to, a.cooperation_agreement, a.created_by, a.created_at, a.updated_at});
}

std::optional<Application> find_application(db::Connection& c, std::int64_t id, std::optional<std::int64_t> reader) {
  std::optional<Application> out;
  // A reader who declared a conflict of interest for the application gets nothing.
  c.one("SELECT a.id, a.call_id, a.rule_set_id, a.organisation_id, o.name, a.status, a.title, a.description, "
        "a.target_group, a.period_from, a.period_to, a.cooperation_agreement, a.created_by, a.submitted_by, "
        "a.created_at, a.updated_at, a.submitted_at, a.stage, a.confidential, a.confidential_reason "
        "FROM grant_applications a JOIN organisations o ON o.id = a.organisation_id WHERE a.id = ? AND NOT EXISTS "
        "(SELECT 1 FROM grant_reviewers x WHERE x.application_id = a.id AND x.user_id = ? AND x.impartial = 0)",
        {id, reader.value_or(0)}, [&](const db::Row& r) {
          Application a;
          a.id = r.integer(0);
          a.call_id = r.integer(1);
          a.rule_set_id = r.integer(2);
          a.organisation_id = r.integer(3);
          a.organisation_name = r.str(4);
          a.status = r.str(5);
          a.title = r.str(6);
          a.description = r.str(7);
          a.target_group = r.str(8);
          a.period_from = r.str(9);
          a.period_to = r.str(10);
          a.cooperation_agreement = r.integer(11) != 0;
          a.created_by = r.opt_integer(12);
          a.submitted_by = r.opt_integer(13);
          a.created_at = r.str(14);
          a.updated_at = r.str(15);
          a.submitted_at = r.opt_text(16);
          a.stage = r.str(17);
          a.confidential = r.integer(18) != 0;
          a.confidential_reason = r.str(19);
          out = std::move(a);
        });
  if (!out) return out;
  // Every list of the application in one round trip, each kind in its own order.
  c.each("SELECT 'r', position, description, indicator, baseline, target, 0, id FROM grant_application_results "
         "WHERE application_id = ? "
         "UNION ALL SELECT 'b', position, category, '', '', '', amount, year FROM grant_budget_lines WHERE application_id = ? "
         "UNION ALL SELECT 'f', position, source, description, '', '', amount, 0 FROM grant_financing_lines "
         "WHERE application_id = ? "
         "UNION ALL SELECT 'd', declared, rule_key, explanation, '', '', 0, 0 FROM grant_declarations WHERE application_id = ? "
         "UNION ALL SELECT 'm', 0, municipality_number, '', '', '', 0, 0 FROM grant_application_municipalities "
         "WHERE application_id = ? ORDER BY 1, 2, 3",
         {id, id, id, id, id}, [&](const db::Row& r) {
           auto what = r.text(0);
           if (what == "r") {
             common::Criterion k;
             k.position = static_cast<int>(r.integer(1));
             k.description = r.str(2);
             k.indicator = r.str(3);
             k.baseline = r.str(4);
             k.target = r.str(5);
             k.id = r.integer(7);
             out->results.push_back(std::move(k));
           } else if (what == "b") {
             out->budget.push_back({r.str(2), static_cast<int>(r.integer(7)), r.integer(6)});
           } else if (what == "f") {
             out->financing.push_back({r.str(2), r.str(3), r.integer(6)});
           } else if (what == "d") {
             out->declarations.push_back({r.str(2), r.integer(1) != 0, r.str(3)});
           } else {
             out->municipalities.push_back(r.str(2));
           }
         });
  return out;
}

bool save_project(db::Connection& c, const Application& a, const std::string& now) {
  if (c.exec("UPDATE grant_applications SET title = ?, description = ?, target_group = ?, period_from = ?, "
             "period_to = ?, updated_at = ? WHERE id = ? AND status = 'draft'",
             {a.title, a.description, a.target_group, a.period_from, a.period_to, now, a.id}) == 0)
    return false;
  c.exec("DELETE FROM grant_application_municipalities WHERE application_id = ?", {a.id});
  for (auto& m : a.municipalities)
    c.exec("INSERT INTO grant_application_municipalities (application_id, municipality_number) VALUES (?, ?) "
           "ON CONFLICT DO NOTHING",
           {a.id, m});
  return true;
}

bool save_results(db::Connection& c, std::int64_t id, const std::vector<common::Criterion>& results,
                  const std::string& now) {
  if (!touch_draft(c, id, now)) return false;
  c.exec("DELETE FROM grant_application_results WHERE application_id = ?", {id});
  int position = 1;
  for (auto& k : results)
    c.exec("INSERT INTO grant_application_results (application_id, position, description, indicator, baseline, target) "
           "VALUES (?, ?, ?, ?, ?, ?)",
           {id, position++, k.description, k.indicator, k.baseline, k.target});
  return true;
}

bool save_budget(db::Connection& c, std::int64_t id, const std::vector<BudgetLine>& budget,
                 const std::vector<FinancingLine>& financing, const std::string& now) {
  if (!touch_draft(c, id, now)) return false;
  c.exec("DELETE FROM grant_budget_lines WHERE application_id = ?", {id});
  c.exec("DELETE FROM grant_financing_lines WHERE application_id = ?", {id});
  int position = 1;
  for (auto& b : budget)
    c.exec("INSERT INTO grant_budget_lines (application_id, position, category, year, amount) VALUES (?, ?, ?, ?, ?)",
           {id, position++, b.category, b.year, b.amount});
  position = 1;
  for (auto& f : financing)
    c.exec("INSERT INTO grant_financing_lines (application_id, position, source, description, amount) "
           "VALUES (?, ?, ?, ?, ?)",
           {id, position++, f.source, f.description, f.amount});
  return true;
}

bool save_conditions(db::Connection& c, std::int64_t id, bool cooperation_agreement,
                     const std::vector<Declaration>& declarations, const std::string& now) {
  if (c.exec("UPDATE grant_applications SET cooperation_agreement = ?, updated_at = ? WHERE id = ? AND status = 'draft'",
             {cooperation_agreement, now, id}) == 0)
    return false;
  c.exec("DELETE FROM grant_declarations WHERE application_id = ?", {id});
  for (auto& d : declarations)
    c.exec("INSERT INTO grant_declarations (application_id, rule_key, declared, explanation) VALUES (?, ?, ?, ?)",
           {id, d.rule_key, d.declared, d.explanation});
  return true;
}

bool submit(db::Connection& c, std::int64_t id, std::int64_t user_id, const std::string& now) {
  if (c.exec("UPDATE grant_applications SET status = 'submitted', stage = 'submitted', submitted_at = ?, "
             "submitted_by = ?, updated_at = ? WHERE id = ? AND status = 'draft'",
             {now, user_id, now, id}) == 0)
    return false;
  record_transition(c, id, "draft", "submitted", "", user_id, now);
  return true;
}

bool save_confidentiality(db::Connection& c, std::int64_t id, bool confidential, const std::string& reason,
                          const std::string& now) {
  return c.exec("UPDATE grant_applications SET confidential = ?, confidential_reason = ?, updated_at = ? "
                "WHERE id = ? AND status = 'draft'",
                {confidential, confidential ? reason : std::string(), now, id}) > 0;
}

std::vector<ApplicationRow> applications_of_user(db::Connection& c, std::int64_t user_id, std::int64_t limit) {
  std::vector<ApplicationRow> out;
  c.each(std::string(kApplicationRowSelect) +
             "WHERE a.organisation_id IN (SELECT organisation_id FROM memberships WHERE user_id = ?) "
             "ORDER BY a.updated_at DESC, a.id DESC LIMIT ?",
         {user_id, limit}, [&](const db::Row& r) { out.push_back(application_row(r)); });
  return out;
}

std::vector<ApplicationRow> submitted_for_call(db::Connection& c, std::int64_t call_id, std::int64_t offset,
                                               std::int64_t limit, std::int64_t& total) {
  std::vector<ApplicationRow> out;
  c.each(std::string(kApplicationRowSelect) +
             "WHERE a.call_id = ? AND a.status = 'submitted' ORDER BY a.submitted_at, a.id LIMIT ? OFFSET ?",
         {call_id, limit, offset}, [&](const db::Row& r) { out.push_back(application_row(r)); });
  total = c.scalar_int("SELECT COUNT(*) FROM grant_applications WHERE call_id = ? AND status = 'submitted'", {call_id})
              .value_or(0);
  return out;
}

}  // namespace samskap::grants::store
