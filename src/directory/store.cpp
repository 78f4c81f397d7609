#include "directory/store.hpp"

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>

#include "platform/db/binder.hpp"
#include "platform/search/text.hpp"

namespace samskap::directory::store {

namespace {

constexpr const char* kPublicKinds = "('municipality', 'district', 'nav_office', 'county', 'state_body')";

using db::Binder;

void replace_tags(db::Connection& c, std::int64_t id, const Organisation& o) {
  if (o.municipality_number)
    c.exec("INSERT INTO organisation_municipalities (organisation_id, municipality_number) VALUES (?, ?) "
           "ON CONFLICT DO NOTHING",
           {id, *o.municipality_number});
  for (auto& m : o.municipalities)
    c.exec("INSERT INTO organisation_municipalities (organisation_id, municipality_number) VALUES (?, ?) "
           "ON CONFLICT DO NOTHING",
           {id, m});
  for (auto& s : o.service_areas)
    c.exec("INSERT INTO organisation_service_areas (organisation_id, slug) VALUES (?, ?) ON CONFLICT DO NOTHING",
           {id, s});
  for (auto& s : o.target_groups)
    c.exec("INSERT INTO organisation_target_groups (organisation_id, slug) VALUES (?, ?) ON CONFLICT DO NOTHING",
           {id, s});
  for (auto n : o.sdgs)
    c.exec("INSERT INTO organisation_sdgs (organisation_id, sdg) VALUES (?, ?) ON CONFLICT DO NOTHING", {id, n});
}

// Counts of large results, which cost a scan of every match; keyed by engine and filter.
constexpr std::int64_t kCachedCountFrom = 1000;
constexpr auto kCountLifetime = std::chrono::seconds(5);
std::atomic<std::uint64_t> g_generation{0};
std::mutex g_counts_mutex;
struct CachedCount {
  std::int64_t total;
  std::uint64_t generation;
  std::chrono::steady_clock::time_point at;
};
std::map<std::string, CachedCount> g_counts;

std::string count_key(const db::Connection& c, const Filter& f) {
  return std::to_string(static_cast<int>(c.engine())) + '\x1f' + f.q + '\x1f' + f.kind + '\x1f' + f.county + '\x1f' +
         f.municipality + '\x1f' + f.service_area + '\x1f' + f.target_group + '\x1f' + std::to_string(f.sdg) +
         '\x1f' + f.org_form + '\x1f' + (f.verified_only ? "1" : "0");
}

}  // namespace

void note_write() { ++g_generation; }
std::uint64_t write_generation() { return g_generation.load(); }

std::int64_t create(db::Connection& c, const Organisation& o, const std::string& search_text,
                    const std::string& name_sort) {
  std::optional<std::int64_t> voluntary;
  if (o.in_voluntary_register) voluntary = *o.in_voluntary_register ? 1 : 0;
  auto id = c.insert_id(
      "INSERT INTO organisations (name, name_sort, kind, orgnr, org_form, parent_id, municipality_number, "
      "short_description, long_description, website, email, phone, address, postcode, city, founded_year, "
      "in_voluntary_register, no_dividends, no_dividends_note, status, search_text, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {o.name, db::Blob{name_sort}, o.kind, o.orgnr, o.org_form, o.parent_id, o.municipality_number,
       o.short_description, o.long_description, o.website, o.email, o.phone, o.address, o.postcode, o.city,
       o.founded_year, voluntary, o.no_dividends, o.no_dividends_note, o.status, search_text, o.created_at,
       o.updated_at});
  replace_tags(c, id, o);
  note_write();
  return id;
}

