// Snapshots written by the original (Python) tool must still load.
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "boostburn/report/snapshot_yaml.hpp"

namespace boostburn {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

// As the original wrote it (yaml.safe_dump, sort_keys=False), shortened.
constexpr const char* k_original_snapshot = R"(schema_version: 1
report_date: '2026-02-01'
report_start: '2026-02-01T00:00:00+00:00'
report_end: '2026-02-02T00:00:00+00:00'
generated_at: '2026-02-02T01:00:00.123456+00:00'
report:
  text: 'Bedrock usage report for 2026-02-01 (UTC)

    Total tokens: 225 (input 150 / output 75)'
metrics:
  totals:
    input_tokens: 150
    output_tokens: 75
    total_tokens: 225
    cost_usd: 0.00012375
  by_region:
    us-east-2:
      input_tokens: 150
      output_tokens: 75
      total_tokens: 225
      cost_usd: 0.00012375
  by_model:
    anthropic.claude-3-haiku-20240307-v1:
      input_tokens: 150
      output_tokens: 75
      total_tokens: 225
      cost_usd: 0.00012375
  by_identity: {}
  by_usage_key:
  - region: us-east-2
    identity: arn:aws:iam::123456789012:user/dev
    model_id: anthropic.claude-3-haiku-20240307-v1
    input_tokens: 100
    output_tokens: 50
    total_tokens: 150
    cost_usd: 8.75e-05
  - region: us-east-2
    identity: unknown
    model_id: anthropic.claude-3-haiku-20240307-v1
    input_tokens: 50
    output_tokens: 25
    total_tokens: 75
    cost_usd: 4.375e-05
warnings:
  unpriced_models: []
  partial_pricing_models: []
  missing_token_counts: 2
  records_skipped: 1
  verification_errors: []
stats:
  objects_listed: 3
  objects_filtered: 1
  objects_processed: 2
  records_parsed: 5
  records_used: 4
)";

const UsageKey k_dev{"us-east-2", "arn:aws:iam::123456789012:user/dev",
                     "anthropic.claude-3-haiku-20240307-v1", false};
const UsageKey k_unknown{"us-east-2", "unknown", "anthropic.claude-3-haiku-20240307-v1", false};

TEST(SnapshotV1Test, LoadsTheOriginalToolsSnapshot) {
  const auto loaded = parse_snapshot_yaml(k_original_snapshot, "old.yaml");
  ASSERT_TRUE(loaded) << loaded.error().message;

  EXPECT_EQ(loaded->schema_version, 1);
  EXPECT_EQ(loaded->report_date, "2026-02-01");
  EXPECT_EQ(loaded->generated_at, "2026-02-02T01:00:00.123456+00:00");
  EXPECT_EQ(loaded->runs, 1u);
  EXPECT_EQ(loaded->account_id, "");
  EXPECT_THAT(loaded->usage.rows(), ElementsAre(Pair(k_dev, Counters{0, 100, 50, 0, 0, 0}),
                                                Pair(k_unknown, Counters{0, 50, 25, 0, 0, 0})));
  EXPECT_EQ(loaded->warnings.missing_token_counts.total(), 2u);
  EXPECT_EQ(loaded->warnings.invalid_records.total(), 1u);
  EXPECT_TRUE(loaded->warnings.malformed_records.empty());
  EXPECT_EQ(loaded->stats.objects_listed, 3u);
  EXPECT_EQ(loaded->stats.objects_skipped, 1u);
  EXPECT_EQ(loaded->stats.objects_processed, 2u);
  EXPECT_EQ(loaded->stats.records_parsed, 5u);
  EXPECT_EQ(loaded->stats.records_used, 4u);
  EXPECT_TRUE(loaded->sources.empty());
}

TEST(SnapshotV1Test, ASnapshotWithoutSchemaVersionIsV1) {
  std::string text = k_original_snapshot;
  text.erase(0, text.find('\n') + 1);
  const auto loaded = parse_snapshot_yaml(text, "old.yaml");
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_EQ(loaded->schema_version, 1);
  EXPECT_EQ(loaded->usage.totals().input_tokens, 150u);
}

