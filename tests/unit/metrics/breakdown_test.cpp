#include "boostburn/metrics/breakdown.hpp"

#include <gtest/gtest.h>

namespace boostburn {
namespace {

PricedCounters priced(std::uint64_t input, std::uint64_t output, std::int64_t femto) {
  PricedCounters row;
  row.counters.requests = 1;
  row.counters.input_tokens = input;
  row.counters.output_tokens = output;
  row.cost = Money::from_femto(femto);
  return row;
}

TEST(RebuildBreakdowns, SumsRowsIntoTotalsAndEveryBreakdown) {
  PricedMetrics metrics;
  metrics.by_usage_key = {
      {UsageKey{"eu-west-3", "arn:a", "m1", false}, priced(10, 1, 7)},
      {UsageKey{"us-east-1", "arn:a", "m1", false}, priced(20, 2, 11)},
      {UsageKey{"us-east-1", "arn:b", "m2", false}, priced(40, 4, 13)},
  };
  rebuild_breakdowns(metrics);

  EXPECT_EQ(metrics.totals.counters.requests, 3U);
  EXPECT_EQ(metrics.totals.counters.input_tokens, 70U);
  EXPECT_EQ(metrics.totals.counters.output_tokens, 7U);
  EXPECT_EQ(metrics.totals.cost, Money::from_femto(31));
  ASSERT_EQ(metrics.by_region.size(), 2U);
  EXPECT_EQ(metrics.by_region.at("us-east-1").counters.input_tokens, 60U);
  EXPECT_EQ(metrics.by_region.at("us-east-1").cost, Money::from_femto(24));
  EXPECT_EQ(metrics.by_model.at("m1").cost, Money::from_femto(18));
  EXPECT_EQ(metrics.by_identity.at("arn:a").counters.input_tokens, 30U);
  EXPECT_EQ(metrics.by_identity.at("arn:b").cost, Money::from_femto(13));
}

TEST(RebuildBreakdowns, FoldsLongContextRowsIntoTheirModelAndIdentity) {
  PricedMetrics metrics;
  metrics.by_usage_key = {
      {UsageKey{"us-east-1", "arn:a", "sonnet", false}, priced(1000, 10, 100)},
      {UsageKey{"us-east-1", "arn:a", "sonnet", true}, priced(300000, 20, 900)},
  };
  rebuild_breakdowns(metrics);

  ASSERT_EQ(metrics.by_model.size(), 1U);
  EXPECT_EQ(metrics.by_model.at("sonnet").counters.requests, 2U);
  EXPECT_EQ(metrics.by_model.at("sonnet").counters.input_tokens, 301000U);
  EXPECT_EQ(metrics.by_model.at("sonnet").cost, Money::from_femto(1000));
  ASSERT_EQ(metrics.by_identity.size(), 1U);
  EXPECT_EQ(metrics.by_identity.at("arn:a").cost, Money::from_femto(1000));
  EXPECT_EQ(metrics.by_usage_key.size(), 2U);  // rows stay apart
}

TEST(RebuildBreakdowns, ReplacesStaleBreakdownsAndKeepsModelLists) {
  PricedMetrics metrics;
  metrics.by_region["stale-region-1"] = priced(5, 5, 5);
  metrics.totals = priced(5, 5, 5);
  metrics.unpriced_models = {"x"};
  metrics.by_usage_key = {{UsageKey{"us-east-1", "arn:a", "m", false}, priced(1, 2, 3)}};
  rebuild_breakdowns(metrics);

  EXPECT_EQ(metrics.by_region.count("stale-region-1"), 0U);
  EXPECT_EQ(metrics.totals, priced(1, 2, 3));
  EXPECT_EQ(metrics.unpriced_models, std::vector<std::string>{"x"});
}

TEST(RebuildBreakdowns, NoRowsMeansEmptyBreakdownsAndZeroTotals) {
  PricedMetrics metrics;
  metrics.totals = priced(1, 1, 1);
  rebuild_breakdowns(metrics);
  EXPECT_EQ(metrics.totals, PricedCounters());
  EXPECT_TRUE(metrics.by_region.empty());
  EXPECT_TRUE(metrics.by_model.empty());
  EXPECT_TRUE(metrics.by_identity.empty());
}

}  // namespace
}  // namespace boostburn
