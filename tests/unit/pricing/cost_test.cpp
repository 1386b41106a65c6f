#include "boostburn/pricing/cost.hpp"

#include <cstdint>
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "price_printers.hpp"

namespace boostburn {
namespace {

PricePerMillion price(std::string_view text) {
  return PricePerMillion::parse(text).value();
}

// Claude Sonnet 4.5 (geo), with its long-context tier.
RateCard sonnet_geo() {
  RateCard card;
  card.standard =
      TokenRates{price("3.30"), price("16.50"), price("0.33"), price("4.125"), price("6.60")};
  card.long_context = LongContextRates{
      200000,
      TokenRates{price("6.60"), price("24.75"), price("0.66"), price("8.25"), price("13.20")}};
  return card;
}

Counters usage(std::uint64_t input, std::uint64_t output, std::uint64_t read = 0,
               std::uint64_t write = 0, std::uint64_t write_1h = 0) {
  Counters c;
  c.requests = 1;
  c.input_tokens = input;
  c.output_tokens = output;
  c.cache_read_input_tokens = read;
  c.cache_write_input_tokens = write;
  c.cache_write_1h_input_tokens = write_1h;
  return c;
}

std::string cost_text(const RateCard& card, const Counters& counters, bool long_context,
                      PartialFlags& flags) {
  return cost_of(card, counters, long_context, flags).to_decimal_string(9);
}

TEST(CostOf, PricesEveryTokenTypeAtItsRate) {
  PartialFlags flags;
  // 1M of each: 3.30 + 16.50 + 0.33 + 4.125 (5-minute writes) = 24.255
  EXPECT_EQ(
      cost_text(sonnet_geo(), usage(1'000'000, 1'000'000, 1'000'000, 1'000'000), false, flags),
      "24.255000000");
  EXPECT_FALSE(flags.any());
}

TEST(CostOf, OneHourWritesArePricedApartFromFiveMinuteWrites) {
  PartialFlags flags;
  // 1M writes of which 400k are 1-hour: 600k x 4.125 + 400k x 6.60 = 2.475 + 2.64
  EXPECT_EQ(cost_text(sonnet_geo(), usage(0, 0, 0, 1'000'000, 400'000), false, flags),
            "5.115000000");
  EXPECT_FALSE(flags.any());
}

TEST(CostOf, MatchesTheAwsSampleForClaude37Sonnet) {
  // AWS sample: 506 input and 4,576 output tokens of Claude 3.7 Sonnet cost $0.070158.
  RateCard card;
  card.standard.input = price("3");
  card.standard.output = price("15");
  PartialFlags flags;
  EXPECT_EQ(cost_of(card, usage(506, 4576), false, flags).to_decimal_string(6), "0.070158");
  EXPECT_EQ(cost_of(card, usage(506, 4576), false, flags).to_decimal_string(9), "0.070158000");
}

TEST(CostOf, LongContextRowsUseEveryLongContextRate) {
  PartialFlags flags;
  // 6.60 + 24.75 + 0.66 + 8.25 x 0.5 + 13.20 x 0.5 = 42.735
  EXPECT_EQ(cost_text(sonnet_geo(), usage(1'000'000, 1'000'000, 1'000'000, 1'000'000, 500'000),
                      true, flags),
            "42.735000000");
  EXPECT_FALSE(flags.any());
}

TEST(CostOf, LongContextRowsOfACardWithoutATierUseTheStandardRates) {
  RateCard card = sonnet_geo();
  card.long_context.reset();
  PartialFlags flags;
  EXPECT_EQ(cost_text(card, usage(1'000'000, 0), true, flags), "3.300000000");
  EXPECT_FALSE(flags.any());
}

TEST(CostOf, MissingCacheRatesPriceZeroAndFlagEachType) {
  RateCard card;
  card.standard.input = price("1");
  card.standard.output = price("2");
  {
    PartialFlags flags;
    EXPECT_EQ(cost_text(card, usage(1'000'000, 1'000'000, 5, 0, 0), false, flags), "3.000000000");
    EXPECT_EQ(flags, (PartialFlags{true, false, false}));
  }
  {
    PartialFlags flags;
    EXPECT_EQ(cost_text(card, usage(0, 0, 0, 7, 0), false, flags), "0.000000000");
    EXPECT_EQ(flags, (PartialFlags{false, true, false}));
  }
  {
    PartialFlags flags;  // all writes are 1-hour: no 5-minute tokens to flag
    EXPECT_EQ(cost_text(card, usage(0, 0, 0, 7, 7), false, flags), "0.000000000");
    EXPECT_EQ(flags, (PartialFlags{false, false, true}));
  }
}

TEST(CostOf, MissingRatesWithoutTokensAreNotPartial) {
  RateCard card;
  card.standard.input = price("1");
  card.standard.output = price("2");
  PartialFlags flags;
  EXPECT_EQ(cost_text(card, usage(10, 10), false, flags), "0.000030000");
  EXPECT_FALSE(flags.any());
}

TEST(CostOf, AnExplicitZeroRateIsARealPrice) {
  RateCard card;
  card.standard.input = price("0.02");
  card.standard.output = price("0");
  card.standard.cache_read = price("0");
  PartialFlags flags;
  EXPECT_EQ(cost_text(card, usage(1'000'000, 500, 900), false, flags), "0.020000000");
  EXPECT_FALSE(flags.any());
}

TEST(CostOf, MissingLongContextCacheRatesPriceZeroAndFlag) {
  RateCard card = sonnet_geo();
  card.long_context->rates.cache_read.reset();
  card.long_context->rates.cache_write_1h.reset();
  PartialFlags flags;
  // Standard cache rates are not borrowed: 6.60 for input, 0 for the reads and 1-hour writes.
  EXPECT_EQ(cost_text(card, usage(1'000'000, 0, 1'000'000, 1'000'000, 1'000'000), true, flags),
            "6.600000000");
  EXPECT_EQ(flags, (PartialFlags{true, false, true}));
}

TEST(CostOf, FlagsAccumulateAndAreNeverCleared) {
  RateCard card;
  card.standard.input = price("1");
  card.standard.output = price("1");
  PartialFlags flags{true, false, false};
  (void)cost_of(card, usage(1, 1), false, flags);
  EXPECT_TRUE(flags.cache_read);
}

TEST(CostOf, MoreOneHourThanTotalWritesDoesNotWrapAround) {
  PartialFlags flags;
  // Inconsistent input (verify_metrics reports it): the 1-hour part is clamped to all writes.
  EXPECT_EQ(cost_text(sonnet_geo(), usage(0, 0, 0, 1'000'000, 3'000'000), false, flags),
            "6.600000000");
}

TEST(CostOf, HugeCountsStayExact) {
  RateCard card;
  card.standard.input = price("75");
  card.standard.output = price("75");
  PartialFlags flags;
  EXPECT_EQ(cost_text(card, usage(1'000'000'000'000, 1'000'000'000'000), false, flags),
            "150000000.000000000");
}

TEST(CacheSavings, ReadsSaveTheDifferenceToTheInputRate) {
  // 1M cache reads: $3.30 as input, $0.33 as cache reads.
  EXPECT_EQ(cache_savings_of(sonnet_geo(), usage(0, 0, 1'000'000), false),
            Money::parse("2.97").value());
}

TEST(CacheSavings, WritePremiumsAreSubtracted) {
  // 1M reads save $2.97; 1M 5-minute writes cost $4.125 - $3.30 = $0.825 more
  // than input; 1M 1-hour writes cost $6.60 - $3.30 = $3.30 more.
  EXPECT_EQ(cache_savings_of(sonnet_geo(), usage(0, 0, 1'000'000, 2'000'000, 1'000'000), false),
            Money::parse("-1.155").value());
}

TEST(CacheSavings, LongContextRowsUseTheLongContextRates) {
  EXPECT_EQ(cache_savings_of(sonnet_geo(), usage(0, 0, 1'000'000), true),
            Money::parse("5.94").value());
}

TEST(CacheSavings, TypesWithoutARateAndUncachedTokensSaveNothing) {
  RateCard card = sonnet_geo();
  card.standard.cache_read.reset();
  EXPECT_EQ(cache_savings_of(card, usage(5'000, 7'000, 1'000'000), false), Money());
}

}  // namespace
}  // namespace boostburn
