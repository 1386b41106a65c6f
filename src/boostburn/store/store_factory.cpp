#include "boostburn/store/store_factory.hpp"

#include <fmt/format.h>

#include "boostburn/aws/credential_chain.hpp"
#include "boostburn/http/client_pool.hpp"
#include "boostburn/store/local_store.hpp"
#include "boostburn/store/s3_store.hpp"

namespace boostburn {

Result<std::string> s3_bucket_name(std::string_view url) {
  std::string_view name = url;
  if (name.starts_with("s3://")) {
    name.remove_prefix(5);
  }
  while (!name.empty() && name.back() == '/') {
    name.remove_suffix(1);
  }
  const auto bad = [&](std::string_view why) {
    return fail(ErrorKind::config, fmt::format("bucket \"{}\": {}", url, why));
  };
  if (name.size() < 3 || name.size() > 63) {
    return bad("an S3 bucket name has 3 to 63 characters");
  }
  for (const char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.')) {
      return bad("an S3 bucket name has only lower-case letters, digits, '-' and '.' (a key "
                 "prefix belongs in log_prefix)");
    }
  }
  return std::string(name);
}

StoreFactory::StoreFactory(S3Settings settings, Clock clock, CredentialsFactory credentials)
    : m_settings(std::move(settings)),
      m_clock(std::move(clock)),
      m_make_credentials(std::move(credentials)) {
  if (!m_make_credentials) {
    m_make_credentials = [clock = m_clock](std::shared_ptr<HttpClient> http) {
      return std::shared_ptr<CredentialsProvider>(
          make_default_credential_chain(std::move(http), clock));
    };
  }
}

Result<std::unique_ptr<ObjectStore>> StoreFactory::make(std::string_view url,
                                                        std::string_view region,
                                                        const std::filesystem::path& base_dir) {
  if (url.starts_with("file://") || url.empty() ||
      (url.find("://") != std::string_view::npos && !url.starts_with("s3://"))) {
    return make_object_store(url, base_dir);  // local folders and unknown schemes
  }
  auto bucket = s3_bucket_name(url);
  if (!bucket) {
    return tl::unexpected(bucket.error());
  }
  if (!m_http) {
    // One pool for every bucket and the credential chain: concurrent
    // fetches each get a connection of their own.
    m_http = std::shared_ptr<HttpClient>(make_http_client_pool([] { return make_curl_http_client(); }));
    m_credentials = m_make_credentials(m_http);
  }
  S3StoreConfig config;
  config.bucket = *bucket;
  config.region = std::string(region);
  config.endpoint = m_settings.endpoint;
  config.path_style = m_settings.path_style || m_settings.endpoint.has_value();
  config.retry = m_settings.retry;
  return std::make_unique<S3Store>(std::move(config), m_http, m_credentials, m_clock);
}

}  // namespace boostburn
