#include "directory/orgnr.hpp"

#include <array>

namespace samskap::directory {
namespace {

// The length of a separator at the start of s (0 when s does not start with one): ASCII blanks
// and line ends, dots and hyphens, and the Unicode spaces and dashes that copying from documents
// and web pages brings along (U+00A0, U+2000–U+200B, U+2010–U+2015, U+202F, U+205F, U+2060,
// U+2212).
std::size_t separator_length(std::string_view s) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  switch (s[0]) {
    case ' ':
    case '\t':
    case '\r':
    case '\n':
    case '.':
    case '-':
      return 1;
    default:
      break;
  }
  if (s.size() >= 2 && byte(0) == 0xC2 && byte(1) == 0xA0) return 2;
  if (s.size() >= 3 && byte(0) == 0xE2) {
    const unsigned b1 = byte(1), b2 = byte(2);
    if (b1 == 0x80 && ((b2 >= 0x80 && b2 <= 0x8B) || (b2 >= 0x90 && b2 <= 0x95) || b2 == 0xAF)) return 3;
    if (b1 == 0x81 && (b2 == 0x9F || b2 == 0xA0)) return 3;
    if (b1 == 0x88 && b2 == 0x92) return 3;
  }
  return 0;
}

bool ascii_iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char c = a[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c != b[i]) return false;
  }
  return true;
}

struct Stripped {
  std::string digits;      // the input without separators (and without NO … MVA)
  bool only_digits = true;
};

Stripped strip(std::string_view input) {
  Stripped out;
  std::string kept;
  kept.reserve(input.size());
  while (!input.empty()) {
    if (const std::size_t n = separator_length(input); n > 0) {
      input.remove_prefix(n);
      continue;
    }
    kept += input.front();
    input.remove_prefix(1);
  }
  // The VAT form: "NO974760673MVA" (the register's own spelling of an organisation in the VAT register).
  std::string_view core = kept;
  if (core.size() > 2 && ascii_iequals(core.substr(0, 2), "NO") && core[2] >= '0' && core[2] <= '9') core.remove_prefix(2);
  if (core.size() > 3 && ascii_iequals(core.substr(core.size() - 3), "MVA") && core[core.size() - 4] >= '0' &&
      core[core.size() - 4] <= '9')
    core.remove_suffix(3);
  for (const char c : core)
    if (c < '0' || c > '9') out.only_digits = false;
  out.digits = std::string(core);
  return out;
}

}  // namespace

bool orgnr_check_digit_ok(std::string_view s) {
  static constexpr std::array<int, 8> weights{3, 2, 7, 6, 5, 4, 3, 2};
  if (s.size() != 9) return false;
  int sum = 0;
  for (std::size_t i = 0; i < 9; ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  for (std::size_t i = 0; i < 8; ++i) sum += (s[i] - '0') * weights[i];
  const int remainder = sum % 11;
  if (remainder == 1) return false;  // no check digit exists: such numbers are never issued
  const int check = remainder == 0 ? 0 : 11 - remainder;
  return s[8] - '0' == check;
}

std::optional<OrgnrProblem> check_orgnr(std::string_view input) {
  const Stripped s = strip(input);
  if (s.digits.empty()) return OrgnrProblem::empty;
  if (!s.only_digits) return OrgnrProblem::not_digits;
  if (s.digits.size() != 9) return OrgnrProblem::wrong_length;
  if (!orgnr_check_digit_ok(s.digits)) return OrgnrProblem::bad_check_digit;
  return std::nullopt;
}

std::optional<std::string> normalise_orgnr(std::string_view input) {
  Stripped s = strip(input);
  if (!s.only_digits || !orgnr_check_digit_ok(s.digits)) return std::nullopt;
  return std::move(s.digits);
}

std::string_view orgnr_problem_key(OrgnrProblem problem) {
  switch (problem) {
    case OrgnrProblem::empty:
      return "directory.orgnr.empty";
    case OrgnrProblem::not_digits:
      return "directory.orgnr.not_digits";
    case OrgnrProblem::wrong_length:
      return "directory.orgnr.wrong_length";
    case OrgnrProblem::bad_check_digit:
      return "directory.orgnr.bad_check_digit";
  }
  return "directory.orgnr.not_digits";
}

}  // namespace samskap::directory
