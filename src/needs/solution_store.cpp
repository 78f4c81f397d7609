#include "needs/solution_store.hpp"

#include "platform/db/binder.hpp"
#include "platform/search/text.hpp"

namespace samskap::needs::solution_store {

namespace {

void replace_tags(db::Connection& c, std::int64_t id, const Solution& s) {
  c.exec("DELETE FROM solution_service_areas WHERE solution_id = ?", {id});
  c.exec("DELETE FROM solution_target_groups WHERE solution_id = ?", {id});
  c.exec("DELETE FROM solution_municipalities WHERE solution_id = ?", {id});
  c.exec("DELETE FROM solution_references WHERE solution_id = ?", {id});
  for (auto& x : s.service_areas)
    c.exec("INSERT INTO solution_service_areas (solution_id, slug) VALUES (?, ?) ON CONFLICT DO NOTHING", {id, x});
  for (auto& x : s.target_groups)
    c.exec("INSERT INTO solution_target_groups (solution_id, slug) VALUES (?, ?) ON CONFLICT DO NOTHING", {id, x});
  for (auto& m : s.municipalities)
    c.exec("INSERT INTO solution_municipalities (solution_id, municipality_number) VALUES (?, ?) "
           "ON CONFLICT DO NOTHING",
           {id, m});
  for (auto& r : s.references)
    c.exec("INSERT INTO solution_references (solution_id, organisation_id, note) VALUES (?, ?, ?) "
           "ON CONFLICT DO NOTHING",
           {id, r.organisation_id, r.note});
}

}  // namespace

std::int64_t create(db::Connection& c, const Solution& s, const std::string& search_text) {
  auto id = c.insert_id(
      "INSERT INTO solutions (organisation_id, title, summary, description, audience, evidence, price_model, "
      "nationwide, status, created_by, search_text, published_at, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {s.organisation_id, s.title, s.summary, s.description, s.audience, s.evidence, s.price_model,
       std::int64_t{s.nationwide ? 1 : 0}, s.status, s.created_by, search_text, s.published_at, s.created_at,
       s.updated_at});
  replace_tags(c, id, s);
  return id;
}

void update(db::Connection& c, const Solution& s, const std::string& search_text) {
  c.exec("UPDATE solutions SET title = ?, summary = ?, description = ?, audience = ?, evidence = ?, price_model = ?, "
         "nationwide = ?, search_text = ?, updated_at = ? WHERE id = ?",
         {s.title, s.summary, s.description, s.audience, s.evidence, s.price_model,
          std::int64_t{s.nationwide ? 1 : 0}, search_text, s.updated_at, s.id});
  replace_tags(c, s.id, s);
}

std::optional<Solution> find(db::Connection& c, std::int64_t id) {
  std::optional<Solution> out;
  c.one("SELECT s.id, s.organisation_id, o.name, s.title, s.summary, s.description, s.audience, s.evidence, "
        "s.price_model, s.nationwide, s.status, s.created_by, s.published_at, s.created_at, s.updated_at "
        "FROM solutions s JOIN organisations o ON o.id = s.organisation_id WHERE s.id = ?",
        {id}, [&](const db::Row& r) {
          Solution s;
          s.id = r.integer(0);
          s.organisation_id = r.integer(1);
          s.organisation_name = r.str(2);
          s.title = r.str(3);
          s.summary = r.str(4);
          s.description = r.str(5);
          s.audience = r.str(6);
          s.evidence = r.str(7);
          s.price_model = r.str(8);
          s.nationwide = r.integer(9) != 0;
          s.status = r.str(10);
          s.created_by = r.opt_integer(11);
          s.published_at = r.opt_text(12);
          s.created_at = r.str(13);
          s.updated_at = r.str(14);
          out = std::move(s);
        });
  if (!out) return out;
  // Tags and references in one round trip; references in the directory's name order.
  c.each("SELECT 'r', sr.organisation_id, o.name, sr.note, o.name_sort FROM solution_references sr "
         "JOIN organisations o ON o.id = sr.organisation_id WHERE sr.solution_id = ? "
         "UNION ALL SELECT 's', 0, slug, '', NULL FROM solution_service_areas WHERE solution_id = ? "
         "UNION ALL SELECT 't', 0, slug, '', NULL FROM solution_target_groups WHERE solution_id = ? "
         "UNION ALL SELECT 'm', 0, municipality_number, '', NULL FROM solution_municipalities WHERE solution_id = ? "
         "ORDER BY 1, 5, 3",
         {id, id, id, id}, [&](const db::Row& r) {
           auto what = r.text(0);
           if (what == "r") out->references.push_back({r.integer(1), r.str(2), r.str(3)});
           else if (what == "s") out->service_areas.push_back(r.str(2));
           else if (what == "t") out->target_groups.push_back(r.str(2));
           else out->municipalities.push_back(r.str(2));
         });
  return out;
}

std::optional<Head> head(db::Connection& c, std::int64_t id) {
  std::optional<Head> out;
  c.one("SELECT id, organisation_id, status, title FROM solutions WHERE id = ?", {id},
        [&](const db::Row& r) { out = Head{r.integer(0), r.integer(1), r.str(2), r.str(3)}; });
  return out;
}

bool change_status(db::Connection& c, std::int64_t id, const std::string& from, const std::string& to,
                   const std::string& now) {
  return c.exec("UPDATE solutions SET status = ?, updated_at = ?, "
                "published_at = CASE WHEN published_at IS NULL AND ? = 'published' THEN ? ELSE published_at END "
                "WHERE id = ? AND status = ?",
                {to, now, to, now, id, from}) > 0;
}

