// A manifest that is hostile or from the future is refused, never parsed into
// a crash and never overwritten.
#include <chrono>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "boostburn/state/manifest.hpp"
#include "boostburn/store/local_store.hpp"
#include "support/hostile_text.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace boostburn {
namespace {

using ::testing::HasSubstr;
using testing::repeated;

TEST(ManifestHostile, DeepNestingIsRefusedBeforeParsing) {
  for (const std::string& text :
       {repeated("[", 100000), repeated("[", 100000) + repeated("]", 100000),
        R"({"schema_version":2,"days":)" + repeated(R"({"a":)", 100000) + "1" +
            repeated("}", 100001)}) {
    const auto started = std::chrono::steady_clock::now();
    auto manifest = parse_manifest_json(text, "m.json");
    ASSERT_FALSE(manifest);
    EXPECT_EQ(manifest.error().kind, ErrorKind::corrupt);
    EXPECT_THAT(manifest.error().message, HasSubstr("nests more than 100 levels deep"));
    EXPECT_THAT(manifest.error().message, HasSubstr("left untouched"));
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  }
}

TEST(ManifestHostile, WrongShapesAreRefusedNotThrown) {
  for (const std::string text :
       {"", "\xff\xfe", "[]", "42", R"({"days": []})", R"({"days": {"2026-11-30": 7}})",
        R"({"days": {"2026-11-30": {"processed": {"k": 5}}}})",
        R"({"days": {"2026-11-30": {"last_processed_hour": "x"}}})",
        R"({"schema_version": "2"})", R"({"region": 5})"}) {
    auto manifest = parse_manifest_json(text, "m.json");
    ASSERT_FALSE(manifest) << text;
    EXPECT_EQ(manifest.error().kind, ErrorKind::corrupt) << text;
  }
}

TEST(ManifestHostile, ARefusedManifestIsNeverOverwritten) {
  testing::TempDir dir;
  const std::string deep = repeated("[", 100000);
  dir.write("bucket/manifests/bedrock-usage/manifest.json", deep);
  LocalStore store(dir / "bucket");
  auto loaded = load_manifest(store, "manifests/bedrock-usage/manifest.json", "us-east-1");
  ASSERT_FALSE(loaded);
  EXPECT_EQ(testing::slurp(dir / "bucket/manifests/bedrock-usage/manifest.json"), deep);
}

}  // namespace
}  // namespace boostburn
