#include "needs/matching_store.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>

#include "platform/db/binder.hpp"

namespace samskap::needs::matching_store {

namespace {

// Where candidates come from: a table, its text index and its tag tables.
struct Side {
  const char* table;
  const char* fts;
  const char* filter;  // on alias x
  const char* areas;
  const char* groups;
  const char* places;
  const char* key;      // the tag tables' column naming the row
  const char* vocab;    // SQLite: the fts5vocab table of the text index
  bool join_text;       // SQLite: filter text matches by joining the table (needs: many are closed)
  bool nationwide;      // has a nationwide column
  const char* details;  // id, title, summary, owner id, owner name, search_text; "x.id IN (" follows
};

const Side kSolutions{"solutions",
                      "solutions_fts",
                      "x.status = 'published'",
                      "solution_service_areas",
                      "solution_target_groups",
                      "solution_municipalities",
                      "solution_id",
                      "solutions_vocab",
                      false,
                      true,
                      "SELECT x.id, x.title, x.summary, x.organisation_id, o.name, x.search_text FROM solutions x "
                      "JOIN organisations o ON o.id = x.organisation_id WHERE x.id IN ("};
const Side kEnterprises{"organisations",
                        "organisations_fts",
                        "x.kind = 'social_enterprise' AND x.status <> 'deactivated' AND x.merged_into IS NULL",
                        "organisation_service_areas",
                        "organisation_target_groups",
                        "organisation_municipalities",
                        "organisation_id",
                        "organisations_vocab",
                        false,
                        false,
                        "SELECT x.id, x.name, x.short_description, x.id, x.name, x.search_text FROM organisations x "
                        "WHERE x.id IN ("};
const Side kNeeds{"needs",
                  "needs_fts",
                  "x.status IN ('published', 'in_dialogue')",
                  "need_service_areas",
                  "need_target_groups",
                  "need_municipalities",
                  "need_id",
                  "needs_vocab",
                  true,
                  false,
                  "SELECT x.id, x.title, substr(x.situation, 1, 300), x.organisation_id, o.name, x.search_text "
                  "FROM needs x JOIN organisations o ON o.id = x.organisation_id WHERE x.id IN ("};

const Side& side_of(Target t) {
  switch (t) {
    case Target::solutions: return kSolutions;
    case Target::enterprises: return kEnterprises;
    case Target::needs: return kNeeds;
  }
  return kSolutions;
}

std::string placeholders(std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += i ? ", ?" : "?";
  return s;
}

void add_texts(db::Binder& b, const std::vector<std::string>& xs) {
  for (auto& x : xs) b.text(x);
}

// The most common lexemes of one table's search vectors on PostgreSQL, as ANALYZE left them. Reading
// them costs about a millisecond and a half (the view unpacks every element), while they change only
// when the table is analysed: they are kept per server, database and table for a minute.
struct Lexemes {
  std::unordered_map<std::string, double> shares;  // stem → share of documents
  double least = 0;                                // the least share listed
};
struct CommonLexemes {
  std::chrono::steady_clock::time_point read;
  std::shared_ptr<const Lexemes> lexemes;
};
std::shared_ptr<const Lexemes> common_lexemes(db::Connection& c, const std::string& server, const char* table) {
  static std::mutex mutex;
  static std::map<std::string, CommonLexemes> cache;
  const auto key = server + '/' + table;
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mutex);
    auto it = cache.find(key);
    if (it != cache.end() && now - it->second.read < std::chrono::seconds(60)) return it->second.lexemes;
  }
  auto lexemes = std::make_shared<Lexemes>();
  c.run("SELECT u.e, u.f FROM pg_stats s, unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) "
        "AS u(e, f) WHERE s.schemaname = current_schema() AND s.tablename = ? AND s.attname = 'search_vector' "
        "AND u.e IS NOT NULL",
        {std::string_view(table)}, [&](const db::Row& r) {
          const double share = std::strtod(r.str(1).c_str(), nullptr);
          lexemes->shares[r.str(0)] = share;
          lexemes->least = lexemes->least == 0 ? share : std::min(lexemes->least, share);
        });
  std::lock_guard lock(mutex);
  if (cache.size() > 64) cache.clear();
  cache[key] = {now, lexemes};
  return lexemes;
}

}  // namespace

std::optional<Profile> need_profile(db::Connection& c, std::int64_t need_id) {
  std::optional<Profile> out;
  c.one("SELECT title, situation FROM needs WHERE id = ?", {need_id}, [&](const db::Row& r) {
    out.emplace();
    out->titles.push_back(r.str(0));
    out->bodies.push_back(r.str(1));
  });
  if (!out) return out;
  auto& p = *out;
  c.each("SELECT 'c', description FROM need_criteria WHERE need_id = ? "
         "UNION ALL SELECT 's', slug FROM need_service_areas WHERE need_id = ? "
         "UNION ALL SELECT 't', slug FROM need_target_groups WHERE need_id = ? "
         "UNION ALL SELECT 'm', municipality_number FROM need_municipalities WHERE need_id = ?",
         {need_id, need_id, need_id, need_id}, [&](const db::Row& r) {
           auto what = r.text(0);
           if (what == "c") p.bodies.push_back(r.str(1));
           else if (what == "s") p.service_areas.push_back(r.str(1));
           else if (what == "t") p.target_groups.push_back(r.str(1));
           else p.municipalities.push_back(r.str(1));
         });
  return out;
}

