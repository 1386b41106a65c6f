// list_hour_objects over a local folder, over a scripted store (errors, a
// store that names folders outside the prefix) and over moto's S3 (how many
// LIST requests an hour full of bodies costs).
#include "boostburn/workflow/hour_listing.hpp"

#include <atomic>
#include <map>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "boostburn/store/local_store.hpp"
#include "boostburn/store/s3_store.hpp"
#include "boostburn/util/run_concurrently.hpp"
#include "support/s3_server.hpp"
#include "support/temp_dir.hpp"

namespace boostburn {
namespace {

using Keys = std::vector<std::string>;

constexpr std::string_view k_hour =
    "AWSLogs/111122223333/BedrockModelInvocationLogs/us-east-1/2026/11/30/10/";

Keys keys_of(const std::vector<ObjectInfo>& objects) {
  Keys keys;
  for (const ObjectInfo& object : objects) {
    keys.push_back(object.key);
  }
  return keys;
}

std::string in_hour(std::string_view rest) {
  return std::string(k_hour) + std::string(rest);
}

TEST(HourListing, SkipsDataFoldersAtAnyDepthAndListsOtherSubFolders) {
  testing::TempDir dir;
  for (const char* rest :
       {"b.json.gz", "a.json.gz", "data/r1_input.json.gz", "data/nested/r2_output.json.gz",
        "retry/c.json.gz", "retry/data/r3_input.json.gz", "retry/deeper/d.json.gz",
        "database/e.json.gz", "my-data/f.json.gz", "data.json.gz", "plain/data"}) {
    dir.write(in_hour(rest), rest);
  }
  dir.write("AWSLogs/111122223333/BedrockModelInvocationLogs/us-east-1/2026/11/30/11/n.json.gz",
            "the next hour");
  LocalStore store(dir.path());
  auto listed = list_hour_objects(store, k_hour);
  ASSERT_TRUE(listed) << listed.error().message;
  EXPECT_EQ(
      keys_of(*listed),
      (Keys{in_hour("a.json.gz"), in_hour("b.json.gz"), in_hour("data.json.gz"),
            in_hour("database/e.json.gz"), in_hour("my-data/f.json.gz"), in_hour("plain/data"),
            in_hour("retry/c.json.gz"), in_hour("retry/deeper/d.json.gz")}));
  EXPECT_EQ((*listed)[0].size, 9U);  // "a.json.gz"
  // The hour, database/, my-data/, plain/, retry/ and retry/deeper/: never a data/ folder.
  EXPECT_EQ(store.request_stats().list_requests, 6U);
}

TEST(HourListing, AMissingHourListsEmptyInOneRequest) {
  testing::TempDir dir;
  LocalStore store(dir.path());
  auto listed = list_hour_objects(store, k_hour);
  ASSERT_TRUE(listed) << listed.error().message;
  EXPECT_TRUE(listed->empty());
  EXPECT_EQ(store.request_stats().list_requests, 1U);
}

TEST(HourListing, AnHourOfOnlyBodiesListsNothing) {
  testing::TempDir dir;
  for (int i = 0; i < 50; ++i) {
    dir.write(in_hour(fmt::format("data/r{}_input.json.gz", i)), "body");
  }
  LocalStore store(dir.path());
  auto listed = list_hour_objects(store, k_hour);
  ASSERT_TRUE(listed) << listed.error().message;
  EXPECT_TRUE(listed->empty());
  EXPECT_EQ(store.request_stats().list_requests, 1U);
}

// A store that answers list_folder from a table (a missing entry is an error).
class ScriptedStore final : public ObjectStore {
 public:
  explicit ScriptedStore(std::map<std::string, Result<FolderListing>> answers)
      : m_answers(std::move(answers)) {}
  [[nodiscard]] std::string describe() const override { return "s3://scripted"; }
  [[nodiscard]] StoreRequestStats request_stats() const override {
    StoreRequestStats stats;
    stats.list_requests = m_calls.load();
    return stats;
  }
  Result<std::vector<ObjectInfo>> list(std::string_view) override {
    return fail(ErrorKind::internal, "list() is not used to list an hour");
  }
  Result<FolderListing> list_folder(std::string_view prefix) override {
    if (++m_calls > 100) {
      return fail(ErrorKind::internal, "looping");
    }
    auto it = m_answers.find(std::string(prefix));
    if (it == m_answers.end()) {
      return fail(ErrorKind::internal, fmt::format("unexpected list_folder(\"{}\")", prefix));
    }
    return it->second;
  }
  Result<std::string> get(std::string_view) override { return fail(ErrorKind::internal, "get"); }
  Result<ObjectInfo> head(std::string_view) override { return fail(ErrorKind::internal, "head"); }
  Result<std::string> put(std::string_view, std::string_view, const PutCondition&) override {
    return fail(ErrorKind::internal, "put");
  }

