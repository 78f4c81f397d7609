#include "impact/plan_store.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <stdexcept>

#include "impact/plan_rules.hpp"
#include "impact/region.hpp"
#include "platform/core/clock.hpp"
#include "platform/db/binder.hpp"

namespace samskap::impact::store {

namespace {

constexpr const char* kIndicatorColumns =
    "i.id, i.organisation_id, COALESCE(o.name, ''), i.name, i.definition, i.numerator, i.denominator, i.level, "
    "i.unit, i.direction, i.catalogue_code, i.aggregate";
constexpr int kIndicatorColumnCount = 12;  // the columns of kIndicatorColumns; what follows them starts here
constexpr const char* kIndicatorFrom = " FROM impact_indicators i LEFT JOIN organisations o ON o.id = i.organisation_id ";
// Shared first, then results, outcomes, impacts, then by name.
constexpr const char* kIndicatorOrder =
    " ORDER BY CASE WHEN i.organisation_id IS NULL THEN 0 ELSE 1 END, "
    "CASE i.level WHEN 'resultat' THEN 0 WHEN 'virkning' THEN 1 ELSE 2 END, i.name, i.id";

Indicator indicator_from(const db::Row& r, int col = 0) {
  Indicator i;
  i.id = r.integer(col);
  i.organisation_id = r.opt_integer(col + 1);
  i.organisation_name = r.str(col + 2);
  i.name = r.str(col + 3);
  i.definition = r.str(col + 4);
  i.numerator = r.str(col + 5);
  i.denominator = r.str(col + 6);
  i.level = r.str(col + 7);
  i.unit = r.str(col + 8);
  i.direction = r.str(col + 9);
  i.catalogue_code = r.str(col + 10);
  i.aggregate = r.str(col + 11);
  return i;
}

constexpr const char* kPlanSelect =
    "SELECT p.id, p.organisation_id, o.name, p.title, p.project, p.scheme_id, COALESCE(s.name, ''), p.situation, "
    "p.goals, p.schedule, p.created_at, p.updated_at FROM impact_plans p JOIN organisations o ON o.id = "
    "p.organisation_id LEFT JOIN grant_schemes s ON s.id = p.scheme_id ";

Plan plan_from(const db::Row& r) {
  Plan p;
  p.id = r.integer(0);
  p.organisation_id = r.integer(1);
  p.organisation_name = r.str(2);
  p.title = r.str(3);
  p.project = r.str(4);
  p.scheme_id = r.opt_integer(5);
  p.scheme_name = r.str(6);
  p.situation = r.str(7);
  p.goals = r.str(8);
  p.schedule = r.str(9);
  p.created_at = r.str(10);
  p.updated_at = r.str(11);
  return p;
}

void touch(db::Connection& c, std::int64_t plan_id, const std::string& now) {
  c.exec("UPDATE impact_plans SET updated_at = ? WHERE id = ?", {now, plan_id});
}

constexpr const char* kFerdColumns =
    "f.organisation_id, o.name, f.year, f.high_contact, f.low_contact, f.success_criterion, f.success_percent, "
    "f.revenue, f.result, f.story, f.story_about_person, f.story_consent";

FerdYear ferd_from(const db::Row& r) {
  FerdYear f;
  f.organisation_id = r.integer(0);
  f.organisation_name = r.str(1);
  f.year = static_cast<int>(r.integer(2));
  f.high_contact = r.integer(3);
  f.low_contact = r.integer(4);
  f.success_criterion = r.str(5);
  f.success_percent = r.opt_integer(6);
  f.revenue = r.opt_integer(7);
  f.result = r.opt_integer(8);
  f.story = r.str(9);
  f.story_about_person = r.integer(10) != 0;
  f.story_consent = r.integer(11) != 0;
  return f;
}

}  // namespace

// ---- indicators ----

void sync_seed_indicators(db::Connection& c, const std::filesystem::path& file) {
  if (!std::filesystem::exists(file)) return;
  auto doc = toml::parse_file(file.string());
  const auto now = clock::now_iso();
  auto* list = doc["indicator"].as_array();
  if (!list) return;
  db::Transaction tx(c);
  for (auto& node : *list) {
    toml::node_view<const toml::node> v(node);
    Indicator i;
    auto key = v["key"].value_or(std::string());
    i.name = v["name"].value_or(std::string());
    i.definition = v["definition"].value_or(std::string());
    i.numerator = v["numerator"].value_or(std::string());
    i.denominator = v["denominator"].value_or(std::string());
    i.level = v["level"].value_or(std::string());
    i.unit = v["unit"].value_or(std::string());
    i.direction = v["direction"].value_or(std::string("up"));
    i.aggregate = v["aggregate"].value_or(std::string("sum"));
    i.catalogue_code = v["catalogue_code"].value_or(std::string());
    if (key.empty() || !validate_indicator(i).empty())
      throw std::runtime_error("content/impact/indicators.toml: ugyldig indikator «" + key + "»");
    if (c.scalar_int("SELECT id FROM impact_indicators WHERE seed_key = ?", {key})) continue;
    c.exec(
        "INSERT INTO impact_indicators (seed_key, name, definition, numerator, denominator, level, unit, direction, "
        "aggregate, catalogue_code, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {key, i.name, i.definition, i.numerator, i.denominator, i.level, i.unit, i.direction, i.aggregate,
         i.catalogue_code, now, now});
  }
  tx.commit();
}

