#include "boostburn/http/retry.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <limits>
#include <random>
#include <thread>

#include <fmt/format.h>

namespace boostburn {

namespace {

using std::chrono::milliseconds;

std::optional<int> parse_int(std::string_view text) {
  int value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc{} || ptr != end) {
    return std::nullopt;
  }
  return value;
}

// "Wed, 21 Oct 2015 07:28:00 GMT" (IMF-fixdate) as epoch seconds.
std::optional<std::int64_t> parse_imf_fixdate(std::string_view text) {
  constexpr std::array<std::string_view, 12> k_months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  // Fixed layout: "Www, DD Mmm YYYY HH:MM:SS GMT" is 29 characters.
  if (text.size() != 29 || text.substr(3, 2) != ", " || text[7] != ' ' || text[11] != ' ' ||
      text[16] != ' ' || text[19] != ':' || text[22] != ':' || text.substr(25) != " GMT") {
    return std::nullopt;
  }
  const auto month_it = std::find(k_months.begin(), k_months.end(), text.substr(8, 3));
  const auto day = parse_int(text.substr(5, 2));
  const auto year = parse_int(text.substr(12, 4));
  const auto hour = parse_int(text.substr(17, 2));
  const auto minute = parse_int(text.substr(20, 2));
  const auto second = parse_int(text.substr(23, 2));
  if (month_it == k_months.end() || !day || !year || !hour || !minute || !second || *hour > 23 ||
      *minute > 59 || *second > 60) {
    return std::nullopt;
  }
  const auto month = static_cast<unsigned>(month_it - k_months.begin() + 1);
  const std::chrono::year_month_day date{std::chrono::year{*year}, std::chrono::month{month},
                                         std::chrono::day{static_cast<unsigned>(*day)}};
  if (!date.ok()) {
    return std::nullopt;
  }
  const auto days = std::chrono::sys_days{date}.time_since_epoch().count();
  return static_cast<std::int64_t>(days) * 86'400 + std::int64_t{*hour} * 3'600 +
         std::int64_t{*minute} * 60 + *second;
}

void default_sleep(milliseconds delay) {
  std::this_thread::sleep_for(delay);
}

std::uint64_t default_random(std::uint64_t bound) {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return std::uniform_int_distribution<std::uint64_t>(0, bound)(engine);
}

std::int64_t default_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

bool is_transient_http_status(long status) {
  return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

milliseconds backoff_delay(const RetryPolicy& policy, int retry_index,
                           const std::function<std::uint64_t(std::uint64_t)>& random) {
  const auto max = static_cast<std::uint64_t>(std::max<std::int64_t>(0, policy.max_delay.count()));
  std::uint64_t cap =
      static_cast<std::uint64_t>(std::max<std::int64_t>(0, policy.base_delay.count()));
  // Double without overflowing: stop as soon as the cap reaches max_delay.
  for (int i = 0; i < retry_index && cap < max; ++i) {
    cap = cap > max / 2 ? max : cap * 2;
  }
  cap = std::min(cap, max);
  const std::uint64_t drawn = random ? random(cap) : default_random(cap);
  return milliseconds(static_cast<std::int64_t>(std::min(drawn, cap)));
}

std::optional<std::chrono::seconds> parse_retry_after(std::string_view value, std::int64_t now) {
  while (!value.empty() && value.front() == ' ') {
    value.remove_prefix(1);
  }
  while (!value.empty() && value.back() == ' ') {
    value.remove_suffix(1);
  }
  if (!value.empty() &&
      std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    std::int64_t seconds = 0;
    const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (ec == std::errc::result_out_of_range) {
      return std::chrono::seconds(std::numeric_limits<std::int64_t>::max() / 1000);
    }
    return std::chrono::seconds(seconds);
  }
  if (const auto when = parse_imf_fixdate(value)) {
    return std::chrono::seconds(std::max<std::int64_t>(0, *when - now));
  }
  return std::nullopt;
}

Result<HttpResponse> send_with_retries(
    HttpClient& client, const std::function<Result<HttpRequest>()>& build_request,
    const RetryPolicy& policy,
    const std::function<RetryDecision(const Result<HttpResponse>&)>& classify, RetryHooks hooks) {
  if (!hooks.sleep) {
    hooks.sleep = default_sleep;
  }
  if (!hooks.random) {
    hooks.random = default_random;
  }
  if (!hooks.now) {
    hooks.now = default_now;
  }
  const int attempts = std::max(1, policy.max_attempts);
  std::string last_reason;
  for (int attempt = 1; attempt <= attempts; ++attempt) {
    auto request = build_request();
    if (!request) {
      return tl::unexpected(request.error());
    }
    Result<HttpResponse> result = client.send(*request);
    RetryDecision decision = classify(result);
    if (!decision.retry) {
      return result;
    }
    last_reason = std::move(decision.reason);
    if (attempt == attempts) {
      break;
    }
    milliseconds delay = backoff_delay(policy, attempt - 1, hooks.random);
    if (result) {
      if (const auto header = result->header("Retry-After")) {
        if (const auto wait = parse_retry_after(*header, hooks.now())) {
          delay = std::min<milliseconds>(std::chrono::duration_cast<milliseconds>(*wait),
                                         policy.max_delay);
        }
      }
    }
    if (hooks.on_retry) {
      hooks.on_retry(attempt, last_reason, delay);
    }
    hooks.sleep(delay);
  }
  return fail(ErrorKind::service, fmt::format("{} (gave up after {} attempt{})", last_reason,
                                              attempts, attempts == 1 ? "" : "s"));
}

}  // namespace boostburn
