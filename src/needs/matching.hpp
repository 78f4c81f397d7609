#pragma once
// Matching needs with solutions and social enterprises, and organisations with open needs.
//
// The asking side (a need, or an organisation with its published solutions) is turned into a
// profile: its most informative words and its tags. Candidates on the other side are
//   - the 200 best by text relevance: the profile's words (at most kMaxTerms distinct stems,
//     OR-ed; the names of its own municipalities and counties are left out, as places are scored
//     as places) against the other side's search index, FTS5 bm25() on SQLite and ts_rank_cd() on
//     PostgreSQL, and
//   - every one sharing a service area, a target group or a place, found through the tag indexes.
// Each candidate gets one score from 0 to 100:
//   score = 50 · text  + 25 · areas + 15 · groups + 10 · place
//   text   = the candidate's relevance divided by the best relevance among the candidates (0 … 1;
//            0 for candidates outside the 200 best by text)
//   areas  = shared service areas / the asking side's service areas   (0 when it has none)
//   groups = shared target groups / the asking side's target groups   (0 when it has none)
//   place  = 1 for a shared municipality or a nationwide offer, 0.5 for the same county only
// A candidate must share words, a service area or a target group: a place alone is no match.
// Ties go to the higher text relevance, then the lower id. Every match carries its reasons.
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "platform/db/database.hpp"

namespace samskap::needs::matching {

inline constexpr std::size_t kMaxTerms = 16;         // distinct stems in the text query
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
  std::vector<std::string> counties;        // county numbers shared when no municipality is
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
