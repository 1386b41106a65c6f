// The sources of the AWS credential chain, one per place the AWS CLI looks
// (credential_chain.hpp tries them in order).
//
// A source either finds credentials, or says why it has none here (not
// configured, no metadata service answering), or fails. "None here" lets the
// chain go on to the next source; a failure stops the chain, because the user
// configured that source and needs to see what went wrong (the AWS CLI does
// the same). Sources own copies of the context (the HTTP client is shared);
// they are not thread-safe on their own: the chain serialises calls.
//
// No message produced here ever contains a secret key, a session token, a web
// identity token, an authorization token or a credential process's output.
#pragma once

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
#include "boostburn/util/result.hpp"

namespace boostburn {

// Reads one environment variable; nullopt when unset. Tests pass a map.
using EnvLookup = std::function<std::optional<std::string>(std::string_view)>;
// Epoch seconds now.
using Clock = std::function<std::int64_t()>;

// ::getenv, and the system clock.
EnvLookup process_environment();
Clock system_clock();

// What every source may need; copied into each source of a chain.
struct CredentialContext {
  std::shared_ptr<HttpClient> http;  // STS, container and instance metadata requests
  Clock clock;
  EnvLookup env;
  // STS and the container endpoint: a few quick attempts.
  RetryPolicy endpoint_retry{3, std::chrono::milliseconds(100), std::chrono::milliseconds(1'000)};
  RetryHooks retry_hooks;                             // tests replace the sleep
  std::chrono::milliseconds process_timeout{60'000};  // credential_process

  // The variable's value; nullopt when unset or empty (as the AWS CLI reads them).
  [[nodiscard]] std::optional<std::string> var(std::string_view name) const;
};

// What one source found.
struct SourceResult {
  std::optional<AwsCredentials> credentials;  // set when found
  std::string reason;                         // otherwise why not, for the "tried" list

  static SourceResult found(AwsCredentials credentials) { return {std::move(credentials), {}}; }
  static SourceResult none(std::string why) { return {std::nullopt, std::move(why)}; }
};

class CredentialSource {
 public:
  virtual ~CredentialSource() = default;
  // For messages: "environment", "profile dev", "web identity", "container",
  // "EC2 instance metadata".
  [[nodiscard]] virtual std::string name() const = 0;
  // Resolves afresh (re-reads files and tokens, re-runs processes, calls the
  // endpoints again): the chain calls it again to refresh.
  virtual Result<SourceResult> resolve() = 0;
};

// AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN). One without
// the other: ErrorKind::config naming the missing variable.
std::unique_ptr<CredentialSource> make_environment_source(const CredentialContext& context);

// The profile AWS_PROFILE / AWS_DEFAULT_PROFILE / "default" from the shared
// credentials and config files: static keys, credential_process, role_arn with
// source_profile / web_identity_token_file / credential_source (see
// credential_profile.cpp for the precedence). A profile named by a variable
// that exists in neither file is an ErrorKind::config error; a missing
// "default" profile is "none here".
std::unique_ptr<CredentialSource> make_profile_source(const CredentialContext& context);

// AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN (+ AWS_ROLE_SESSION_NAME): STS
// AssumeRoleWithWebIdentity, the token re-read on every resolve.
std::unique_ptr<CredentialSource> make_web_identity_source(const CredentialContext& context);

// AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI with the authorization
// token from AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE / _TOKEN (ECS, EKS Pod
// Identity). Configured but failing: ErrorKind::service.
std::unique_ptr<CredentialSource> make_container_source(const CredentialContext& context);

// EC2 instance metadata, IMDSv2 only (a session token first). Every failure is
// "none here" with the reason, so that a machine outside EC2 moves on after
// one short timeout (AWS_METADATA_SERVICE_TIMEOUT, default 1 s).
std::unique_ptr<CredentialSource> make_instance_metadata_source(const CredentialContext& context);

}  // namespace boostburn
