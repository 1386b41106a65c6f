#include "boostburn/ingest/quarantine.hpp"

#include <set>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/temp_dir.hpp"
#include "support/process.hpp"

namespace boostburn {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using testing::slurp;
using testing::TempDir;

constexpr const char* k_date = "2026-11-30";

std::vector<QuarantinedLine> lines(std::initializer_list<std::pair<std::uint64_t, std::string>> l) {
  std::vector<QuarantinedLine> out;
  for (const auto& [line, raw] : l) {
    out.push_back(QuarantinedLine{line, "malformed_records: bad", raw});
  }
  return out;
}

// Every regular file below `root`, relative to it.
std::set<std::string> files_below(const fs::path& root) {
  std::set<std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file()) {
      out.insert(fs::relative(entry.path(), root).string());
    }
  }
  return out;
}

TEST(QuarantinePath, KeepsOrdinaryKeysReadable) {
  EXPECT_EQ(quarantine_object_path("AWSLogs/1/2026/11/30/10/a b+c ü.json.gz").string(),
            "AWSLogs/1/2026/11/30/10/a b+c ü.json.gz.lines");
}

TEST(QuarantinePath, HostileKeysStayBelowTheFolder) {
  for (const std::string& key : std::vector<std::string>{"../../etc/passwd", "/abs/key", "a/./b", "..", "a//b", "", "x/\\..\\y",
        std::string("nul\0byte/../z", 13), "100%/%2E%2E/x"}) {
    const fs::path path = quarantine_object_path(key);
    EXPECT_TRUE(path.is_relative()) << key;
    for (const auto& part : path) {
      EXPECT_NE(part, "..") << key;
      EXPECT_NE(part, ".") << key;
      EXPECT_EQ(part.string().find('\0'), std::string::npos) << key;
    }
  }
  EXPECT_EQ(quarantine_object_path("../a/./b").string(), "%2E%2E/a/%2E/b.lines");
  EXPECT_EQ(quarantine_object_path("/a//b").string(), "%/a/%/b.lines");
}

TEST(QuarantinePath, DistinctKeysNeverShareAFile) {
  const std::vector<std::string> keys = {"a/b",    "a/b.lines/c", "a/b.lines", "a%2Fb",
                                         "a\\b",   "%",           "",          "a/%",
                                         "a/%25", "a/.."};
  std::set<std::string> paths;
  for (const std::string& key : keys) {
    paths.insert(quarantine_object_path(key).string());
  }
  EXPECT_EQ(paths.size(), keys.size());
  // A folder never has the name of a copy.
  EXPECT_EQ(quarantine_object_path("a/b.lines/c").string(), "a/b%2Elines/c.lines");
}

TEST(QuarantinePath, LongNamesAreCutWithAHash) {
  const std::string long_a(600, 'a');
  const std::string long_b = std::string(599, 'a') + "b";
  const fs::path a = quarantine_object_path(long_a);
  const fs::path b = quarantine_object_path(long_b);
  EXPECT_NE(a, b);
  EXPECT_LE(a.filename().string().size(), 255U);
  EXPECT_THAT(a.string(), StartsWith(std::string(160, 'a') + "~"));
  // Never cut inside a %XX escape or a UTF-8 sequence.
  const fs::path escapes = quarantine_object_path(std::string(300, '%'));
  EXPECT_THAT(escapes.string(), StartsWith("%25%25"));
  EXPECT_EQ(escapes.string().find('~') % 3, 0U);
  std::string umlauts_key;
  for (int i = 0; i < 150; ++i) {
    umlauts_key += "ü";  // two bytes each
  }
  const fs::path umlauts = quarantine_object_path(umlauts_key);
  EXPECT_EQ(umlauts.string().find('~') % 2, 0U);
}

TEST(QuarantinePath, NonUtf8KeysAreEncoded) {
  EXPECT_EQ(quarantine_object_path("a\xff.json").string(), "a%FF.json.lines");
}

