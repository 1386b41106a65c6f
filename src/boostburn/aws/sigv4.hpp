// AWS Signature Version 4, our own (OpenSSL HMAC-SHA256), with the clock
// passed in so that it can be tested against the AWS documentation vectors.
//
// Pure functions: no I/O, no clock, no global state. Errors never contain a
// secret access key or session token (only the URL without its query).
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
// kept; everything else %XX (upper-case hex, one per UTF-8 byte); '/' kept
// when `keep_slash` (object keys in paths), encoded otherwise (query values).
std::string uri_encode(std::string_view text, bool keep_slash);

// The inverse: %XX sequences decoded (either hex case); '+' stays '+';
// a malformed '%' is kept literally. For keys S3 returns with
// encoding-type=url.
std::string uri_decode(std::string_view text);

struct SigningParams {
  std::string region;   // e.g. "us-east-1"
  std::string service;  // "s3", "sts"
  std::int64_t now = 0;  // epoch seconds (the injected clock)
  // Hex SHA-256 of request.body, or "UNSIGNED-PAYLOAD" (S3 only). Empty:
  // computed from request.body. For S3 also sent as x-amz-content-sha256.
  std::string payload_sha256;
};

// Signs `request` in place, ready to send:
//  - adds host (from the URL's authority, port included) unless present;
//  - sets x-amz-date, x-amz-content-sha256 (service "s3" only) and
//    x-amz-security-token (when credentials.session_token is not empty),
//    replacing earlier values, so re-signing a retried request is safe;
//  - rewrites the URL's query into canonical form (parameters decoded,
//    re-encoded with uri_encode and sorted by name then value), so that what
//    is sent is exactly what was signed;
//  - adds Authorization, signing host, content-type, content-md5, range and
//    every x-amz-* header.
// The path must already be percent-encoded: for S3 it is signed as given;
// for other services it is encoded once more, as SigV4 specifies.
// Errors: ErrorKind::config when the access key id or secret is empty,
// ErrorKind::internal for a URL that is not absolute http(s) or missing
// region/service.
Status sign_request(HttpRequest& request, const AwsCredentials& credentials,
                    const SigningParams& params);

// The intermediate values of a signature, for tests and for comparing with
// the CanonicalRequest an S3 SignatureDoesNotMatch error returns.
struct SignatureParts {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signed_headers;  // "host;range;x-amz-date"
  std::string signature;       // hex
};

// Computes the signature of a request that already carries every header to
// sign (x-amz-date included: it must match params.now); changes nothing.
// sign_request() = add headers + compute_signature() + add Authorization.
Result<SignatureParts> compute_signature(const HttpRequest& request,
                                         const AwsCredentials& credentials,
                                         const SigningParams& params);

// "a=1&b=x%2Fy": parameters encoded with uri_encode and sorted by name then value.
std::string canonical_query(std::vector<std::pair<std::string, std::string>> params);

// "20130524T000000Z", the x-amz-date form of epoch seconds.
std::string amz_date(std::int64_t epoch_seconds);

}  // namespace boostburn
