#pragma once
// Matching needs with solutions and social enterprises, and organisations with open needs.
//
// The asking side (a need, or an organisation with its published solutions) is turned into a
// profile: its most informative words and its tags. Candidates on the other side are
//   - the 200 best by text relevance: the profile's most informative words, OR-ed, against the
//     other side's search index, FTS5 bm25() on SQLite and ts_rank() normalised by the document's
//     length on PostgreSQL (ts_rank_cd() costs three times as much for the same order). The words:
//     the kCandidateTerms distinct stems that weigh most (title words count three times; stop
//     words and the names of its own municipalities and counties, scored as places, left out),
//     ordered by weight times rarity on the other side (the share of documents holding them:
//     exact from fts5vocab on SQLite, where words no document holds are dropped; from ANALYZE's
//     most common lexemes on PostgreSQL), at most kMaxTerms of them, and no more once they would
//     match about kMatchBudget documents in all (the cost of ranking grows with the matches, and
//     common words tell little), but at least kMinTerms when the text has them (the most informative
//     word alone when it is common: three common words matched half of 10 000 solutions); when
//     even that word would match more than kMatchBudget documents, the candidates must share two of
//     the kPairTerms most informative words instead (the index intersects them cheaply): the most
//     informative pairs while their expected matches stay within the budget, or three words when
//     even the best pair would match more (every pair of four common words matched 2 600 of
//     10 000 solutions); and
//   - every one sharing a service area, a target group or a municipality (or offered nationwide),
//     found through the tag indexes.
// Each candidate gets one score from 0 to 100:
//   score = 50 · text  + 25 · areas + 15 · groups + 10 · place
//   text   = the candidate's relevance divided by the best relevance among the text candidates
//            (0 … 1; 0 for candidates outside the 200 best by text). On SQLite the text candidates
//            of solutions and enterprises come from the index alone (fast), so an unlisted row
//            (a draft, an archived one) may set the best relevance; it is never suggested itself.
//   areas  = shared service areas / the asking side's service areas   (0 when it has none)
//   groups = shared target groups / the asking side's target groups   (0 when it has none)
//   place  = 1 for a shared municipality or a nationwide offer (the same county alone is shown as a
//            reason but not scored)
// A candidate must share words, a service area or a target group: a place alone is no match.
// Ties go to the higher text relevance, then the lower id. Every match carries its reasons.
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "platform/db/database.hpp"

namespace samskap::needs::matching {

inline constexpr std::size_t kCandidateTerms = 16;   // stems considered for the text query
inline constexpr std::size_t kMaxTerms = 12;         // distinct stems in the text query
inline constexpr std::size_t kPairTerms = 4;         // words paired when even the best one is common
inline constexpr std::size_t kMinTerms = 1;          // … at least, when the text has them
inline constexpr double kMatchBudget = 1000;         // expected matching documents of the text query
inline constexpr double kRareShare = 0.001;          // the share assumed for words not counted as common
inline constexpr std::size_t kSlack = 20;            // extra candidates read per chunk of details
inline constexpr std::int64_t kTextCandidates = 200;  // best by text relevance
inline constexpr std::size_t kMaxSharedWords = 5;     // words shown as a reason

struct Match {
  std::string kind;  // "solution", "enterprise" or "need"
  std::int64_t id = 0;
  std::string title;    // solution title, enterprise name or need title
  std::string summary;  // solution summary, enterprise short description, start of the need's situation
  std::int64_t organisation_id = 0;  // the owner (for an enterprise: itself)
  std::string organisation_name;
  double score = 0;  // 0 … 100, see above
  double text = 0;   // 0 … 1
  // Reasons: what the two sides share.
  std::vector<std::string> service_areas;   // slugs
  std::vector<std::string> target_groups;   // slugs
  std::vector<std::string> municipalities;  // numbers where both are
  std::vector<std::string> counties;        // county numbers shared when no municipality is (not scored)
  bool nationwide = false;                  // one side offers it everywhere
  std::vector<std::string> words;           // shared words as the asking side wrote them
};

struct NeedMatches {
  std::vector<Match> solutions;    // published solutions
  std::vector<Match> enterprises;  // active social enterprises
};

// Suggested solutions and social enterprises for a need, best first, at most limit of each.
NeedMatches for_need(db::Connection& c, std::int64_t need_id, std::size_t limit);
// Open needs (published or in dialogue) that fit an organisation: its profile and its published
// solutions' texts and tags. Best first, at most limit.
std::vector<Match> for_organisation(db::Connection& c, std::int64_t organisation_id, std::size_t limit);

// The most informative distinct stems of a text, each with the word as first written (folded):
// stop words and words shorter than three letters are left out; title words count three times,
// then frequency, then length decide. Words in `without` (folded) are left out too. At most max_terms.
std::vector<std::pair<std::string, std::string>> informative_terms(const std::vector<std::string>& titles,
                                                                    const std::vector<std::string>& bodies,
                                                                    std::size_t max_terms = kMaxTerms,
                                                                    const std::vector<std::string>& without = {});

}  // namespace samskap::needs::matching
