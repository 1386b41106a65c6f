// AWS Signature Version 4, our own (OpenSSL HMAC-SHA256), with the clock
// passed in so that it can be tested against the AWS documentation vectors.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "boostburn/aws/credentials.hpp"
#include "boostburn/http/http_client.hpp"

namespace boostburn {

// Hex SHA-256 of `data` (the x-amz-content-sha256 payload hash).
std::string sha256_hex(std::string_view data);
inline constexpr std::string_view k_empty_payload_sha256 =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

// RFC 3986 percent-encoding as SigV4 wants it: unreserved A-Z a-z 0-9 - _ . ~
// kept; everything else %XX (upper-case hex); '/' kept when `keep_slash`.
std::string uri_encode(std::string_view text, bool keep_slash);

struct SigningParams {
  std::string region;   // e.g. "us-east-1"
  std::string service;  // "s3", "sts"
  std::int64_t now = 0;  // epoch seconds
  std::string payload_sha256;  // hex; for S3 also sent as x-amz-content-sha256
};

// Signs `request` in place: adds host (if absent), x-amz-date,
// x-amz-content-sha256 (for s3), x-amz-security-token (temporary
// credentials) and Authorization. request.url must already be in canonical
// form: path percent-encoded, query parameters percent-encoded and sorted
// (build it with canonical_query()).
Status sign_request(HttpRequest& request, const AwsCredentials& credentials,
                    const SigningParams& params);

// "a=1&b=x%2Fy": parameters encoded with uri_encode and sorted by name then value.
std::string canonical_query(std::vector<std::pair<std::string, std::string>> params);

}  // namespace boostburn