TEST(Quarantine, WritesTheLinesAndAnIndex) {
  TempDir dir;
  Quarantine quarantine(dir.path(), k_date);
  ASSERT_TRUE(quarantine.put_object("us-east-1", "logs/a.json", lines({{2, "bad\r"}, {5, "{\"x\":"}})));
  ASSERT_TRUE(quarantine.put_object("us-east-1", "logs/clean.json", {}));
  ASSERT_TRUE(quarantine.put_object("eu-west-1", "k\tey\n", lines({{1, "zz"}})));
  ASSERT_TRUE(quarantine.write_index());
  EXPECT_EQ(slurp(dir / "2026-11-30/us-east-1/logs/a.json.lines"), "bad\r\n{\"x\":\n");
  EXPECT_EQ(slurp(dir / "2026-11-30/index.tsv"),
            "region\tkey\tline\treason\n"
            "eu-west-1\tk\\tey\\n\t1\tmalformed_records: bad\n"
            "us-east-1\tlogs/a.json\t2\tmalformed_records: bad\n"
            "us-east-1\tlogs/a.json\t5\tmalformed_records: bad\n");
  EXPECT_EQ(files_below(dir.path()),
            (std::set<std::string>{"2026-11-30/index.tsv", "2026-11-30/us-east-1/logs/a.json.lines",
                                   "2026-11-30/eu-west-1/k%09ey%0A.lines"}));
}

TEST(Quarantine, ReRunsReplaceInsteadOfDuplicating) {
  TempDir dir;
  {
    Quarantine first(dir.path(), k_date);
    ASSERT_TRUE(first.put_object("us-east-1", "a", lines({{1, "x"}})));
    ASSERT_TRUE(first.put_object("us-east-1", "b", lines({{3, "y"}})));
    ASSERT_TRUE(first.write_index());
  }
  const std::string index = slurp(dir / "2026-11-30/index.tsv");
  {
    Quarantine again(dir.path(), k_date);  // the same object read again
    ASSERT_TRUE(again.put_object("us-east-1", "a", lines({{1, "x"}})));
    ASSERT_TRUE(again.write_index());
  }
  EXPECT_EQ(slurp(dir / "2026-11-30/index.tsv"), index);
  EXPECT_EQ(slurp(dir / "2026-11-30/us-east-1/a.lines"), "x\n");
  {
    Quarantine later(dir.path(), k_date);  // "b" now clean (e.g. a larger line cap)
    ASSERT_TRUE(later.put_object("us-east-1", "b", {}));
    ASSERT_TRUE(later.put_object("us-east-1", "c", lines({{9, "w"}})));
    ASSERT_TRUE(later.write_index());
  }
  EXPECT_EQ(slurp(dir / "2026-11-30/index.tsv"),
            "region\tkey\tline\treason\n"
            "us-east-1\ta\t1\tmalformed_records: bad\n"
            "us-east-1\tc\t9\tmalformed_records: bad\n");
  EXPECT_FALSE(fs::exists(dir / "2026-11-30/us-east-1/b.lines"));
}

TEST(Quarantine, NothingPutWritesNothing) {
  TempDir dir;
  Quarantine quarantine(dir.path() / "q", k_date);
  ASSERT_TRUE(quarantine.write_index());
  EXPECT_FALSE(fs::exists(dir / "q"));
}

TEST(Quarantine, FailuresAreErrorsNotCrashes) {
  TempDir dir;
  dir.write("blocked", "a file where the folder should be");
  Quarantine quarantine(dir / "blocked", k_date);
  const Status put = quarantine.put_object("us-east-1", "a", lines({{1, "x"}}));
  ASSERT_FALSE(put);
  EXPECT_EQ(put.error().kind, ErrorKind::io);
  EXPECT_THAT(put.error().message, HasSubstr("blocked"));
  EXPECT_FALSE(quarantine.write_index());
}

}  // namespace
}  // namespace boostburn
