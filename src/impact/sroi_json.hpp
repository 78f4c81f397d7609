#pragma once
// The SROI calculator's JSON: reading one analysis (numbers read from their text, never through a
// double) and writing the result with a fixed number of decimals per kind of figure:
// amounts in kroner 2, ratios 4, shares, rates and factors 6, months 2.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "impact/sroi.hpp"

namespace samskap::impact::sroi {

struct Request {
  Analysis analysis;
  bool schedule_given = false;  // false: R-109's schedule was used
  std::string schedule_name;    // "r109" or "uk" when the schedule was named rather than given
  bool sensitivity = false;
  Exact sensitivity_percent = Exact::fraction(1, 10);
};

// One message per field: field as the API names it ("lines[0].deadweight"), key under impact.sroi.errors.
struct JsonError {
  std::string field;
  std::string key;
};

// Parses the body; on failure returns the errors (an unreadable body gives one error on "body").
// Range checks are done too, so a Request that comes back is valid.
std::optional<Request> parse_request(std::string_view body, std::vector<JsonError>& errors);

// The API's name for a validation finding: "lines[0].deadweight", "discount_rate".
std::string api_field(const Issue& issue);

// Writes the result. text(key) gives a catalogue text under impact.sroi for messages and labels.
std::string write_result(const Request& req, const Result& result, const std::optional<Sensitivity>& sens,
                         const std::optional<Exact>& comparison_ratio, const std::vector<Issue>& warnings,
                         const std::function<std::string(const std::string&)>& text);

}  // namespace samskap::impact::sroi