std::optional<Organisation> find(db::Connection& c, std::int64_t id) {
  std::optional<Organisation> o;
  c.one(
      "SELECT id, name, kind, orgnr, org_form, parent_id, municipality_number, short_description, long_description, "
      "website, email, phone, address, postcode, city, founded_year, in_voluntary_register, no_dividends, "
      "no_dividends_note, status, created_at, updated_at FROM organisations WHERE id = ?",
      {id}, [&](const db::Row& r) {
        Organisation x;
        x.id = r.integer(0);
        x.name = r.str(1);
        x.kind = r.str(2);
        x.orgnr = r.opt_text(3);
        x.org_form = r.opt_text(4);
        x.parent_id = r.opt_integer(5);
        x.municipality_number = r.opt_text(6);
        x.short_description = r.str(7);
        x.long_description = r.str(8);
        x.website = r.str(9);
        x.email = r.str(10);
        x.phone = r.str(11);
        x.address = r.str(12);
        x.postcode = r.str(13);
        x.city = r.str(14);
        x.founded_year = r.opt_integer(15);
        if (!r.is_null(16)) x.in_voluntary_register = r.integer(16) != 0;
        x.no_dividends = r.integer(17) != 0;
        x.no_dividends_note = r.str(18);
        x.status = r.str(19);
        x.created_at = r.str(20);
        x.updated_at = r.str(21);
        o = std::move(x);
      });
  if (!o) return o;
  // The four tag lists in one statement.
  c.each(
      "SELECT 'm', municipality_number FROM organisation_municipalities WHERE organisation_id = ? "
      "UNION ALL SELECT 's', slug FROM organisation_service_areas WHERE organisation_id = ? "
      "UNION ALL SELECT 't', slug FROM organisation_target_groups WHERE organisation_id = ? "
      "UNION ALL SELECT 'g', CAST(sdg AS TEXT) FROM organisation_sdgs WHERE organisation_id = ?",
      {id, id, id, id}, [&](const db::Row& r) {
        auto kind = r.text(0);
        if (kind == "m") o->municipalities.push_back(r.str(1));
        else if (kind == "s") o->service_areas.push_back(r.str(1));
        else if (kind == "t") o->target_groups.push_back(r.str(1));
        else o->sdgs.push_back(std::stoll(r.str(1)));
      });
  return o;
}

void set_parent(db::Connection& c, std::int64_t id, std::int64_t parent_id) {
  c.exec("UPDATE organisations SET parent_id = ? WHERE id = ?", {parent_id, id});
  note_write();
}

std::optional<std::int64_t> find_id_by_orgnr(db::Connection& c, const std::string& orgnr) {
  return c.scalar_int("SELECT id FROM organisations WHERE orgnr = ?", {orgnr});
}

std::int64_t count_organisations(db::Connection& c) {
  return c.scalar_int("SELECT COUNT(*) FROM organisations").value_or(0);
}

