#include "boostburn/store/local_store.hpp"

#include <functional>
#include <vector>

#include <gtest/gtest.h>
#include <sys/stat.h>

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

// Mapped (a worker's default) or read into reused memory, the bytes and the
// counts are those of get().
TEST(LocalStore, GetIntoMapsOrReadsAndCountsLikeGet) {
  for (const bool may_map : {true, false}) {
    SCOPED_TRACE(may_map ? "mapped" : "read");
    TempDir dir;
    dir.write("a/long.json", std::string(5000, 'x'));
    dir.write("a/short.json", "{}\n");
    dir.write("a/empty.json", "");
    LocalStore store(dir.path());
    FetchBuffer buffer;
    buffer.allow_mapping(may_map);
    auto body = store.get_into("a/long.json", buffer);
    ASSERT_TRUE(body);
    EXPECT_EQ(*body, std::string(5000, 'x'));
    EXPECT_TRUE(buffer.intact());
    body = store.get_into("a/short.json", buffer);
    ASSERT_TRUE(body);
    EXPECT_EQ(*body, "{}\n");
    body = store.get_into("a/empty.json", buffer);  // nothing to map: read
    ASSERT_TRUE(body);
    EXPECT_EQ(*body, "");
    EXPECT_EQ(store.get_into("a/none", buffer).error().kind, ErrorKind::not_found);
    EXPECT_EQ(store.get_into("../x", buffer).error().kind, ErrorKind::usage);
    const StoreRequestStats stats = store.request_stats();
    EXPECT_EQ(stats.get_requests, 5U);
    EXPECT_EQ(stats.bytes_downloaded, 5003U);
  }
}

