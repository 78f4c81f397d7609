// The SROI engine against cases computed by hand. Rates of 25 % keep the hand arithmetic short:
// 1/1.25 = 0.8, 1/1.25² = 0.64, 1/1.25³ = 0.512, 1/1.25⁴ = 0.4096.
#include <gtest/gtest.h>

#include "impact/decimal.hpp"
#include "impact/sroi.hpp"

using samskap::impact::Exact;
namespace sroi = samskap::impact::sroi;

namespace {

Exact num(const char* s) { return *Exact::parse(s); }

// 10 units × 1 000 kr, deadweight 20 %, displacement 10 %, attribution 25 %, drop-off 50 %, 3 years.
// First-year impact = 10 × 1000 × 0.8 × 0.9 × 0.75 = 10 000 × 0.54 = 5 400.
sroi::Line line_a() {
  sroi::Line l;
  l.name = "Deltakere i arbeid";
  l.quantity = 10;
  l.proxy = 1000;
  l.duration = 3;
  l.deadweight = num("0.2");
  l.displacement = num("0.1");
  l.attribution = num("0.25");
  l.drop_off = num("0.5");
  return l;
}

sroi::Analysis base(const char* rate = "0.25") {
  sroi::Analysis a;
  a.discount = sroi::constant_rate(num(rate));
  a.investments = {{0, Exact(2000)}};
  a.lines = {line_a()};
  return a;
}

bool has_issue(const std::vector<sroi::Issue>& v, const std::string& list, int index, const std::string& field,
               const std::string& key) {
  for (auto& i : v)
    if (i.list == list && i.index == index && i.field == field && i.key == key) return true;
  return false;
}

}  // namespace

TEST(Exact, ParsesJsonDecimalsExactly) {
  EXPECT_EQ(num("0.04"), Exact::fraction(1, 25));
  EXPECT_EQ(num("1.5e3"), Exact(1500));
  EXPECT_EQ(num("-0.25"), Exact::fraction(-1, 4));
  EXPECT_EQ(num("25E-2"), Exact::fraction(1, 4));
  EXPECT_EQ(num("0.1") + num("0.2"), num("0.3"));  // what binary floating point gets wrong
  for (const char* bad : {"", ".", "1.", "-", "abc", "1e", "0x10", "1,5", "1e999", " 1", "1 "})
    EXPECT_FALSE(Exact::parse(bad).has_value()) << bad;
  // More than 30 significant digits is refused; trailing zeros do not count.
  EXPECT_FALSE(Exact::parse("1234567890123456789012345678901").has_value());
  EXPECT_TRUE(Exact::parse("1.000000000000000000000000000000000000").has_value());
}

TEST(Exact, RoundsOnlyForDisplayHalfAwayFromZero) {
  EXPECT_EQ(Exact::fraction(2, 3).fixed(2), "0.67");
  EXPECT_EQ(Exact::fraction(-2, 3).fixed(2), "-0.67");
  EXPECT_EQ(Exact::fraction(1, 8).fixed(2), "0.13");    // 0.125 → 0.13
  EXPECT_EQ(Exact::fraction(-1, 8).fixed(2), "-0.13");
  EXPECT_EQ(Exact::fraction(-1, 1000).fixed(2), "0.00");  // no "-0.00"
  EXPECT_EQ(Exact(1234567).fixed(0), "1234567");
  EXPECT_EQ(Exact::fraction(5, 100).fixed(1), "0.1");
  EXPECT_EQ(num("1.04").pow(2), num("1.0816"));
  EXPECT_EQ(num("7").pow(0), Exact(1));
  EXPECT_THROW(Exact(1) / Exact(0), std::domain_error);
}