std::int64_t list(db::Connection& c, const Filter& f, std::int64_t offset, std::int64_t limit,
                  const db::RowFn& on_row) {
  const bool pg = c.engine() == db::Engine::postgresql;
  // Filters are uncorrelated IN (…) sets, computed once per query rather than once per row; the
  // home municipality is always among an organisation's municipalities (see replace_tags).
  Binder filters;
  std::string where = " WHERE o.status <> 'deactivated' AND o.merged_into IS NULL";
  if (!f.kind.empty()) {
    where += " AND o.kind = ?";
    filters.text(f.kind);
  }
  if (!f.county.empty()) {
    where +=
        " AND o.id IN (SELECT om.organisation_id FROM organisation_municipalities om JOIN municipalities mm "
        "ON mm.number = om.municipality_number WHERE mm.county_number = ?)";
    filters.text(f.county);
  }
  if (!f.municipality.empty()) {
    where += " AND o.id IN (SELECT organisation_id FROM organisation_municipalities WHERE municipality_number = ?)";
    filters.text(f.municipality);
  }
  if (!f.service_area.empty()) {
    where += " AND o.id IN (SELECT organisation_id FROM organisation_service_areas WHERE slug = ?)";
    filters.text(f.service_area);
  }
  if (!f.target_group.empty()) {
    where += " AND o.id IN (SELECT organisation_id FROM organisation_target_groups WHERE slug = ?)";
    filters.text(f.target_group);
  }
  if (f.sdg > 0) {
    where += " AND o.id IN (SELECT organisation_id FROM organisation_sdgs WHERE sdg = ?)";
    filters.integer(f.sdg);
  }
  if (!f.org_form.empty()) {
    where += " AND o.org_form = ?";
    filters.text(f.org_form);
  }
  if (f.verified_only) where += " AND o.status = 'verified'";

  auto query = search::parse_query(f.q);
  std::string match;
  if (!query.empty()) match = pg ? search::pg_tsquery(query) : search::fts5_match(query);

  // On SQLite the text match drives the join (it is the most selective part).
  Binder count;
  std::string count_sql = "SELECT COUNT(*) FROM organisations o";
  if (!match.empty() && !pg) {
    count_sql += " JOIN (SELECT rowid AS fid FROM organisations_fts WHERE organisations_fts MATCH ?) f ON f.fid = o.id";
    count.text(match);
  }
  count_sql += where;
  for (auto& p : filters.params()) count.param(p);
  if (!match.empty() && pg) {
    count_sql += " AND o.search_vector @@ to_tsquery('simple', ?)";
    count.text(match);
  }
  std::int64_t total = -1;
  const auto key = count_key(c, f);
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(g_counts_mutex);
    if (auto it = g_counts.find(key); it != g_counts.end()) {
      if (it->second.generation == g_generation && now - it->second.at < kCountLifetime) total = it->second.total;
      else g_counts.erase(it);
    }
  }
  if (total < 0) {
    c.run(count_sql, count.params(), [&](const db::Row& r) { total = r.integer(0); });
    if (total >= kCachedCountFrom) {
      std::lock_guard lock(g_counts_mutex);
      if (g_counts.size() > 10'000) g_counts.clear();
      g_counts[key] = {total, g_generation, now};
    }
  }
  if (total == 0 || offset >= total) return total;

  // The page: ranked by relevance when there is a text query (unless sorted by name).
  Binder page;
  std::string sql = "SELECT o.id, o.name, o.kind, o.short_description, o.status, o.municipality_number, m.name, o.city "
                    "FROM organisations o LEFT JOIN municipalities m ON m.number = o.municipality_number";
  std::string order = " ORDER BY o.name_sort, o.id";
  std::string page_where = where;
  if (!match.empty()) {
    if (pg) {
      page_where += " AND o.search_vector @@ to_tsquery('simple', ?)";
      if (!f.sort_by_name) order = " ORDER BY ts_rank(o.search_vector, to_tsquery('simple', ?)) DESC, o.name_sort, o.id";
    } else {
      sql += " JOIN (SELECT rowid AS fid, rank FROM organisations_fts WHERE organisations_fts MATCH ?) f ON f.fid = o.id";
      page.text(match);
      if (!f.sort_by_name) order = " ORDER BY f.rank, o.name_sort, o.id";
    }
  }
  for (auto& p : filters.params()) page.param(p);
  if (pg && !match.empty()) {
    page.text(match);
    if (!f.sort_by_name) page.text(match);
  }
  page.integer(limit);
  page.integer(offset);
  c.run(sql + page_where + order + " LIMIT ? OFFSET ?", page.params(), on_row);
  return total;
}

void add_member(db::Connection& c, std::int64_t organisation_id, std::int64_t user_id, const std::string& role,
                const std::string& now) {
  c.exec("INSERT INTO memberships (organisation_id, user_id, role, created_at) VALUES (?, ?, ?, ?) "
         "ON CONFLICT (organisation_id, user_id) DO UPDATE SET role = excluded.role",
         {organisation_id, user_id, role, now});
}

bool member_of_public_body(db::Connection& c, std::int64_t user_id) {
  return c.scalar_int(std::string("SELECT COUNT(*) FROM memberships ms JOIN organisations o ON o.id = ms.organisation_id "
                                  "WHERE ms.user_id = ? AND o.status = 'verified' AND o.kind IN ") +
                          kPublicKinds,
                      {user_id})
             .value_or(0) > 0;
}

std::optional<std::string> member_role(db::Connection& c, std::int64_t organisation_id, std::int64_t user_id) {
  return c.scalar_text("SELECT role FROM memberships WHERE organisation_id = ? AND user_id = ?",
                       {organisation_id, user_id});
}