std::optional<Profile> organisation_profile(db::Connection& c, std::int64_t organisation_id) {
  std::optional<Profile> out;
  c.one("SELECT name, short_description, long_description FROM organisations WHERE id = ?", {organisation_id},
        [&](const db::Row& r) {
          out.emplace();
          out->bodies.push_back(r.str(0));
          out->bodies.push_back(r.str(1));
          out->bodies.push_back(r.str(2));
        });
  if (!out) return out;
  auto& p = *out;
  // The profile's tags and the published solutions' texts and tags in one statement.
  c.each("SELECT 'x', title, summary || ' ' || description || ' ' || audience, nationwide FROM solutions "
         "WHERE organisation_id = ? AND status = 'published' "
         "UNION ALL SELECT 's', slug, '', 0 FROM organisation_service_areas WHERE organisation_id = ? "
         "UNION ALL SELECT 't', slug, '', 0 FROM organisation_target_groups WHERE organisation_id = ? "
         "UNION ALL SELECT 'm', municipality_number, '', 0 FROM organisation_municipalities WHERE organisation_id = ? "
         "UNION ALL SELECT 's', a.slug, '', 0 FROM solution_service_areas a JOIN solutions s ON s.id = a.solution_id "
         "WHERE s.organisation_id = ? AND s.status = 'published' "
         "UNION ALL SELECT 't', g.slug, '', 0 FROM solution_target_groups g JOIN solutions s ON s.id = g.solution_id "
         "WHERE s.organisation_id = ? AND s.status = 'published' "
         "UNION ALL SELECT 'm', m.municipality_number, '', 0 FROM solution_municipalities m "
         "JOIN solutions s ON s.id = m.solution_id WHERE s.organisation_id = ? AND s.status = 'published'",
         {organisation_id, organisation_id, organisation_id, organisation_id, organisation_id, organisation_id,
          organisation_id},
         [&](const db::Row& r) {
           auto what = r.text(0);
           if (what == "x") {
             p.titles.push_back(r.str(1));
             p.bodies.push_back(r.str(2));
             if (r.integer(3) != 0) p.nationwide = true;
           } else if (what == "s") {
             p.service_areas.push_back(r.str(1));
           } else if (what == "t") {
             p.target_groups.push_back(r.str(1));
           } else {
             p.municipalities.push_back(r.str(1));
           }
         });
  return out;
}

Setting setting(db::Connection& c, const std::vector<std::string>& municipalities) {
  Setting out;
  const bool pg = c.engine() == db::Engine::postgresql;
  db::Binder b;
  std::string sql;
  if (!municipalities.empty()) {
    add_texts(b, municipalities);
    add_texts(b, municipalities);
    sql = "SELECT 'p', name, 0.0 FROM municipalities WHERE number IN (" + placeholders(municipalities.size()) +
          ") UNION ALL SELECT 'p', name, 0.0 FROM counties WHERE number IN (SELECT county_number FROM municipalities "
          "WHERE number IN (" + placeholders(municipalities.size()) + "))";
  }
  if (pg) {
    if (!sql.empty()) sql += " UNION ALL ";
    sql += "SELECT 's', current_database() || ':' || COALESCE(inet_server_port(), 0) || ':' || current_schema() || "
           "':' || pg_postmaster_start_time(), 0.0 UNION ALL SELECT 'r', relname::text, reltuples::float8 FROM pg_class "
           "WHERE oid IN (to_regclass('solutions'), to_regclass('organisations'), to_regclass('needs'))";
  }
  if (sql.empty()) return out;
  c.run(sql, b.params(), [&](const db::Row& r) {
    auto what = r.text(0);
    if (what == "p") out.place_names.push_back(r.str(1));
    else if (what == "s") out.server = r.str(1);
    else out.rows[r.str(1)] = std::max(0.0, std::strtod(r.str(2).c_str(), nullptr));
  });
  return out;
}

Shares shares(db::Connection& c, Target target, const Setting& setting, const std::vector<std::string>& stems) {
  Shares out;
  if (stems.empty()) return out;
  const Side& side = side_of(target);
  if (c.engine() == db::Engine::postgresql) {
    if (auto it = setting.rows.find(side.table); it != setting.rows.end()) out.documents = it->second;
    auto common = common_lexemes(c, setting.server, side.table);
    out.rare = common->least / 2;
    for (auto& s : stems)
      if (auto it = common->shares.find(s); it != common->shares.end()) out.of[s] = it->second;
    return out;
  }
  db::Binder b;
  add_texts(b, stems);
  c.run(std::string("SELECT term, doc, (SELECT COUNT(*) FROM ") + side.table + ") FROM " + side.vocab +
            " WHERE term IN (" + placeholders(stems.size()) + ")",
        b.params(), [&](const db::Row& r) {
          out.documents = double(r.integer(2));
          if (out.documents > 0) out.of[r.str(0)] = double(r.integer(1)) / out.documents;
        });
  return out;
}

