// AWS credentials and where they come from.
//
// AwsCredentials holds secrets: never print, log or write any field but
// access_key_id's last 4 characters (see redacted_key_id()). A
// CredentialsProvider resolves them lazily and refreshes temporary
// credentials before they expire; errors are ErrorKind::config (nothing
// configured / a bad profile) or ErrorKind::service (an endpoint failed).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "boostburn/util/result.hpp"

namespace boostburn {

struct AwsCredentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;               // empty for long-term keys
  std::optional<std::int64_t> expires_at;  // epoch seconds, for temporary credentials
  std::string source;                      // e.g. "environment", "profile dev (credential_process)"
};

// "…WXYZ" (U+2026 and the last 4 characters): safe to show in messages.
// Ids shorter than 12 characters give "****", an empty one "(none)".
std::string redacted_key_id(const std::string& access_key_id);

class CredentialsProvider {
 public:
  virtual ~CredentialsProvider() = default;
  // Valid credentials for a request made now; refreshes when they expire
  // within a few minutes.
  virtual Result<AwsCredentials> credentials() = 0;
};

}  // namespace boostburn
