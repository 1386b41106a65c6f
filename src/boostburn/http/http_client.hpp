// HttpClient: the one narrow interface to HTTP(S), shared by S3, STS, the
// container/IMDS credential endpoints and (later) Slack.
//
// send() performs exactly one attempt: retries are the caller's policy
// (aws/retry_policy.hpp), so that each caller decides what is retryable.
// A transport failure (DNS, connect, TLS, timeout, reset, short body) is an
// ErrorKind::service error whose message names the method and the URL
// *without its query string* (a query may carry a credential), or
// request.shown_url when set, and the transport's reason; any HTTP status, 4xx/5xx included, is a response.
// Implementations never log headers or bodies. Wrapping clients (fault
// injection, request counting) forward to an inner client.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "boostburn/util/result.hpp"

namespace boostburn {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method = "GET";
  std::string url;  // absolute, already percent-encoded
  // What error messages show instead of the URL, for URLs whose path is a
  // secret (a Slack webhook); empty = the URL without its query string.
  std::string shown_url;
  HttpHeaders headers;
  std::string body;
  std::chrono::milliseconds timeout{30'000};          // whole request
  std::chrono::milliseconds connect_timeout{5'000};
};

struct HttpResponse {
  long status = 0;
  HttpHeaders headers;  // names as received; look up with header()
  std::string body;

  // Case-insensitive header lookup; the first match.
  [[nodiscard]] std::optional<std::string> header(std::string_view name) const;
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  virtual Result<HttpResponse> send(const HttpRequest& request) = 0;
};

struct CurlClientOptions {
  bool verify_tls = true;
  // host:port -> address:port overrides (curl's CURLOPT_CONNECT_TO), e.g. to
  // reach bucket.localhost virtual-hosted names on loopback in tests.
  std::vector<std::string> connect_to;
};

// `url` without its query string, fragment and user-info ("http://h/p?x=1"
// -> "http://h/p"): the form that error messages may show.
std::string url_without_query(std::string_view url);

// libcurl, with connection reuse across calls. One easy handle per client:
// concurrent send() calls are serialised, so use one client per thread for
// parallel transfers. TLS peers are verified unless options.verify_tls is off;
// redirects are never followed (a 3xx is a response).
std::unique_ptr<HttpClient> make_curl_http_client(CurlClientOptions options = {});

}  // namespace boostburn
