// StoreFactory: the one place that turns a bucket URL from the regions config
// into an ObjectStore, chosen by scheme (as ccache chooses storage backends):
//   file://relative/dir, file:///abs/dir   -> LocalStore (relative to the config file)
//   s3://name, or a bare bucket name       -> S3Store in the region it is listed under
// The HTTP client and the AWS credential chain are created on the first S3
// bucket only, and shared by every S3 bucket of the run: a run over local
// folders never looks for AWS credentials.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "boostburn/aws/credentials.hpp"
#include "boostburn/aws/retry_policy.hpp"
#include "boostburn/http/http_client.hpp"
#include "boostburn/store/object_store.hpp"

namespace boostburn {

struct S3Settings {
  // --s3-endpoint, else AWS_ENDPOINT_URL_S3, else AWS_ENDPOINT_URL; an
  // endpoint implies path-style addressing.
  std::optional<std::string> endpoint;
  bool path_style = false;
  RetryPolicy retry;
};

class StoreFactory {
 public:
  using Clock = std::function<std::int64_t()>;
  using CredentialsFactory =
      std::function<std::shared_ptr<CredentialsProvider>(std::shared_ptr<HttpClient>)>;

  // `credentials` builds the provider on first use (default: the AWS chain).
  StoreFactory(S3Settings settings, Clock clock, CredentialsFactory credentials = {});

  Result<std::unique_ptr<ObjectStore>> make(std::string_view url, std::string_view region,
                                            const std::filesystem::path& base_dir);

 private:
  S3Settings m_settings;
  Clock m_clock;
  CredentialsFactory m_make_credentials;
  std::shared_ptr<HttpClient> m_http;               // created on the first S3 bucket
  std::shared_ptr<CredentialsProvider> m_credentials;
};

// The bucket name of an S3 URL ("s3://name" or "name"), or an ErrorKind::config
// error for a name S3 would refuse.
Result<std::string> s3_bucket_name(std::string_view url);

}  // namespace boostburn
