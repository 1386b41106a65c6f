// The manifest's conditional writes against a signature-verifying S3 (moto):
// two runs that read the same version never overwrite each other.
#include <gtest/gtest.h>

#include "boostburn/state/manifest.hpp"
#include "boostburn/store/s3_store.hpp"
#include "support/s3_server.hpp"

namespace boostburn {
namespace {

class FixedCredentials final : public CredentialsProvider {
 public:
  explicit FixedCredentials(AwsCredentials credentials) : m_credentials(std::move(credentials)) {}
  Result<AwsCredentials> credentials() override { return m_credentials; }

 private:
  AwsCredentials m_credentials;
};

TEST(ManifestOnS3, ConcurrentWritersAreMergedNeverOverwritten) {
  testing::S3ServerOptions options;
  options.buckets = {{"bb-manifests", {}}};
  auto server = testing::S3Server::start(options);
  ASSERT_TRUE(server) << server.error().message;
  S3StoreConfig config;
  config.bucket = "bb-manifests";
  config.region = (*server)->region();
  config.endpoint = (*server)->endpoint();
  config.path_style = true;
  auto credentials = std::make_shared<FixedCredentials>(
      AwsCredentials{(*server)->access_key_id(), (*server)->secret_access_key(), "", {}, "test"});
  S3Store store(config, std::shared_ptr<HttpClient>(make_curl_http_client()), credentials);
  const std::string key = manifest_key("manifests");

  auto first_read = load_manifest(store, key, "us-east-1");
  auto second_read = load_manifest(store, key, "us-east-1");
  ASSERT_TRUE(first_read && second_read) << (first_read ? "" : first_read.error().message);
  EXPECT_FALSE(first_read->etag);  // nothing there yet: both will write If-None-Match: *

  Manifest first = first_read->manifest;
  first.days["2026-11-30"].processed["a.json.gz"] = "etag-a";
  Manifest second = second_read->manifest;
  second.days["2026-11-30"].processed["b.json.gz"] = "etag-b";
  second.days["2026-11-30"].last_processed_hour = 26;

  ASSERT_TRUE(save_manifest(store, key, first, first_read->etag));
  // The second writer's If-None-Match: * fails (412); it re-reads and merges.
  auto saved = save_manifest(store, key, second, second_read->etag);
  ASSERT_TRUE(saved) << saved.error().message;

  auto result = load_manifest(store, key, "us-east-1");
  ASSERT_TRUE(result);
  const ManifestDay& day = result->manifest.days.at("2026-11-30");
  EXPECT_TRUE(day.processed.contains("a.json.gz"));
  EXPECT_TRUE(day.processed.contains("b.json.gz"));
  EXPECT_EQ(day.last_processed_hour, 26);
  EXPECT_GE(store.request_stats().put_requests, 3U);  // two winners' PUTs and the refused one
}

}  // namespace
}  // namespace boostburn