// First year discounted (the default): values 5 400, 2 700, 1 350 in years 1–3.
// PV = 5400·0.8 + 2700·0.64 + 1350·0.512 = 4320 + 1728 + 691.2 = 6 739.2.
// Investment 2 000 up front (t = 0, not discounted): PV(investment) = 2 000.
// NPV = 4 739.2; ratio = 6739.2 / 2000 = 3.3696; payback = 2000 / (5400 / 12) = 2000 / 450 = 40/9 months.
TEST(Sroi, FirstYearDiscountedWithDropOffOverThreeYears) {
  auto r = sroi::compute(base());
  EXPECT_EQ(r.by_line.at(0).first_year_impact, Exact(5400));
  EXPECT_EQ(r.by_line[0].total_value, Exact(9450));  // 5400 + 2700 + 1350
  EXPECT_EQ(r.present_value, num("6739.2"));
  EXPECT_EQ(r.investment_present_value, Exact(2000));
  EXPECT_EQ(r.net_present_value, num("4739.2"));
  ASSERT_TRUE(r.ratio.has_value());
  EXPECT_EQ(*r.ratio, num("3.3696"));
  EXPECT_EQ(r.ratio->fixed(2), "3.37");
  ASSERT_TRUE(r.payback_months.has_value());
  EXPECT_EQ(*r.payback_months, Exact::fraction(40, 9));
  ASSERT_EQ(r.by_year.size(), 4u);  // t = 0 … 3
  EXPECT_EQ(r.by_year[0].investment, Exact(2000));
  EXPECT_EQ(r.by_year[0].value, Exact(0));
  EXPECT_EQ(r.by_year[1].value, Exact(5400));
  EXPECT_EQ(r.by_year[1].value_present, Exact(4320));
  EXPECT_EQ(r.by_year[2].value, Exact(2700));
  EXPECT_EQ(r.by_year[2].value_present, Exact(1728));
  EXPECT_EQ(r.by_year[3].factor, num("0.512"));
  EXPECT_EQ(r.by_year[3].value_present, num("691.2"));
}

// First year not discounted: factors 1, 0.8, 0.64 in years 1–3.
// PV = 5400 + 2700·0.8 + 1350·0.64 = 5400 + 2160 + 864 = 8 424; ratio = 8424 / 2000 = 4.212.
// Investments on the same base: 2 000 at t = 0 and 1 000 in year 1 both at face value, 1 000 in
// year 2 at 0.8 → PV(investment) = 2000 + 1000 + 800 = 3 800.
TEST(Sroi, FirstYearNotDiscounted) {
  auto a = base();
  a.first_year_discounted = false;
  auto r = sroi::compute(a);
  EXPECT_EQ(r.present_value, Exact(8424));
  EXPECT_EQ(*r.ratio, num("4.212"));
  a.investments = {{0, Exact(2000)}, {1, Exact(1000)}, {2, Exact(1000)}};
  r = sroi::compute(a);
  EXPECT_EQ(r.investment_total, Exact(4000));
  EXPECT_EQ(r.investment_present_value, Exact(3800));
  EXPECT_EQ(*r.ratio, Exact(8424) / Exact(3800));  // = 2.2168…
  EXPECT_EQ(r.ratio->fixed(2), "2.22");
}

// The outcome starts the year after: values sit in years 2–4.
// PV = 5400·0.64 + 2700·0.512 + 1350·0.4096 = 3456 + 1382.4 + 552.96 = 5 391.36.
TEST(Sroi, OutcomeStartingTheYearAfter) {
  auto a = base();
  a.lines[0].starts_year_after = true;
  auto r = sroi::compute(a);
  ASSERT_EQ(r.by_year.size(), 5u);
  EXPECT_EQ(r.by_year[1].value, Exact(0));
  EXPECT_EQ(r.by_year[2].value, Exact(5400));
  EXPECT_EQ(r.by_year[4].value, Exact(1350));
  EXPECT_EQ(r.present_value, num("5391.36"));
  EXPECT_EQ(*r.ratio, num("2.69568"));
  // Payback uses the first-year impact whenever it comes: still 40/9 months.
  EXPECT_EQ(*r.payback_months, Exact::fraction(40, 9));
}

// Drop-off from the outcome's first year: values 2 700, 1 350, 675.
// PV = 2700·0.8 + 1350·0.64 + 675·0.512 = 2160 + 864 + 345.6 = 3 369.6.
TEST(Sroi, DropOffStartingInTheFirstYear) {
  auto a = base();
  a.drop_off_start = sroi::DropOffStart::first_year;
  auto r = sroi::compute(a);
  EXPECT_EQ(r.by_year[1].value, Exact(2700));
  EXPECT_EQ(r.present_value, num("3369.6"));
}