TEST(SnapshotV1Test, RewrittenAsV2ItReloadsTheSame) {
  const Snapshot v1 = parse_snapshot_yaml(k_original_snapshot, "old.yaml").value();
  const auto v2 = parse_snapshot_yaml(render_snapshot_yaml(v1, PricedMetrics{}, {}), "new.yaml");
  ASSERT_TRUE(v2) << v2.error().message;
  EXPECT_EQ(v2->schema_version, 2);
  EXPECT_EQ(v2->usage.rows(), v1.usage.rows());
  EXPECT_EQ(v2->warnings, v1.warnings);
  EXPECT_EQ(v2->stats, v1.stats);
}

TEST(SnapshotV1Test, LoadsUsageKeysWrittenAsAMap) {
  const auto loaded = parse_snapshot_yaml(R"(report_date: '2026-02-01'
metrics:
  by_usage_key:
    us-east-2|arn:aws:iam::123456789012:user/dev|anthropic.claude-3-haiku-20240307-v1:
      requests: 4
      input_tokens: 100
      output_tokens: 50
)",
                                          "old.yaml");
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_THAT(loaded->usage.rows(), ElementsAre(Pair(k_dev, Counters{4, 100, 50, 0, 0, 0})));
}

TEST(SnapshotV1Test, FallsBackToRegionAndIdentityWithAnUnknownModel) {
  const auto loaded = parse_snapshot_yaml(R"(schema_version: 1
report_date: '2026-02-01'
metrics:
  totals: {requests: 3, input_tokens: 150, output_tokens: 75, cost_usd: 0.1}
  by_region_identity:
    us-east-2:
      arn:aws:iam::123456789012:user/dev: {requests: 2, input_tokens: 100, output_tokens: 50}
      unknown: {requests: 1, input_tokens: 50, output_tokens: 25, cost_usd: 0.05}
)",
                                          "old.yaml");
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_THAT(
      loaded->usage.rows(),
      ElementsAre(
          Pair(UsageKey{"us-east-2", "arn:aws:iam::123456789012:user/dev", "unknown", false},
               Counters{2, 100, 50, 0, 0, 0}),
          Pair(UsageKey{"us-east-2", "unknown", "unknown", false}, Counters{1, 50, 25, 0, 0, 0})));
}

TEST(SnapshotV1Test, RefusesUsageThatCannotBeRebuilt) {
  const auto loaded = parse_snapshot_yaml(R"(report_date: '2026-02-01'
metrics:
  totals: {input_tokens: 150, output_tokens: 75}
  by_region: {us-east-2: {input_tokens: 150, output_tokens: 75}}
)",
                                          "old.yaml");
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().kind, ErrorKind::corrupt);
  EXPECT_THAT(loaded.error().message, HasSubstr("neither by_usage_key nor by_region_identity"));
}

TEST(SnapshotV1Test, AnEmptyDayLoads) {
  const auto loaded = parse_snapshot_yaml(
      "schema_version: 1\nreport_date: '2026-02-01'\nmetrics:\n  totals: {input_tokens: 0, "
      "output_tokens: 0}\n",
      "old.yaml");
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_TRUE(loaded->usage.empty());
}

TEST(SnapshotV1Test, RefusesBrokenRows) {
  const std::vector<std::string> broken{
      // no model_id
      "report_date: x\nmetrics:\n  by_usage_key:\n  - {region: r, identity: i, input_tokens: 1, "
      "output_tokens: 1}\n",
      // no output_tokens
      "report_date: x\nmetrics:\n  by_usage_key:\n  - {region: r, identity: i, model_id: m, "
      "input_tokens: 1}\n",
      // a map key that is not region|identity|model
      "report_date: x\nmetrics:\n  by_usage_key:\n    r|i: {input_tokens: 1, output_tokens: 1}\n",
      // the same row twice
      "report_date: x\nmetrics:\n  by_usage_key:\n  - {region: r, identity: i, model_id: m, "
      "input_tokens: 1, output_tokens: 1}\n  - {region: r, identity: i, model_id: m, "
      "input_tokens: 1, output_tokens: 1}\n",
      // a count that is not a number
      "report_date: x\nmetrics: {}\nwarnings: {missing_token_counts: [a]}\n",
      // no metrics at all
      "report_date: x\n",
  };
  for (const auto& text : broken) {
    const auto loaded = parse_snapshot_yaml(text, "old.yaml");
    ASSERT_FALSE(loaded) << text;
    EXPECT_EQ(loaded.error().kind, ErrorKind::corrupt) << text;
    EXPECT_THAT(loaded.error().message, HasSubstr("old.yaml: line ")) << text;
  }
}

}  // namespace
}  // namespace boostburn
