#pragma once
// Scoring applications: each impartial reviewer scores every priority criterion of the rule set
// 1–5; the weighted total is the mean over reviewers of Σ weight·score / Σ weight, kept as an
// exact fraction of integers so ranking never depends on rounding.
#include <cstdint>
#include <string>
#include <vector>

#include "grants/rules.hpp"

namespace samskap::grants {

struct ScoreEntry {
  std::int64_t reviewer = 0;
  std::string priority_key;
  int score = 0;  // 1–5
};

struct WeightedTotal {
  std::int64_t points = 0;  // Σ over complete reviewers of Σ weight·score
  std::int64_t weight = 0;  // Σ weights × number of complete reviewers
  int reviewers = 0;        // reviewers who scored every priority
  bool empty() const { return weight == 0; }
  // "4,25": the total to two decimals, rounded down, computed in integers; "" when empty.
  std::string text() const;
};

// Only reviewers who scored every priority count; scores for keys not in the rule set are ignored.
WeightedTotal weighted_total(const std::vector<Priority>& priorities, const std::vector<ScoreEntry>& scores);
// Whether a ranks above b: a higher total first (compared exactly), a scored one above an unscored one.
bool ranks_above(const WeightedTotal& a, const WeightedTotal& b);

}  // namespace samskap::grants
