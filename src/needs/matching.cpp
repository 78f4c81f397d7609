#include "needs/matching.hpp"

#include <algorithm>
#include <chrono>
#include <memory>
#include <mutex>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "platform/db/binder.hpp"
#include "platform/search/text.hpp"

namespace samskap::needs::matching {

namespace {

// Norwegian words that say nothing about what a need or a solution is about.
const std::unordered_set<std::string_view>& stop_words() {
  static const std::unordered_set<std::string_view> words = {
      "og", "i", "jeg", "det", "at", "en", "et", "den", "til", "er", "som", "på", "de", "med", "han", "av",
      "ikke", "der", "så", "var", "meg", "seg", "men", "ett", "har", "om", "vi", "min", "mitt", "ha", "hadde",
      "hun", "nå", "over", "da", "ved", "fra", "du", "ut", "sin", "dem", "oss", "opp", "man", "kan", "hans",
      "hvor", "eller", "hva", "skal", "selv", "her", "alle", "vil", "bli", "ble", "blitt", "kunne", "inn",
      "når", "være", "kom", "noen", "noe", "ville", "dere", "deres", "kun", "ja", "etter", "ned", "skulle",
      "denne", "for", "deg", "si", "sine", "sitt", "mot", "å", "meget", "hvorfor", "dette", "disse", "uten",
      "hvordan", "ingen", "din", "ditt", "blir", "samme", "hvilken", "hvilke", "sånn", "inni", "mellom", "vår",
      "våre", "vårt", "hver", "hvem", "hvis", "både", "bare", "enn", "fordi", "før", "mange", "også", "slik",
      "vært", "begge", "siden", "henne", "hennes", "mer", "mye", "andre", "annen", "annet", "får", "få", "gjør",
      "gjøre", "godt", "hele", "mest", "nok", "sammen", "svært", "tid", "the", "and", "of", "to", "in", "for",
      "per", "dag", "uke", "år", "tilbud", "tilbyr", "gjennom", "trenger", "behov", "løsning", "løsninger"};
  return words;
}

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char ch : s)
    if ((ch & 0xC0) != 0x80) ++n;
  return n;
}

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char ch) { return ch >= '0' && ch <= '9'; });
}

// Where candidates come from: a table, its text index and its tag tables.
struct Side {
  const char* kind;
  const char* table;
  const char* fts;
  const char* filter;  // on alias x
  const char* areas;
  const char* groups;
  const char* places;
  const char* key;  // the tag tables' column naming the row
  const char* vocab;  // SQLite: the fts5vocab table of the text index
  bool join_text;   // SQLite: filter text matches by joining the table (needs: many are closed)
  bool nationwide;  // has a nationwide column
  const char* details;  // id, title, summary, owner id, owner name, search_text; "x.id IN (" follows
};

