#include "boostburn/report/format.hpp"

#include <gtest/gtest.h>

namespace boostburn {
namespace {

Money usd(std::string_view text) {
  return Money::parse(text).value();
}

TEST(FormatTest, CountsHaveThousandsSeparators) {
  EXPECT_EQ(format_count(0), "0");
  EXPECT_EQ(format_count(999), "999");
  EXPECT_EQ(format_count(1000), "1,000");
  EXPECT_EQ(format_count(129709), "129,709");
  EXPECT_EQ(format_count(1234567), "1,234,567");
  EXPECT_EQ(format_count(18446744073709551615u), "18,446,744,073,709,551,615");
}

TEST(FormatTest, DollarAmountsShowCents) {
  EXPECT_EQ(format_usd(usd("1234.56")), "$1,234.56");
  EXPECT_EQ(format_usd(usd("1234.565")), "$1,234.57");  // half up
  EXPECT_EQ(format_usd(usd("82.165727385")), "$82.17");
  EXPECT_EQ(format_usd(usd("1")), "$1.00");
  EXPECT_EQ(format_usd(usd("1000000")), "$1,000,000.00");
  EXPECT_EQ(format_usd(usd("0.999")), "$1.00");
}

TEST(FormatTest, SmallAmountsKeepTwoSignificantDigits) {
  EXPECT_EQ(format_usd(Money()), "$0.00");
  EXPECT_EQ(format_usd(usd("0.5")), "$0.50");
  EXPECT_EQ(format_usd(usd("0.42")), "$0.42");
  EXPECT_EQ(format_usd(usd("0.0042")), "$0.0042");
  EXPECT_EQ(format_usd(usd("0.00425")), "$0.0043");
  EXPECT_EQ(format_usd(usd("0.000171")), "$0.00017");
  EXPECT_EQ(format_usd(usd("0.00000025")), "$0.00000025");
  EXPECT_EQ(format_usd(usd("0.000000001")), "$0.000000001");
  EXPECT_EQ(format_usd(usd("0.000000000001")), "<$0.000000001");
}

TEST(FormatTest, NegativeAmountsAndOtherCurrencies) {
  EXPECT_EQ(format_usd(usd("-3.5")), "-$3.50");
  EXPECT_EQ(format_money(usd("1234.5"), "USD"), "$1,234.50");
  EXPECT_EQ(format_money(usd("1234.5"), "EUR"), "1,234.50 EUR");
  EXPECT_EQ(format_money(usd("0.0042"), "EUR"), "0.0042 EUR");
}

}  // namespace
}  // namespace boostburn
