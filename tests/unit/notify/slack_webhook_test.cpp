#include "boostburn/notify/slack_webhook.hpp"

#include <deque>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/fake_http.hpp"

namespace boostburn {
namespace {

using std::chrono::milliseconds;
using testing::FakeHttp;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view k_secret = "Zq81xT0pLmWc4RvB9sKd7nEy";
const std::string k_url = "https://hooks.slack.com/services/T0TEST/B0TEST/" + std::string(k_secret);

HttpResponse answer(long status, std::string body, HttpHeaders headers = {}) {
  return HttpResponse{status, std::move(headers), std::move(body)};
}

struct Delivery {
  std::vector<milliseconds> sleeps;
  std::vector<std::string> retries;

  RetryHooks hooks() {
    RetryHooks h;
    h.sleep = [this](milliseconds d) { sleeps.push_back(d); };
    h.random = [](std::uint64_t bound) { return bound; };
    h.now = [] { return std::int64_t{1'700'000'000}; };
    h.on_retry = [this](int, const std::string& reason, milliseconds) {
      retries.push_back(reason);
    };
    return h;
  }
};

Status post(FakeHttp& http, Delivery& delivery, std::string url = k_url) {
  SlackWebhookSettings settings;
  settings.url = std::move(url);
  settings.timeout = milliseconds(1234);
  return SlackWebhook(http, settings, delivery.hooks()).post(R"({"text":"hi"})");
}

TEST(SlackWebhook, PostsTheJsonPayloadOnceWithTheTimeout) {
  FakeHttp http(std::deque<Result<HttpResponse>>{answer(200, "ok")});
  Delivery delivery;
  ASSERT_TRUE(post(http, delivery));
  ASSERT_EQ(http.requests.size(), 1U);
  const HttpRequest& sent = http.requests[0];
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.url, k_url);
  EXPECT_EQ(sent.body, R"({"text":"hi"})");
  EXPECT_EQ(sent.timeout, milliseconds(1234));
  EXPECT_THAT(sent.headers, ::testing::Contains(std::pair<std::string, std::string>(
                                "Content-Type", "application/json; charset=utf-8")));
  EXPECT_THAT(sent.shown_url, Not(HasSubstr(std::string(k_secret))));
  EXPECT_TRUE(delivery.sleeps.empty());
}

TEST(SlackWebhook, RateLimitWaitsForRetryAfterThenSucceeds) {
  FakeHttp http(std::deque<Result<HttpResponse>>{
      answer(429, "rate_limited", {{"Retry-After", "3"}}), answer(200, "ok")});
  Delivery delivery;
  ASSERT_TRUE(post(http, delivery));
  EXPECT_EQ(http.requests.size(), 2U);
  EXPECT_EQ(delivery.sleeps, std::vector<milliseconds>{milliseconds(3000)});
  ASSERT_EQ(delivery.retries.size(), 1U);
  EXPECT_THAT(delivery.retries[0], HasSubstr("HTTP 429 rate_limited"));
  EXPECT_THAT(delivery.retries[0], HasSubstr("webhook ...7nEy"));
}

TEST(SlackWebhook, ServerErrorsAndDroppedConnectionsAreRetried) {
  FakeHttp http(std::deque<Result<HttpResponse>>{
      answer(500, "rollup_error"), fail(ErrorKind::service, "POST Slack webhook ...7nEy: reset"),
      answer(503, ""), answer(200, "ok")});
  Delivery delivery;
  ASSERT_TRUE(post(http, delivery));
  EXPECT_EQ(http.requests.size(), 4U);
  EXPECT_EQ(delivery.sleeps.size(), 3U);
}

TEST(SlackWebhook, GivesUpAfterTheLastAttemptNamingTheLastReason) {
  FakeHttp http(std::deque<Result<HttpResponse>>{answer(503, "service_unavailable")});
  Delivery delivery;
  const Status status = post(http, delivery);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().kind, ErrorKind::service);
  EXPECT_THAT(status.error().message, HasSubstr("HTTP 503 service_unavailable"));
  EXPECT_THAT(status.error().message, HasSubstr("gave up after 5 attempts"));
  EXPECT_EQ(http.requests.size(), 5U);
}

TEST(SlackWebhook, ClientErrorsFailAtOnceWithSlacksErrorAndAdvice) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"invalid_payload", "Boostburn bug"},
      {"no_service", "check SLACK_WEBHOOK_URL"},
      {"channel_not_found", "SLACK_CHANNEL"},
      {"channel_is_archived", "archived"},
      {"action_prohibited", "admin"},
  };
  for (const auto& [error, advice] : cases) {
    FakeHttp http(std::deque<Result<HttpResponse>>{answer(error == "no_service" ? 404 : 400, error)});
    Delivery delivery;
    const Status status = post(http, delivery);
    ASSERT_FALSE(status) << error;
    EXPECT_EQ(status.error().kind, ErrorKind::service);
    EXPECT_THAT(status.error().message, HasSubstr(error));
    EXPECT_THAT(status.error().message, HasSubstr(advice));
    EXPECT_THAT(status.error().message, HasSubstr("webhook ...7nEy"));
    EXPECT_EQ(http.requests.size(), 1U) << error;
  }
}

