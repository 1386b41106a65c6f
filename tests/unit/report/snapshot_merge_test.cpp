#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "boostburn/report/snapshot.hpp"
#include "report_fixtures.hpp"

namespace boostburn {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;
using namespace report_test;

Snapshot run_at(std::string generated_at, std::string account_id) {
  Snapshot s;
  s.report_date = "2026-11-30";
  s.generated_at = std::move(generated_at);
  s.account_id = std::move(account_id);
  s.runs = 1;
  return s;
}

TEST(SnapshotMergeTest, AddsUsageStatsWarningsAndRuns) {
  Snapshot day = sample_snapshot();
  Snapshot run = run_at("2026-12-01T05:00:00Z", "111122223333");
  run.usage.add(k_ci_haiku, Counters{1, 4, 2, 0, 0, 0});
  run.usage.add({"eu-west-1", "unknown", "m", false}, Counters{1, 1, 1, 1, 1, 1});
  run.stats.objects_processed = 3;
  run.stats.records_used = 2;
  run.warnings.malformed_records.add({"eu-west-1", "o", 2, "", "bad"});

  day.merge(run);

  EXPECT_EQ(day.usage.rows().at(k_ci_haiku), (Counters{3, 50, 640, 0, 0, 0}));
  EXPECT_EQ(day.usage.rows().size(), 5u);
  EXPECT_EQ(day.stats.objects_processed, 9u);
  EXPECT_EQ(day.stats.records_used, 9u);
  EXPECT_EQ(day.stats.objects_listed, 12u);
  EXPECT_EQ(day.warnings.malformed_records.total(), 2u);
  EXPECT_EQ(day.warnings.malformed_records.items().back().object, "o");
  EXPECT_EQ(day.runs, 3u);
}

TEST(SnapshotMergeTest, SourcesAreTheUnionAndTheNewerRunsEtagWins) {
  Snapshot older = run_at("2026-12-01T01:00:00Z", "");
  older.sources["us-east-1"] = {{"a", "\"1\""}, {"b", "\"1\""}};
  Snapshot newer = run_at("2026-12-01T02:00:00Z", "");
  newer.sources["us-east-1"] = {{"b", "\"2\""}, {"c", "\"2\""}};
  newer.sources["eu-west-1"] = {{"d", "\"2\""}};

  Snapshot forward = older;
  forward.merge(newer);
  Snapshot backward = newer;
  backward.merge(older);

  for (const Snapshot* merged : {&forward, &backward}) {
    EXPECT_THAT(merged->sources.at("us-east-1"),
                ElementsAre(Pair("a", "\"1\""), Pair("b", "\"2\""), Pair("c", "\"2\"")));
    EXPECT_THAT(merged->sources.at("eu-west-1"), ElementsAre(Pair("d", "\"2\"")));
  }
}

TEST(SnapshotMergeTest, GeneratedAtAndAccountComeFromTheNewerRun) {
  Snapshot older = run_at("2026-12-01T01:00:00Z", "111111111111");
  const Snapshot newer = run_at("2026-12-01T02:00:00Z", "222222222222");

  Snapshot forward = older;
  forward.merge(newer);
  Snapshot backward = newer;
  backward.merge(older);

  for (const Snapshot* merged : {&forward, &backward}) {
    EXPECT_EQ(merged->generated_at, "2026-12-01T02:00:00Z");
    EXPECT_EQ(merged->account_id, "222222222222");
    EXPECT_EQ(merged->runs, 2u);
  }
}

TEST(SnapshotMergeTest, AnEmptyAccountDoesNotEraseAKnownOne) {
  Snapshot older = run_at("2026-12-01T01:00:00Z", "111111111111");
  older.merge(run_at("2026-12-01T02:00:00Z", ""));
  EXPECT_EQ(older.account_id, "111111111111");
  EXPECT_EQ(older.generated_at, "2026-12-01T02:00:00Z");
}

TEST(SnapshotMergeTest, MergingIntoAnEmptySnapshotCopiesTheRun) {
  const Snapshot run = sample_snapshot();
  Snapshot empty;
  empty.merge(run);
  EXPECT_EQ(empty.report_date, run.report_date);
  EXPECT_EQ(empty.generated_at, run.generated_at);
  EXPECT_EQ(empty.account_id, run.account_id);
  EXPECT_EQ(empty.runs, run.runs);
  EXPECT_EQ(empty.usage.rows(), run.usage.rows());
  EXPECT_EQ(empty.warnings, run.warnings);
  EXPECT_EQ(empty.stats, run.stats);
  EXPECT_EQ(empty.sources, run.sources);
}

}  // namespace
}  // namespace boostburn