void text_candidates(db::Connection& c, Target target, const std::string& match, std::int64_t limit,
                     const std::function<void(std::int64_t id, double relevance)>& each) {
  const Side& side = side_of(target);
  std::string sql;
  if (c.engine() == db::Engine::postgresql)
    sql = std::string("SELECT x.id, ts_rank(x.search_vector, q, 1) FROM ") + side.table +
          " x, to_tsquery('simple', ?) q WHERE x.search_vector @@ q AND " + side.filter +
          " ORDER BY 2 DESC, x.id LIMIT ?";
  else if (side.join_text)
    sql = std::string("SELECT x.id, -bm25(") + side.fts + ") FROM " + side.fts + " JOIN " + side.table + " x ON x.id = " +
          side.fts + ".rowid WHERE " + side.fts + " MATCH ? AND " + side.filter + " ORDER BY 2 DESC, x.id LIMIT ?";
  else  // the index alone, ranked by FTS5 itself; whether a row is listed is checked with the details
    sql = std::string("SELECT rowid, -rank FROM ") + side.fts + " WHERE " + side.fts + " MATCH ? ORDER BY rank LIMIT ?";
  c.run(sql, {std::string_view(match), limit},
        [&](const db::Row& r) { each(r.integer(0), std::strtod(r.str(1).c_str(), nullptr)); });
}

void tag_candidates(db::Connection& c, Target target, const Profile& p,
                    const std::function<void(char what, std::int64_t id, std::string_view value)>& each) {
  const Side& side = side_of(target);
  db::Binder b;
  std::vector<std::string> parts;
  if (!p.service_areas.empty()) {
    parts.push_back(std::string("SELECT 's', t.") + side.key + ", t.slug FROM " + side.areas + " t WHERE t.slug IN (" +
                    placeholders(p.service_areas.size()) + ")");
    add_texts(b, p.service_areas);
  }
  if (!p.target_groups.empty()) {
    parts.push_back(std::string("SELECT 't', t.") + side.key + ", t.slug FROM " + side.groups + " t WHERE t.slug IN (" +
                    placeholders(p.target_groups.size()) + ")");
    add_texts(b, p.target_groups);
  }
  if (!p.municipalities.empty()) {
    parts.push_back(std::string("SELECT 'm', t.") + side.key + ", t.municipality_number FROM " + side.places +
                    " t WHERE t.municipality_number IN (" + placeholders(p.municipalities.size()) + ")");
    add_texts(b, p.municipalities);
    if (side.nationwide)
      parts.push_back(std::string("SELECT 'n', x.id, '' FROM ") + side.table + " x WHERE x.nationwide = 1");
  }
  if (parts.empty()) return;
  std::string sql;
  for (auto& part : parts) sql += (sql.empty() ? "" : " UNION ALL ") + part;
  c.run(sql, b.params(), [&](const db::Row& r) {
    auto what = r.text(0);
    each(what.empty() ? 'n' : what[0], r.integer(1), r.text(2));
  });
}

std::vector<Listed> listed(db::Connection& c, Target target, const std::vector<std::int64_t>& ids) {
  std::vector<Listed> out;
  if (ids.empty()) return out;
  const Side& side = side_of(target);
  db::Binder b;
  for (auto id : ids) b.integer(id);
  c.run(std::string(side.details) + placeholders(ids.size()) + ") AND " + side.filter, b.params(),
        [&](const db::Row& r) {
          out.push_back({r.integer(0), r.str(1), r.str(2), r.integer(3), r.str(4), r.str(5)});
        });
  return out;
}

void shared_counties(db::Connection& c, Target target, const std::vector<std::int64_t>& ids,
                     const std::vector<std::string>& municipalities,
                     const std::function<void(std::int64_t id, std::string_view county)>& each) {
  if (ids.empty() || municipalities.empty()) return;
  const Side& side = side_of(target);
  db::Binder b;
  for (auto id : ids) b.integer(id);
  add_texts(b, municipalities);
  c.run(std::string("SELECT DISTINCT t.") + side.key + ", mm.county_number FROM " + side.places +
            " t JOIN municipalities mm ON mm.number = t.municipality_number WHERE t." + side.key + " IN (" +
            placeholders(ids.size()) + ") AND mm.county_number IN (SELECT county_number FROM "
            "municipalities WHERE number IN (" + placeholders(municipalities.size()) + "))",
        b.params(), [&](const db::Row& r) { each(r.integer(0), r.text(1)); });
}

}  // namespace samskap::needs::matching_store