IndicatorList list_indicators(db::Connection& c, const std::string& level, std::int64_t offset, std::int64_t limit) {
  IndicatorList out;
  std::string sql = std::string("SELECT ") + kIndicatorColumns + ", COUNT(*) OVER ()" + kIndicatorFrom;
  db::Binder b;
  if (!level.empty()) {
    sql += "WHERE i.level = ? ";
    b.text(level);
  }
  sql += kIndicatorOrder;
  sql += " LIMIT ? OFFSET ?";
  b.integer(limit);
  b.integer(offset);
  c.run(sql, b.params(), [&](const db::Row& r) {
    out.rows.push_back(indicator_from(r));
    out.total = r.integer(kIndicatorColumnCount);
  });
  if (out.rows.empty() && offset > 0) {
    db::Binder cb;
    std::string count = "SELECT COUNT(*) FROM impact_indicators i ";
    if (!level.empty()) {
      count += "WHERE i.level = ?";
      cb.text(level);
    }
    c.run(count, cb.params(), [&](const db::Row& r) { out.total = r.integer(0); });
  }
  return out;
}

std::optional<Indicator> find_indicator(db::Connection& c, std::int64_t id) {
  std::optional<Indicator> out;
  c.one(std::string("SELECT ") + kIndicatorColumns + kIndicatorFrom + "WHERE i.id = ?", {id},
        [&](const db::Row& r) { out = indicator_from(r); });
  return out;
}

std::vector<Indicator> indicators_for(db::Connection& c, std::int64_t organisation_id) {
  std::vector<Indicator> out;
  c.each(std::string("SELECT ") + kIndicatorColumns + kIndicatorFrom +
             "WHERE i.organisation_id IS NULL OR i.organisation_id = ?" + kIndicatorOrder,
         {organisation_id}, [&](const db::Row& r) { out.push_back(indicator_from(r)); });
  return out;
}

std::vector<Indicator> shared_indicators(db::Connection& c) {
  std::vector<Indicator> out;
  c.each(std::string("SELECT ") + kIndicatorColumns + kIndicatorFrom + "WHERE i.organisation_id IS NULL" +
             kIndicatorOrder,
         {}, [&](const db::Row& r) { out.push_back(indicator_from(r)); });
  return out;
}

