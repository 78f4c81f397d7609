// The region view's sums over a snapshot: each organisation once per (year, indicator), filtered
// by service area, municipality and year.
#include <gtest/gtest.h>

#include "impact/region.hpp"

namespace {

using namespace samskap::impact::region;

Snapshot sample() {
  Snapshot s;
  Organisation a;
  a.municipality = "3907";
  a.areas = {"arbeidsinkludering", "helse"};
  a.values[{2025, 1}] = 5;
  a.values[{2026, 1}] = 20;
  a.values[{2026, 2}] = 0.25;
  a.reached[2026] = {10, 20};
  Organisation b;
  b.municipality = "3909";
  b.areas = {"arbeidsinkludering"};
  b.values[{2026, 1}] = 7.5;
  b.reached[2025] = {1, 2};
  b.reached[2026] = {5, 5};
  Organisation c;  // no area, no municipality
  c.values[{2026, 1}] = 1;
  s.organisations = {a, b, c};
  s.years = {2025, 2026};
  return s;
}

TEST(ImpactRegion, SumsEveryOrganisationOnce) {
  auto s = sample();
  auto sums = indicator_sums(s, {});
  EXPECT_EQ(sums.size(), 3u);
  EXPECT_EQ((sums[{2026, 1}].organisations), 3);
  EXPECT_DOUBLE_EQ((sums[{2026, 1}].total), 28.5);  // a in two areas still counts once
  EXPECT_DOUBLE_EQ((sums[{2025, 1}].total), 5);
  EXPECT_DOUBLE_EQ((sums[{2026, 2}].total), 0.25);
  auto reached = reached_sums(s, {});
  EXPECT_EQ(reached[2026].organisations, 2);
  EXPECT_EQ(reached[2026].high, 15);
  EXPECT_EQ(reached[2026].low, 25);
  EXPECT_EQ(reached[2025].high, 1);
}

TEST(ImpactRegion, AveragesSharesWeightedBySampleSizeWhenEveryValueHasOne) {
  Sum plain;
  plain.add(20);
  plain.add(7.5);
  EXPECT_DOUBLE_EQ(plain.figure(false), 27.5);
  EXPECT_DOUBLE_EQ(plain.figure(true), 13.75);  // each organisation once: no sample sizes
  Sum weighted;
  weighted.add(Measured(20, 30));
  weighted.add(Measured(10, 10));
  EXPECT_DOUBLE_EQ(weighted.figure(true), 17.5);  // (20·30 + 10·10) / 40
  weighted.add(Measured(0));                      // one without a sample size: plain mean of all three
  EXPECT_DOUBLE_EQ(weighted.figure(true), 10);
  EXPECT_DOUBLE_EQ(weighted.figure(false), 30);
  EXPECT_DOUBLE_EQ(Sum{}.figure(true), 0);
}

TEST(ImpactRegion, FiltersByAreaMunicipalityAndYear) {
  auto s = sample();
  auto health = indicator_sums(s, {.area = "helse"});
  EXPECT_DOUBLE_EQ((health[{2026, 1}].total), 20);
  EXPECT_EQ((health[{2026, 1}].organisations), 1);
  auto larvik = indicator_sums(s, {.municipality = "3909"});
  EXPECT_EQ(larvik.size(), 1u);
  EXPECT_DOUBLE_EQ((larvik[{2026, 1}].total), 7.5);
  auto y2025 = reached_sums(s, {.year = 2025});
  EXPECT_EQ(y2025.size(), 1u);
  EXPECT_EQ(y2025[2025].low, 2);
  EXPECT_TRUE(indicator_sums(s, {.area = "miljo"}).empty());
  EXPECT_TRUE(reached_sums(s, {.area = "helse", .year = 2025}).empty());
}

}  // namespace
