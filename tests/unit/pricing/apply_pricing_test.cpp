#include "boostburn/pricing/apply_pricing.hpp"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "boostburn/metrics/verify.hpp"
#include "price_printers.hpp"

namespace boostburn {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr std::string_view k_prices = R"(
schema_version: 2
unit: per_1m_tokens
rates:
  sonnet:
    default:
      input: 3.30
      output: 16.50
      cache_read: 0.33
      cache_write: 4.125
      cache_write_1h: 6.60
      long_context: {threshold_input_tokens: 200000, input: 6.60, output: 24.75, cache_read: 0.66,
                     cache_write: 8.25, cache_write_1h: 13.20}
    eu-west-3: {input: 4, output: 20, cache_read: 0.4, cache_write: 5, cache_write_1h: 8}
  haiku3: {default: {input: 0.25, output: 1.25}}
  embed: {default: {input: 0.02, output: 0}}
  image: {billing: not_token_priced}
)";

PriceTable prices() {
  return load_price_text(k_prices, "prices.yaml").value();
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

std::string cost(const PricedCounters& row) {
  return row.cost.to_decimal_string(9);
}

TEST(ApplyPricing, PricesEachRowAtItsRegionsRates) {
  Aggregate day;
  day.add({"us-east-1", "arn:a", "sonnet", false}, usage(1'000'000, 0));
  day.add({"eu-west-3", "arn:a", "sonnet", false}, usage(1'000'000, 0));
  const PricedMetrics metrics = apply_pricing(day, prices());

  ASSERT_EQ(metrics.by_usage_key.size(), 2U);
  EXPECT_EQ(metrics.by_usage_key[0].first.region, "eu-west-3");
  EXPECT_EQ(cost(metrics.by_usage_key[0].second), "4.000000000");
  EXPECT_EQ(cost(metrics.by_usage_key[1].second), "3.300000000");
  EXPECT_EQ(cost(metrics.totals), "7.300000000");
  EXPECT_EQ(cost(metrics.by_region.at("eu-west-3")), "4.000000000");
  EXPECT_EQ(cost(metrics.by_model.at("sonnet")), "7.300000000");
  EXPECT_THAT(metrics.unpriced_models, IsEmpty());
  EXPECT_THAT(metrics.partial_pricing_models, IsEmpty());
}

TEST(ApplyPricing, LongContextRowsUseLongContextRatesAndFoldIntoTheirModel) {
  Aggregate day;
  day.add({"us-east-1", "arn:a", "sonnet", false}, usage(100'000, 1'000));
  day.add({"us-east-1", "arn:a", "sonnet", true}, usage(150'000, 2'000, 60'000, 10'000, 4'000));
  const PricedMetrics metrics = apply_pricing(day, prices());

  // 100k x 3.30 + 1k x 16.50 = 0.33 + 0.0165
  EXPECT_EQ(cost(metrics.by_usage_key[0].second), "0.346500000");
  // 150k x 6.60 + 2k x 24.75 + 60k x 0.66 + 6k x 8.25 + 4k x 13.20
  // = 0.99 + 0.0495 + 0.0396 + 0.0495 + 0.0528
  EXPECT_EQ(cost(metrics.by_usage_key[1].second), "1.181400000");
  ASSERT_EQ(metrics.by_model.size(), 1U);
  EXPECT_EQ(cost(metrics.by_model.at("sonnet")), "1.527900000");
  EXPECT_EQ(metrics.by_model.at("sonnet").counters.requests, 2U);
  EXPECT_EQ(cost(metrics.by_identity.at("arn:a")), "1.527900000");
  EXPECT_EQ(cost(metrics.totals), "1.527900000");
}

TEST(ApplyPricing, ModelsWithoutAnEntryCostZeroAndAreListedOnce) {
  Aggregate day;
  day.add({"us-east-1", "arn:a", "mystery-b", false}, usage(1'000, 1'000));
  day.add({"us-east-1", "arn:b", "mystery-a", false}, usage(1'000, 1'000));
  day.add({"us-west-2", "arn:b", "mystery-a", false}, usage(1'000, 1'000));
  day.add({"us-west-2", "arn:b", "haiku3", false}, usage(1'000'000, 0));
  const PricedMetrics metrics = apply_pricing(day, prices());

  EXPECT_THAT(metrics.unpriced_models, ElementsAre("mystery-a", "mystery-b"));
  EXPECT_EQ(cost(metrics.by_model.at("mystery-a")), "0.000000000");
  EXPECT_EQ(metrics.by_model.at("mystery-a").counters.input_tokens, 2'000U);
  EXPECT_EQ(cost(metrics.totals), "0.250000000");
  EXPECT_EQ(metrics.totals.counters.input_tokens, 1'003'000U);
}

TEST(ApplyPricing, TokensOfATypeWithoutARateMakeTheModelPartial) {
  Aggregate day;
  day.add({"us-east-1", "arn:a", "haiku3", false}, usage(1'000'000, 0, 500, 0, 0));
  day.add({"us-west-2", "arn:a", "haiku3", false}, usage(1'000'000, 0, 500, 0, 0));
  day.add({"us-east-1", "arn:a", "embed", false}, usage(1'000'000, 0));
  const PricedMetrics metrics = apply_pricing(day, prices());

  EXPECT_THAT(metrics.partial_pricing_models, ElementsAre("haiku3"));
  // The cache reads cost 0; the input is still priced.
  EXPECT_EQ(cost(metrics.by_model.at("haiku3")), "0.500000000");
  // An explicit 0 output rate is a price, not a gap.
  EXPECT_EQ(cost(metrics.by_model.at("embed")), "0.020000000");
  EXPECT_THAT(metrics.unpriced_models, IsEmpty());
}

TEST(ApplyPricing, ARegionOverrideWithoutCacheRatesIsPartialThere) {
  Aggregate day;
  day.add({"eu-west-3", "arn:a", "sonnet", false}, usage(0, 0, 0, 0, 0));
  const PriceTable table = load_price_text(
                               "schema_version: 2\nunit: per_1m_tokens\nrates:\n  sonnet:\n    "
                               "default: {input: 3, output: "
                               "15, cache_read: 0.3}\n    eu-west-3: {input: 4, output: 20}\n",
                               "p.yaml")
                               .value();
  EXPECT_THAT(apply_pricing(day, table).partial_pricing_models, IsEmpty());
  day.add({"eu-west-3", "arn:a", "sonnet", false}, usage(0, 0, 10));
  EXPECT_THAT(apply_pricing(day, table).partial_pricing_models, ElementsAre("sonnet"));
}

TEST(ApplyPricing, NotTokenPricedModelsAreListedApartAndNeverAsUnpriced) {
  Aggregate day;
  day.add({"us-west-2", "arn:a", "image", false}, usage(10, 0));
  const PricedMetrics metrics = apply_pricing(day, prices());

  EXPECT_THAT(metrics.not_token_priced_models, ElementsAre("image"));
  EXPECT_THAT(metrics.unpriced_models, IsEmpty());
  EXPECT_THAT(metrics.partial_pricing_models, IsEmpty());
  EXPECT_EQ(cost(metrics.totals), "0.000000000");
  EXPECT_EQ(metrics.by_model.at("image").counters.requests, 1U);
}

TEST(ApplyPricing, ARegionOnlyEntryLeavesOtherRegionsUnpriced) {
  const PriceTable table = load_price_text(
                               "schema_version: 2\nunit: per_1m_tokens\nrates:\n  m:\n    "
                               "us-east-2: {input: 1, output: 1}\n",
                               "p.yaml")
                               .value();
  Aggregate day;
  day.add({"us-east-2", "arn:a", "m", false}, usage(1'000'000, 0));
  day.add({"us-east-1", "arn:a", "m", false}, usage(1'000'000, 0));
  const PricedMetrics metrics = apply_pricing(day, table);
  EXPECT_THAT(metrics.unpriced_models, ElementsAre("m"));
  EXPECT_EQ(cost(metrics.totals), "1.000000000");
}

TEST(ApplyPricing, ResultAlwaysPassesVerification) {
  Aggregate day;
  const char* regions[] = {"us-east-1", "us-west-2", "eu-west-3"};
  const char* models[] = {"sonnet", "haiku3", "embed", "image", "unknown"};
  std::uint64_t n = 1;
  for (const char* region : regions) {
    for (const char* model : models) {
      for (const bool long_context : {false, true}) {
        n = n * 6364136223846793005ULL + 1442695040888963407ULL;
        const std::uint64_t writes = n % 3'001;
        day.add({region, "arn:" + std::to_string(n % 3), model, long_context},
                usage(n % 400'000, n % 7'919, n % 65'537, writes, writes / 3));
      }
    }
  }
  const PricedMetrics metrics = apply_pricing(day, prices());
  EXPECT_THAT(verify_metrics(day, metrics), IsEmpty());
  EXPECT_EQ(metrics.by_usage_key.size(), day.rows().size());
  EXPECT_THAT(metrics.unpriced_models, ElementsAre("unknown"));
  EXPECT_THAT(metrics.not_token_priced_models, ElementsAre("image"));
}

TEST(ApplyPricing, CacheSavingsSumThePricedRowsAtTheirOwnRates) {
  Aggregate day;
  // us-east-1: 1M reads save 3.30 - 0.33; eu-west-3: 1M reads save 4 - 0.4;
  // an unpriced model's reads save nothing we could know.
  day.add({"us-east-1", "arn:a", "sonnet", false}, usage(0, 0, 1'000'000));
  day.add({"eu-west-3", "arn:a", "sonnet", false}, usage(0, 0, 1'000'000));
  day.add({"us-east-1", "arn:a", "mystery", false}, usage(0, 0, 1'000'000));
  EXPECT_EQ(apply_pricing(day, prices()).cache_savings.to_decimal_string(9), "6.570000000");
}

TEST(ApplyPricing, EmptyDay) {
  const PricedMetrics metrics = apply_pricing(Aggregate(), prices());
  EXPECT_THAT(metrics.by_usage_key, IsEmpty());
  EXPECT_EQ(metrics.totals, PricedCounters());
  EXPECT_THAT(verify_metrics(Aggregate(), metrics), IsEmpty());
}

}  // namespace
}  // namespace boostburn
