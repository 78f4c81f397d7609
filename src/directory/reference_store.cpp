#include "directory/reference_store.hpp"

#include <algorithm>
#include <fstream>
#include <stdexcept>

#include "platform/search/text.hpp"

namespace samskap::directory {

const Municipality* Reference::municipality(const std::string& number) const {
  auto it = by_number.find(number);
  return it == by_number.end() ? nullptr : &it->second;
}

std::optional<std::string> Reference::current_number(const std::string& number) const {
  const Municipality* m = municipality(number);
  for (int hops = 0; m && m->replaced_by && hops < 4; ++hops) m = municipality(*m->replaced_by);
  if (!m || m->replaced_by) return std::nullopt;
  return m->number;
}

const County* Reference::county(const std::string& number) const {
  for (auto& c : counties)
    if (c.number == number) return &c;
  return nullptr;
}

const Named* Reference::find(const std::vector<Named>& list, const std::string& key) const {
  for (auto& n : list)
    if (n.key == key) return &n;
  return nullptr;
}

std::vector<std::vector<std::string>> read_semicolon_csv(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("fant ikke referansefilen " + file.string());
  std::vector<std::vector<std::string>> rows;
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
      char ch = line[i];
      if (quoted) {
        if (ch == '"' && i + 1 < line.size() && line[i + 1] == '"') fields.back() += '"', ++i;
        else if (ch == '"') quoted = false;
        else fields.back() += ch;
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == ';') {
        fields.emplace_back();
      } else {
        fields.back() += ch;
      }
    }
    if (header) {
      header = false;
      continue;
    }
    rows.push_back(std::move(fields));
  }
  return rows;
}

namespace {

const std::string& field(const std::vector<std::string>& row, std::size_t i) {
  static const std::string empty;
  return i < row.size() ? row[i] : empty;
}

std::optional<std::string> opt(const std::string& s) { return s.empty() ? std::nullopt : std::optional(s); }

void sync_named(db::Connection& c, const std::filesystem::path& file, const std::string& table, bool overwrite) {
  int position = 0;
  for (auto& row : read_semicolon_csv(file)) {
    auto sql = "INSERT INTO " + table + " (slug, name_nb, name_en, position) VALUES (?, ?, ?, ?) ON CONFLICT (slug) DO " +
               (overwrite ? "UPDATE SET name_nb = excluded.name_nb, name_en = excluded.name_en" : "NOTHING");
    c.exec(sql, {field(row, 0), field(row, 1), field(row, 2), ++position});
  }
}

}  // namespace

void sync_reference(db::Connection& c, const std::filesystem::path& dir) {
  db::Transaction tx(c);
  for (auto& row : read_semicolon_csv(dir / "counties.csv"))
    c.exec(
        "INSERT INTO counties (number, name, valid_from, valid_to) VALUES (?, ?, ?, ?) ON CONFLICT (number) DO UPDATE "
        "SET name = excluded.name, valid_from = excluded.valid_from, valid_to = excluded.valid_to",
        {field(row, 0), field(row, 1), field(row, 2), opt(field(row, 3))});
  // Current numbers first, so old numbers' replaced_by can point at them.
  auto municipalities = read_semicolon_csv(dir / "municipalities.csv");
  std::stable_sort(municipalities.begin(), municipalities.end(),
                   [](auto& a, auto& b) { return field(a, 5).empty() && !field(b, 5).empty(); });
  for (auto& row : municipalities)
    c.exec(
        "INSERT INTO municipalities (number, name, county_number, valid_from, valid_to, replaced_by) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (number) DO UPDATE SET name = excluded.name, "
        "county_number = excluded.county_number, valid_from = excluded.valid_from, valid_to = excluded.valid_to, "
        "replaced_by = excluded.replaced_by",
        {field(row, 0), field(row, 1), field(row, 2), field(row, 3), opt(field(row, 4)), opt(field(row, 5))});
  sync_named(c, dir / "service_areas.csv", "service_areas", false);
  sync_named(c, dir / "target_groups.csv", "target_groups", false);
  for (auto& row : read_semicolon_csv(dir / "sdgs.csv"))
    c.exec(
        "INSERT INTO sdgs (number, name_nb, name_en) VALUES (?, ?, ?) ON CONFLICT (number) DO UPDATE "
        "SET name_nb = excluded.name_nb, name_en = excluded.name_en",
        {static_cast<std::int64_t>(std::stoll(field(row, 0))), field(row, 1), field(row, 2)});
  for (auto& row : read_semicolon_csv(dir / "org_forms.csv"))
    c.exec(
        "INSERT INTO org_forms (code, name_nb, name_en) VALUES (?, ?, ?) ON CONFLICT (code) DO UPDATE "
        "SET name_nb = excluded.name_nb, name_en = excluded.name_en",
        {field(row, 0), field(row, 1), field(row, 2)});
  tx.commit();
}

