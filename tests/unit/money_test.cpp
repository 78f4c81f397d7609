#include "platform/core/money.hpp"

#include <gtest/gtest.h>

namespace {

using samskap::money::format_kroner;
using samskap::money::input_kroner;
using samskap::money::parse_kroner;

TEST(Money, ReadsWhatPeopleType) {
  EXPECT_EQ(parse_kroner("150000"), 15'000'000);
  EXPECT_EQ(parse_kroner("150 000"), 15'000'000);
  EXPECT_EQ(parse_kroner("150\u00a0000"), 15'000'000);
  EXPECT_EQ(parse_kroner("150\u202f000"), 15'000'000);
  EXPECT_EQ(parse_kroner("150 000,50"), 15'000'050);
  EXPECT_EQ(parse_kroner("150 000,5"), 15'000'050);
  EXPECT_EQ(parse_kroner("1.500.000"), 150'000'000);
  EXPECT_EQ(parse_kroner("1500.50"), 150'050);
  EXPECT_EQ(parse_kroner("kr 2 500"), 250'000);
  EXPECT_EQ(parse_kroner("2 500 kr"), 250'000);
  EXPECT_EQ(parse_kroner("NOK 2500"), 250'000);
  EXPECT_EQ(parse_kroner("2500,-"), 250'000);
  EXPECT_EQ(parse_kroner("0"), 0);
  EXPECT_EQ(parse_kroner(" 12 "), 1'200);
}

TEST(Money, RefusesWhatIsNotAnAmount) {
  EXPECT_FALSE(parse_kroner(""));
  EXPECT_FALSE(parse_kroner("kr"));
  EXPECT_FALSE(parse_kroner("-5"));
  EXPECT_FALSE(parse_kroner("12,345"));
  EXPECT_FALSE(parse_kroner("ti tusen"));
  EXPECT_FALSE(parse_kroner("1,2,3"));
  EXPECT_FALSE(parse_kroner("99999999999999999999"));
  EXPECT_FALSE(parse_kroner("1e6"));
}

TEST(Money, WritesNorwegianAmountsThatReadBack) {
  EXPECT_EQ(format_kroner(15'000'000), "150\u00a0000");
  EXPECT_EQ(format_kroner(15'000'050), "150\u00a0000,50");
  EXPECT_EQ(format_kroner(5), "0,05");
  EXPECT_EQ(format_kroner(100), "1");
  EXPECT_EQ(input_kroner(123'456'789), "1 234 567,89");
  for (std::int64_t v : {0LL, 1LL, 99LL, 100LL, 123'456'789LL, 100'000'000'000LL})
    EXPECT_EQ(parse_kroner(input_kroner(v)), v) << v;
}

}  // namespace