 private:
  std::map<std::string, Result<FolderListing>> m_answers;
  std::atomic<std::uint64_t> m_calls{0};
};

TEST(HourListing, AnErrorInASubFolderFailsTheWholeHour) {
  const std::string hour(k_hour);
  ScriptedStore store(
      {{hour, FolderListing{{{hour + "a.json.gz", 1, "e"}}, {hour + "data/", hour + "sub/"}}},
       {hour + "sub/",
        fail(ErrorKind::service, "list s3://scripted/" + hour + "sub/: SlowDown (HTTP 503)")}});
  auto listed = list_hour_objects(store, hour);
  ASSERT_FALSE(listed);
  EXPECT_EQ(listed.error().kind, ErrorKind::service);
  EXPECT_EQ(listed.error().message, "list s3://scripted/" + hour + "sub/: SlowDown (HTTP 503)");
  EXPECT_EQ(store.request_stats().list_requests, 2U);  // the hour and sub/, never data/
}

TEST(HourListing, AFolderNotBelowThePrefixIsAnErrorNotALoop) {
  const std::string hour(k_hour);
  for (const std::string& bad : {hour, std::string("AWSLogs/other/"), std::string("AWSLogs/")}) {
    ScriptedStore store({{hour, FolderListing{{}, {bad}}}});
    auto listed = list_hour_objects(store, hour);
    ASSERT_FALSE(listed) << bad;
    EXPECT_EQ(listed.error().kind, ErrorKind::service) << bad;
    EXPECT_EQ(listed.error().message,
              fmt::format("list s3://scripted/{}: the listing names folder \"{}\", which is not "
                          "below the prefix",
                          hour, bad));
    EXPECT_EQ(store.request_stats().list_requests, 1U);
  }
}

// ------------------------------------------------------------- against moto

class StaticCredentials final : public CredentialsProvider {
 public:
  explicit StaticCredentials(AwsCredentials credentials) : m_credentials(std::move(credentials)) {}
  Result<AwsCredentials> credentials() override { return m_credentials; }

 private:
  AwsCredentials m_credentials;
};

// On S3, the recursive listing the hour listing replaced paid one LIST per
// 1,000 bodies; now the bodies cost nothing, however many there are.
TEST(HourListingOnS3, AnHourWithThousandsOfBodiesCostsOneListRequest) {
  testing::S3ServerOptions options;
  options.buckets = {{"logs", {}}};
  auto server = testing::S3Server::start(options);
  ASSERT_TRUE(server) << server.error().message;  // a missing moto fails, never skips
  S3StoreConfig config;
  config.bucket = "logs";
  config.region = (*server)->region();
  config.endpoint = (*server)->endpoint();
  S3Store s3(
      config, std::shared_ptr<HttpClient>(make_curl_http_client()),
      std::make_shared<StaticCredentials>(AwsCredentials{
          (*server)->access_key_id(), (*server)->secret_access_key(), {}, std::nullopt, "test"}));

  constexpr std::size_t k_bodies = 1'200;
  Keys keys = {in_hour("20261130T100000000Z_a.json.gz"), in_hour("20261130T103000000Z_b.json.gz")};
  for (std::size_t i = 0; i < k_bodies; ++i) {
    keys.push_back(in_hour(fmt::format("data/{:04}_input.json.gz", i)));
  }
  std::atomic<std::size_t> failed_puts{0};
  run_concurrently(keys.size(), 4, [&](std::size_t i) {
    if (!s3.put(keys[i], "x", PutCondition::none())) {
      ++failed_puts;
    }
  });
  ASSERT_EQ(failed_puts.load(), 0U);

  auto listed = list_hour_objects(s3, k_hour);
  ASSERT_TRUE(listed) << listed.error().message;
  EXPECT_EQ(keys_of(*listed), (Keys{keys[0], keys[1]}));
  EXPECT_EQ(s3.request_stats().list_requests, 1U);

  // What the run used to do: page through every body (1,202 keys, 2 pages).
  auto everything = s3.list(k_hour);
  ASSERT_TRUE(everything) << everything.error().message;
  EXPECT_EQ(everything->size(), k_bodies + 2);
  EXPECT_EQ(s3.request_stats().list_requests, 1U + 2U);
}

}  // namespace
}  // namespace boostburn
