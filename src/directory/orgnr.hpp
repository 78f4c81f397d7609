#pragma once
// Norwegian organisation numbers (organisasjonsnummer): nine digits, the last a MOD11 check
// digit over the first eight with the weights 3 2 7 6 5 4 3 2. People write them with spaces
// ("974 760 673"), non-breaking spaces, dots or dashes, and sometimes in the VAT form
// "NO 974 760 673 MVA"; all of these are accepted.
#include <optional>
#include <string>
#include <string_view>

namespace samskap::directory {

enum class OrgnrProblem { empty, not_digits, wrong_length, bad_check_digit };

// What is wrong with the input, or nothing when it is a valid organisation number.
std::optional<OrgnrProblem> check_orgnr(std::string_view input);

// The nine digits of a valid organisation number, or nothing when the input is not one.
std::optional<std::string> normalise_orgnr(std::string_view input);

// Whether nine ASCII digits carry the right check digit (no separators allowed here).
bool orgnr_check_digit_ok(std::string_view nine_digits);

// The catalogue key with a plain-language explanation: "directory.orgnr.bad_check_digit".
std::string_view orgnr_problem_key(OrgnrProblem problem);

}  // namespace samskap::directory