TEST(SlackWebhook, AnUnknown4xxStillFailsWithItsBody) {
  FakeHttp http(std::deque<Result<HttpResponse>>{answer(403, "some_new_error\n")});
  Delivery delivery;
  const Status status = post(http, delivery);
  ASSERT_FALSE(status);
  EXPECT_THAT(status.error().message, HasSubstr("HTTP 403 some_new_error"));
}

TEST(SlackWebhook, NeverShowsTheSecretEvenWhenTheAnswerEchoesIt) {
  FakeHttp http(std::deque<Result<HttpResponse>>{
      answer(400, "bad request to " + k_url + " token " + std::string(k_secret))});
  Delivery delivery;
  const Status status = post(http, delivery);
  ASSERT_FALSE(status);
  EXPECT_THAT(status.error().message, Not(HasSubstr(std::string(k_secret))));
  EXPECT_THAT(status.error().message, Not(HasSubstr("B0TEST")));
}

TEST(SlackWebhook, ControlCharactersAndLongAnswersAreTamed) {
  FakeHttp http(std::deque<Result<HttpResponse>>{answer(400, "\x1b[31mred\x1b[0m" + std::string(500, 'x'))});
  Delivery delivery;
  const Status status = post(http, delivery);
  ASSERT_FALSE(status);
  EXPECT_THAT(status.error().message, Not(HasSubstr("\x1b")));
  EXPECT_LT(status.error().message.size(), 400U);
  EXPECT_THAT(status.error().message, HasSubstr("..."));
}

TEST(SlackWebhookUrl, AcceptsHttpsAndLoopbackHttp) {
  EXPECT_TRUE(check_webhook_url(k_url));
  EXPECT_TRUE(check_webhook_url("http://127.0.0.1:8080/services/a/b/c"));
  EXPECT_TRUE(check_webhook_url("http://localhost/x"));
  EXPECT_TRUE(check_webhook_url("http://[::1]:9/x"));
}

TEST(SlackWebhookUrl, RefusesOtherUrlsWithoutShowingThem) {
  for (const std::string& url :
       {std::string("hooks.slack.com/services/") + std::string(k_secret),
        std::string("ftp://hooks.slack.com/") + std::string(k_secret),
        std::string("http://hooks.slack.com/services/") + std::string(k_secret),
        std::string("http://127.0.0.1.evil.example/") + std::string(k_secret),
        std::string("https://user:pw@hooks.slack.com/") + std::string(k_secret),
        std::string("https:///") + std::string(k_secret)}) {
    const Status status = check_webhook_url(url);
    ASSERT_FALSE(status) << url;
    EXPECT_EQ(status.error().kind, ErrorKind::usage);
    EXPECT_THAT(status.error().message, Not(HasSubstr(std::string(k_secret))));
  }
}

TEST(SlackWebhookUrl, DescribesAWebhookByItsLastFourCharacters) {
  EXPECT_EQ(describe_webhook(k_url), "webhook ...7nEy");
  EXPECT_EQ(describe_webhook("https://a/b"), "webhook ...");
}

TEST(SlackWebhook, ABadUrlIsRefusedBeforeAnyRequest) {
  FakeHttp http;
  Delivery delivery;
  const Status status = post(http, delivery, "http://example.com/services/x");
  ASSERT_FALSE(status);
  EXPECT_TRUE(http.requests.empty());
}

}  // namespace
}  // namespace boostburn