// Drop-off over six years at 4 % (20 units × 500 kr, no deductions, 25 % drop-off):
// values 10 000, 7 500, 5 625, 4 218.75, 3 164.0625, 2 373.046875 — each ÷ 1.04^t.
TEST(Sroi, DropOffOverSeveralYearsAtFourPercent) {
  sroi::Analysis a;
  a.discount = sroi::r109_schedule();
  a.investments = {{0, Exact(10000)}};
  sroi::Line l;
  l.name = "x";
  l.quantity = 20;
  l.proxy = 500;
  l.duration = 6;
  l.drop_off = num("0.25");
  a.lines = {l};
  auto r = sroi::compute(a);
  const char* values[] = {"10000", "7500", "5625", "4218.75", "3164.0625", "2373.046875"};
  Exact expected_pv;
  for (int t = 1; t <= 6; ++t) {
    EXPECT_EQ(r.by_year[t].value, num(values[t - 1])) << t;
    expected_pv += num(values[t - 1]) / num("1.04").pow(t);
  }
  EXPECT_EQ(r.present_value, expected_pv);
  EXPECT_EQ(r.present_value.fixed(2), "29632.45");  // 9615.38 + 6934.17 + 5000.60 + 3606.21 + 2600.63 + 1875.45
}

// Multi-year investment at 25 %: 1 000 up front, 1 000 in year 1, 500 in year 2.
// PV(investment) = 1000 + 1000·0.8 + 500·0.64 = 1000 + 800 + 320 = 2 120.
// Ratio = 6739.2 / 2120 = 4212/1325 = 3.1789 → "3.18". Payback uses the undiscounted 2 500:
// 2500 / 450 = 50/9 months.
TEST(Sroi, MultiYearInvestmentWithOneUpFront) {
  auto a = base();
  a.investments = {{0, Exact(1000)}, {1, Exact(1000)}, {2, Exact(500)}};
  auto r = sroi::compute(a);
  EXPECT_EQ(r.investment_present_value, Exact(2120));
  EXPECT_EQ(*r.ratio, Exact::fraction(4212, 1325));
  EXPECT_EQ(r.ratio->fixed(2), "3.18");
  EXPECT_EQ(r.by_year[1].investment_present, Exact(800));
  EXPECT_EQ(*r.payback_months, Exact::fraction(50, 9));
}

// 4 % for the first 40 years, then 3 %. Year 40 is discounted by 1.04^40, year 41 by 1.04^40 · 1.03.
TEST(Sroi, DiscountScheduleOfR109) {
  auto df = sroi::discount_factors(sroi::r109_schedule(), true, 42);
  EXPECT_EQ(df[0], Exact(1));
  EXPECT_EQ(df[1], Exact(1) / num("1.04"));
  EXPECT_EQ(df[40], Exact(1) / num("1.04").pow(40));
  EXPECT_EQ(df[41], Exact(1) / (num("1.04").pow(40) * num("1.03")));
  EXPECT_EQ(df[42], Exact(1) / (num("1.04").pow(40) * num("1.03").pow(2)));
  // Not discounting the first year shifts every factor one year: year 41 then has 40 periods at 4 %.
  auto shifted = sroi::discount_factors(sroi::r109_schedule(), false, 42);
  EXPECT_EQ(shifted[1], Exact(1));
  EXPECT_EQ(shifted[41], df[40]);
}

// Changing the discount rate changes the ratio: 4 % gives a lower ratio than the UK's 3.5 %.
TEST(Sroi, DiscountRateChangesTheRatio) {
  auto a = base("0.04");
  auto at_4 = *sroi::compute(a).ratio;
  a.discount = sroi::constant_rate(sroi::uk_green_book_rate());
  auto at_35 = *sroi::compute(a).ratio;
  EXPECT_LT(at_4, at_35);
  // 4 %: (5400/1.04 + 2700/1.0816 + 1350/1.124864) / 2000 = (5192.31 + 2496.30 + 1200.14) / 2000 = 4.4444
  EXPECT_EQ(at_4.fixed(4), "4.4444");
}

// The issue's example: 12 × 150 000 kr, deadweight 20 %, displacement 10 %, attribution 25 %,
// drop-off 20 %, 3 years, 2 000 000 kr up front, 4 %.
// First-year impact = 1 800 000 × 0.54 = 972 000; values 972 000, 777 600, 622 080.
// PV = 934 615.38 + 718 934.91 + 553 026.85 = 2 206 577.15; ratio = 1.1033 → "1,10 : 1";
// payback = 2 000 000 / 81 000 = 24.69 months.
TEST(Sroi, TheIssuesExample) {
  sroi::Analysis a;
  a.discount = sroi::constant_rate(num("0.04"));
  a.investments = {{0, Exact(2000000)}};
  sroi::Line l;
  l.name = "Arbeid";
  l.quantity = 12;
  l.proxy = 150000;
  l.duration = 3;
  l.deadweight = num("0.2");
  l.displacement = num("0.1");
  l.attribution = num("0.25");
  l.drop_off = num("0.2");
  a.lines = {l};
  auto r = sroi::compute(a);
  EXPECT_EQ(r.first_year_impact, Exact(972000));
  EXPECT_EQ(r.present_value.fixed(2), "2206577.15");
  EXPECT_EQ(r.ratio->fixed(2), "1.10");
  EXPECT_EQ(r.payback_months->fixed(2), "24.69");
}

