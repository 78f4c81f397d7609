// The weighted total of reviewers' scores: exact in integers, only complete reviewers count,
// and ranking compares the fractions exactly.
#include <gtest/gtest.h>

#include "grants/scoring.hpp"

namespace {

using namespace samskap::grants;

const std::vector<Priority> kPriorities = {{"resultater", "Dokumenterte resultater", 3},
                                           {"samarbeid", "Samarbeid med kommunen", 2},
                                           {"losning", "Konkret løsning", 1}};

TEST(GrantsScoring, OneReviewerIsTheWeightedMean) {
  // (3·5 + 2·4 + 1·1) / 6 = 24/6 = 4
  auto t = weighted_total(kPriorities, {{1, "resultater", 5}, {1, "samarbeid", 4}, {1, "losning", 1}});
  EXPECT_EQ(t.points, 24);
  EXPECT_EQ(t.weight, 6);
  EXPECT_EQ(t.reviewers, 1);
  EXPECT_EQ(t.text(), "4,00");
}

TEST(GrantsScoring, ReviewersAreAveragedExactlyAndRoundedDownForDisplay) {
  // Reviewer 1: 24/6; reviewer 2: (3·3 + 2·2 + 1·2)/6 = 15/6 → (24 + 15) / 12 = 3,25
  auto t = weighted_total(kPriorities, {{1, "resultater", 5}, {1, "samarbeid", 4}, {1, "losning", 1},
                                        {2, "resultater", 3}, {2, "samarbeid", 2}, {2, "losning", 2}});
  EXPECT_EQ(t.points, 39);
  EXPECT_EQ(t.weight, 12);
  EXPECT_EQ(t.reviewers, 2);
  EXPECT_EQ(t.text(), "3,25");
  // 17/6 = 2,8333… shows as 2,83 (rounded down, no floating point)
  auto u = weighted_total(kPriorities, {{1, "resultater", 3}, {1, "samarbeid", 3}, {1, "losning", 2}});
  EXPECT_EQ(u.text(), "2,83");
}

TEST(GrantsScoring, IncompleteReviewersAndUnknownKeysDoNotCount) {
  auto t = weighted_total(kPriorities, {{1, "resultater", 5}, {1, "samarbeid", 4},  // no losning
                                        {2, "resultater", 1}, {2, "samarbeid", 1}, {2, "losning", 1},
                                        {2, "ukjent", 5}, {3, "resultater", 9}});
  EXPECT_EQ(t.reviewers, 1);
  EXPECT_EQ(t.points, 6);
  EXPECT_EQ(t.weight, 6);
  EXPECT_EQ(t.text(), "1,00");
  EXPECT_TRUE(weighted_total(kPriorities, {}).empty());
  EXPECT_EQ(weighted_total(kPriorities, {}).text(), "");
  EXPECT_TRUE(weighted_total({}, {{1, "resultater", 5}}).empty());
}

TEST(GrantsScoring, RankingComparesFractionsExactly) {
  WeightedTotal a{2, 3, 1};   // 0,666…
  WeightedTotal b{6, 9, 1};   // the same value
  WeightedTotal c{67, 100, 1};  // 0,67: just above
  EXPECT_FALSE(ranks_above(a, b));
  EXPECT_FALSE(ranks_above(b, a));
  EXPECT_TRUE(ranks_above(c, a));
  EXPECT_FALSE(ranks_above(a, c));
  WeightedTotal none;
  EXPECT_TRUE(ranks_above(a, none));
  EXPECT_FALSE(ranks_above(none, a));
  EXPECT_FALSE(ranks_above(none, none));
}

}  // namespace
