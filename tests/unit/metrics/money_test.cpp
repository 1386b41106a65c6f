#include "boostburn/metrics/money.hpp"

#include <cstdint>
#include <limits>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace boostburn {
namespace {

using ::testing::HasSubstr;

constexpr Int128 k_femto_per_dollar = 1'000'000'000'000'000;

Money dollars(std::int64_t whole) {
  return Money::from_femto(Int128{whole} * k_femto_per_dollar);
}

std::string price_text(std::string_view text) {
  auto price = PricePerMillion::parse(text);
  EXPECT_TRUE(price.has_value()) << text << ": " << price.error().message;
  return price ? price->to_decimal_string() : "";
}

std::string parse_error(std::string_view text) {
  auto price = PricePerMillion::parse(text);
  EXPECT_FALSE(price.has_value()) << text << " parsed as " << price->nano();
  return price ? "" : price.error().message;
}

// ---- Money::to_decimal_string ----

TEST(MoneyToDecimalString, ZeroHasTheRequestedDecimals) {
  EXPECT_EQ(Money().to_decimal_string(), "0.000000000");
  EXPECT_EQ(Money().to_decimal_string(0), "0");
  EXPECT_EQ(Money().to_decimal_string(2), "0.00");
}

TEST(MoneyToDecimalString, ExactValuesPrintAllDigits) {
  EXPECT_EQ(Money::from_femto(82'165'727'385'000'000).to_decimal_string(9), "82.165727385");
  EXPECT_EQ(Money::from_femto(1).to_decimal_string(15), "0.000000000000001");
  EXPECT_EQ(dollars(3).to_decimal_string(2), "3.00");
}

TEST(MoneyToDecimalString, RoundsHalfAwayFromZeroAtNineDecimals) {
  // 9 decimals keep nano-dollars: the dropped part is 6 femto digits.
  EXPECT_EQ(Money::from_femto(499'999).to_decimal_string(9), "0.000000000");
  EXPECT_EQ(Money::from_femto(500'000).to_decimal_string(9), "0.000000001");
  EXPECT_EQ(Money::from_femto(1'499'999).to_decimal_string(9), "0.000000001");
  EXPECT_EQ(Money::from_femto(1'500'000).to_decimal_string(9), "0.000000002");
  EXPECT_EQ(Money::from_femto(-500'000).to_decimal_string(9), "-0.000000001");
  EXPECT_EQ(Money::from_femto(-1'500'000).to_decimal_string(9), "-0.000000002");
}

TEST(MoneyToDecimalString, RoundingCarriesIntoTheWholePart) {
  // 0.9999999995 USD -> 1.000000000 at 9 decimals; 9.995 -> 10.00 at 2.
  EXPECT_EQ(Money::from_femto(999'999'999'500'000).to_decimal_string(9), "1.000000000");
  EXPECT_EQ(Money::from_femto(9'995'000'000'000'000).to_decimal_string(2), "10.00");
  EXPECT_EQ(Money::from_femto(9'994'999'999'999'999).to_decimal_string(2), "9.99");
}

TEST(MoneyToDecimalString, NegativeAmountsThatRoundToZeroHaveNoSign) {
  EXPECT_EQ(Money::from_femto(-499'999).to_decimal_string(9), "0.000000000");
  EXPECT_EQ(Money::from_femto(-1).to_decimal_string(0), "0");
  EXPECT_EQ(Money::from_femto(-2'500'000'000'000'000).to_decimal_string(0), "-3");
}

TEST(MoneyToDecimalString, DecimalsOutsideZeroToFifteenAreClamped) {
  const Money money = Money::from_femto(1'234'567'891'234'567);
  EXPECT_EQ(money.to_decimal_string(-3), "1");
  EXPECT_EQ(money.to_decimal_string(40), "1.234567891234567");
}

TEST(MoneyToDecimalString, ExtremeValuesDoNotOverflow) {
  const Int128 max = ~(Int128{1} << 127);
  EXPECT_EQ(Money::from_femto(max).to_decimal_string(15),
            "170141183460469231731687.303715884105727");
  EXPECT_EQ(Money::from_femto(-max - 1).to_decimal_string(15),
            "-170141183460469231731687.303715884105728");
  EXPECT_EQ(Money::from_femto(-max - 1).to_decimal_string(0), "-170141183460469231731687");
}

TEST(MoneyCost, TrillionTokensAtSeventyFiveDollarsPerMillionIsExact) {
  const auto price = PricePerMillion::parse("75");
  ASSERT_TRUE(price);
  EXPECT_EQ(price->cost_of(1'000'000'000'000).to_decimal_string(9), "75000000.000000000");
  // The largest token count at the largest price still fits.
  const auto max_price = PricePerMillion::from_nano(std::numeric_limits<std::int64_t>::max());
  const Money most = max_price.cost_of(std::numeric_limits<std::uint64_t>::max());
  EXPECT_GT(most, Money());
  EXPECT_EQ(most.to_decimal_string(0), "170141183460469231704017");
}

TEST(MoneyCost, OneTokenAtTheSmallestPriceIsOneFemtoDollar) {
  const auto price = PricePerMillion::parse("0.000000001");
  ASSERT_TRUE(price);
  EXPECT_EQ(price->cost_of(1).femto(), 1);
  EXPECT_EQ(price->cost_of(1).to_decimal_string(15), "0.000000000000001");
}

TEST(MoneyCost, SumsAreExactWhereDoublesDrift) {
  // 0.1 + 0.2 style: ten costs of 0.1 USD add to exactly 1.
  const auto price = PricePerMillion::parse("0.1");
  ASSERT_TRUE(price);
  Money sum;
  for (int i = 0; i < 10; ++i) {
    sum += price->cost_of(1'000'000);
  }
  EXPECT_EQ(sum, dollars(1));
}

// ---- Money::parse ----

TEST(MoneyParse, RoundTripsPlainDecimals) {
  for (const char* text : {"82.165727385", "0.000000000", "3", "-0.5", "0.000000000000001",
                           "123456789012.123456789012345"}) {
    const auto money = Money::parse(text);
    ASSERT_TRUE(money) << text << ": " << money.error().message;
    const std::string_view view(text);
    const auto point = view.find('.');
    const int decimals =
        point == std::string_view::npos ? 0 : static_cast<int>(view.size() - point - 1);
    EXPECT_EQ(money->to_decimal_string(decimals), text);
  }
}

TEST(MoneyParse, ValuesAreExact) {
  EXPECT_EQ(Money::parse("1")->femto(), k_femto_per_dollar);
  EXPECT_EQ(Money::parse("-0.5")->femto(), -k_femto_per_dollar / 2);
  EXPECT_EQ(Money::parse("-0")->femto(), 0);
  EXPECT_EQ(Money::parse("0.000000000000001")->femto(), 1);
}

TEST(MoneyParse, RefusesWhatIsNotAPlainDecimal) {
  for (const char* text : {"", "abc", "1e3", "1.5E-3", "+3", "3.", ".5", "1,5", " 1", "1 ", "0x10",
                           "--1", "1.2.3", "nan", "inf", "$3"}) {
    const auto money = Money::parse(text);
    EXPECT_FALSE(money) << '"' << text << "\" parsed";
    if (!money) {
      EXPECT_EQ(money.error().kind, ErrorKind::config);
    }
  }
}

TEST(MoneyParse, RefusesMoreThanFifteenDecimals) {
  const auto money = Money::parse("0.0000000000000001");
  ASSERT_FALSE(money);
  EXPECT_THAT(money.error().message, HasSubstr("16 decimals; at most 15"));
}

TEST(MoneyParse, RefusesValuesBeyondTheRange) {
  EXPECT_TRUE(Money::parse("170141183460469231731687.303715884105727"));
  const auto money = Money::parse("170141183460469231731687.303715884105728");
  ASSERT_FALSE(money);
  EXPECT_THAT(money.error().message, HasSubstr("too large"));
  EXPECT_FALSE(Money::parse("99999999999999999999999999999999999999999"));
}

// ---- PricePerMillion ----

TEST(PricePerMillionParse, KeepsExactDecimals) {
  EXPECT_EQ(PricePerMillion::parse("3.75")->nano(), 3'750'000'000);
  EXPECT_EQ(PricePerMillion::parse("0.035")->nano(), 35'000'000);
  EXPECT_EQ(PricePerMillion::parse("6")->nano(), 6'000'000'000);
  EXPECT_EQ(PricePerMillion::parse("0")->nano(), 0);
  EXPECT_EQ(PricePerMillion::parse("0.000000001")->nano(), 1);
  EXPECT_EQ(PricePerMillion::parse("4.125")->nano(), 4'125'000'000);
  EXPECT_EQ(PricePerMillion::parse("007.50")->nano(), 7'500'000'000);
}

TEST(PricePerMillionParse, ErrorsSayWhy) {
  EXPECT_EQ(parse_error("abc"), "\"abc\" is not a decimal number");
  EXPECT_EQ(parse_error("-3"), "\"-3\" is negative; prices cannot be negative");
  EXPECT_THAT(parse_error("3e-6"), HasSubstr("uses an exponent"));
  EXPECT_THAT(parse_error("1E2"), HasSubstr("uses an exponent"));
  EXPECT_EQ(parse_error("0.0000000001"),
            "\"0.0000000001\" has 10 decimals; at most 9 are supported");
  EXPECT_THAT(parse_error("3."), HasSubstr("digits on both sides of the point"));
  EXPECT_THAT(parse_error(".5"), HasSubstr("digits on both sides of the point"));
  EXPECT_THAT(parse_error("+3"), HasSubstr("without a '+' sign"));
  EXPECT_THAT(parse_error(""), HasSubstr("empty value"));
  EXPECT_EQ(parse_error("3.3 USD"), "\"3.3 USD\" is not a decimal number");
  EXPECT_EQ(parse_error("9223372037"), "\"9223372037\" is too large");
}

TEST(PricePerMillionParse, LargestPriceFitsInNanoDollars) {
  EXPECT_EQ(PricePerMillion::parse("9223372036.854775807")->nano(),
            std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(parse_error("9223372036.854775808"), "\"9223372036.854775808\" is too large");
}

TEST(PricePerMillionParsePerThousand, MultipliesByAThousand) {
  EXPECT_EQ(PricePerMillion::parse_per_thousand("0.003")->to_decimal_string(), "3");
  EXPECT_EQ(PricePerMillion::parse_per_thousand("0.0055")->to_decimal_string(), "5.5");
  EXPECT_EQ(PricePerMillion::parse_per_thousand("0.000035")->to_decimal_string(), "0.035");
  EXPECT_EQ(PricePerMillion::parse_per_thousand("0.000000000001")->nano(), 1);
  EXPECT_EQ(PricePerMillion::parse_per_thousand("2")->to_decimal_string(), "2000");
}

TEST(PricePerMillionParsePerThousand, AllowsTwelveDecimalsNotThirteen) {
  const auto price = PricePerMillion::parse_per_thousand("0.0000000000001");
  ASSERT_FALSE(price);
  EXPECT_EQ(price.error().message, "\"0.0000000000001\" has 13 decimals; at most 12 are supported");
  EXPECT_FALSE(PricePerMillion::parse_per_thousand("-0.003"));
  EXPECT_FALSE(PricePerMillion::parse_per_thousand("3e-3"));
}

TEST(PricePerMillionToDecimalString, IsTheShortestExactForm) {
  EXPECT_EQ(price_text("3.75"), "3.75");
  EXPECT_EQ(price_text("3.750000000"), "3.75");
  EXPECT_EQ(price_text("6.00"), "6");
  EXPECT_EQ(price_text("0"), "0");
  EXPECT_EQ(price_text("0.000000001"), "0.000000001");
  EXPECT_EQ(price_text("0.035"), "0.035");
  EXPECT_EQ(price_text("1234.5"), "1234.5");
  EXPECT_EQ(PricePerMillion::from_nano(-1'500'000'000).to_decimal_string(), "-1.5");
}

TEST(MoneyArithmetic, SubtractionAndNegationAreExact) {
  const Money a = Money::from_femto(5);
  const Money b = Money::from_femto(7);
  EXPECT_EQ((a - b).femto(), -2);
  EXPECT_EQ((-a).femto(), -5);
  Money c = b;
  c -= a;
  EXPECT_EQ(c.femto(), 2);
  EXPECT_EQ((a - b) + b, a);
}

}  // namespace
}  // namespace boostburn
