// The calculator's JSON: numbers read from their literal text, one error per field, and output
// written with fixed decimals.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "impact/sroi_json.hpp"

using samskap::impact::Exact;
namespace sroi = samskap::impact::sroi;

namespace {

std::string key_of(const std::vector<sroi::JsonError>& errors, const std::string& field) {
  for (auto& e : errors)
    if (e.field == field) return e.key;
  return "";
}

}  // namespace

TEST(SroiJson, ReadsNumbersFromTheirTextNotThroughADouble) {
  std::vector<sroi::JsonError> errors;
  auto req = sroi::parse_request(
      R"({"discount_rate": 0.1, "investments": [{"year": 0, "amount": 0.3}],
          "lines": [{"name": "a", "quantity": 3, "proxy": 0.1, "duration": 2, "deadweight": 0.000001}]})",
      errors);
  ASSERT_TRUE(req.has_value());
  EXPECT_EQ(req->analysis.discount.front().rate, Exact::fraction(1, 10));
  EXPECT_EQ(req->analysis.investments[0].amount, Exact::fraction(3, 10));
  // 3 × 0.1 = 0.3 exactly (a double gives 0.30000000000000004).
  EXPECT_EQ(req->analysis.lines[0].quantity * req->analysis.lines[0].proxy, req->analysis.investments[0].amount);
  EXPECT_EQ(req->analysis.lines[0].deadweight, Exact::fraction(1, 1000000));
  EXPECT_TRUE(req->schedule_given);
  EXPECT_FALSE(req->sensitivity);
}

TEST(SroiJson, DefaultsToR109AndReadsASchedule) {
  std::vector<sroi::JsonError> errors;
  auto req = sroi::parse_request(R"({"lines": [{"name": "a", "quantity": 1, "proxy": 1, "duration": 1}]})", errors);
  ASSERT_TRUE(req.has_value());
  EXPECT_FALSE(req->schedule_given);
  ASSERT_EQ(req->analysis.discount.size(), 2u);
  EXPECT_EQ(req->analysis.discount[1].from_year, 40);
  req = sroi::parse_request(
      R"({"discount_schedule": [{"from_year": 0, "rate": 0.05}, {"from_year": 10, "rate": 0.02}],
          "drop_off_starts": "first_year", "first_year_discounted": false,
          "lines": [{"name": "a", "quantity": 1, "proxy": 1, "duration": 1}]})",
      errors);
  ASSERT_TRUE(req.has_value()) << (errors.empty() ? "" : errors[0].field + " " + errors[0].key);
  EXPECT_EQ(req->analysis.discount[1].rate, Exact::fraction(1, 50));
  EXPECT_EQ(req->analysis.drop_off_start, sroi::DropOffStart::first_year);
  EXPECT_FALSE(req->analysis.first_year_discounted);
}

TEST(SroiJson, OneErrorPerFieldWithTheApisFieldNames) {
  std::vector<sroi::JsonError> errors;
  auto req = sroi::parse_request(
      R"({"discount_rate": "4 %", "sensitivity": "ja",
          "investments": [{"year": 1.5, "amount": 10.005}, 7],
          "lines": [{"name": 5, "quantity": -1, "proxy": 1, "duration": 0, "deadweight": 2, "drop_off": 0.12345678}]})",
      errors);
  EXPECT_FALSE(req.has_value());
  EXPECT_EQ(key_of(errors, "discount_rate"), "number_expected");
  EXPECT_EQ(key_of(errors, "sensitivity"), "boolean_expected");
  EXPECT_EQ(key_of(errors, "investments[0].year"), "year_range");
  EXPECT_EQ(key_of(errors, "investments[0].amount"), "decimals_amount");
  EXPECT_EQ(key_of(errors, "investments[1]"), "object_expected");
  EXPECT_EQ(key_of(errors, "lines[0].name"), "text_expected");
  EXPECT_EQ(key_of(errors, "lines[0].quantity"), "quantity_negative");
  EXPECT_EQ(key_of(errors, "lines[0].duration"), "duration_range");
  EXPECT_EQ(key_of(errors, "lines[0].deadweight"), "share_range");
  EXPECT_EQ(key_of(errors, "lines[0].drop_off"), "decimals_share");
  for (std::size_t i = 0; i < errors.size(); ++i)
    for (std::size_t j = i + 1; j < errors.size(); ++j) EXPECT_NE(errors[i].field, errors[j].field);
}

TEST(SroiJson, RefusesWhatIsNotOneJsonObject) {
  for (const char* body : {"", "{", "[]", "12", "{\"a\":1} x", "{\"lines\": [[[[[[[[[[[[]]]]]]]]]]]]}", "\xff"}) {
    std::vector<sroi::JsonError> errors;
    EXPECT_FALSE(sroi::parse_request(body, errors).has_value()) << body;
    ASSERT_FALSE(errors.empty()) << body;
    EXPECT_EQ(errors[0].field, "body") << body;
  }
  std::vector<sroi::JsonError> errors;
  EXPECT_FALSE(sroi::parse_request(R"({"lines": [{"quantity": 1e999999}]})", errors).has_value());
  EXPECT_EQ(key_of(errors, "body"), "number_range");
}

TEST(SroiJson, WritesFixedDecimalsAndValidJson) {
  std::vector<sroi::JsonError> errors;
  auto req = sroi::parse_request(
      R"({"discount_rate": 0.25, "sensitivity": true, "investments": [{"year": 0, "amount": 2000}],
          "lines": [{"name": "Navn med \"sitat\" og æøå", "quantity": 10, "proxy": 1000, "duration": 3,
                     "deadweight": 0.2, "displacement": 0.1, "attribution": 0.25, "drop_off": 0.5}]})",
      errors);
  ASSERT_TRUE(req.has_value());
  auto result = sroi::compute(req->analysis);
  auto sens = sroi::sensitivity(req->analysis, req->sensitivity_percent, &result);
  auto text = sroi::write_result(*req, result, sens, sroi::ratio(req->analysis), {}, [](const std::string& k) { return k; });
  EXPECT_NE(text.find("\"present_value\":6739.20,"), std::string::npos) << text;
  EXPECT_NE(text.find("\"ratio\":3.3696,"), std::string::npos);
  EXPECT_NE(text.find("\"ratio_text\":\"3,37 : 1\""), std::string::npos);
  EXPECT_NE(text.find("\"break_even_proxy\":296.77,"), std::string::npos);  // 312500/1053
  auto parsed = nlohmann::json::parse(text);
  EXPECT_EQ(parsed["by_line"][0]["name"], "Navn med \"sitat\" og æøå");
  EXPECT_EQ(parsed["by_year"].size(), 4u);
  EXPECT_EQ(parsed["sensitivity"]["swings"].size(), 8u);
}
