#include "boostburn/aws/retry_policy.hpp"

#include <deque>

#include <gtest/gtest.h>

#include "support/fake_http.hpp"

namespace boostburn {
namespace {

using std::chrono::milliseconds;

using ScriptedClient = testing::FakeHttp;

HttpResponse response(long status, std::string body = {}, HttpHeaders headers = {}) {
  return HttpResponse{status, std::move(headers), std::move(body)};
}

Result<HttpResponse> transport_error() {
  return fail(ErrorKind::service, "GET http://127.0.0.1:1/b/k: Connection reset by peer");
}

std::string s3_error(std::string_view code, std::string_view message = "m") {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + std::string(code) +
         "</Code><Message>" + std::string(message) + "</Message></Error>";
}

struct Recorder {
  std::vector<milliseconds> sleeps;
  int builds = 0;

  RetryHooks hooks(std::uint64_t fraction_num = 1, std::uint64_t fraction_den = 1) {
    RetryHooks h;
    h.sleep = [this](milliseconds d) { sleeps.push_back(d); };
    // Deterministic "random": a fixed fraction of the bound.
    h.random = [fraction_num, fraction_den](std::uint64_t bound) {
      return bound * fraction_num / fraction_den;
    };
    h.now = [] { return std::int64_t{1'445'412'480}; };  // Wed, 21 Oct 2015 07:28:00 GMT
    return h;
  }
  std::function<Result<HttpRequest>()> builder() {
    return [this]() -> Result<HttpRequest> {
      ++builds;
      HttpRequest request;
      request.url = "http://127.0.0.1/b/k";
      request.headers.emplace_back("x-attempt", std::to_string(builds));
      return request;
    };
  }
};

TEST(RetryPolicy, ReturnsTheFirstSuccessWithoutSleeping) {
  ScriptedClient client({response(200, "ok")});
  Recorder rec;
  auto result =
      send_with_retries(client, rec.builder(), RetryPolicy{}, classify_aws_result, rec.hooks());
  ASSERT_TRUE(result);
  EXPECT_EQ(result->body, "ok");
  EXPECT_TRUE(rec.sleeps.empty());
  EXPECT_EQ(client.requests.size(), 1U);
}

TEST(RetryPolicy, Retries503ThenSucceedsAndRebuildsTheRequestEachAttempt) {
  ScriptedClient client({response(503), transport_error(), response(200, "ok")});
  Recorder rec;
  auto result =
      send_with_retries(client, rec.builder(), RetryPolicy{}, classify_aws_result, rec.hooks());
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->body, "ok");
  ASSERT_EQ(client.requests.size(), 3U);
  EXPECT_EQ(rec.builds, 3);
  EXPECT_EQ(client.requests[2].headers.back().second, "3");  // freshly built (re-signed)
  ASSERT_EQ(rec.sleeps.size(), 2U);
}

TEST(RetryPolicy, FullJitterDoublesTheCapUpToMaxDelay) {
  ScriptedClient client(
      {response(500), response(502), response(504), response(429), response(503)});
  Recorder rec;
  RetryPolicy policy{5, milliseconds(100), milliseconds(500)};
  auto result = send_with_retries(client, rec.builder(), policy, classify_aws_result, rec.hooks());
  ASSERT_FALSE(result);
  // The random source returns its bound: the cap for each retry.
  EXPECT_EQ(rec.sleeps, (std::vector<milliseconds>{milliseconds(100), milliseconds(200),
                                                   milliseconds(400), milliseconds(500)}));
}

TEST(RetryPolicy, JitterDrawsBelowTheCap) {
  const RetryPolicy policy{5, milliseconds(200), milliseconds(20'000)};
  EXPECT_EQ(backoff_delay(policy, 0, [](std::uint64_t) { return 0; }), milliseconds(0));
  EXPECT_EQ(backoff_delay(policy, 3, [](std::uint64_t b) { return b / 2; }), milliseconds(800));
  // A huge retry index neither overflows nor exceeds max_delay.
  EXPECT_EQ(backoff_delay(policy, 200, [](std::uint64_t b) { return b; }), milliseconds(20'000));
  // A random source that misbehaves is clamped.
  EXPECT_EQ(backoff_delay(policy, 0, [](std::uint64_t) { return 1'000'000; }), milliseconds(200));
}

TEST(RetryPolicy, DefaultRandomStaysWithinTheCap) {
  const RetryPolicy policy{5, milliseconds(10), milliseconds(1'000)};
  for (int i = 0; i < 200; ++i) {
    const auto d = backoff_delay(policy, 2, nullptr);
    EXPECT_LE(d, milliseconds(40));
    EXPECT_GE(d, milliseconds(0));
  }
}

TEST(RetryPolicy, GivesUpAfterMaxAttemptsAndSaysHowMany) {
  ScriptedClient client({response(503, s3_error("SlowDown", "Please reduce your request rate.")),
                         response(503, s3_error("SlowDown", "Please reduce your request rate.")),
                         response(503, s3_error("SlowDown", "Please reduce your request rate."))});
  Recorder rec;
  RetryPolicy policy;
  policy.max_attempts = 3;
  auto result = send_with_retries(client, rec.builder(), policy, classify_aws_result, rec.hooks());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::service);
  EXPECT_EQ(result.error().message,
            "HTTP 503 SlowDown: Please reduce your request rate. (gave up after 3 attempts)");
  EXPECT_EQ(client.requests.size(), 3U);
  EXPECT_EQ(rec.sleeps.size(), 2U);  // never sleeps after the last attempt
}

TEST(RetryPolicy, TransportFailuresAreRetriedAndReported) {
  ScriptedClient client({transport_error(), transport_error()});
  Recorder rec;
  RetryPolicy policy;
  policy.max_attempts = 2;
  auto result = send_with_retries(client, rec.builder(), policy, classify_aws_result, rec.hooks());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message,
            "GET http://127.0.0.1:1/b/k: Connection reset by peer (gave up after 2 attempts)");
}

TEST(RetryPolicy, OneAttemptPolicyNeverRetries) {
  ScriptedClient client({response(503), response(200)});
  Recorder rec;
  RetryPolicy policy;
  policy.max_attempts = 0;  // treated as 1
  auto result = send_with_retries(client, rec.builder(), policy, classify_aws_result, rec.hooks());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message, "HTTP 503 (gave up after 1 attempt)");
  EXPECT_TRUE(rec.sleeps.empty());
}

TEST(RetryPolicy, ClientErrorsAreReturnedAtOnce) {
  for (const long status : {400L, 401L, 403L, 404L, 409L, 412L}) {
    ScriptedClient client({response(status, s3_error("AccessDenied")), response(200)});
    Recorder rec;
    auto result =
        send_with_retries(client, rec.builder(), RetryPolicy{}, classify_aws_result, rec.hooks());
    ASSERT_TRUE(result) << status;
    EXPECT_EQ(result->status, status);
    EXPECT_EQ(client.requests.size(), 1U) << status;
    EXPECT_TRUE(rec.sleeps.empty());
  }
}

TEST(RetryPolicy, ThrottlingCodesIn4xxBodiesAreRetried) {
  for (const char* code : {"SlowDown", "RequestTimeout", "ThrottlingException", "Throttling"}) {
    ScriptedClient client({response(400, s3_error(code)), response(200, "ok")});
    Recorder rec;
    auto result =
        send_with_retries(client, rec.builder(), RetryPolicy{}, classify_aws_result, rec.hooks());
    ASSERT_TRUE(result) << code;
    EXPECT_EQ(result->body, "ok") << code;
  }
}

TEST(RetryPolicy, ThrottlingInTheErrorTypeHeaderIsRetried) {
  const auto throttled = response(
      400, "{}", {{"x-amzn-ErrorType", "ThrottlingException:http://internal.amazon.com/"}});
  EXPECT_TRUE(classify_aws_result(throttled).retry);
  EXPECT_FALSE(
      classify_aws_result(response(400, "{}", {{"x-amzn-ErrorType", "ValidationException"}}))
          .retry);
}

TEST(RetryPolicy, NonTransportErrorsAreFinal) {
  EXPECT_FALSE(classify_aws_result(fail(ErrorKind::usage, "bad URL")).retry);
  EXPECT_FALSE(classify_aws_result(response(200)).retry);
  EXPECT_FALSE(classify_aws_result(response(304)).retry);
  EXPECT_FALSE(
      classify_aws_result(response(501)).retry);  // not implemented: retrying will not help
}

TEST(RetryPolicy, ABuildFailureStopsWithoutSending) {
  ScriptedClient client({response(200)});
  Recorder rec;
  auto result = send_with_retries(
      client, []() -> Result<HttpRequest> { return fail(ErrorKind::config, "no credentials"); },
      RetryPolicy{}, classify_aws_result, rec.hooks());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::config);
  EXPECT_TRUE(client.requests.empty());
}

TEST(RetryPolicy, RetryAfterSecondsReplacesTheJitteredDelay) {
  ScriptedClient client({response(503, "", {{"Retry-After", "3"}}), response(200)});
  Recorder rec;
  auto result =
      send_with_retries(client, rec.builder(), RetryPolicy{}, classify_aws_result, rec.hooks(0, 1));
  ASSERT_TRUE(result);
  EXPECT_EQ(rec.sleeps, std::vector<milliseconds>{milliseconds(3'000)});
}

TEST(RetryPolicy, RetryAfterIsCappedByMaxDelay) {
  ScriptedClient client({response(429, "", {{"retry-after", "3600"}}), response(200)});
  Recorder rec;
  RetryPolicy policy;
  policy.max_delay = milliseconds(5'000);
  ASSERT_TRUE(send_with_retries(client, rec.builder(), policy, classify_aws_result, rec.hooks()));
  EXPECT_EQ(rec.sleeps, std::vector<milliseconds>{milliseconds(5'000)});
}

TEST(RetryPolicy, RetryAfterHttpDateIsRelativeToTheClock) {
  ScriptedClient client(
      {response(503, "", {{"Retry-After", "Wed, 21 Oct 2015 07:28:07 GMT"}}), response(200)});
  Recorder rec;
  ASSERT_TRUE(
      send_with_retries(client, rec.builder(), RetryPolicy{}, classify_aws_result, rec.hooks()));
  EXPECT_EQ(rec.sleeps, std::vector<milliseconds>{milliseconds(7'000)});
}

TEST(RetryPolicy, ParsesRetryAfterForms) {
  const std::int64_t now = 1'445'412'480;  // Wed, 21 Oct 2015 07:28:00 GMT
  EXPECT_EQ(parse_retry_after("0", now), std::chrono::seconds(0));
  EXPECT_EQ(parse_retry_after(" 120 ", now), std::chrono::seconds(120));
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:29:00 GMT", now), std::chrono::seconds(60));
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now), std::chrono::seconds(0));
  EXPECT_EQ(parse_retry_after("", now), std::nullopt);
  EXPECT_EQ(parse_retry_after("-5", now), std::nullopt);
  EXPECT_EQ(parse_retry_after("1.5", now), std::nullopt);
  EXPECT_EQ(parse_retry_after("soon", now), std::nullopt);
  EXPECT_EQ(parse_retry_after("Wed, 31 Feb 2015 07:29:00 GMT", now), std::nullopt);
  EXPECT_EQ(parse_retry_after("Wed, 21 Foo 2015 07:29:00 GMT", now), std::nullopt);
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 25:29:00 GMT", now), std::nullopt);
}

TEST(RetryPolicy, UnparseableRetryAfterFallsBackToBackoff) {
  ScriptedClient client({response(503, "", {{"Retry-After", "later"}}), response(200)});
  Recorder rec;
  ASSERT_TRUE(
      send_with_retries(client, rec.builder(), RetryPolicy{}, classify_aws_result, rec.hooks()));
  EXPECT_EQ(rec.sleeps, std::vector<milliseconds>{milliseconds(200)});
}

TEST(RetryPolicy, OnRetryHookSeesAttemptReasonAndDelay) {
  ScriptedClient client(
      {response(500, s3_error("InternalError", "We encountered an internal error.")),
       response(200)});
  Recorder rec;
  auto hooks = rec.hooks();
  std::vector<std::string> seen;
  hooks.on_retry = [&seen](int attempt, const std::string& reason, milliseconds delay) {
    seen.push_back(std::to_string(attempt) + "|" + reason + "|" + std::to_string(delay.count()));
  };
  ASSERT_TRUE(send_with_retries(client, rec.builder(), RetryPolicy{}, classify_aws_result, hooks));
  EXPECT_EQ(seen, std::vector<std::string>{
                      "1|HTTP 500 InternalError: We encountered an internal error.|200"});
}

TEST(RetryPolicy, ACustomClassifierCanRetryASuccessfulResponse) {
  // e.g. a body whose checksum does not match: retried, never returned.
  ScriptedClient client({response(200, "corrupt"), response(200, "good")});
  Recorder rec;
  auto classify = [](const Result<HttpResponse>& r) {
    return r && r->body == "corrupt" ? RetryDecision::again("body MD5 mismatch")
                                     : RetryDecision::accept();
  };
  auto result = send_with_retries(client, rec.builder(), RetryPolicy{}, classify, rec.hooks());
  ASSERT_TRUE(result);
  EXPECT_EQ(result->body, "good");
}

}  // namespace
}  // namespace boostburn