// Sensitivity, ±10 % on the first case (ratio 3.3696):
//  proxy and quantity scale PV: 3.3696·0.9 = 3.03264 and 3.3696·1.1 = 3.70656;
//  investment scales PV(investment): 3.3696/0.9 = 3.744, 3.3696/1.1 = 3.063272…;
//  deadweight 0.18/0.22 scales PV by 0.82/0.8 and 0.78/0.8: 3.45384 and 3.28536;
//  drop-off 0.45: 4320 + 2970·0.64 + 1633.5·0.512 = 4320 + 1900.8 + 836.352 = 7057.152 → 3.528576;
//  drop-off 0.55: 4320 + 2430·0.64 + 1093.5·0.512 = 4320 + 1555.2 + 559.872 = 6435.072 → 3.217536;
//  attribution 0.225/0.275: ×0.775/0.75 and ×0.725/0.75 → spread 3.3696·0.05/0.75 = 0.22464;
//  displacement 0.09/0.11: spread 3.3696·0.02/0.9 = 0.07488;
//  discount 22.5 % (1.225 = 49/40): ratio 408348/117649 = 3.4709; 27.5 %: 16084/4913 = 3.2738, spread 0.1971.
// Largest swing first: investment (0.6807), quantity and proxy (0.67392), drop-off (0.31104),
// attribution, discount rate, deadweight (0.16848), displacement.
TEST(Sroi, SensitivityMovesEachAssumption) {
  auto s = sroi::sensitivity(base(), num("0.1"));
  ASSERT_TRUE(s.has_value());
  ASSERT_EQ(s->swings.size(), 8u);
  std::vector<std::string> order;
  for (auto& w : s->swings) order.push_back(w.assumption);
  EXPECT_EQ(order, (std::vector<std::string>{"investment", "quantity", "proxy", "drop_off", "attribution",
                                             "discount_rate", "deadweight", "displacement"}));
  auto find = [&](const std::string& what) {
    for (auto& w : s->swings)
      if (w.assumption == what) return w;
    return sroi::Swing{};
  };
  EXPECT_EQ(find("proxy").low_ratio, num("3.03264"));
  EXPECT_EQ(find("proxy").high_ratio, num("3.70656"));
  EXPECT_EQ(find("investment").low_ratio, num("3.744"));
  EXPECT_EQ(find("investment").high_ratio, num("3.3696") / num("1.1"));
  EXPECT_EQ(find("deadweight").low_ratio, num("3.45384"));
  EXPECT_EQ(find("deadweight").high_ratio, num("3.28536"));
  EXPECT_EQ(find("drop_off").low_ratio, num("3.528576"));
  EXPECT_EQ(find("drop_off").high_ratio, num("3.217536"));
  EXPECT_EQ(find("discount_rate").low_ratio, Exact::fraction(408348, 117649));
  EXPECT_EQ(find("discount_rate").high_ratio, Exact::fraction(16084, 4913));
  // Uniform factor: 2000 / 6739.2 = 1 / 3.3696.
  ASSERT_TRUE(s->uniform_factor.has_value());
  EXPECT_EQ(*s->uniform_factor, Exact(1) / num("3.3696"));
}

