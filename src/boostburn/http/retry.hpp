// Retries for HTTP calls (S3, STS, credential endpoints, Slack): a bounded
// number of attempts, exponential backoff with full jitter, Retry-After
// honoured. What is worth retrying is the caller's classifier (e.g.
// aws/retry_policy.hpp's classify_aws_result).
//
// send_with_retries() owns no state: the caller passes the client, a request
// builder (called once per attempt, so every attempt is freshly signed), a
// classifier that decides whether a result is final or worth another attempt,
// and hooks (sleep, random source, clock) that tests replace. It never throws
// and never sleeps after the last attempt. When every attempt was retryable,
// the result is an ErrorKind::service error whose message is the last
// attempt's reason followed by "(gave up after N attempts)".
//
// Delay before retry k (k = 0 for the first retry): a uniform random value in
// [0, min(max_delay, base_delay * 2^k)]. When the response carries
// `Retry-After` (delta-seconds or an HTTP date), that delay replaces the
// jittered one, capped by max_delay so that a server cannot stall a run for
// longer than the policy allows.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "boostburn/http/http_client.hpp"
#include "boostburn/util/result.hpp"

namespace boostburn {

struct RetryPolicy {
  int max_attempts = 5;  // values below 1 mean 1
  std::chrono::milliseconds base_delay{200};
  std::chrono::milliseconds max_delay{20'000};

  friend bool operator==(const RetryPolicy&, const RetryPolicy&) = default;
};

// What a classifier says about one attempt's result.
struct RetryDecision {
  bool retry = false;
  std::string
      reason;  // for a retry: why, e.g. "HTTP 503 SlowDown: Please reduce your request rate."

  static RetryDecision accept() { return {}; }
  static RetryDecision again(std::string why) { return {true, std::move(why)}; }
};

struct RetryHooks {
  // Waits; default std::this_thread::sleep_for.
  std::function<void(std::chrono::milliseconds)> sleep;
  // A uniform random integer in [0, bound]; default a per-thread mt19937_64.
  std::function<std::uint64_t(std::uint64_t bound)> random;
  // Epoch seconds, for Retry-After dates; default the system clock.
  std::function<std::int64_t()> now;
  // Told before each wait: the attempt that failed (1-based), why, and the delay.
  std::function<void(int attempt, const std::string& reason, std::chrono::milliseconds delay)>
      on_retry;
};

// 429 Too Many Requests and 500/502/503/504: worth another attempt for any
// well-behaved service.
bool is_transient_http_status(long status);

// The jittered delay before retry `retry_index` (0-based), given a random
// source returning values in [0, bound].
std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int retry_index,
                                        const std::function<std::uint64_t(std::uint64_t)>& random);

// Parses a Retry-After value: delta-seconds ("120") or an IMF-fixdate
// ("Wed, 21 Oct 2015 07:28:00 GMT", relative to `now`; a past date is 0).
// nullopt for anything else.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value, std::int64_t now);

Result<HttpResponse> send_with_retries(
    HttpClient& client, const std::function<Result<HttpRequest>()>& build_request,
    const RetryPolicy& policy,
    const std::function<RetryDecision(const Result<HttpResponse>&)>& classify,
    RetryHooks hooks = {});

}  // namespace boostburn