std::int64_t create_indicator(db::Connection& c, const Indicator& i, std::optional<std::int64_t> user_id,
                              const std::string& now) {
  return c.insert_id(
      "INSERT INTO impact_indicators (organisation_id, name, definition, numerator, denominator, level, unit, "
      "direction, aggregate, catalogue_code, created_by, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {i.organisation_id, i.name, i.definition, i.numerator, i.denominator, i.level, i.unit, i.direction,
       i.aggregate, i.catalogue_code, user_id, now, now});
}

void update_indicator(db::Connection& c, const Indicator& i, const std::string& now) {
  c.exec(
      "UPDATE impact_indicators SET name = ?, definition = ?, numerator = ?, denominator = ?, level = ?, unit = ?, "
      "direction = ?, aggregate = ?, catalogue_code = ?, updated_at = ? WHERE id = ?",
      {i.name, i.definition, i.numerator, i.denominator, i.level, i.unit, i.direction, i.aggregate, i.catalogue_code,
       now, i.id});
  region::changed();  // the region view names the shared indicators and sums or averages them
}

// ---- programme requirements ----

std::vector<SchemeRequirements> schemes_with_requirements(db::Connection& c, std::int64_t offset, std::int64_t limit,
                                                          std::int64_t& total) {
  std::vector<SchemeRequirements> out;
  total = 0;
  c.each(
      "SELECT s.id, s.name, o.name, (SELECT COUNT(*) FROM impact_required_indicators q WHERE q.scheme_id = s.id), "
      "COUNT(*) OVER () FROM grant_schemes s JOIN organisations o ON o.id = s.organisation_id "
      "ORDER BY s.name, s.id LIMIT ? OFFSET ?",
      {limit, offset}, [&](const db::Row& r) {
        out.push_back({r.integer(0), r.str(1), r.str(2), r.integer(3)});
        total = r.integer(4);
      });
  if (out.empty()) total = c.scalar_int("SELECT COUNT(*) FROM grant_schemes").value_or(0);
  return out;
}

std::optional<SchemeRequirements> find_scheme(db::Connection& c, std::int64_t scheme_id) {
  std::optional<SchemeRequirements> out;
  c.one("SELECT s.id, s.name, o.name, (SELECT COUNT(*) FROM impact_required_indicators q WHERE q.scheme_id = s.id) "
        "FROM grant_schemes s JOIN organisations o ON o.id = s.organisation_id WHERE s.id = ?",
        {scheme_id}, [&](const db::Row& r) { out = SchemeRequirements{r.integer(0), r.str(1), r.str(2), r.integer(3)}; });
  return out;
}

std::vector<Indicator> required_of(db::Connection& c, std::int64_t scheme_id) {
  std::vector<Indicator> out;
  c.each(std::string("SELECT ") + kIndicatorColumns + kIndicatorFrom +
             "JOIN impact_required_indicators q ON q.indicator_id = i.id WHERE q.scheme_id = ?" + kIndicatorOrder,
         {scheme_id}, [&](const db::Row& r) { out.push_back(indicator_from(r)); });
  return out;
}

void set_required(db::Connection& c, std::int64_t scheme_id, const std::vector<std::int64_t>& indicator_ids) {
  c.exec("DELETE FROM impact_required_indicators WHERE scheme_id = ?", {scheme_id});
  for (auto id : indicator_ids)
    c.exec(
        "INSERT INTO impact_required_indicators (scheme_id, indicator_id) SELECT ?, id FROM impact_indicators "
        "WHERE id = ? AND organisation_id IS NULL ON CONFLICT DO NOTHING",
        {scheme_id, id});
}

std::vector<std::pair<std::int64_t, std::string>> scheme_options(db::Connection& c) {
  std::vector<std::pair<std::int64_t, std::string>> out;
  c.each("SELECT id, name FROM grant_schemes ORDER BY name, id", {},
         [&](const db::Row& r) { out.emplace_back(r.integer(0), r.str(1)); });
  return out;
}

// ---- plans ----