std::shared_ptr<const Reference> load_reference(db::Connection& c) {
  auto r = std::make_shared<Reference>();
  c.each("SELECT number, name, valid_to IS NULL FROM counties ORDER BY number", {},
         [&](const db::Row& row) { r->counties.push_back({row.str(0), row.str(1), row.integer(2) != 0}); });
  std::erase_if(r->counties, [](const County& k) { return !k.current; });
  c.each("SELECT number, name, county_number, replaced_by FROM municipalities", {}, [&](const db::Row& row) {
    Municipality m{row.str(0), row.str(1), row.str(2), row.opt_text(3)};
    if (!m.replaced_by) r->municipalities.push_back(m);
    r->by_number.emplace(m.number, std::move(m));
  });
  std::vector<std::pair<std::string, Municipality>> keyed;
  for (auto& m : r->municipalities) keyed.emplace_back(search::sort_key(m.name), m);
  std::sort(keyed.begin(), keyed.end(), [](auto& a, auto& b) { return a.first < b.first; });
  r->municipalities.clear();
  for (auto& [k, m] : keyed) r->municipalities.push_back(std::move(m));
  auto named = [&](const std::string& sql, std::vector<Named>& out) {
    c.each(sql, {}, [&](const db::Row& row) { out.push_back({row.str(0), row.str(1), row.str(2)}); });
  };
  auto editable = [&](const std::string& table, std::vector<Named>& all, std::vector<Named>& active) {
    c.each("SELECT slug, name_nb, name_en, active FROM " + table + " ORDER BY position, slug", {},
           [&](const db::Row& row) {
             all.push_back({row.str(0), row.str(1), row.str(2), row.integer(3) != 0});
             if (all.back().active) active.push_back(all.back());
           });
  };
  editable("service_areas", r->all_service_areas, r->service_areas);
  editable("target_groups", r->all_target_groups, r->target_groups);
  named("SELECT CAST(number AS TEXT), name_nb, name_en FROM sdgs ORDER BY number", r->sdgs);
  named("SELECT code, name_nb, name_en FROM org_forms ORDER BY code", r->org_forms);
  return r;
}

namespace {

constexpr const char* kGenerationSetting = "reference_generation";

std::int64_t stored_generation(db::Connection& c) {
  auto v = c.scalar_text("SELECT value FROM settings WHERE name = ?", {kGenerationSetting});
  if (!v) return 0;
  try {
    return std::stoll(*v);
  } catch (const std::exception&) {
    return 0;
  }
}

std::int64_t ticks_after(std::chrono::steady_clock::duration d) {
  return (std::chrono::steady_clock::now() + d).time_since_epoch().count();
}

}  // namespace

ReferenceSource::ReferenceSource(db::Connection& c) { reload(c, stored_generation(c)); }

void ReferenceSource::reload(db::Connection& c, std::int64_t generation) {
  auto fresh = load_reference(c);
  std::lock_guard lock(mutex_);
  ref_ = std::move(fresh);
  generation_.store(generation, std::memory_order_relaxed);
  next_check_.store(ticks_after(kCheckInterval), std::memory_order_relaxed);
}

std::shared_ptr<const Reference> ReferenceSource::current(db::Connection& c) {
  auto due = next_check_.load(std::memory_order_relaxed);
  // One request per interval looks at the shared generation; the others use what is loaded.
  if (std::chrono::steady_clock::now().time_since_epoch().count() >= due &&
      next_check_.compare_exchange_strong(due, ticks_after(kCheckInterval))) {
    auto stored = stored_generation(c);
    if (stored != generation_.load(std::memory_order_relaxed)) reload(c, stored);
  }
  std::lock_guard lock(mutex_);
  return ref_;
}

void ReferenceSource::changed(db::Connection& c) {
  c.exec(
      "INSERT INTO settings (name, value) VALUES (?, '1') ON CONFLICT (name) DO UPDATE "
      "SET value = CAST(CAST(settings.value AS INTEGER) + 1 AS TEXT)",
      {kGenerationSetting});
  reload(c, stored_generation(c));
}

}  // namespace samskap::directory
