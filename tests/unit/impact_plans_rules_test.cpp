// Impact plans' pure rules: decimals as people type them, calendar dates, indicator validation,
// which of the seven steps are complete, the programme's required indicators, Ferd's figures, and
// when a good story may be shown publicly.
#include <gtest/gtest.h>

#include "impact/plan_rules.hpp"

namespace {

using namespace samskap;
using namespace samskap::impact;

TEST(ImpactDecimals, ReadsNorwegianAndEnglishNotation) {
  EXPECT_EQ(parse_decimal("12,5"), "12.5");
  EXPECT_EQ(parse_decimal("12.50"), "12.5");
  EXPECT_EQ(parse_decimal(" 1 200 "), "1200");
  EXPECT_EQ(parse_decimal("1\xC2\xA0" "200,25"), "1200.25");  // a no-break space between thousands
  EXPECT_EQ(parse_decimal("-3,25"), "-3.25");
  EXPECT_EQ(parse_decimal("\xE2\x88\x92" "4"), "-4");  // the minus sign
  EXPECT_EQ(parse_decimal("007"), "7");
  EXPECT_EQ(parse_decimal("0,0"), "0");
  EXPECT_EQ(parse_decimal("-0"), "0");
  EXPECT_EQ(parse_decimal("0,1234"), "0.1234");
}

TEST(ImpactDecimals, RefusesWhatIsNotANumber) {
  for (const char* bad : {"", " ", "førti", "12,", ",5", "1,2,3", "12 %", "0,12345", "1e3", "--1", "1 2,3,4",
                          "1234567890123"})
    EXPECT_EQ(parse_decimal(bad), std::nullopt) << bad;
}

TEST(ImpactDecimals, ShowsWithTheLanguagesMark) {
  EXPECT_EQ(show_decimal("33.3", "nb"), "33,3");
  EXPECT_EQ(show_decimal("33.3", "en"), "33.3");
  EXPECT_EQ(show_decimal("40", "nb"), "40");
}

TEST(ImpactDates, OnlyRealCalendarDates) {
  EXPECT_TRUE(is_date("2026-01-15"));
  EXPECT_TRUE(is_date("2028-02-29"));
  EXPECT_FALSE(is_date("2026-02-29"));
  EXPECT_FALSE(is_date("2100-02-29"));
  EXPECT_TRUE(is_date("2000-02-29"));
  EXPECT_FALSE(is_date("2026-04-31"));
  EXPECT_FALSE(is_date("2026-13-01"));
  EXPECT_FALSE(is_date("15.01.2026"));
  EXPECT_FALSE(is_date("2026-1-15"));
  EXPECT_FALSE(is_date(""));
}

Indicator valid_indicator() {
  Indicator i;
  i.name = "Deltakere over i lønnet arbeid";
  i.definition = "Andel av deltakerne som fullførte, som er i lønnet arbeid ved avslutning.";
  i.numerator = "Deltakere i lønnet arbeid";
  i.denominator = "Deltakere som fullførte";
  i.level = "virkning";
  i.unit = "prosent";
  i.direction = "up";
  return i;
}

TEST(ImpactIndicators, AValidIndicatorPasses) { EXPECT_TRUE(validate_indicator(valid_indicator()).empty()); }

TEST(ImpactIndicators, EachMissingPartIsNamed) {
  auto i = valid_indicator();
  i.name.clear();
  i.definition.clear();
  i.level = "middels";
  i.unit.clear();
  i.direction = "sideways";
  auto e = validate_indicator(i);
  EXPECT_TRUE(e.has("name"));
  EXPECT_TRUE(e.has("definition"));
  EXPECT_TRUE(e.has("level"));
  EXPECT_TRUE(e.has("unit"));
  EXPECT_TRUE(e.has("direction"));
  EXPECT_FALSE(e.has("numerator"));
}

TEST(ImpactIndicators, NumeratorAndDenominatorComeTogether) {
  auto i = valid_indicator();
  i.denominator.clear();
  EXPECT_TRUE(validate_indicator(i).has("denominator"));
  i = valid_indicator();
  i.numerator.clear();
  EXPECT_TRUE(validate_indicator(i).has("numerator"));
  i.denominator.clear();
  EXPECT_TRUE(validate_indicator(i).empty());  // a count needs neither
}

TEST(ImpactIndicators, EveryLevelAndDirection) {
  for (auto level : {"resultat", "virkning", "effekt"}) EXPECT_TRUE(is_level(level));
  EXPECT_FALSE(is_level("Resultat"));
  EXPECT_TRUE(is_direction("down"));
  EXPECT_FALSE(is_direction(""));
}

PlanIndicator chosen(std::int64_t id, std::string baseline = "", std::string date = "") {
  PlanIndicator p;
  p.indicator.id = id;
  p.criterion.baseline = std::move(baseline);
  p.baseline_date = std::move(date);
  return p;
}

TEST(ImpactSteps, AnEmptyPlanHasNoStepDone) {
  PlanContents p;
  auto done = step_completeness(p);
  EXPECT_EQ(completed_steps(done), 0);
}

TEST(ImpactSteps, EachStepByWhatItHolds) {
  PlanContents p;
  p.plan.situation = "Mange står utenfor arbeid.";
  p.plan.goals = "Flere i arbeid.";
  p.groups.push_back({1, "Unge", 40, ""});
  p.indicators = {chosen(1, "20", "2026-01-15"), chosen(2, "", "")};
  auto done = step_completeness(p);
  EXPECT_TRUE(done[0]);
  EXPECT_TRUE(done[1]);
  EXPECT_TRUE(done[2]);
  EXPECT_TRUE(done[3]);
  EXPECT_FALSE(done[4]) << "one indicator lacks its baseline";
  p.indicators[1] = chosen(2, "0", "2026-01-15");
  EXPECT_TRUE(step_completeness(p)[4]);
  EXPECT_FALSE(step_completeness(p)[5]) << "no schedule and no measurement";
  p.plan.schedule = "Hvert halvår";
  EXPECT_FALSE(step_completeness(p)[5]) << "a schedule without a measurement";
  p.measurements.push_back({1, 1, "2026-06-30", "", "25", 12, ""});
  EXPECT_TRUE(step_completeness(p)[5]);
  EXPECT_FALSE(step_completeness(p)[6]);
  p.evaluations.push_back({1, "2027-01-20", "Funn", ""});
  EXPECT_EQ(completed_steps(step_completeness(p)), 7);
}

TEST(ImpactSteps, AValueWithoutItsDateIsNoBaseline) {
  PlanContents p;
  p.indicators = {chosen(1, "20", "")};
  EXPECT_FALSE(step_completeness(p)[4]);
}

TEST(ImpactRequired, MissingOnesInTheOrderRequired) {
  EXPECT_EQ(missing_required({5, 3, 9}, {3, 1}), (std::vector<std::int64_t>{5, 9}));
  EXPECT_TRUE(missing_required({5, 3}, {3, 5, 7}).empty());
  EXPECT_TRUE(missing_required({}, {}).empty());
}

TEST(ImpactRequired, StepFourIsNotCompleteWithoutThem) {
  PlanContents p;
  p.required = {2, 3};
  p.indicators = {chosen(1), chosen(2)};
  EXPECT_FALSE(step_completeness(p)[3]);
  p.indicators.push_back(chosen(3));
  EXPECT_TRUE(step_completeness(p)[3]);
}

FerdYear ferd_year() {
  FerdYear f;
  f.year = 2026;
  f.high_contact = 12;
  f.low_contact = 40;
  f.success_criterion = "I arbeid etter seks måneder";
  f.success_percent = 45;
  f.story = "Kari fikk fast jobb.";
  return f;
}

TEST(ImpactFerd, ValidatesShareAndConsent) {
  EXPECT_TRUE(validate_ferd(ferd_year()).empty());
  auto f = ferd_year();
  f.success_percent = 101;
  EXPECT_TRUE(validate_ferd(f).has("success_percent"));
  f = ferd_year();
  f.success_criterion.clear();
  EXPECT_TRUE(validate_ferd(f).has("success_criterion")) << "a share needs the criterion it refers to";
  f = ferd_year();
  f.story_consent = true;
  EXPECT_TRUE(validate_ferd(f).has("story_consent")) << "consent without a person";
  f = ferd_year();
  f.high_contact = -1;
  EXPECT_TRUE(validate_ferd(f).has("high_contact"));
}

TEST(ImpactFerd, AStoryAboutAPersonIsPublicOnlyWithConsent) {
  auto f = ferd_year();
  EXPECT_TRUE(story_is_public(f)) << "not about a person";
  f.story_about_person = true;
  EXPECT_FALSE(story_is_public(f));
  f.story_consent = true;
  EXPECT_TRUE(story_is_public(f));
  f.story.clear();
  EXPECT_FALSE(story_is_public(f)) << "nothing to show";
}

TEST(ImpactFerd, SignedKroner) {
  EXPECT_EQ(parse_signed_kroner("2 500 000"), 250000000);
  EXPECT_EQ(parse_signed_kroner("-150 000"), -15000000);
  EXPECT_EQ(parse_signed_kroner("\xE2\x88\x92" "150 000,50"), -15000050);
  EXPECT_EQ(parse_signed_kroner("kr 1 000"), 100000);
  EXPECT_EQ(parse_signed_kroner("--5"), std::nullopt);
  EXPECT_EQ(parse_signed_kroner("mye"), std::nullopt);
}

}  // namespace
