#include "boostburn/metrics/verify.hpp"

#include <cstdint>
#include <limits>
#include <string>
#include <utility>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "boostburn/metrics/breakdown.hpp"

namespace boostburn {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

Counters counters(std::uint64_t input, std::uint64_t output, std::uint64_t read = 0,
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

UsageKey east_a(bool long_context = false) {
  return {"us-east-1", "arn:aws:iam::1:user/a", "m1", long_context};
}
UsageKey west_b() {
  return {"us-west-2", "arn:aws:iam::1:user/b", "m2", false};
}

// A consistent pair: the aggregate and metrics priced at 1 femto-dollar per
// input token, built the way apply_pricing builds them.
struct Fixture {
  Aggregate usage;
  PricedMetrics metrics;

  Fixture() {
    usage.add(east_a(), counters(100, 10, 5, 4, 1));
    usage.add(east_a(true), counters(300000, 20));
    usage.add(west_b(), counters(50, 5));
    reprice();
  }

  void reprice() {
    metrics = {};
    for (const auto& [key, c] : usage.rows()) {
      metrics.by_usage_key.emplace_back(
          key, PricedCounters{c, Money::from_femto(static_cast<std::int64_t>(c.input_tokens))});
    }
    rebuild_breakdowns(metrics);
  }

  std::vector<std::string> verify() const { return verify_metrics(usage, metrics); }
};

TEST(VerifyMetrics, ConsistentMetricsPass) {
  const Fixture f;
  EXPECT_THAT(f.verify(), IsEmpty());
}

TEST(VerifyMetrics, EmptyDayPasses) {
  EXPECT_THAT(verify_metrics(Aggregate(), PricedMetrics()), IsEmpty());
}

TEST(VerifyMetrics, TotalsThatDifferFromTheAggregateAreReported) {
  Fixture f;
  f.metrics.totals.counters.output_tokens += 1;
  const auto problems = f.verify();
  EXPECT_THAT(problems, Contains("totals: output_tokens is 36 but the aggregate has 35"));
  // Every breakdown now disagrees with the totals too.
  EXPECT_THAT(problems,
              Contains("by_region (sum of 2 entries): output_tokens is 35 but totals has 36"));
  EXPECT_THAT(problems,
              Contains("by_usage_key (sum of 3 entries): output_tokens is 35 but totals has 36"));
}

TEST(VerifyMetrics, TotalCostThatDiffersFromTheBreakdownsIsReported) {
  Fixture f;
  f.metrics.totals.cost += Money::from_femto(1);
  const auto problems = f.verify();
  EXPECT_THAT(problems, Contains("by_model (sum of 2 entries): cost_usd is 0.000000000300150 but "
                                 "totals has 0.000000000300151"));
  EXPECT_THAT(problems, SizeIs(4));  // one per breakdown
}

TEST(VerifyMetrics, EachBreakdownThatDoesNotSumToTotalsIsNamed) {
  for (const std::string name : {"by_region", "by_model", "by_identity"}) {
    Fixture f;
    auto& breakdown = name == "by_region"  ? f.metrics.by_region
                      : name == "by_model" ? f.metrics.by_model
                                           : f.metrics.by_identity;
    breakdown.begin()->second.counters.cache_read_input_tokens += 7;
    const auto problems = f.verify();
    EXPECT_THAT(problems,
                Contains(HasSubstr(name + " (sum of 2 entries): "
                                          "cache_read_input_tokens is 12 but totals has 5")))
        << name;
    EXPECT_THAT(problems, Contains(HasSubstr(name + "[" + breakdown.begin()->first +
                                             "]: cache_read_input_tokens is 12 but the sum of "
                                             "its usage rows has 5")))
        << name;
  }
}

TEST(VerifyMetrics, UsageRowCostThatDoesNotSumToTotalsIsReported) {
  Fixture f;
  f.metrics.by_usage_key[0].second.cost += Money::from_femto(1000);
  EXPECT_THAT(f.verify(), Contains(HasSubstr("by_usage_key (sum of 3 entries): cost_usd is")));
}

TEST(VerifyMetrics, SwappedEntriesThatStillSumToTotalsAreCaught) {
  Fixture f;
  std::swap(f.metrics.by_region.at("us-east-1"), f.metrics.by_region.at("us-west-2"));
  const auto problems = f.verify();
  EXPECT_THAT(problems, Contains("by_region[us-east-1]: input_tokens is 50 but the sum of its "
                                 "usage rows has 300100"));
  EXPECT_THAT(problems, Contains(HasSubstr("by_region[us-west-2]: cost_usd is")));
  for (const auto& problem : problems) {
    EXPECT_THAT(problem, Not(HasSubstr("sum of 2 entries"))) << "sums still match";
  }
}

TEST(VerifyMetrics, MissingAndExtraBreakdownEntriesAreReported) {
  Fixture f;
  f.metrics.by_model.erase("m2");
  f.metrics.by_identity["arn:ghost"] = PricedCounters{};
  const auto problems = f.verify();
  EXPECT_THAT(problems, Contains("by_model: m2 is missing, though usage rows have it"));
  EXPECT_THAT(problems, Contains("by_identity: arn:ghost has no usage rows"));
}

TEST(VerifyMetrics, UsageRowsMustMatchTheAggregate) {
  Fixture f;
  f.metrics.by_usage_key[2].second.counters.input_tokens += 1;
  EXPECT_THAT(f.verify(), Contains("by_usage_key (us-west-2, arn:aws:iam::1:user/b, m2): "
                                   "input_tokens is 51 but the aggregate has 50"));
}

TEST(VerifyMetrics, AMissingUsageRowIsReported) {
  Fixture f;
  f.metrics.by_usage_key.erase(f.metrics.by_usage_key.begin() + 1);
  rebuild_breakdowns(f.metrics);  // consistent with itself, not with the aggregate
  const auto problems = f.verify();
  EXPECT_THAT(problems, Contains("by_usage_key: aggregate row (us-east-1, arn:aws:iam::1:user/a, "
                                 "m1, long context) is missing"));
  EXPECT_THAT(problems, Contains("totals: input_tokens is 150 but the aggregate has 300150"));
}

TEST(VerifyMetrics, AUsageRowThatIsNotInTheAggregateIsReported) {
  Fixture f;
  f.metrics.by_usage_key.emplace_back(UsageKey{"us-west-2", "z", "m3", false}, PricedCounters{});
  EXPECT_THAT(f.verify(), Contains("by_usage_key: row (us-west-2, z, m3) is not in the aggregate"));
}

TEST(VerifyMetrics, UsageRowsOutOfOrderOrRepeatedAreReported) {
  Fixture f;
  std::swap(f.metrics.by_usage_key[0], f.metrics.by_usage_key[2]);
  EXPECT_THAT(f.verify(), Contains(HasSubstr("is out of order or repeated")));

  Fixture g;
  g.metrics.by_usage_key.push_back(g.metrics.by_usage_key.back());
  EXPECT_THAT(g.verify(), Contains("by_usage_key: row 3 (us-west-2, arn:aws:iam::1:user/b, m2) is "
                                   "out of order or repeated"));
}

TEST(VerifyMetrics, OneHourWritesAboveAllWritesAreReported) {
  Fixture f;
  f.usage.add(west_b(), counters(0, 0, 0, 0, 9));  // bad input; priced rows copy it
  f.reprice();
  const auto problems = f.verify();
  EXPECT_THAT(problems,
              Contains("by_usage_key (us-west-2, arn:aws:iam::1:user/b, m2): "
                       "cache_write_1h_input_tokens 9 exceeds cache_write_input_tokens 0"));
  EXPECT_THAT(problems, Contains("totals: cache_write_1h_input_tokens 10 exceeds "
                                 "cache_write_input_tokens 4"));
}

TEST(VerifyMetrics, NegativeCostIsReported) {
  Fixture f;
  f.metrics.by_usage_key[0].second.cost = Money::from_femto(-1'000'000);
  rebuild_breakdowns(f.metrics);
  const auto problems = f.verify();
  EXPECT_THAT(problems, Contains("by_usage_key (us-east-1, arn:aws:iam::1:user/a, m1): "
                                 "cost_usd -0.000000001000000 is negative"));
  EXPECT_THAT(problems, Contains("totals: cost_usd -0.000000000699950 is negative"));
}

TEST(VerifyMetrics, TotalTokensOverflowIsReported) {
  constexpr auto k_max = std::numeric_limits<std::uint64_t>::max();
  Aggregate usage;
  usage.add(east_a(), counters(k_max, 1));
  PricedMetrics metrics;
  metrics.by_usage_key.emplace_back(east_a(), PricedCounters{counters(k_max, 1), Money()});
  rebuild_breakdowns(metrics);
  const auto problems = verify_metrics(usage, metrics);
  EXPECT_THAT(problems, Contains("by_usage_key (us-east-1, arn:aws:iam::1:user/a, m1): "
                                 "total_tokens 18446744073709551616 overflows 64 bits"));
  EXPECT_THAT(problems, Contains("totals: total_tokens 18446744073709551616 overflows 64 bits"));
}

TEST(VerifyMetrics, TotalTokensOfRowsMustAddUpToTheTotals) {
  // Two rows whose input counts wrap around when summed into the totals.
  constexpr auto k_max = std::numeric_limits<std::uint64_t>::max();
  Aggregate usage;
  usage.add(east_a(), counters(k_max, 0));
  usage.add(west_b(), counters(1, 0));
  PricedMetrics metrics;
  for (const auto& [key, c] : usage.rows()) {
    metrics.by_usage_key.emplace_back(key, PricedCounters{c, Money()});
  }
  rebuild_breakdowns(metrics);
  EXPECT_THAT(verify_metrics(usage, metrics),
              Contains("totals: total_tokens is 0 but the usage rows' total_tokens add up to "
                       "18446744073709551616"));
}

TEST(VerifyMetrics, ManyProblemsAreCappedWithACount) {
  Aggregate usage;
  PricedMetrics metrics;
  for (int i = 0; i < 150; ++i) {
    const UsageKey key{"us-east-1", "arn:" + std::to_string(1000 + i), "m", false};
    usage.add(key, counters(1, 1));
    metrics.by_usage_key.emplace_back(key, PricedCounters{counters(2, 1), Money()});
  }
  rebuild_breakdowns(metrics);
  const auto problems = verify_metrics(usage, metrics);
  ASSERT_THAT(problems, SizeIs(k_max_verification_errors + 1));
  EXPECT_THAT(problems.back(), testing::MatchesRegex("\\.\\.\\. and [0-9]+ more problems"));
}

}  // namespace
}  // namespace boostburn