const Side kSolutions{"solution",
                      "solutions",
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
const Side kEnterprises{"enterprise",
                        "organisations",
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
const Side kNeeds{"need",
                  "needs",
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

// The asking side.
struct Profile {
  std::vector<std::string> titles, bodies;
  std::vector<std::string> service_areas, target_groups, municipalities;
  bool nationwide = false;
};

struct Candidate {
  double relevance = 0;
  std::set<std::string> areas, groups, municipalities, counties;
  bool nationwide = false;
};

std::string placeholders(std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += i ? ", ?" : "?";
  return s;
}

void add_texts(db::Binder& b, const std::vector<std::string>& xs) {
  for (auto& x : xs) b.text(x);
}

template <class T>
void sort_unique(std::vector<T>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

struct Term {
  std::string stem, word;
  int weight = 0;
  std::size_t first = 0;
};

// Distinct stems of the texts in order of weight (title words count three times), then length.
std::vector<Term> weighted_terms(const std::vector<std::string>& titles, const std::vector<std::string>& bodies,
                                 std::size_t max_terms, const std::vector<std::string>& without) {
  std::unordered_set<std::string> skip;
  for (auto& w : without) skip.insert(search::stem(w));
  std::unordered_map<std::string, Term> seen;
  std::size_t position = 0;
  auto add = [&](const std::string& text, int weight) {
    for (auto& w : search::words(text)) {
      ++position;
      if (code_points(w) < 3 || all_digits(w) || stop_words().count(w)) continue;
      auto s = search::stem(w);
      if (s.empty() || w.size() > 64 || skip.count(s)) continue;
      auto [it, fresh] = seen.try_emplace(s);
      if (fresh) {
        it->second.stem = s;
        it->second.word = w;
        it->second.first = position;
      }
      it->second.weight += weight;
    }
  };
  for (auto& t : titles) add(t, 3);
  for (auto& t : bodies) add(t, 1);
  std::vector<Term> all;
  all.reserve(seen.size());
  for (auto& [stem, t] : seen) all.push_back(std::move(t));
  std::sort(all.begin(), all.end(), [](const Term& a, const Term& b) {
    if (a.weight != b.weight) return a.weight > b.weight;
    auto la = code_points(a.stem), lb = code_points(b.stem);
    if (la != lb) return la > lb;
    return a.first < b.first;
  });
  if (all.size() > max_terms) all.resize(max_terms);
  return all;
}

// The share of the other side's documents that hold each stem: exact on SQLite (fts5vocab), from
// ANALYZE's most common lexemes on PostgreSQL (stems not among them count as rare: 0).
struct Shares {
  std::unordered_map<std::string, double> of;  // stem → share of documents
  double documents = 0;                        // how many documents there are (estimated on PostgreSQL)
  double rare = 0;  // the share assumed for a stem not in `of` (PostgreSQL: below the least common listed)
};
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

// What ranking both sides for one asking side shares, read once: the asking side with its tags
// sorted, its own place names (scored as places, not as words), and on PostgreSQL the server's
// identity (for the common lexemes kept per server) and the tables' estimated row counts.
struct Asking {
  Profile p;
  std::vector<std::string> place_words;
  std::string server;
  std::unordered_map<std::string, double> rows;  // table → estimated rows
};
Asking prepare(db::Connection& c, Profile p) {
  Asking a;
  sort_unique(p.service_areas);
  sort_unique(p.target_groups);
  sort_unique(p.municipalities);
  const bool pg = c.engine() == db::Engine::postgresql;
  db::Binder b;
  std::string sql;
  if (!p.municipalities.empty()) {
    add_texts(b, p.municipalities);
    add_texts(b, p.municipalities);
    sql = "SELECT 'p', name, 0.0 FROM municipalities WHERE number IN (" + placeholders(p.municipalities.size()) +
          ") UNION ALL SELECT 'p', name, 0.0 FROM counties WHERE number IN (SELECT county_number FROM municipalities "
          "WHERE number IN (" + placeholders(p.municipalities.size()) + "))";
  }
  if (pg) {
    if (!sql.empty()) sql += " UNION ALL ";
    sql += "SELECT 's', current_database() || ':' || COALESCE(inet_server_port(), 0) || ':' || current_schema() || "
           "':' || pg_postmaster_start_time(), 0.0 UNION ALL SELECT 'r', relname::text, reltuples::float8 FROM pg_class "
           "WHERE oid IN (to_regclass('solutions'), to_regclass('organisations'), to_regclass('needs'))";
  }
  if (!sql.empty())
    c.run(sql, b.params(), [&](const db::Row& r) {
      auto what = r.text(0);
      if (what == "p") {
        for (auto& w : search::words(r.text(1))) a.place_words.push_back(w);
      } else if (what == "s") {
        a.server = r.str(1);
      } else {
        a.rows[r.str(1)] = std::max(0.0, std::strtod(r.str(2).c_str(), nullptr));
      }
    });
  a.p = std::move(p);
  return a;
}

Shares document_shares(db::Connection& c, const Side& side, const Asking& a, const std::vector<Term>& terms) {
  Shares out;
  if (terms.empty()) return out;
  if (c.engine() == db::Engine::postgresql) {
    if (auto it = a.rows.find(side.table); it != a.rows.end()) out.documents = it->second;
    auto common = common_lexemes(c, a.server, side.table);
    // A stem ANALYZE did not list is less common than every listed one: it counts as half the
    // least common listed, not as none, so that many rare words still add up against the budget.
    out.rare = common->least / 2;
    for (auto& t : terms)
      if (auto it = common->shares.find(t.stem); it != common->shares.end()) out.of[t.stem] = it->second;
    return out;
  }
  db::Binder b;
  for (auto& t : terms) b.text(t.stem);
  c.run(std::string("SELECT term, doc, (SELECT COUNT(*) FROM ") + side.table + ") FROM " + side.vocab +
            " WHERE term IN (" + placeholders(terms.size()) + ")",
        b.params(), [&](const db::Row& r) {
          out.documents = double(r.integer(2));
          if (out.documents > 0) out.of[r.str(0)] = double(r.integer(1)) / out.documents;
        });
  return out;
}

// The words the text query uses: by weight times rarity (inverse document frequency), without
// words no document holds (known on SQLite), and no more once they would match about
// kMatchBudget documents in all (the cost of ranking grows with the matches; common words tell
// little and cost much), but at least kMinTerms when the text has them. When even the most
// informative word is that common, documents must share two of the kPairTerms most informative
// words instead (the index intersects them cheaply, and a document sharing only one common word
// with the asking side is a weak match anyway): the most informative pairs while their expected
// matches stay within the budget, and three words when even the best pair would match more.
struct TextQuery {
  std::vector<Term> terms;                       // the words used, most informative first
  std::vector<std::vector<std::size_t>> groups;  // documents hold every word of one group (indexes into terms)
};
TextQuery query_terms(db::Connection& c, const Side& side, const Asking& a, std::vector<Term> terms) {
  auto shares = document_shares(c, side, a, terms);
  const bool exact = c.engine() == db::Engine::sqlite;
  std::erase_if(terms, [&](const Term& t) { return exact && !shares.of.count(t.stem); });
  auto share = [&](const Term& t) {
    auto it = shares.of.find(t.stem);
    return it == shares.of.end() ? shares.rare : it->second;
  };
  auto value = [&](const Term& t) { return t.weight * -std::log(std::max(share(t), kRareShare)); };
  std::stable_sort(terms.begin(), terms.end(), [&](const Term& a, const Term& b) { return value(a) > value(b); });
  TextQuery out;
  double expected = 0;
  for (auto& t : terms) {
    if (out.terms.size() >= kMaxTerms) break;
    const double matches = share(t) * shares.documents;
    if (out.terms.size() >= kMinTerms && expected + matches > kMatchBudget) continue;
    out.groups.push_back({out.terms.size()});
    out.terms.push_back(t);
    expected += matches;
  }
  if (expected <= kMatchBudget || terms.size() < 2) return out;

  // Groups of words, expected matches taken as if the words occurred independently.
  out.terms.assign(terms.begin(), terms.begin() + std::min(terms.size(), kPairTerms));
  out.groups.clear();
  struct Group {
    std::vector<std::size_t> words;
    double value = 0, matches = 0;
  };
  auto groups_of = [&](std::size_t size) {
    std::vector<Group> all;
    const std::size_t n = out.terms.size();
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = i + 1; j < n; ++j) {
        if (size == 2) {
          all.push_back({{i, j}, 0, 0});
          continue;
        }
        for (std::size_t k = j + 1; k < n; ++k) all.push_back({{i, j, k}, 0, 0});
      }
    for (auto& g : all) {
      double m = shares.documents;
      for (auto w : g.words) {
        g.value += value(out.terms[w]);
        m *= share(out.terms[w]);
      }
      g.matches = m;
    }
    std::stable_sort(all.begin(), all.end(), [](const Group& a, const Group& b) { return a.value > b.value; });
    return all;
  };
  auto groups = groups_of(2);
  if (!groups.empty() && groups.front().matches > kMatchBudget && out.terms.size() >= 3) groups = groups_of(3);
  expected = 0;
  for (auto& g : groups) {
    if (!out.groups.empty() && expected + g.matches > kMatchBudget) continue;
    out.groups.push_back(g.words);
    expected += g.matches;
  }
  return out;
}

// The text query in the engine's syntax: the groups OR-ed, the words of a group AND-ed.
std::string match_expression(const TextQuery& q, bool pg) {
  auto quoted = [&](const Term& t) { return pg ? "'" + t.stem + "'" : "\"" + t.stem + "\""; };
  const std::string either = pg ? " | " : " OR ";
  const std::string both = pg ? " & " : " AND ";
  std::string match;
  for (auto& g : q.groups) {
    std::string group;
    for (auto w : g) group += (group.empty() ? "" : both) + quoted(q.terms[w]);
    match += (match.empty() ? "" : either) + (g.size() > 1 ? "(" + group + ")" : group);
  }
  return match;
}

std::vector<Match> rank(db::Connection& c, const Side& side, const Asking& asking, std::size_t limit) {
  const auto& p = asking.p;
  const bool pg = c.engine() == db::Engine::postgresql;
  const auto query =
      query_terms(c, side, asking, weighted_terms(p.titles, p.bodies, kCandidateTerms, asking.place_words));
  const auto& terms = query.terms;
  std::unordered_map<std::int64_t, Candidate> candidates;

  // Text: the best kTextCandidates by the engine's own relevance.
  if (!terms.empty()) {
    const std::string match = match_expression(query, pg);
    std::string sql;
    if (pg)
      sql = std::string("SELECT x.id, ts_rank(x.search_vector, q, 1) FROM ") + side.table +
            " x, to_tsquery('simple', ?) q WHERE x.search_vector @@ q AND " + side.filter +
            " ORDER BY 2 DESC, x.id LIMIT ?";
    else if (side.join_text)
      sql = std::string("SELECT x.id, -bm25(") + side.fts + ") FROM " + side.fts + " JOIN " + side.table +
            " x ON x.id = " + side.fts + ".rowid WHERE " + side.fts + " MATCH ? AND " + side.filter +
            " ORDER BY 2 DESC, x.id LIMIT ?";
    else  // the index alone, ranked by FTS5 itself; whether a row is listed is checked with the details
      sql = std::string("SELECT rowid, -rank FROM ") + side.fts + " WHERE " + side.fts + " MATCH ? ORDER BY rank LIMIT ?";
    c.run(sql, {std::string_view(match), kTextCandidates},
          [&](const db::Row& r) { candidates[r.integer(0)].relevance = std::max(std::strtod(r.str(1).c_str(), nullptr), 1e-9); });
  }

  // Tags: every row sharing one, through the tag tables' indexes, in one statement.
  db::Binder b;
  std::vector<std::string> parts;
  // Tag rows are read from the tag tables' indexes alone; whether the row is listed (published,
  // active, open) is checked with the details of the best ones below.
  const std::string join = " WHERE ";
  if (!p.service_areas.empty()) {
    parts.push_back(std::string("SELECT 's', t.") + side.key + ", t.slug FROM " + side.areas + " t" + join +
                    "t.slug IN (" + placeholders(p.service_areas.size()) + ")");
    add_texts(b, p.service_areas);
  }
  if (!p.target_groups.empty()) {
    parts.push_back(std::string("SELECT 't', t.") + side.key + ", t.slug FROM " + side.groups + " t" + join +
                    "t.slug IN (" + placeholders(p.target_groups.size()) + ")");
    add_texts(b, p.target_groups);
  }
  if (!p.municipalities.empty()) {
    parts.push_back(std::string("SELECT 'm', t.") + side.key + ", t.municipality_number FROM " + side.places + " t" +
                    join + "t.municipality_number IN (" + placeholders(p.municipalities.size()) + ")");
    add_texts(b, p.municipalities);
    if (side.nationwide)
      parts.push_back(std::string("SELECT 'n', x.id, '' FROM ") + side.table + " x WHERE x.nationwide = 1");
  }
  if (!parts.empty()) {
    std::string sql;
    for (auto& part : parts) sql += (sql.empty() ? "" : " UNION ALL ") + part;
    c.run(sql, b.params(), [&](const db::Row& r) {
      auto what = r.text(0);
      auto& k = candidates[r.integer(1)];
      if (what == "s") k.areas.insert(r.str(2));
      else if (what == "t") k.groups.insert(r.str(2));
      else if (what == "m") k.municipalities.insert(r.str(2));
      else k.nationwide = true;
    });
  }

  // Score in C++.
  double best = 0;
  for (auto& [id, k] : candidates) best = std::max(best, k.relevance);
  struct Scored {
    std::int64_t id;
    double score, text;
  };
  std::vector<Scored> scored;
  scored.reserve(candidates.size());
  for (auto& [id, k] : candidates) {
    if (k.relevance <= 0 && k.areas.empty() && k.groups.empty()) continue;  // a place alone is no match
    const double text = best > 0 ? k.relevance / best : 0;
    const double areas = p.service_areas.empty() ? 0 : double(k.areas.size()) / double(p.service_areas.size());
    const double groups = p.target_groups.empty() ? 0 : double(k.groups.size()) / double(p.target_groups.size());
    const double place = p.nationwide || k.nationwide || !k.municipalities.empty() ? 1 : 0;
    scored.push_back({id, 50 * text + 25 * areas + 15 * groups + 10 * place, text});
  }
  std::sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.text != b.text) return a.text > b.text;
    return a.id < b.id;
  });

  // The details of the best ones that are listed (published, active, open), and the words they
  // share with the asking side; in chunks, as tag matches may include unlisted rows.
  std::unordered_map<std::int64_t, Match> details;
  std::vector<Scored> chosen;
  for (std::size_t from = 0; from < scored.size() && chosen.size() < limit;) {
    const std::size_t upto = std::min(scored.size(), from + limit + kSlack);
    std::vector<db::Param> ids;
    for (std::size_t i = from; i < upto; ++i) ids.emplace_back(scored[i].id);
    c.run(std::string(side.details) + placeholders(ids.size()) + ") AND " + side.filter, ids,
          [&](const db::Row& r) {
            Match m;
            m.kind = side.kind;
            m.id = r.integer(0);
            m.title = r.str(1);
            m.summary = r.str(2);
            m.organisation_id = r.integer(3);
            m.organisation_name = r.str(4);
            std::unordered_set<std::string_view> tokens;
            auto text = r.text(5);
            for (std::size_t pos = 0; pos < text.size();) {
              auto end = text.find(' ', pos);
              if (end == std::string_view::npos) end = text.size();
              if (end > pos) tokens.insert(text.substr(pos, end - pos));
              pos = end + 1;
            }
            for (auto& t : terms)
              if (m.words.size() < kMaxSharedWords && tokens.count(t.stem)) m.words.push_back(t.word);
            details.emplace(m.id, std::move(m));
          });
    for (std::size_t i = from; i < upto && chosen.size() < limit; ++i)
      if (details.count(scored[i].id)) chosen.push_back(scored[i]);
    from = upto;
  }
  // The same county, as a reason only, for the chosen ones that share no municipality.
  std::vector<std::int64_t> elsewhere;
  for (auto& x : chosen)
    if (candidates[x.id].municipalities.empty()) elsewhere.push_back(x.id);
  if (!elsewhere.empty() && !p.municipalities.empty()) {
    db::Binder cb;
    for (auto id : elsewhere) cb.integer(id);
    add_texts(cb, p.municipalities);
    c.run(std::string("SELECT DISTINCT t.") + side.key + ", mm.county_number FROM " + side.places +
              " t JOIN municipalities mm ON mm.number = t.municipality_number WHERE t." + side.key + " IN (" +
              placeholders(elsewhere.size()) + ") AND mm.county_number IN (SELECT county_number FROM "
              "municipalities WHERE number IN (" + placeholders(p.municipalities.size()) + "))",
          cb.params(), [&](const db::Row& r) { candidates[r.integer(0)].counties.insert(r.str(1)); });
  }
  std::vector<Match> out;
  out.reserve(chosen.size());
  for (auto& s : chosen) {
    auto it = details.find(s.id);
    if (it == details.end()) continue;
    Match m = std::move(it->second);
    auto& k = candidates[s.id];
    m.score = s.score;
    m.text = s.text;
    m.service_areas.assign(k.areas.begin(), k.areas.end());
    m.target_groups.assign(k.groups.begin(), k.groups.end());
    m.municipalities.assign(k.municipalities.begin(), k.municipalities.end());
    if (m.municipalities.empty()) m.counties.assign(k.counties.begin(), k.counties.end());
    m.nationwide = p.nationwide || k.nationwide;
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> informative_terms(const std::vector<std::string>& titles,
                                                                    const std::vector<std::string>& bodies,
                                                                    std::size_t max_terms,
                                                                    const std::vector<std::string>& without) {
  std::vector<std::pair<std::string, std::string>> out;
  for (auto& t : weighted_terms(titles, bodies, max_terms, without)) out.emplace_back(t.stem, t.word);
  return out;
}

NeedMatches for_need(db::Connection& c, std::int64_t need_id, std::size_t limit) {
  NeedMatches out;
  Profile p;
  bool found = false;
  c.one("SELECT title, situation FROM needs WHERE id = ?", {need_id}, [&](const db::Row& r) {
    found = true;
    p.titles.push_back(r.str(0));
    p.bodies.push_back(r.str(1));
  });
  if (!found) return out;
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
  const auto asking = prepare(c, std::move(p));
  out.solutions = rank(c, kSolutions, asking, limit);
  out.enterprises = rank(c, kEnterprises, asking, limit);
  return out;
}

std::vector<Match> for_organisation(db::Connection& c, std::int64_t organisation_id, std::size_t limit) {
  Profile p;
  bool found = false;
  c.one("SELECT name, short_description, long_description FROM organisations WHERE id = ?", {organisation_id},
        [&](const db::Row& r) {
          found = true;
          p.bodies.push_back(r.str(0));
          p.bodies.push_back(r.str(1));
          p.bodies.push_back(r.str(2));
        });
  if (!found) return {};
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
  return rank(c, kNeeds, prepare(c, std::move(p)), limit);
}

}  // namespace samskap::needs::matching