// A worker holds one mapping at a time: the next fetch drops the last one
// before it maps, so a single free entry of the mapping table is enough.
TEST(LocalStore, AFetchBufferHoldsOneMappingAtATime) {
  TempDir dir;
  dir.write("a.json", "a");
  dir.write("b.json", "b");
  std::vector<MappedFile> others;
  while (auto mapped = MappedFile::open(dir.path() / "a.json")) {
    others.push_back(std::move(*mapped));
  }
  others.pop_back();  // one entry free
  LocalStore store(dir.path());
  FetchBuffer buffer;
  ASSERT_EQ(store.get_into("a.json", buffer), "a");
  EXPECT_TRUE(buffer.mapped());
  ASSERT_EQ(store.get_into("b.json", buffer), "b");
  EXPECT_TRUE(buffer.mapped());
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

// ------------------------------------------------------------- list_folder

std::vector<std::string> keys_of(const std::vector<ObjectInfo>& objects) {
  std::vector<std::string> keys;
  for (const ObjectInfo& object : objects) {
    keys.push_back(object.key);
  }
  return keys;
}

using Keys = std::vector<std::string>;

TEST(LocalStoreListFolder, SeparatesObjectsFromSubFolders) {
  TempDir dir;
  const std::string hour = "AWSLogs/1/2026/11/30/10/";
  dir.write(hour + "b.json.gz", "bb");
  dir.write(hour + "a.json.gz", "a");
  dir.write(hour + "data/r1_input.json.gz", "body");
  dir.write(hour + "sub/deeper/x.json", "x");
  dir.write("AWSLogs/1/2026/11/30/11/c.json.gz", "c");
  std::filesystem::create_directories(dir / (hour + "empty"));
  LocalStore store(dir.path());
  auto listed = store.list_folder(hour);
  ASSERT_TRUE(listed) << listed.error().message;
  EXPECT_EQ(keys_of(listed->objects), (Keys{hour + "a.json.gz", hour + "b.json.gz"}));
  auto head = store.head(hour + "b.json.gz");
  ASSERT_TRUE(head);
  EXPECT_EQ(listed->objects[1], *head);  // same size and ETag as head()
  EXPECT_EQ(listed->folders, (Keys{hour + "data/", hour + "empty/", hour + "sub/"}));
  EXPECT_EQ(store.request_stats().list_requests, 1U);
}

TEST(LocalStoreListFolder, APrefixMayEndInsideAName) {
  TempDir dir;
  dir.write("p/ab", "1");
  dir.write("p/abc", "2");
  dir.write("p/abd/x", "3");
  dir.write("p/x", "4");
  dir.write("p/x2/ab", "5");
  LocalStore store(dir.path());
  auto listed = store.list_folder("p/ab");
  ASSERT_TRUE(listed) << listed.error().message;
  EXPECT_EQ(keys_of(listed->objects), (Keys{"p/ab", "p/abc"}));
  EXPECT_EQ(listed->folders, Keys{"p/abd/"});
  auto top = store.list_folder("");
  ASSERT_TRUE(top);
  EXPECT_TRUE(top->objects.empty());
  EXPECT_EQ(top->folders, Keys{"p/"});
}

TEST(LocalStoreListFolder, MissingFoldersListEmptyAMissingBucketIsAnError) {
  TempDir dir;
  dir.write("p/file", "1");
  LocalStore store(dir.path());
  for (const char* prefix : {"AWSLogs/1/2026/11/30/05/", "p/file/", "p/file/x", "q"}) {
    auto listed = store.list_folder(prefix);
    ASSERT_TRUE(listed) << prefix << ": " << listed.error().message;
    EXPECT_EQ(*listed, FolderListing{}) << prefix;
  }
  EXPECT_EQ(store.request_stats().list_requests, 4U);

  LocalStore missing(dir / "no-such-bucket");
  for (const char* prefix : {"AWSLogs/1/2026/11/30/05/", ""}) {
    auto listed = missing.list_folder(prefix);
    ASSERT_FALSE(listed) << prefix;
    EXPECT_EQ(listed.error().kind, ErrorKind::config);
    EXPECT_NE(listed.error().message.find("does not exist"), std::string::npos);
  }
  for (const char* prefix : {"../", "a/../../", "/etc/", "a//", "./a/", "a/./b/"}) {
    auto refused = store.list_folder(prefix);
    ASSERT_FALSE(refused) << prefix;
    EXPECT_EQ(refused.error().kind, ErrorKind::usage) << prefix;
    EXPECT_EQ(store.list(prefix).error().kind, ErrorKind::usage) << prefix;
  }
}

TEST(LocalStoreListFolder, SkipsTheLockTemporaryAndSpecialFiles) {
  TempDir dir;
  LocalStore store(dir.path());
  ASSERT_TRUE(store.put("k", "v", PutCondition::create_only()));  // creates the lock file
  dir.write("k.tmp.123", "partial");
  dir.write("d/.m.json.tmp.1.2", "partial");
  dir.write("d/m.json", "m");
  dir.write("w.tmp.9/inside.json", "in a temporary folder");
  ASSERT_EQ(::mkfifo((dir / "d/fifo").c_str(), 0600), 0);
  auto top = store.list_folder("");
  ASSERT_TRUE(top) << top.error().message;
  EXPECT_EQ(keys_of(top->objects), Keys{"k"});
  EXPECT_EQ(top->folders, Keys{"d/"});
  auto sub = store.list_folder("d/");
  ASSERT_TRUE(sub) << sub.error().message;
  EXPECT_EQ(keys_of(sub->objects), Keys{"d/m.json"});
  auto all = store.list("");
  ASSERT_TRUE(all);
  EXPECT_EQ(keys_of(*all), (Keys{"d/m.json", "k"}));
}

TEST(LocalStoreListFolder, OddNamesAreKeysExactlyAsOnDisk) {
  TempDir dir;
  const std::string hour = "h/";
  const Keys names = {"a b+c=d%20e#f~\xC3\xA9.json",
                      "\xFF\xFE not UTF-8",
                      "new\nline",
                      "-dash",
                      "..x",
                      "x..",
                      " spaces ",
                      "back\\slash",
                      "%2F"};
  Keys expected;
  for (const std::string& name : names) {
    dir.write(hour + name, name);
    expected.push_back(hour + name);
  }
  std::sort(expected.begin(), expected.end());
  LocalStore store(dir.path());
  auto listed = store.list_folder(hour);
  ASSERT_TRUE(listed) << listed.error().message;
  EXPECT_EQ(keys_of(listed->objects), expected);
  auto all = store.list(hour);
  ASSERT_TRUE(all);
  EXPECT_EQ(keys_of(*all), expected);
  for (const ObjectInfo& object : listed->objects) {
    auto body = store.get(object.key);
    ASSERT_TRUE(body) << object.key;
    EXPECT_EQ(hour + *body, object.key);
  }
}

TEST(LocalStoreListFolder, LinksToFilesAreObjectsLinksToFoldersAreNotWalked) {
  TempDir dir;
  dir.write("h/real.json", "12345");
  std::filesystem::create_symlink("real.json", dir / "h/link.json");
  std::filesystem::create_symlink(".", dir / "h/loop");  // a cycle
  std::filesystem::create_symlink("gone", dir / "h/dangling.json");
  std::filesystem::create_directory_symlink("h", dir / "alias");  // at the root
  LocalStore store(dir.path());
  auto listed = store.list_folder("h/");
  ASSERT_TRUE(listed) << listed.error().message;
  ASSERT_EQ(keys_of(listed->objects), (Keys{"h/link.json", "h/real.json"}));
  EXPECT_EQ(listed->objects[0].size, 5U);
  EXPECT_TRUE(listed->folders.empty());
  auto all = store.list("");
  ASSERT_TRUE(all) << all.error().message;
  EXPECT_EQ(keys_of(*all), (Keys{"h/link.json", "h/real.json"}));
  // A prefix may name a path through a link: its keys are the prefix's.
  auto through = store.list("alias/");
  ASSERT_TRUE(through) << through.error().message;
  EXPECT_EQ(keys_of(*through), (Keys{"alias/link.json", "alias/real.json"}));
}

TEST(LocalStoreListFolder, KeysDoNotDependOnHowTheRootIsSpelled) {
  TempDir dir;
  dir.write("bucket/p/a.json", "1");
  dir.write("bucket/p/q/b.json", "2");
  std::filesystem::create_directory_symlink(dir / "bucket", dir / "alias");
  for (const std::filesystem::path& root :
       {dir / "bucket", dir / "alias", std::filesystem::path((dir / "bucket").string() + "/"),
        dir / "bucket/.", dir / "alias/../bucket"}) {
    LocalStore store(root);
    auto listed = store.list_folder("p/");
    ASSERT_TRUE(listed) << root << ": " << listed.error().message;
    EXPECT_EQ(keys_of(listed->objects), Keys{"p/a.json"}) << root;
    EXPECT_EQ(listed->folders, Keys{"p/q/"}) << root;
    auto all = store.list("");
    ASSERT_TRUE(all) << root;
    EXPECT_EQ(keys_of(*all), (Keys{"p/a.json", "p/q/b.json"})) << root;
  }
}

TEST(LocalStoreListFolder, ListIsListFolderAllTheWayDown) {
  TempDir dir;
  for (const char* key :
       {"r/1", "r/a/2", "r/a/b/3", "r/a/b/c/4", "r/ab", "r/b/5", "r/b/6", "x/7"}) {
    dir.write(key, key);
  }
  LocalStore store(dir.path());
  Keys walked;
  std::function<void(const std::string&)> walk = [&](const std::string& prefix) {
    auto level = store.list_folder(prefix);
    ASSERT_TRUE(level) << prefix;
    for (const ObjectInfo& object : level->objects) {
      walked.push_back(object.key);
    }
    for (const std::string& folder : level->folders) {
      walk(folder);
    }
  };
  walk("r/");
  std::sort(walked.begin(), walked.end());
  EXPECT_EQ(store.request_stats().list_requests, 5U);  // r/, r/a/, r/a/b/, r/a/b/c/, r/b/
  auto all = store.list("r/");
  ASSERT_TRUE(all);
  EXPECT_EQ(keys_of(*all), walked);
  EXPECT_EQ(walked.size(), 7U);
  EXPECT_EQ(store.request_stats().list_requests, 6U);  // list() is one request, however deep
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