// Break-even on one line: PV per krone of proxy = 6739.2 / 1000 = 6.7392, so the proxy at 1 : 1 is
// 2000 / 6.7392 = 312500/1053 ≈ 296.77 kr. Without deadweight PV = 6739.2 / 0.8 = 8 424, so the
// deadweight at 1 : 1 is 1 − 2000/8424 = 803/1053 ≈ 76.26 %.
TEST(Sroi, BreakEvenOfProxyAndDeadweight) {
  auto s = sroi::sensitivity(base(), num("0.1"));
  ASSERT_EQ(s->lines.size(), 1u);
  EXPECT_EQ(*s->lines[0].proxy, Exact::fraction(312500, 1053));
  EXPECT_EQ(*s->lines[0].deadweight, Exact::fraction(803, 1053));
  // Check: the line at its break-even proxy gives exactly 1 : 1.
  auto a = base();
  a.lines[0].proxy = *s->lines[0].proxy;
  EXPECT_EQ(*sroi::compute(a).ratio, Exact(1));
  a = base();
  a.lines[0].deadweight = *s->lines[0].deadweight;
  EXPECT_EQ(*sroi::compute(a).ratio, Exact(1));
}

// Two lines: B = 1 unit × 1 000 kr, 1 year, no deductions → PV 800. Total PV = 7 539.2.
// B cannot reach 1 : 1: the other line alone (6 739.2) exceeds the investment, so B's proxy would
// have to be negative and its deadweight 1 − (2000 − 6739.2)/1000 = 5.7392 > 100 %: "not reachable".
// A: proxy (2000 − 800)/6.7392 = 187500/1053; deadweight 1 − 1200/8424 = 301/351.
TEST(Sroi, BreakEvenNotReachable) {
  auto a = base();
  sroi::Line b;
  b.name = "B";
  b.quantity = 1;
  b.proxy = 1000;
  b.duration = 1;
  a.lines.push_back(b);
  EXPECT_EQ(sroi::compute(a).present_value, num("7539.2"));
  auto s = sroi::sensitivity(a, num("0.2"));
  ASSERT_EQ(s->lines.size(), 2u);
  EXPECT_EQ(*s->lines[0].proxy, Exact::fraction(187500, 1053));
  EXPECT_EQ(*s->lines[0].deadweight, Exact::fraction(301, 351));
  EXPECT_FALSE(s->lines[1].proxy.has_value());
  EXPECT_FALSE(s->lines[1].deadweight.has_value());
  // A line worth nothing (quantity 0) can never carry the ratio either.
  a.lines[1].quantity = 0;
  s = sroi::sensitivity(a, num("0.2"));
  EXPECT_FALSE(s->lines[1].proxy.has_value());
}

// No investment: no ratio and no payback, each with its reason; no sensitivity either.
TEST(Sroi, UndefinedRatioWithoutInvestment) {
  auto a = base();
  a.investments.clear();
  auto r = sroi::compute(a);
  EXPECT_FALSE(r.ratio.has_value());
  EXPECT_EQ(r.ratio_reason, "no_investment");
  EXPECT_FALSE(r.payback_months.has_value());
  EXPECT_EQ(r.payback_reason, "no_investment");
  EXPECT_EQ(r.present_value, num("6739.2"));
  EXPECT_EQ(r.net_present_value, num("6739.2"));
  EXPECT_FALSE(sroi::sensitivity(a, num("0.1")).has_value());
  a.investments = {{0, Exact(0)}};
  EXPECT_EQ(sroi::compute(a).ratio_reason, "no_investment");
  // An investment but no impact: a ratio of 0, and no payback.
  a = base();
  a.lines[0].quantity = 0;
  r = sroi::compute(a);
  EXPECT_EQ(*r.ratio, Exact(0));
  EXPECT_EQ(r.payback_reason, "no_impact");
}

