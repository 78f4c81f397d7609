#include "needs/matching.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "needs/matching_store.hpp"
#include "platform/search/text.hpp"

namespace samskap::needs::matching {

namespace {

namespace store = matching_store;
using store::Profile;

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
TextQuery query_terms(db::Connection& c, store::Target target, const store::Setting& setting, std::vector<Term> terms) {
  std::vector<std::string> stems;
  stems.reserve(terms.size());
  for (auto& t : terms) stems.push_back(t.stem);
  const auto shares = store::shares(c, target, setting, stems);
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

const char* kind_of(store::Target t) {
  switch (t) {
    case store::Target::solutions: return "solution";
    case store::Target::enterprises: return "enterprise";
    case store::Target::needs: return "need";
  }
  return "";
}

struct Candidate {
  double relevance = 0;
  std::set<std::string> areas, groups, municipalities, counties;
  bool nationwide = false;
};

// What ranking both sides for one asking side shares: the profile with its tags sorted, the
// words of its own place names (scored as places, not as words) and the setting read once.
struct Asking {
  Profile p;
  std::vector<std::string> place_words;
  store::Setting setting;
};
Asking prepare(db::Connection& c, Profile p) {
  sort_unique(p.service_areas);
  sort_unique(p.target_groups);
  sort_unique(p.municipalities);
  Asking a;
  a.setting = store::setting(c, p.municipalities);
  for (auto& name : a.setting.place_names)
    for (auto& w : search::words(name)) a.place_words.push_back(w);
  a.p = std::move(p);
  return a;
}

std::vector<Match> rank(db::Connection& c, store::Target target, const Asking& asking, std::size_t limit) {
  const auto& p = asking.p;
  const bool pg = c.engine() == db::Engine::postgresql;
  const auto query =
      query_terms(c, target, asking.setting, weighted_terms(p.titles, p.bodies, kCandidateTerms, asking.place_words));
  const auto& terms = query.terms;
  std::unordered_map<std::int64_t, Candidate> candidates;

  // Text: the best kTextCandidates by the engine's own relevance.
  if (!terms.empty())
    store::text_candidates(c, target, match_expression(query, pg), kTextCandidates,
                           [&](std::int64_t id, double relevance) {
                             candidates[id].relevance = std::max(relevance, 1e-9);
                           });
  // Tags: every row sharing one; whether it is listed is checked with the details of the best ones.
  store::tag_candidates(c, target, p, [&](char what, std::int64_t id, std::string_view value) {
    auto& k = candidates[id];
    if (what == 's') k.areas.emplace(value);
    else if (what == 't') k.groups.emplace(value);
    else if (what == 'm') k.municipalities.emplace(value);
    else k.nationwide = true;
  });

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
    std::vector<std::int64_t> ids;
    for (std::size_t i = from; i < upto; ++i) ids.push_back(scored[i].id);
    for (auto& row : store::listed(c, target, ids)) {
      Match m;
      m.kind = kind_of(target);
      m.id = row.id;
      m.title = std::move(row.title);
      m.summary = std::move(row.summary);
      m.organisation_id = row.organisation_id;
      m.organisation_name = std::move(row.organisation_name);
      std::unordered_set<std::string_view> tokens;
      std::string_view text = row.search_text;
      for (std::size_t pos = 0; pos < text.size();) {
        auto end = text.find(' ', pos);
        if (end == std::string_view::npos) end = text.size();
        if (end > pos) tokens.insert(text.substr(pos, end - pos));
        pos = end + 1;
      }
      for (auto& t : terms)
        if (m.words.size() < kMaxSharedWords && tokens.count(t.stem)) m.words.push_back(t.word);
      details.emplace(m.id, std::move(m));
    }
    for (std::size_t i = from; i < upto && chosen.size() < limit; ++i)
      if (details.count(scored[i].id)) chosen.push_back(scored[i]);
    from = upto;
  }
  // The same county, as a reason only, for the chosen ones that share no municipality.
  std::vector<std::int64_t> elsewhere;
  for (auto& x : chosen)
    if (candidates[x.id].municipalities.empty()) elsewhere.push_back(x.id);
  store::shared_counties(c, target, elsewhere, p.municipalities,
                         [&](std::int64_t id, std::string_view county) { candidates[id].counties.emplace(county); });
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
  auto p = store::need_profile(c, need_id);
  if (!p) return out;
  const auto asking = prepare(c, std::move(*p));
  out.solutions = rank(c, store::Target::solutions, asking, limit);
  out.enterprises = rank(c, store::Target::enterprises, asking, limit);
  return out;
}

std::vector<Match> for_organisation(db::Connection& c, std::int64_t organisation_id, std::size_t limit) {
  auto p = store::organisation_profile(c, organisation_id);
  if (!p) return {};
  return rank(c, store::Target::needs, prepare(c, std::move(*p)), limit);
}

}  // namespace samskap::needs::matching
