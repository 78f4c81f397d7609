// All SQL of the region view: the snapshot it sums from and the fingerprint that tells when
// another process has written.
#include <set>
#include <unordered_map>

#include "impact/region.hpp"

namespace samskap::impact::region {

// Changes by other processes on the same database: counts and the newest change of each table the
// view reads (measurements: their count and newest id for additions and deletions, and their newest
// edit).
std::string fingerprint(db::Connection& c) {
  std::string out;
  c.one(
      "SELECT (SELECT COUNT(*) FROM impact_measurements), (SELECT COALESCE(MAX(id), 0) FROM impact_measurements), "
      "(SELECT COALESCE(CAST(MAX(updated_at) AS TEXT), '') FROM impact_measurements), "
      "(SELECT COUNT(*) FROM impact_ferd_years), (SELECT COALESCE(CAST(MAX(updated_at) AS TEXT), '') FROM impact_ferd_years), "
      "(SELECT COALESCE(CAST(MAX(updated_at) AS TEXT), '') FROM impact_plans), (SELECT COUNT(*) FROM impact_plan_indicators), "
      "(SELECT COUNT(*) FROM organisations), (SELECT COALESCE(CAST(MAX(updated_at) AS TEXT), '') FROM organisations), "
      "(SELECT COUNT(*) FROM organisation_service_areas), (SELECT COUNT(*) FROM impact_indicators), "
      "(SELECT COALESCE(CAST(MAX(updated_at) AS TEXT), '') FROM impact_indicators)",
      {}, [&](const db::Row& r) {
        for (int i = 0; i < 12; ++i) out += r.str(i) + '\x1f';
      });
  return out;
}

std::shared_ptr<const Snapshot> load(db::Connection& c) {
  auto s = std::make_shared<Snapshot>();
  std::unordered_map<std::int64_t, std::size_t> at;
  std::set<std::string> used_municipalities;
  c.each("SELECT id, COALESCE(municipality_number, '') FROM organisations WHERE status <> 'deactivated' ORDER BY id", {},
         [&](const db::Row& r) {
           at[r.integer(0)] = s->organisations.size();
           Organisation o;
           o.municipality = r.str(1);
           if (!o.municipality.empty()) used_municipalities.insert(o.municipality);
           s->organisations.push_back(std::move(o));
         });
  c.each("SELECT organisation_id, slug FROM organisation_service_areas ORDER BY organisation_id, slug", {},
         [&](const db::Row& r) {
           auto it = at.find(r.integer(0));
           if (it != at.end()) s->organisations[it->second].areas.push_back(r.str(1));
         });
  std::set<int> years;
  // Every measurement of a shared indicator, in date order: the last one of a year wins.
  c.each(
      "SELECT p.organisation_id, m.indicator_id, m.measured_on, m.value, COALESCE(m.sample_size, 0) FROM impact_measurements m "
      "JOIN impact_plans p ON p.id = m.plan_id JOIN impact_indicators i ON i.id = m.indicator_id "
      "WHERE i.organisation_id IS NULL ORDER BY m.measured_on, m.id",
      {}, [&](const db::Row& r) {
        auto it = at.find(r.integer(0));
        auto date = r.str(2);
        if (it == at.end() || date.size() < 4) return;
        const int year = std::atoi(date.substr(0, 4).c_str());
        years.insert(year);
        s->organisations[it->second].values[{year, r.integer(1)}] =
            Measured(std::strtod(r.str(3).c_str(), nullptr), r.integer(4));
      });
  c.each("SELECT organisation_id, year, high_contact, low_contact FROM impact_ferd_years", {}, [&](const db::Row& r) {
    auto it = at.find(r.integer(0));
    if (it == at.end()) return;
    const int year = static_cast<int>(r.integer(1));
    years.insert(year);
    s->organisations[it->second].reached[year] = {r.integer(2), r.integer(3)};
  });
  c.each(
      "SELECT slug, name_nb, name_en FROM service_areas ORDER BY position, slug", {},
      [&](const db::Row& r) { s->areas.push_back({r.str(0), r.str(1), r.str(2)}); });
  c.each("SELECT number, name FROM municipalities WHERE valid_to IS NULL ORDER BY name, number", {},
         [&](const db::Row& r) {
           if (used_municipalities.count(r.str(0))) s->municipalities.push_back({r.str(0), r.str(1), r.str(1)});
         });
  c.each(
      "SELECT id, name, unit, aggregate FROM impact_indicators WHERE organisation_id IS NULL "
      "ORDER BY CASE level WHEN 'resultat' THEN 0 WHEN 'virkning' THEN 1 ELSE 2 END, name, id",
      {}, [&](const db::Row& r) {
        s->indicators.push_back({std::to_string(r.integer(0)), r.str(1), r.str(2), r.str(3) == "mean"});
      });
  s->years.assign(years.begin(), years.end());
  return s;
}

}  // namespace samskap::impact::region
