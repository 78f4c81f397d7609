// The discount-rate choice of the SROI form and the JSON API: a constant typed rate, the R-109
// schedule or the UK rate; stored with the analysis (an analysis saved before the choice existed
// reopens as a constant rate), and each choice giving the ratio computed by hand.
#include <gtest/gtest.h>

#include <functional>

#include "impact/sroi_form.hpp"
#include "impact/sroi_json.hpp"

namespace {

using samskap::impact::Exact;
namespace form = samskap::impact::form;
namespace sroi = samskap::impact::sroi;

// 1 000 kr a year for 75 years against 1 000 kr up front.
form::PageInput long_outcome(const std::string& schedule, const std::string& rate = "4") {
  form::PageInput in;
  in.schedule = schedule;
  in.rate = rate;
  in.investments[0] = {"0", "1000"};
  in.lines[0].name = "Varig arbeid";
  in.lines[0].quantity = "1";
  in.lines[0].proxy = "1000";
  in.lines[0].duration = "75";
  return in;
}

// Σ 1/Π(1 + r_s) over t = 1 … 75, exactly.
Exact by_hand(const std::function<Exact(int)>& rate_of_period) {
  Exact factor(1), sum(0);
  for (int t = 1; t <= 75; ++t) {
    factor = factor / (Exact(1) + rate_of_period(t));
    sum = sum + factor;
  }
  return sum;
}

TEST(SroiSchedule, EachChoiceGivesTheRatioByHand) {
  const Exact four = Exact::fraction(4, 100), three = Exact::fraction(3, 100);
  auto constant = form::parse(long_outcome("constant"));
  ASSERT_TRUE(constant.errors.empty());
  EXPECT_EQ(*sroi::ratio(constant.analysis), by_hand([&](int) { return four; }));
  auto r109 = form::parse(long_outcome("r109", "not a number"));
  ASSERT_TRUE(r109.errors.empty()) << "the typed rate is not used with R-109";
  ASSERT_EQ(r109.analysis.discount.size(), 2u);
  EXPECT_EQ(*sroi::ratio(r109.analysis), by_hand([&](int t) { return t <= 40 ? four : three; }));
  auto uk = form::parse(long_outcome("uk", ""));
  ASSERT_TRUE(uk.errors.empty());
  EXPECT_EQ(*sroi::ratio(uk.analysis), by_hand([](int) { return Exact::fraction(35, 1000); }));
  EXPECT_TRUE(*sroi::ratio(constant.analysis) < *sroi::ratio(r109.analysis));
  EXPECT_TRUE(*sroi::ratio(r109.analysis) < *sroi::ratio(uk.analysis));
  // Up to year 40 the schedule is the constant 4 %.
  auto short_r109 = long_outcome("r109");
  short_r109.lines[0].duration = "40";
  auto short_constant = short_r109;
  short_constant.schedule = "constant";
  EXPECT_EQ(*sroi::ratio(form::parse(short_r109).analysis), *sroi::ratio(form::parse(short_constant).analysis));
}

TEST(SroiSchedule, ClearErrorsOnTheRightField) {
  auto missing = form::parse(long_outcome("constant", ""));
  ASSERT_EQ(missing.errors.items.size(), 1u);
  EXPECT_EQ(missing.errors.items[0], std::make_pair(std::string("rate"), std::string("rate_required")));
  auto unknown = form::parse(long_outcome("halvparten"));
  ASSERT_EQ(unknown.errors.items.size(), 1u);
  EXPECT_EQ(unknown.errors.items[0], std::make_pair(std::string("rate_schedule"), std::string("schedule_choice")));
  auto range = form::parse(long_outcome("constant", "120"));
  ASSERT_TRUE(range.errors.has("rate"));
}

TEST(SroiSchedule, StoredWithTheAnalysis) {
  auto in = long_outcome("r109", "fire");
  auto back = form::from_json(form::to_json(in));
  EXPECT_EQ(back.schedule, "r109");
  EXPECT_EQ(back.rate, "fire");
  EXPECT_EQ(form::from_json(form::to_json(long_outcome("uk"))).schedule, "uk");
  // Saved before the choice existed: a constant rate, as it was computed then.
  auto legacy = form::from_json(R"({"rate": "3,5", "sensitivity": "10"})");
  EXPECT_EQ(legacy.schedule, "constant");
  EXPECT_EQ(legacy.rate, "3,5");
}

TEST(SroiSchedule, TheApiTakesTheNamedSchedules) {
  std::vector<sroi::JsonError> errors;
  const char* lines = R"("lines": [{"name": "a", "quantity": 1, "proxy": 1, "duration": 1}])";
  auto r109 = sroi::parse_request(std::string(R"({"discount_schedule": "r109", )") + lines + "}", errors);
  ASSERT_TRUE(r109.has_value());
  EXPECT_EQ(r109->analysis.discount.size(), 2u);
  EXPECT_EQ(r109->schedule_name, "r109");
  auto uk = sroi::parse_request(std::string(R"({"discount_schedule": "uk", )") + lines + "}", errors);
  ASSERT_TRUE(uk.has_value());
  ASSERT_EQ(uk->analysis.discount.size(), 1u);
  EXPECT_EQ(uk->analysis.discount[0].rate, sroi::uk_green_book_rate());
  EXPECT_TRUE(errors.empty());
  auto bad = sroi::parse_request(std::string(R"({"discount_schedule": "halv", )") + lines + "}", errors);
  EXPECT_FALSE(bad.has_value());
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "discount_schedule");
  EXPECT_EQ(errors[0].key, "schedule_choice");
}

}  // namespace
