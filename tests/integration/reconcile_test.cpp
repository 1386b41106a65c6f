// End-to-end: the snapshot is the record of what was counted; a manifest, a
// key or a bucket path can never make records vanish silently.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/workspace.hpp"

namespace boostburn {
namespace {

using ::testing::HasSubstr;
using testing::log_record;
using testing::ProcessResult;
using testing::Workspace;

TEST(Reconcile, AManifestWithoutTheSnapshotHidesNothing) {
  Workspace ws;
  ws.add_object("2026/11/30/10/a.json", log_record("r1", "2026-11-30T10:00:00Z", 1000, 100));
  ASSERT_EQ(ws.run({}, "2026-12-02T00:00:00Z", "state-a").exit_code, 0);
  // Another state folder (a second machine, a lost snapshot, a fresh Lambda
  // /tmp) sees the manifest the first one wrote, but counts the day itself.
  const ProcessResult other = ws.run({}, "2026-12-02T00:00:00Z", "state-b");
  ASSERT_EQ(other.exit_code, 0) << other.err;
  EXPECT_THAT(other.err, HasSubstr("scanning the whole day"));
  EXPECT_THAT(ws.snapshot("state-b"), HasSubstr("input_tokens: 1000"));
  // And the first state folder still does not count it twice.
  ASSERT_EQ(ws.run({}, "2026-12-02T00:00:00Z", "state-a").exit_code, 0);
  EXPECT_THAT(ws.snapshot("state-a"), HasSubstr("input_tokens: 1000"));
}

TEST(Reconcile, ADataFolderInTheLogPrefixDoesNotHideRecords) {
  Workspace ws("data/bedrock/");
  ws.add_object("2026/11/30/10/a.json", log_record("r1", "2026-11-30T10:00:00Z", 1000, 100));
  ws.add_object("2026/11/30/10/data/r1_input.json.gz", "a body, not records");
  const ProcessResult result = ws.run();
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(ws.snapshot(), HasSubstr("input_tokens: 1000"));
  // The hour's own data/ folder (bodies) is never listed, so nothing is skipped.
  EXPECT_THAT(ws.snapshot(), HasSubstr("objects_listed: 1\n"));
  EXPECT_THAT(ws.snapshot(), HasSubstr("objects_skipped: 0\n"));
}

TEST(Reconcile, AMissingBucketFolderIsAConfigErrorNotAnEmptyDay) {
  Workspace ws;
  ws.dir().write("regions.yaml",
                 "account_id: \"111122223333\"\nregions:\n  us-east-1: file://no-such-bucket\n");
  const ProcessResult result = ws.run();
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_THAT(result.err, HasSubstr("no-such-bucket does not exist"));
  EXPECT_TRUE(testing::nothing_written(ws.dir() / "state"));
  EXPECT_FALSE(std::filesystem::exists(ws.dir() / "no-such-bucket"));
}

TEST(Reconcile, AnOriginalToolSnapshotIsNeverMergedBlindly) {
  Workspace ws;
  ws.add_object("2026/11/30/10/a.json", log_record("r1", "2026-11-30T10:00:00Z", 1000, 100));
  const std::string v1 =
      "report_date: '2026-11-30'\nmetrics:\n  totals: {requests: 1, input_tokens: 1000, "
      "output_tokens: 100}\n  by_usage_key:\n    - {region: us-east-1, identity: "
      "'arn:aws:iam::111122223333:user/dev', model_id: anthropic.claude-3-haiku-20240307-v1, "
      "requests: 1, input_tokens: 1000, output_tokens: 100}\n";
  ws.dir().write("state/bedrock-usage-2026-11-30.yaml", v1);
  const ProcessResult refused = ws.run();
  EXPECT_EQ(refused.exit_code, 3);
  EXPECT_THAT(refused.err, HasSubstr("--force-reprocess"));
  EXPECT_EQ(ws.snapshot(), v1);

  const ProcessResult rebuilt = ws.run({"--force-reprocess"});
  ASSERT_EQ(rebuilt.exit_code, 0) << rebuilt.err;
  EXPECT_THAT(ws.snapshot(), HasSubstr("schema_version: 2"));
  EXPECT_THAT(ws.snapshot(), HasSubstr("input_tokens: 1000"));
}

TEST(Reconcile, AFileNameThatIsNotUtf8IsNamedAndTheRestCounts) {
  Workspace ws;
  ws.add_object("2026/11/30/10/a.json", log_record("r1", "2026-11-30T10:00:00Z", 1000, 100));
  ws.add_object("2026/11/30/10/bad\xff.json", log_record("r2", "2026-11-30T10:00:00Z", 5, 5));
  for (int run = 0; run < 2; ++run) {
    const ProcessResult result = ws.run();
    ASSERT_EQ(result.exit_code, 0) << result.err;
  }
  EXPECT_THAT(ws.snapshot(), HasSubstr("input_tokens: 1000"));
  EXPECT_THAT(ws.snapshot(), HasSubstr("not valid UTF-8"));
  EXPECT_THAT(ws.snapshot(), HasSubstr("runs: 2"));
}

}  // namespace
}  // namespace boostburn