TEST(Sroi, RejectsInvalidInput) {
  auto a = base();
  EXPECT_TRUE(sroi::validate(a).empty());
  a.lines[0].deadweight = num("1.2");
  a.lines[0].drop_off = num("-0.1");
  a.lines[0].duration = 0;
  a.lines[0].name = "";
  a.lines[0].quantity = -1;
  a.investments = {{-1, Exact(-5)}};
  a.discount = sroi::constant_rate(num("1.5"));
  auto v = sroi::validate(a);
  EXPECT_TRUE(has_issue(v, "lines", 0, "deadweight", "share_range"));
  EXPECT_TRUE(has_issue(v, "lines", 0, "drop_off", "share_range"));
  EXPECT_TRUE(has_issue(v, "lines", 0, "duration", "duration_range"));
  EXPECT_TRUE(has_issue(v, "lines", 0, "name", "name_missing"));
  EXPECT_TRUE(has_issue(v, "lines", 0, "quantity", "quantity_negative"));
  EXPECT_TRUE(has_issue(v, "investments", 0, "year", "year_range"));
  EXPECT_TRUE(has_issue(v, "investments", 0, "amount", "amount_negative"));
  EXPECT_TRUE(has_issue(v, "", -1, "discount_rate", "rate_range"));
  EXPECT_FALSE(has_issue(v, "lines", 0, "attribution", "share_range"));  // 25 % is fine

  a = base();
  a.lines.clear();
  EXPECT_TRUE(has_issue(sroi::validate(a), "", -1, "lines", "no_lines"));
  a = base();
  a.lines[0].duration = sroi::max_years + 1;
  EXPECT_TRUE(has_issue(sroi::validate(a), "lines", 0, "duration", "duration_range"));
  a = base();
  a.discount = {{0, num("0.04")}, {0, num("0.03")}};
  EXPECT_TRUE(has_issue(sroi::validate(a), "", -1, "discount_rate", "schedule_order"));

  EXPECT_TRUE(sroi::validate_percent(num("0.1")).empty());
  EXPECT_FALSE(sroi::validate_percent(Exact(0)).empty());
  EXPECT_FALSE(sroi::validate_percent(Exact(1)).empty());  // −100 % would remove the investment
}

// Deadweight 80 % + attribution 25 % = 105 %: allowed, with a warning on that line only.
TEST(Sroi, WarnsWhenDeadweightAndAttributionExceedAll) {
  auto a = base();
  EXPECT_TRUE(sroi::warnings(a).empty());
  a.lines.push_back(line_a());
  a.lines[1].deadweight = num("0.8");
  auto w = sroi::warnings(a);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].index, 1);
  EXPECT_EQ(w[0].key, "deadweight_attribution");
  EXPECT_TRUE(sroi::validate(a).empty());
}

// A deduction of 100 % leaves nothing to scale, so the engine sums the line again: with deadweight
// 100 % the line is worth 0 and the ratio is 0; −10 % gives deadweight 90 %: 8424 × 0.1 = 842.4 →
// 0.4212; +10 % stays at 100 % → 0. Break-even deadweight is still 1 − 2000/8424 = 803/1053.
TEST(Sroi, SensitivityWithAFullDeduction) {
  auto a = base();
  a.lines[0].deadweight = Exact(1);
  auto r = sroi::compute(a);
  EXPECT_EQ(*r.ratio, Exact(0));
  auto s = sroi::sensitivity(a, num("0.1"), &r);
  ASSERT_TRUE(s.has_value());
  for (auto& w : s->swings)
    if (w.assumption == "deadweight") {
      EXPECT_EQ(w.low_ratio, num("0.4212"));
      EXPECT_EQ(w.high_ratio, Exact(0));
    }
  EXPECT_EQ(*s->lines[0].deadweight, Exact::fraction(803, 1053));
  EXPECT_FALSE(s->lines[0].proxy.has_value());  // no proxy helps while deadweight is 100 %
  EXPECT_FALSE(s->uniform_factor.has_value());  // no factor on nothing gives 1 : 1
}

// Over R-109's change of rate at year 40, with either convention, the engine's run-by-run sums
// equal the plain sum Σ value_k × df[t_k] term by term (value_k = 1000 × 0.9^(k−1), years 2–46).
TEST(Sroi, LongOutcomeAcrossTheScheduleChange) {
  for (bool discounted_first : {true, false}) {
    sroi::Analysis a;
    a.discount = sroi::r109_schedule();
    a.first_year_discounted = discounted_first;
    a.investments = {{0, Exact(50000)}, {41, Exact(1000)}};
    sroi::Line l;
    l.name = "lang";
    l.quantity = 1;
    l.proxy = 1000;
    l.duration = 45;
    l.drop_off = num("0.1");
    l.starts_year_after = true;
    a.lines = {l};
    auto df = sroi::discount_factors(a.discount, discounted_first, 46);
    Exact expected, value(1000);
    for (int k = 1; k <= 45; ++k) {
      expected += value * df[k + 1];
      value *= num("0.9");
    }
    auto r = sroi::compute(a);
    EXPECT_EQ(r.present_value, expected) << discounted_first;
    Exact by_year;
    for (auto& y : r.by_year) by_year += y.value_present;
    EXPECT_EQ(by_year, expected);
    EXPECT_EQ(r.investment_present_value, Exact(50000) + Exact(1000) * df[41]);
    EXPECT_EQ(*sroi::ratio(a), expected / r.investment_present_value);
  }
}