std::int64_t add_person(db::Connection& c, const Person& p, const std::string& now) {
  return c.insert_id(
      "INSERT INTO people (organisation_id, name, title, email, phone, public_consent_at, user_id, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {p.organisation_id, p.name, p.title, p.email, p.phone, p.public_consent_at, p.user_id, now});
}

void add_contact_role(db::Connection& c, std::int64_t person_id, const ContactRole& r) {
  c.exec("INSERT INTO contact_roles (person_id, service_area, municipality_number) VALUES (?, ?, ?)",
         {person_id, r.service_area, r.municipality_number});
}

void contacts_of(db::Connection& c, std::int64_t organisation_id, const db::RowFn& on_row) {
  c.each(
      "SELECT p.id, p.name, p.title, p.email, p.phone, CASE WHEN p.public_consent_at IS NULL THEN 0 ELSE 1 END, "
      "cr.service_area, cr.municipality_number, mm.name FROM people p "
      "LEFT JOIN contact_roles cr ON cr.person_id = p.id "
      "LEFT JOIN municipalities mm ON mm.number = cr.municipality_number "
      "WHERE p.organisation_id = ? ORDER BY cr.service_area, p.name, p.id",
      {organisation_id}, on_row);
}

void contacts_for_municipality(db::Connection& c, const std::string& number, const std::string& service_area,
                               const db::RowFn& on_row) {
  c.each(
      "SELECT cr.service_area, p.name, p.title, p.email, p.phone, "
      "CASE WHEN p.public_consent_at IS NULL THEN 0 ELSE 1 END, o.id, o.name, o.kind "
      "FROM contact_roles cr JOIN people p ON p.id = cr.person_id JOIN organisations o ON o.id = p.organisation_id "
      "WHERE o.status <> 'deactivated' AND (o.status = 'verified' OR o.kind NOT IN " + std::string(kPublicKinds) +
      ") AND (? = '' OR cr.service_area = ?) AND (cr.municipality_number = ? OR "
      "(cr.municipality_number IS NULL AND (o.municipality_number = ? OR EXISTS (SELECT 1 FROM "
      "organisation_municipalities om WHERE om.organisation_id = o.id AND om.municipality_number = ?)))) "
      "ORDER BY cr.service_area, o.name_sort, p.name",
      {service_area, service_area, number, number, number}, on_row);
}

void public_bodies_in(db::Connection& c, const std::string& number, const db::RowFn& on_row) {
  c.each(std::string("SELECT id, name, kind, parent_id FROM organisations WHERE municipality_number = ? AND kind IN ") +
             kPublicKinds + " AND status = 'verified' AND merged_into IS NULL ORDER BY name_sort",
         {number}, on_row);
}

void coverage(db::Connection& c, const std::string& county, const db::RowFn& on_row) {
  c.each(
      std::string("SELECT m.number, cr.service_area, MAX(CASE WHEN p.public_consent_at IS NULL THEN 0 ELSE 1 END) "
                  "FROM municipalities m JOIN organisations o ON o.status = 'verified' AND o.kind IN ") +
          kPublicKinds +
          " AND (o.municipality_number = m.number OR EXISTS (SELECT 1 FROM organisation_municipalities om WHERE "
          "om.organisation_id = o.id AND om.municipality_number = m.number)) "
          "JOIN people p ON p.organisation_id = o.id "
          "JOIN contact_roles cr ON cr.person_id = p.id AND (cr.municipality_number IS NULL OR "
          "cr.municipality_number = m.number) "
          "WHERE m.replaced_by IS NULL AND (? = '' OR m.county_number = ?) GROUP BY m.number, cr.service_area",
      {county, county}, on_row);
}

void organisations_per_municipality(db::Connection& c, const std::string& county, const db::RowFn& on_row) {
  c.each(
      "SELECT m.number, COUNT(o.id) FROM municipalities m LEFT JOIN organisations o ON o.municipality_number = m.number "
      "AND o.status <> 'deactivated' WHERE m.replaced_by IS NULL AND m.county_number = ? GROUP BY m.number",
      {county}, on_row);
}

}  // namespace samskap::directory::store
