#include "boostburn/state/manifest.hpp"

#include <gtest/gtest.h>

#include "boostburn/store/local_store.hpp"
#include "support/temp_dir.hpp"

namespace boostburn {
namespace {

Manifest sample() {
  Manifest manifest;
  manifest.region = "us-east-1";
  manifest.lookback_hours = 6;
  manifest.updated_at = "2026-12-01T03:00:00Z";
  manifest.days["2026-11-30"].last_processed_hour = 26;
  manifest.days["2026-11-30"].processed["a/b.json.gz"] = "etag-1";
  manifest.days["2026-12-01"].processed["c.json.gz"] = "etag-2";
  return manifest;
}

TEST(Manifest, KeyJoinsThePrefixWithOneSlash) {
  EXPECT_EQ(manifest_key("boostburn"), "boostburn/bedrock-usage/manifest.json");
  EXPECT_EQ(manifest_key("state/"), "state/bedrock-usage/manifest.json");
  EXPECT_EQ(manifest_key(""), "bedrock-usage/manifest.json");
}

TEST(Manifest, JsonRoundTrips) {
  const Manifest manifest = sample();
  auto parsed = parse_manifest_json(render_manifest_json(manifest), "test");
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(*parsed, manifest);
}

TEST(Manifest, CorruptOrNewerManifestIsRefused) {
  auto corrupt = parse_manifest_json("{\"days\": [", "s3://b/m.json");
  ASSERT_FALSE(corrupt);
  EXPECT_EQ(corrupt.error().kind, ErrorKind::corrupt);
  EXPECT_NE(corrupt.error().message.find("s3://b/m.json"), std::string::npos);
  auto newer = parse_manifest_json(R"({"schema_version": 9, "days": {}})", "m");
  ASSERT_FALSE(newer);
  EXPECT_NE(newer.error().message.find("newer Boostburn"), std::string::npos);
  auto bad_day = parse_manifest_json(R"({"days": {"yesterday": {}}})", "m");
  ASSERT_FALSE(bad_day);
}

TEST(Manifest, MergeUnitesKeysAndKeepsTheLatestHour) {
  Manifest ours = sample();
  Manifest theirs;
  theirs.days["2026-11-30"].last_processed_hour = 20;
  theirs.days["2026-11-30"].processed["z.json.gz"] = "etag-z";
  theirs.days["2026-11-29"].last_processed_hour = 26;
  ours.merge(theirs);
  EXPECT_EQ(ours.days["2026-11-30"].last_processed_hour, 26);
  EXPECT_EQ(ours.days["2026-11-30"].processed.size(), 2U);
  EXPECT_EQ(ours.days["2026-11-29"].last_processed_hour, 26);
}

TEST(Manifest, PruneDropsDaysPastRetention) {
  Manifest manifest;
  manifest.days["2026-01-01"];
  manifest.days["2026-11-30"];
  manifest.days["2026-10-15"];
  manifest.prune();
  EXPECT_EQ(manifest.days.size(), 2U);
  EXPECT_FALSE(manifest.days.contains("2026-01-01"));
}

TEST(Manifest, SaveCreatesThenUpdatesWithConditionalWrites) {
  testing::TempDir dir;
  LocalStore store(dir.path());
  const std::string key = manifest_key("boostburn");
  auto loaded = load_manifest(store, key, "us-east-1");
  ASSERT_TRUE(loaded);
  EXPECT_FALSE(loaded->etag);
  auto first = save_manifest(store, key, sample(), loaded->etag);
  ASSERT_TRUE(first) << first.error().message;
  auto again = load_manifest(store, key, "us-east-1");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->etag, *first);
  EXPECT_EQ(again->manifest, sample());
}

TEST(Manifest, SaveMergesWhenAnotherWriterGotThereFirst) {
  testing::TempDir dir;
  LocalStore store(dir.path());
  const std::string key = manifest_key("boostburn");
  // Both runs read "no manifest"; the other run writes first.
  Manifest other;
  other.region = "us-east-1";
  other.days["2026-11-30"].processed["other.json.gz"] = "e-other";
  ASSERT_TRUE(save_manifest(store, key, other, std::nullopt));

  auto saved = save_manifest(store, key, sample(), std::nullopt);
  ASSERT_TRUE(saved) << saved.error().message;
  auto result = load_manifest(store, key, "us-east-1");
  ASSERT_TRUE(result);
  const auto& processed = result->manifest.days["2026-11-30"].processed;
  EXPECT_TRUE(processed.contains("other.json.gz"));
  EXPECT_TRUE(processed.contains("a/b.json.gz"));
}

}  // namespace
}  // namespace boostburn
