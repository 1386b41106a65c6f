// A snapshot that is hostile (deep nesting, an alias bomb, huge) is refused
// quickly with a clear message, never a crash.
#include <chrono>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "boostburn/report/snapshot_yaml.hpp"
#include "support/hostile_text.hpp"

namespace boostburn {
namespace {

using ::testing::HasSubstr;

TEST(SnapshotHostile, HostileYamlIsRefusedAsCorrupt) {
  for (const auto& [name, text] : testing::hostile_yaml()) {
    const auto started = std::chrono::steady_clock::now();
    auto snapshot = parse_snapshot_yaml(text, "state/s.yaml");
    ASSERT_FALSE(snapshot) << name;
    EXPECT_EQ(snapshot.error().kind, ErrorKind::corrupt) << name;
    EXPECT_THAT(snapshot.error().message, HasSubstr("state/s.yaml")) << name;
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5)) << name;
  }
  EXPECT_THAT(parse_snapshot_yaml(testing::repeated("- ", 50000), "s.yaml").error().message,
              HasSubstr("nests more than 100 levels deep"));
}

TEST(SnapshotHostile, AnAliasBombIsRefused) {
  auto snapshot = parse_snapshot_yaml(
      "schema_version: 2\n" +
          testing::yaml_alias_bomb({"report_date", "generated_at", "runs", "metrics"}),
      "s.yaml");
  ASSERT_FALSE(snapshot);
  EXPECT_EQ(snapshot.error().kind, ErrorKind::corrupt);
}

}  // namespace
}  // namespace boostburn
