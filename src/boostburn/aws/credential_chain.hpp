// CredentialChain: AWS credentials resolved the way the AWS CLI resolves them.
//
// Sources, in order (make_default_credential_chain):
//   1. environment      AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN
//   2. profile <name>   ~/.aws/credentials and ~/.aws/config (keys, credential_process,
//                       role_arn + source_profile / web_identity_token_file / credential_source)
//   3. web identity     AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN
//   4. container        AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI
//   5. EC2 instance metadata (IMDSv2)
// (botocore tries environment web identity before a profile's static keys but
// after its role_arn; here the whole profile comes first, as in issue 3.)
//
// The first source that yields credentials is remembered; its credentials are
// cached and, when temporary, fetched again from that same source once they
// expire within k_refresh_window_seconds. If a refresh fails while the cached
// credentials still have k_min_remaining_seconds left, those are returned and
// the refresh is tried again on the next call. A source that is configured
// but fails stops the walk with its error ("AWS credentials: profile dev:
// ..."); when no source has credentials the ErrorKind::config error lists
// every source tried and why each had none:
//   "no AWS credentials found; tried: environment (AWS_ACCESS_KEY_ID not set),
//    profile default (~/.aws/credentials: no such file; ~/.aws/config: no such file), ..."
// Nothing is cached after a failure: the next call walks the chain again.
//
// Thread-safe: calls are serialised by a mutex (a refresh happens once, not
// once per thread). The HttpClient may be shared with other users if it is
// safe to share (the curl client serialises send()). No message ever
// contains a secret.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "boostburn/aws/credential_sources.hpp"
#include "boostburn/aws/credentials.hpp"
#include "boostburn/http/http_client.hpp"

namespace boostburn {

inline constexpr std::int64_t k_refresh_window_seconds = 300;
inline constexpr std::int64_t k_min_remaining_seconds = 60;

class CredentialChain final : public CredentialsProvider {
 public:
  CredentialChain(std::vector<std::unique_ptr<CredentialSource>> sources, Clock clock);

  Result<AwsCredentials> credentials() override;

 private:
  Result<AwsCredentials> walk();
  Result<AwsCredentials> refresh(std::int64_t now);

  std::mutex m_mutex;
  std::vector<std::unique_ptr<CredentialSource>> m_sources;
  Clock m_clock;
  CredentialSource* m_active = nullptr;  // the source that yielded m_cached
  std::optional<AwsCredentials> m_cached;
};

// The five sources above over `http` (shared by STS, container and instance
// metadata). `clock` and `env` default to the system clock and ::getenv.
std::unique_ptr<CredentialsProvider> make_default_credential_chain(
    std::shared_ptr<HttpClient> http, Clock clock = system_clock(),
    EnvLookup env = process_environment());

// The same from a full context (tests tune the retry hooks and process timeout).
std::unique_ptr<CredentialsProvider> make_default_credential_chain(
    const CredentialContext& context);

}  // namespace boostburn
