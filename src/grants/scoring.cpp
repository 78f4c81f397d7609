#include "grants/scoring.hpp"

#include <map>
#include <set>

namespace samskap::grants {

std::string WeightedTotal::text() const {
  if (weight == 0) return "";
  const std::int64_t hundredths = points * 100 / weight;
  auto cents = std::to_string(hundredths % 100);
  if (cents.size() < 2) cents = "0" + cents;
  return std::to_string(hundredths / 100) + "," + cents;
}

WeightedTotal weighted_total(const std::vector<Priority>& priorities, const std::vector<ScoreEntry>& scores) {
  WeightedTotal out;
  if (priorities.empty()) return out;
  std::map<std::string, int> weight_of;
  std::int64_t weight_sum = 0;
  for (auto& p : priorities) {
    weight_of[p.key] = p.weight;
    weight_sum += p.weight;
  }
  // reviewer → (keys scored, Σ weight·score)
  std::map<std::int64_t, std::pair<std::set<std::string>, std::int64_t>> by_reviewer;
  for (auto& s : scores) {
    auto w = weight_of.find(s.priority_key);
    if (w == weight_of.end() || s.score < 1 || s.score > 5) continue;
    auto& r = by_reviewer[s.reviewer];
    if (!r.first.insert(s.priority_key).second) continue;  // a key counts once
    r.second += static_cast<std::int64_t>(w->second) * s.score;
  }
  for (auto& [reviewer, r] : by_reviewer) {
    if (r.first.size() != weight_of.size()) continue;
    out.points += r.second;
    out.weight += weight_sum;
    ++out.reviewers;
  }
  return out;
}

bool ranks_above(const WeightedTotal& a, const WeightedTotal& b) {
  if (a.empty() || b.empty()) return !a.empty() && b.empty();
  // a.points / a.weight > b.points / b.weight, both weights positive.
  return a.points * b.weight > b.points * a.weight;
}

}  // namespace samskap::grants