std::int64_t plan_count(db::Connection& c, std::int64_t organisation_id) {
  return c.scalar_int("SELECT COUNT(*) FROM impact_plans WHERE organisation_id = ?", {organisation_id}).value_or(0);
}

std::int64_t create_plan(db::Connection& c, const Plan& p, std::int64_t user_id, const std::string& now) {
  return c.insert_id(
      "INSERT INTO impact_plans (organisation_id, title, project, scheme_id, created_by, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {p.organisation_id, p.title, p.project, p.scheme_id, user_id, now, now});
}

std::optional<Plan> find_plan(db::Connection& c, std::int64_t id) {
  std::optional<Plan> out;
  c.one(std::string(kPlanSelect) + "WHERE p.id = ?", {id}, [&](const db::Row& r) { out = plan_from(r); });
  return out;
}

std::optional<PlanContents> load_plan(db::Connection& c, std::int64_t id) {
  auto plan = find_plan(c, id);
  if (!plan) return std::nullopt;
  PlanContents p;
  p.plan = std::move(*plan);
  c.each("SELECT position, name, size, characteristics FROM impact_plan_groups WHERE plan_id = ? ORDER BY position",
         {id}, [&](const db::Row& r) {
           p.groups.push_back({static_cast<int>(r.integer(0)), r.str(1), r.opt_integer(2), r.str(3)});
         });
  c.each(std::string("SELECT ") + kIndicatorColumns +
             ", COALESCE(pi.baseline_value, ''), COALESCE(pi.baseline_date, ''), COALESCE(pi.target_value, '')"
             " FROM impact_plan_indicators pi JOIN impact_indicators i ON i.id = pi.indicator_id"
             " LEFT JOIN organisations o ON o.id = i.organisation_id WHERE pi.plan_id = ?"
             " ORDER BY CASE i.level WHEN 'resultat' THEN 0 WHEN 'virkning' THEN 1 ELSE 2 END, i.name, i.id",
         {id}, [&](const db::Row& r) {
           PlanIndicator x;
           x.indicator = indicator_from(r);
           x.criterion.id = x.indicator.id;
           x.criterion.position = static_cast<int>(p.indicators.size()) + 1;
           x.criterion.description = x.indicator.name;
           x.criterion.indicator = x.indicator.unit;
           x.criterion.baseline = r.str(kIndicatorColumnCount);
           x.baseline_date = r.str(kIndicatorColumnCount + 1);
           x.criterion.target = r.str(kIndicatorColumnCount + 2);
           p.indicators.push_back(std::move(x));
         });
  c.each(
      "SELECT m.id, m.indicator_id, m.measured_on, COALESCE(m.period_end, ''), m.value, m.sample_size, m.evidence, "
      "COALESCE(f.filename, ''), COALESCE(f.size, 0) FROM impact_measurements m "
      "LEFT JOIN impact_measurement_files f ON f.measurement_id = m.id "
      "WHERE m.plan_id = ? ORDER BY m.indicator_id, m.measured_on, m.id",
      {id}, [&](const db::Row& r) {
        p.measurements.push_back({r.integer(0), r.integer(1), r.str(2), r.str(3), r.str(4), r.opt_integer(5),
                                  r.str(6), r.str(7), r.integer(8)});
      });
  c.each("SELECT id, held_on, findings, adjustments FROM impact_evaluations WHERE plan_id = ? ORDER BY held_on, id",
         {id}, [&](const db::Row& r) { p.evaluations.push_back({r.integer(0), r.str(1), r.str(2), r.str(3)}); });
  if (p.plan.scheme_id)
    c.each("SELECT indicator_id FROM impact_required_indicators WHERE scheme_id = ? ORDER BY indicator_id",
           {*p.plan.scheme_id}, [&](const db::Row& r) { p.required.push_back(r.integer(0)); });
  return p;
}

std::vector<PlanRow> plans_for(db::Connection& c, std::int64_t user_id, bool all, std::int64_t offset,
                               std::int64_t limit, std::int64_t& total) {
  std::vector<PlanRow> out;
  total = 0;
  std::string sql =
      "SELECT p.id, p.title, p.project, o.name, p.updated_at, COUNT(*) OVER () FROM impact_plans p "
      "JOIN organisations o ON o.id = p.organisation_id ";
  db::Binder b;
  if (!all) {
    sql += "WHERE p.organisation_id IN (SELECT organisation_id FROM memberships WHERE user_id = ?) ";
    b.integer(user_id);
  }
  sql += "ORDER BY p.updated_at DESC, p.id DESC LIMIT ? OFFSET ?";
  b.integer(limit);
  b.integer(offset);
  c.run(sql, b.params(), [&](const db::Row& r) {
    out.push_back({r.integer(0), r.str(1), r.str(2), r.str(3), r.str(4)});
    total = r.integer(5);
  });
  return out;
}

void save_text(db::Connection& c, std::int64_t plan_id, const std::string& column, const std::string& text,
               const std::string& now) {
  // The column comes from the code, never from the request.
  if (column != "situation" && column != "goals" && column != "schedule")
    throw std::logic_error("impact plan: unknown column " + column);
  c.exec("UPDATE impact_plans SET " + column + " = ?, updated_at = ? WHERE id = ?", {text, now, plan_id});
}

void save_groups(db::Connection& c, std::int64_t plan_id, const std::vector<TargetGroup>& groups,
                 const std::string& now) {
  c.exec("DELETE FROM impact_plan_groups WHERE plan_id = ?", {plan_id});
  int position = 0;
  for (auto& g : groups)
    c.exec("INSERT INTO impact_plan_groups (plan_id, position, name, size, characteristics) VALUES (?, ?, ?, ?, ?)",
           {plan_id, ++position, g.name, g.size, g.characteristics});
  touch(c, plan_id, now);
}

void save_indicators(db::Connection& c, std::int64_t plan_id, const std::vector<std::int64_t>& ids,
                     const std::string& now) {
  std::vector<std::int64_t> current;
  c.each("SELECT indicator_id FROM impact_plan_indicators WHERE plan_id = ?", {plan_id},
         [&](const db::Row& r) { current.push_back(r.integer(0)); });
  for (auto id : current)
    if (std::find(ids.begin(), ids.end(), id) == ids.end())
      c.exec("DELETE FROM impact_plan_indicators WHERE plan_id = ? AND indicator_id = ?", {plan_id, id});
  for (auto id : ids)
    if (std::find(current.begin(), current.end(), id) == current.end())
      c.exec("INSERT INTO impact_plan_indicators (plan_id, indicator_id) VALUES (?, ?)", {plan_id, id});
  touch(c, plan_id, now);
  region::changed();
}

void save_baseline(db::Connection& c, std::int64_t plan_id, std::int64_t indicator_id,
                   const std::optional<std::string>& value, const std::optional<std::string>& date,
                   const std::optional<std::string>& target, const std::string& now) {
  c.exec(
      "UPDATE impact_plan_indicators SET baseline_value = ?, baseline_date = ?, target_value = ? "
      "WHERE plan_id = ? AND indicator_id = ?",
      {value, date, target, plan_id, indicator_id});
  touch(c, plan_id, now);
}

std::int64_t add_measurement(db::Connection& c, std::int64_t plan_id, const Measurement& m, std::int64_t user_id,
                             const std::string& now) {
  std::optional<std::string> period_end;
  if (!m.period_end.empty()) period_end = m.period_end;
  const auto id = c.insert_id(
      "INSERT INTO impact_measurements (plan_id, indicator_id, measured_on, period_end, value, sample_size, evidence, "
      "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {plan_id, m.indicator_id, m.measured_on, period_end, m.value, m.sample_size, m.evidence, user_id, now});
  touch(c, plan_id, now);
  region::changed();
  return id;
}

void add_evaluation(db::Connection& c, std::int64_t plan_id, const Evaluation& e, std::int64_t user_id,
                    const std::string& now) {
  c.exec(
      "INSERT INTO impact_evaluations (plan_id, held_on, findings, adjustments, created_by, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      {plan_id, e.held_on, e.findings, e.adjustments, user_id, now});
  touch(c, plan_id, now);
}

// ---- one measurement ----

std::optional<Measurement> find_measurement(db::Connection& c, std::int64_t plan_id, std::int64_t measurement_id) {
  std::optional<Measurement> out;
  c.each(
      "SELECT m.id, m.indicator_id, m.measured_on, COALESCE(m.period_end, ''), m.value, m.sample_size, m.evidence, "
      "COALESCE(f.filename, ''), COALESCE(f.size, 0) FROM impact_measurements m "
      "LEFT JOIN impact_measurement_files f ON f.measurement_id = m.id WHERE m.id = ? AND m.plan_id = ?",
      {measurement_id, plan_id}, [&](const db::Row& r) {
        out = Measurement{r.integer(0), r.integer(1), r.str(2), r.str(3), r.str(4), r.opt_integer(5),
                          r.str(6), r.str(7), r.integer(8)};
      });
  return out;
}

bool update_measurement(db::Connection& c, std::int64_t plan_id, const Measurement& m, std::int64_t user_id,
                        const std::string& now) {
  std::optional<std::string> period_end;
  if (!m.period_end.empty()) period_end = m.period_end;
  const auto changed = c.exec(
      "UPDATE impact_measurements SET indicator_id = ?, measured_on = ?, period_end = ?, value = ?, sample_size = ?, "
      "evidence = ?, updated_by = ?, updated_at = ? WHERE id = ? AND plan_id = ?",
      {m.indicator_id, m.measured_on, period_end, m.value, m.sample_size, m.evidence, user_id, now, m.id, plan_id});
  if (changed == 0) return false;
  touch(c, plan_id, now);
  region::changed();
  return true;
}

bool delete_measurement(db::Connection& c, std::int64_t plan_id, std::int64_t measurement_id, const std::string& now) {
  // The file goes with it (ON DELETE CASCADE).
  const auto changed = c.exec("DELETE FROM impact_measurements WHERE id = ? AND plan_id = ?", {measurement_id, plan_id});
  if (changed == 0) return false;
  touch(c, plan_id, now);
  region::changed();
  return true;
}

void set_evidence_file(db::Connection& c, std::int64_t measurement_id, const EvidenceFile& f, std::int64_t user_id,
                       const std::string& now) {
  c.exec("DELETE FROM impact_measurement_files WHERE measurement_id = ?", {measurement_id});
  c.exec(
      "INSERT INTO impact_measurement_files (measurement_id, filename, content_type, size, sha256, data, uploaded_by, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {measurement_id, f.filename, f.content_type, f.size, f.sha256, db::Blob{f.data}, user_id, now});
}

void remove_evidence_file(db::Connection& c, std::int64_t measurement_id) {
  c.exec("DELETE FROM impact_measurement_files WHERE measurement_id = ?", {measurement_id});
}

std::optional<EvidenceFile> evidence_file_for(db::Connection& c, std::int64_t plan_id, std::int64_t measurement_id,
                                              std::int64_t user_id, bool coordinator) {
  std::optional<EvidenceFile> out;
  c.each(
      "SELECT f.filename, f.content_type, f.size, f.sha256, f.data FROM impact_measurement_files f "
      "JOIN impact_measurements m ON m.id = f.measurement_id JOIN impact_plans p ON p.id = m.plan_id "
      "WHERE f.measurement_id = ? AND m.plan_id = ? AND (? = 1 OR EXISTS (SELECT 1 FROM memberships ms "
      "WHERE ms.organisation_id = p.organisation_id AND ms.user_id = ?))",
      {measurement_id, plan_id, std::int64_t{coordinator ? 1 : 0}, user_id}, [&](const db::Row& r) {
        EvidenceFile f;
        f.filename = r.str(0);
        f.content_type = r.str(1);
        f.size = r.integer(2);
        f.sha256 = r.str(3);
        f.data = r.blob(4);
        out = std::move(f);
      });
  return out;
}

// ---- Ferd ----

std::vector<FerdYear> ferd_years_of(db::Connection& c, std::int64_t organisation_id) {
  std::vector<FerdYear> out;
  c.each(std::string("SELECT ") + kFerdColumns +
             " FROM impact_ferd_years f JOIN organisations o ON o.id = f.organisation_id WHERE f.organisation_id = ? "
             "ORDER BY f.year DESC",
         {organisation_id}, [&](const db::Row& r) { out.push_back(ferd_from(r)); });
  return out;
}

std::vector<FerdYear> public_ferd_years_of(db::Connection& c, std::int64_t organisation_id) {
  std::vector<FerdYear> out;
  c.each(
      "SELECT f.organisation_id, o.name, f.year, f.high_contact, f.low_contact, f.success_criterion, "
      "f.success_percent, f.revenue, f.result, "
      "CASE WHEN f.story_about_person = 0 OR f.story_consent = 1 THEN f.story ELSE '' END, "
      "f.story_about_person, f.story_consent FROM impact_ferd_years f JOIN organisations o ON o.id = "
      "f.organisation_id WHERE f.organisation_id = ? ORDER BY f.year DESC",
      {organisation_id}, [&](const db::Row& r) { out.push_back(ferd_from(r)); });
  return out;
}

std::optional<FerdYear> find_ferd(db::Connection& c, std::int64_t organisation_id, int year) {
  std::optional<FerdYear> out;
  c.one(std::string("SELECT ") + kFerdColumns +
            " FROM impact_ferd_years f JOIN organisations o ON o.id = f.organisation_id "
            "WHERE f.organisation_id = ? AND f.year = ?",
        {organisation_id, year}, [&](const db::Row& r) { out = ferd_from(r); });
  return out;
}

void save_ferd(db::Connection& c, const FerdYear& f, std::int64_t user_id, const std::string& now) {
  c.exec(
      "INSERT INTO impact_ferd_years (organisation_id, year, high_contact, low_contact, success_criterion, "
      "success_percent, revenue, result, story, story_about_person, story_consent, updated_by, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (organisation_id, year) DO UPDATE SET "
      "high_contact = excluded.high_contact, low_contact = excluded.low_contact, "
      "success_criterion = excluded.success_criterion, success_percent = excluded.success_percent, "
      "revenue = excluded.revenue, result = excluded.result, story = excluded.story, "
      "story_about_person = excluded.story_about_person, story_consent = excluded.story_consent, "
      "updated_by = excluded.updated_by, updated_at = excluded.updated_at",
      {f.organisation_id, f.year, f.high_contact, f.low_contact, f.success_criterion, f.success_percent, f.revenue,
       f.result, f.story, f.story_about_person, f.story_consent, user_id, now});
  region::changed();
}

std::vector<FerdYear> portfolio(db::Connection& c, int year, std::int64_t offset, std::int64_t limit,
                                std::int64_t& total) {
  std::vector<FerdYear> out;
  total = 0;
  std::string sql = std::string("SELECT ") + kFerdColumns +
                    ", COUNT(*) OVER () FROM impact_ferd_years f JOIN organisations o ON o.id = f.organisation_id ";
  db::Binder b;
  if (year > 0) {
    sql += "WHERE f.year = ? ";
    b.integer(year);
  }
  sql += "ORDER BY f.year DESC, o.name_sort, o.id LIMIT ? OFFSET ?";
  b.integer(limit);
  b.integer(offset);
  c.run(sql, b.params(), [&](const db::Row& r) {
    out.push_back(ferd_from(r));
    total = r.integer(12);
  });
  return out;
}

}  // namespace samskap::impact::store
