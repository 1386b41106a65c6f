// S3Store: an ObjectStore over one S3 bucket (ListObjectsV2, GetObject,
// HeadObject, conditional PutObject), signed with SigV4 and retried with the
// bucket's RetryPolicy.
//
// Ownership: shares the HttpClient and the CredentialsProvider with its
// creator; it is as thread-safe as they are (its own state is atomic
// counters). Every attempt is freshly signed with credentials fetched for it,
// so temporary credentials refresh mid-run.
//
// Failure behaviour: never throws. Messages name the operation, the
// s3://bucket/key-or-prefix, the HTTP status and S3's error code with advice,
// e.g. "list s3://logs/AWSLogs/: AccessDenied (HTTP 403): Access Denied; check
// that the credentials (key …ABCD, from environment) may s3:ListBucket on this
// bucket". Kinds: not_found (NoSuchKey / 404 on get and head), conflict (412
// PreconditionFailed, 409 ConditionalRequestConflict on put), config
// (NoSuchBucket: the regions config names a bucket that does not exist),
// service (everything else from S3 or the network, after retries). A GET body
// whose length disagrees with Content-Length, or whose MD5 disagrees with a
// plain-MD5 ETag, and a listing page that is not valid XML, are retried and
// never returned. A conditional put is retried like any request, so a put
// whose success response was lost can come back as a conflict with itself;
// callers re-read and merge on conflict anyway. No message ever holds a secret, a session token or the
// Authorization header.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
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

struct S3StoreConfig {
  std::string bucket;
  std::string region;  // the bucket's region, e.g. "us-east-1"
  // e.g. "http://127.0.0.1:5000" (AWS_ENDPOINT_URL_S3); implies path-style.
  std::optional<std::string> endpoint;
  // Path-style (https://s3.<region>.amazonaws.com/<bucket>/<key>) instead of
  // virtual-hosted (https://<bucket>.s3.<region>.amazonaws.com/<key>). Buckets
  // whose name holds a '.' always use path-style (TLS wildcard certificates do
  // not cover them), as the AWS CLI does.
  bool path_style = false;
  RetryPolicy retry;
  std::chrono::milliseconds request_timeout{120'000};  // per attempt, whole transfer
};

// Requests sent (every attempt counts: S3 bills each one) and object bytes
// received by GETs with a 2xx status.

class S3Store final : public ObjectStore {
 public:
  using Clock = std::function<std::int64_t()>;  // epoch seconds, for signing

  // Expects a config that s3_store_config_problem() accepts (make_s3_store
  // checks it). `hooks` replaces the retry sleep/random source in tests.
  S3Store(S3StoreConfig config, std::shared_ptr<HttpClient> http,
          std::shared_ptr<CredentialsProvider> credentials, Clock clock = {},
          RetryHooks hooks = {});

  [[nodiscard]] std::string describe() const override;  // "s3://bucket"
  [[nodiscard]] bool is_remote() const override { return true; }
  Result<std::vector<ObjectInfo>> list(std::string_view prefix) override;
  Result<FolderListing> list_folder(std::string_view prefix) override;  // delimiter=/
  Result<std::string> get(std::string_view key) override;
  Result<ObjectInfo> head(std::string_view key) override;
  Result<std::string> put(std::string_view key, std::string_view body,
                          const PutCondition& condition) override;

  [[nodiscard]] StoreRequestStats request_stats() const override;
  [[nodiscard]] const S3StoreConfig& config() const { return m_config; }

  // The URL of the bucket ("…/bucket" path-style, "https://bucket.s3…" virtual)
  // and of one object (key encoded with uri_encode, '/' kept).
  [[nodiscard]] std::string bucket_url() const;
  [[nodiscard]] std::string object_url(std::string_view key) const;

 private:
  enum class Op { list, get, head, put };
  // A final response and who signed it (redacted key id and source), for advice.
  struct Sent {
    HttpResponse response;
    std::string signer;
  };

  Result<Sent> send(Op op, const std::string& what, const std::function<HttpRequest()>& make,
                    const std::string& payload_sha256,
                    const std::function<RetryDecision(const Result<HttpResponse>&)>& classify);
  [[nodiscard]] Error s3_error(Op op, const std::string& what, const Sent& sent) const;
  [[nodiscard]] std::string target(std::string_view key) const;  // "s3://bucket/key"
  // Every page of a ListObjectsV2 of `prefix`, with delimiter=/ when
  // `one_level`; objects and folders sorted.
  Result<FolderListing> list_pages(std::string_view prefix, bool one_level);

  S3StoreConfig m_config;
  std::shared_ptr<HttpClient> m_http;
  std::shared_ptr<CredentialsProvider> m_credentials;
  Clock m_clock;
  RetryHooks m_hooks;
  std::string m_base;  // bucket URL without a trailing '/'
  bool m_virtual_host = false;

  std::atomic<std::uint64_t> m_list{0};
  std::atomic<std::uint64_t> m_get{0};
  std::atomic<std::uint64_t> m_head{0};
  std::atomic<std::uint64_t> m_put{0};
  std::atomic<std::uint64_t> m_retries{0};
  std::atomic<std::uint64_t> m_bytes{0};
};

// Empty when the config can be used; otherwise what is wrong (a bucket name S3
// would refuse, an empty region, an endpoint that is not http(s)://host[:port]).
std::string s3_store_config_problem(const S3StoreConfig& config);

// Checks the config (ErrorKind::config naming the problem) and builds the store.
Result<std::unique_ptr<S3Store>> make_s3_store(S3StoreConfig config,
                                               std::shared_ptr<HttpClient> http,
                                               std::shared_ptr<CredentialsProvider> credentials,
                                               S3Store::Clock clock = {});

}  // namespace boostburn
