// Organisation numbers: MOD11 with weights 3 2 7 6 5 4 3 2, and the ways people write them.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "directory/orgnr.hpp"

namespace {

using samskap::directory::check_orgnr;
using samskap::directory::normalise_orgnr;
using samskap::directory::orgnr_check_digit_ok;
using samskap::directory::orgnr_problem_key;
using samskap::directory::OrgnrProblem;

TEST(Orgnr, AcceptsValidNumbers) {
  for (const char* valid : {"889640782", "974760673", "123456785", "810000015", "923609016"}) {
    EXPECT_EQ(check_orgnr(valid), std::nullopt) << valid;
    EXPECT_EQ(normalise_orgnr(valid), valid);
    EXPECT_TRUE(orgnr_check_digit_ok(valid)) << valid;
  }
}

TEST(Orgnr, RemainderZeroGivesCheckDigitZero) {
  // 1 0 0 0 0 0 0 4: 3*1 + 2*4 = 11, remainder 0, so the check digit is 0.
  EXPECT_TRUE(orgnr_check_digit_ok("100000040"));
  EXPECT_FALSE(orgnr_check_digit_ok("100000041"));
}

TEST(Orgnr, RemainderOneIsNeverValid) {
  // 1 0 0 0 0 0 0 4 would need 11 - 1 = 10 as a check digit when the sum leaves 1: no digit fits.
  // 1 0 0 0 0 0 0 5: 3 + 10 = 13, remainder 2 (valid with 9). Find remainder-1 prefixes among
  // 10000000–10000099 and check that all ten last digits are refused.
  int remainder_one = 0;
  for (int tail = 0; tail < 100; ++tail) {
    char first8[9];
    std::snprintf(first8, sizeof first8, "100000%02d", tail);
    static constexpr int w[8] = {3, 2, 7, 6, 5, 4, 3, 2};
    int sum = 0;
    for (int i = 0; i < 8; ++i) sum += (first8[i] - '0') * w[i];
    if (sum % 11 != 1) continue;
    ++remainder_one;
    for (char d = '0'; d <= '9'; ++d) {
      const std::string candidate = std::string(first8) + d;
      EXPECT_EQ(check_orgnr(candidate), OrgnrProblem::bad_check_digit) << candidate;
      EXPECT_EQ(normalise_orgnr(candidate), std::nullopt) << candidate;
    }
  }
  EXPECT_GT(remainder_one, 0);
}

TEST(Orgnr, RejectsWrongCheckDigits) {
  for (const char* invalid : {"889640781", "123456789", "974760670", "000000001"}) {
    EXPECT_EQ(check_orgnr(invalid), OrgnrProblem::bad_check_digit) << invalid;
    EXPECT_EQ(normalise_orgnr(invalid), std::nullopt) << invalid;
  }
  // Every other last digit of a valid number is wrong.
  for (char d = '0'; d <= '9'; ++d) {
    std::string n = "97476067";
    n += d;
    EXPECT_EQ(check_orgnr(n).has_value(), d != '3') << n;
  }
}

TEST(Orgnr, AllowsSpacesAndSeparators) {
  EXPECT_EQ(normalise_orgnr("974 760 673"), "974760673");
  EXPECT_EQ(normalise_orgnr("  974760673 "), "974760673");
  EXPECT_EQ(normalise_orgnr("974\u00a0760\u00a0673"), "974760673");  // non-breaking spaces
  EXPECT_EQ(normalise_orgnr("974\u202f760\u202f673"), "974760673");  // narrow no-break spaces
  EXPECT_EQ(normalise_orgnr("974\u2009760\u2009673"), "974760673");  // thin spaces
  EXPECT_EQ(normalise_orgnr("974.760.673"), "974760673");
  EXPECT_EQ(normalise_orgnr("974-760-673"), "974760673");
  EXPECT_EQ(normalise_orgnr("\t889 640 782\r\n"), "889640782");
  EXPECT_EQ(normalise_orgnr("889 640 782"), "889640782");
  EXPECT_EQ(check_orgnr("974 760 673"), std::nullopt);
  EXPECT_EQ(check_orgnr("889 640 781"), OrgnrProblem::bad_check_digit);
}

TEST(Orgnr, AcceptsTheVatForm) {
  EXPECT_EQ(normalise_orgnr("NO 974 760 673 MVA"), "974760673");
  EXPECT_EQ(normalise_orgnr("no974760673mva"), "974760673");
  EXPECT_EQ(normalise_orgnr("NO974760673"), "974760673");
  EXPECT_EQ(check_orgnr("NO 889 640 781 MVA"), OrgnrProblem::bad_check_digit);
  EXPECT_EQ(check_orgnr("NOMVA"), OrgnrProblem::not_digits);
}

TEST(Orgnr, ExplainsWhatIsWrong) {
  EXPECT_EQ(check_orgnr(""), OrgnrProblem::empty);
  EXPECT_EQ(check_orgnr("   "), OrgnrProblem::empty);
  EXPECT_EQ(check_orgnr("\u00a0"), OrgnrProblem::empty);
  EXPECT_EQ(check_orgnr("97476067A"), OrgnrProblem::not_digits);
  EXPECT_EQ(check_orgnr("Brønnøysund"), OrgnrProblem::not_digits);
  EXPECT_EQ(check_orgnr("974,760,673"), OrgnrProblem::not_digits);
  EXPECT_EQ(check_orgnr("97476067"), OrgnrProblem::wrong_length);
  EXPECT_EQ(check_orgnr("9747606730"), OrgnrProblem::wrong_length);
  EXPECT_EQ(check_orgnr("974 760 67"), OrgnrProblem::wrong_length);
  EXPECT_EQ(check_orgnr("１２３４５６７８５"), OrgnrProblem::not_digits);  // full-width digits are not ASCII
  EXPECT_EQ(normalise_orgnr(""), std::nullopt);
  EXPECT_EQ(normalise_orgnr("97476067"), std::nullopt);
}

TEST(Orgnr, HasCatalogueKeys) {
  EXPECT_EQ(orgnr_problem_key(OrgnrProblem::empty), "directory.orgnr.empty");
  EXPECT_EQ(orgnr_problem_key(OrgnrProblem::not_digits), "directory.orgnr.not_digits");
  EXPECT_EQ(orgnr_problem_key(OrgnrProblem::wrong_length), "directory.orgnr.wrong_length");
  EXPECT_EQ(orgnr_problem_key(OrgnrProblem::bad_check_digit), "directory.orgnr.bad_check_digit");
}

}  // namespace
