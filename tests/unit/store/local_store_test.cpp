#include "boostburn/store/local_store.hpp"

#include <gtest/gtest.h>

#include "support/temp_dir.hpp"

namespace boostburn {
namespace {

using testing::TempDir;

TEST(LocalStore, ListsKeysUnderPrefixSortedWithSizes) {
  TempDir dir;
  dir.write("AWSLogs/1/2026/11/30/01/b.json.gz", "bb");
  dir.write("AWSLogs/1/2026/11/30/01/a.json.gz", "a");
  dir.write("AWSLogs/1/2026/11/30/02/c.json.gz", "ccc");
  LocalStore store(dir.path());
  auto listed = store.list("AWSLogs/1/2026/11/30/01/");
  ASSERT_TRUE(listed) << listed.error().message;
  ASSERT_EQ(listed->size(), 2U);
  EXPECT_EQ((*listed)[0].key, "AWSLogs/1/2026/11/30/01/a.json.gz");
  EXPECT_EQ((*listed)[0].size, 1U);
  EXPECT_EQ((*listed)[1].key, "AWSLogs/1/2026/11/30/01/b.json.gz");
  EXPECT_FALSE((*listed)[1].etag.empty());
}

TEST(LocalStore, PrefixMayEndInsideAFileName) {
  TempDir dir;
  dir.write("p/abc", "1");
  dir.write("p/abd", "2");
  dir.write("p/x", "3");
  LocalStore store(dir.path());
  auto listed = store.list("p/ab");
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->size(), 2U);
}

TEST(LocalStore, MissingHourFolderListsAsEmpty) {
  TempDir dir;
  LocalStore store(dir.path());
  auto listed = store.list("AWSLogs/1/2026/11/30/05/");
  ASSERT_TRUE(listed);
  EXPECT_TRUE(listed->empty());
}

TEST(LocalStore, MissingBucketFolderIsAnErrorNotAnEmptyListing) {
  TempDir dir;
  LocalStore store(dir / "no-such-bucket");
  auto listed = store.list("AWSLogs/1/2026/11/30/05/");
  ASSERT_FALSE(listed);
  EXPECT_EQ(listed.error().kind, ErrorKind::config);
  EXPECT_NE(listed.error().message.find("does not exist"), std::string::npos);
}

TEST(LocalStore, GetAndHead) {
  TempDir dir;
  dir.write("a/b.json", "{}\n");
  LocalStore store(dir.path());
  auto body = store.get("a/b.json");
  ASSERT_TRUE(body);
  EXPECT_EQ(*body, "{}\n");
  auto info = store.head("a/b.json");
  ASSERT_TRUE(info);
  EXPECT_EQ(info->size, 3U);
  auto missing = store.get("a/none");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::not_found);
  EXPECT_EQ(store.head("a/none").error().kind, ErrorKind::not_found);
}

TEST(LocalStore, RefusesKeysThatEscapeTheFolder) {
  TempDir dir;
  dir.write("inside/x", "1");
  LocalStore store(dir.path() / "inside");
  for (const std::string key : {"../x", "a/../../x", "/etc/passwd", "a//b", "./a", "", "a/./b"}) {
    auto result = store.get(key);
    ASSERT_FALSE(result) << key;
    EXPECT_EQ(result.error().kind, ErrorKind::usage) << key;
  }
  const std::string with_nul("a\0b", 3);
  auto nul = store.put(with_nul, "x", PutCondition::none());
  ASSERT_FALSE(nul);
  EXPECT_NE(nul.error().message.find("NUL"), std::string::npos);
  EXPECT_FALSE(store.list("../").has_value());
  EXPECT_NE(store.get("../x").error().message.find("escapes"), std::string::npos);
}

TEST(LocalStore, ConditionalPutsDetectAConcurrentWriter) {
  TempDir dir;
  LocalStore store(dir.path());
  auto first = store.put("m/manifest.json", "v1", PutCondition::create_only());
  ASSERT_TRUE(first) << first.error().message;
  auto again = store.put("m/manifest.json", "v1b", PutCondition::create_only());
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::conflict);

  auto second = store.put("m/manifest.json", "version 2", PutCondition::if_match(*first));
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_NE(*second, *first);
  auto stale = store.put("m/manifest.json", "v3", PutCondition::if_match(*first));
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().kind, ErrorKind::conflict);
  EXPECT_EQ(*store.get("m/manifest.json"), "version 2");
}

TEST(LocalStore, ListSkipsLockAndTemporaryFiles) {
  TempDir dir;
  LocalStore store(dir.path());
  ASSERT_TRUE(store.put("k", "v", PutCondition::create_only()));
  dir.write("k.tmp.123", "partial");
  auto listed = store.list("");
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1U);
  EXPECT_EQ((*listed)[0].key, "k");
}

TEST(MakeObjectStore, FileUrlsResolveAgainstTheConfigFolder) {
  TempDir dir;
  dir.write("cfg/buckets/east/AWSLogs/x", "1");
  auto relative = make_object_store("file://buckets/east", dir / "cfg");
  ASSERT_TRUE(relative);
  EXPECT_TRUE((*relative)->get("AWSLogs/x"));
  auto absolute = make_object_store("file://" + (dir / "cfg/buckets/east").string(), "/nowhere");
  ASSERT_TRUE(absolute);
  EXPECT_TRUE((*absolute)->get("AWSLogs/x"));
}

TEST(MakeObjectStore, RejectsUnknownSchemes) {
  auto bad = make_object_store("ftp://host/x", "/");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, ErrorKind::config);
  EXPECT_FALSE(make_object_store("file://", "/"));
}

}  // namespace
}  // namespace boostburn