Page list(db::Connection& c, const Filter& f, std::int64_t offset, std::int64_t limit) {
  const bool pg = c.engine() == db::Engine::postgresql;
  db::Binder b;
  std::string sql =
      "SELECT s.id, s.title, s.summary, s.organisation_id, o.name, s.status, s.nationwide, s.published_at, "
      "s.updated_at, COUNT(*) OVER () FROM solutions s JOIN organisations o ON o.id = s.organisation_id";
  auto query = search::parse_query(f.q);
  std::string match;
  if (!query.empty()) match = pg ? search::pg_tsquery(query) : search::fts5_match(query);
  if (!match.empty() && !pg) {
    sql += " JOIN (SELECT rowid AS fid, rank FROM solutions_fts WHERE solutions_fts MATCH ?) f ON f.fid = s.id";
    b.text(match);
  }
  const bool own = f.include_unpublished && f.organisation_id;
  std::string where = own ? " WHERE 1 = 1" : " WHERE s.status = 'published'";
  if (f.organisation_id) {
    where += " AND s.organisation_id = ?";
    b.integer(*f.organisation_id);
  }
  if (!f.service_area.empty()) {
    where += " AND s.id IN (SELECT solution_id FROM solution_service_areas WHERE slug = ?)";
    b.text(f.service_area);
  }
  if (!f.target_group.empty()) {
    where += " AND s.id IN (SELECT solution_id FROM solution_target_groups WHERE slug = ?)";
    b.text(f.target_group);
  }
  if (!f.municipality.empty()) {
    where += " AND (s.nationwide = 1 OR s.id IN (SELECT solution_id FROM solution_municipalities "
             "WHERE municipality_number = ?))";
    b.text(f.municipality);
  }
  if (!f.county.empty()) {
    where += " AND (s.nationwide = 1 OR s.id IN (SELECT sm.solution_id FROM solution_municipalities sm "
             "JOIN municipalities m ON m.number = sm.municipality_number WHERE m.county_number = ?))";
    b.text(f.county);
  }
  std::string order = own ? " ORDER BY s.updated_at DESC, s.id DESC" : " ORDER BY s.published_at DESC, s.id DESC";
  if (!match.empty()) {
    if (pg) {
      where += " AND s.search_vector @@ to_tsquery('simple', ?)";
      b.text(match);
      order = " ORDER BY ts_rank(s.search_vector, to_tsquery('simple', ?)) DESC, s.published_at DESC, s.id DESC";
      b.text(match);
    } else {
      order = " ORDER BY f.rank, s.published_at DESC, s.id DESC";
    }
  }
  b.integer(limit);
  b.integer(offset);
  Page page;
  c.run(sql + where + order + " LIMIT ? OFFSET ?", b.params(), [&](const db::Row& r) {
    Row row;
    row.id = r.integer(0);
    row.title = r.str(1);
    row.summary = r.str(2);
    row.organisation_id = r.integer(3);
    row.organisation_name = r.str(4);
    row.status = r.str(5);
    row.nationwide = r.integer(6) != 0;
    row.published_at = r.opt_text(7);
    row.updated_at = r.str(8);
    page.total = r.integer(9);
    page.rows.push_back(std::move(row));
  });
  // Past the last page the window count is not there; count once so pagination can lead back.
  if (page.rows.empty() && offset > 0) page.total = list(c, f, 0, 1).total;
  return page;
}

std::vector<std::pair<std::int64_t, std::string>> verified_organisations(db::Connection& c, const std::string& q,
                                                                          std::int64_t limit) {
  std::vector<std::pair<std::int64_t, std::string>> out;
  const bool pg = c.engine() == db::Engine::postgresql;
  auto query = search::parse_query(q);
  if (query.empty()) return out;
  auto on_row = [&](const db::Row& r) { out.emplace_back(r.integer(0), r.str(1)); };
  if (pg) {
    c.run("SELECT id, name FROM organisations WHERE status = 'verified' AND merged_into IS NULL "
          "AND search_vector @@ to_tsquery('simple', ?) ORDER BY name_sort, id LIMIT ?",
          {search::pg_tsquery(query), limit}, on_row);
  } else {
    c.run("SELECT o.id, o.name FROM organisations o JOIN (SELECT rowid AS fid FROM organisations_fts "
          "WHERE organisations_fts MATCH ?) f ON f.fid = o.id WHERE o.status = 'verified' AND o.merged_into IS NULL "
          "ORDER BY o.name_sort, o.id LIMIT ?",
          {search::fts5_match(query), limit}, on_row);
  }
  return out;
}

std::vector<std::pair<std::int64_t, std::string>> organisation_names(db::Connection& c,
                                                                      const std::vector<std::int64_t>& ids) {
  std::vector<std::pair<std::int64_t, std::string>> out;
  if (ids.empty()) return out;
  std::string sql = "SELECT id, name FROM organisations WHERE status <> 'deactivated' AND merged_into IS NULL AND id IN (";
  std::vector<db::Param> params;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    sql += i ? ", ?" : "?";
    params.emplace_back(ids[i]);
  }
  sql += ")";
  c.run(sql, params, [&](const db::Row& r) { out.emplace_back(r.integer(0), r.str(1)); });
  return out;
}

}  // namespace samskap::needs::solution_store
