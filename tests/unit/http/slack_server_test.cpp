// SlackServer (tests/support/slack_server.hpp), the Slack webhook stand-in,
// seen from a real HTTP client (cpp-httplib's) over loopback.
#include "support/slack_server.hpp"

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include "boostburn/http/http_client.hpp"

namespace boostburn::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::ElementsAre;
using ::testing::MatchesRegex;
using Clock = std::chrono::steady_clock;
using Answer = std::pair<int, std::string>;  // status, body

constexpr std::string_view k_good_payload =
    R"({"text":"Bedrock usage for 2026-11-30: $12.34",)"
    R"("blocks":[{"type":"section","text":{"type":"mrkdwn","text":"*Cost:* $12.34"}}]})";

// The webhook path of `server` ("/services/T0TEST/B0TEST/<secret>").
std::string webhook_path(const SlackServer& server) {
  const std::string url = server.url();
  return url.substr(url.find("/services/"));
}

httplib::Result post(const SlackServer& server, std::string_view body,
                     const std::optional<std::string>& path = std::nullopt) {
  httplib::Client client("127.0.0.1", server.port());
  client.set_read_timeout(5, 0);
  return client.Post(path.value_or(webhook_path(server)).c_str(), std::string(body),
                     "application/json");
}

std::vector<int> statuses(const SlackServer& server) {
  std::vector<int> answered;
  for (const auto& request : server.requests()) {
    answered.push_back(request.status);
  }
  return answered;
}

TEST(SlackServerTest, UrlLooksLikeAWebhookWithAFreshSecret) {
  const SlackServer first;
  const SlackServer second;
  EXPECT_THAT(first.url(), MatchesRegex(R"(http://127\.0\.0\.1:[0-9]+/services/T0TEST/B0TEST/)"
                                        R"([A-Za-z0-9]{24})"));
  EXPECT_THAT(first.secret(), MatchesRegex("[A-Za-z0-9]{24}"));
  EXPECT_EQ(first.url(), "http://127.0.0.1:" + std::to_string(first.port()) +
                             "/services/T0TEST/B0TEST/" + first.secret());
  EXPECT_NE(first.secret(), second.secret());
  EXPECT_NE(first.port(), second.port());
}

TEST(SlackServerTest, AnswersWithTheScriptInOrderThenWithTheFallback) {
  const SlackServer server(
      {SlackReply::error(500, "boom"), SlackReply::ok(), SlackReply::error(403, "invalid_token")},
      SlackReply::error(418, "teapot"));
  std::vector<Answer> answers;
  for (int i = 0; i < 5; ++i) {
    const auto result = post(server, k_good_payload);
    ASSERT_TRUE(result) << httplib::to_string(result.error());
    answers.emplace_back(result->status, result->body);
  }
  EXPECT_THAT(answers,
              ElementsAre(Answer{500, "boom"}, Answer{200, "ok"}, Answer{403, "invalid_token"},
                          Answer{418, "teapot"}, Answer{418, "teapot"}));
  EXPECT_THAT(statuses(server), ElementsAre(500, 200, 403, 418, 418));
}

TEST(SlackServerTest, RateLimitedReplyCarriesRetryAfter) {
  const SlackServer server({SlackReply::rate_limited("7")});
  const auto limited = post(server, k_good_payload);
  ASSERT_TRUE(limited);
  EXPECT_EQ(limited->status, 429);
  EXPECT_EQ(limited->get_header_value("Retry-After"), "7");
  EXPECT_EQ(limited->body, "rate_limited");

  const auto next = post(server, k_good_payload);  // the fallback: validated 200 "ok"
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
  EXPECT_FALSE(next->has_header("Retry-After"));
}

TEST(SlackServerTest, AHangOutlastsTheClientTimeoutAndTheDestructorStillReturnsPromptly) {
  auto server = std::make_unique<SlackServer>(std::vector{SlackReply::hang(30s)});
  httplib::Client client("127.0.0.1", server->port());
  client.set_read_timeout(0, 200'000);  // 200 ms

  const auto posted = Clock::now();
  const auto result =
      client.Post(webhook_path(*server).c_str(), std::string(k_good_payload), "application/json");
  const auto waited = Clock::now() - posted;
  ASSERT_FALSE(result) << "answered " << result->status;
  EXPECT_EQ(result.error(), httplib::Error::Read);
  EXPECT_GE(waited, 190ms);
  EXPECT_LT(waited, 2s);

  ASSERT_TRUE(server->wait_for_requests(1, 1s));
  EXPECT_THAT(statuses(*server), ElementsAre(0));  // recorded, still not answered

  const auto stopping = Clock::now();
  server.reset();
  EXPECT_LT(Clock::now() - stopping, 1s);
}

TEST(SlackServerTest, TheDestructorReturnsPromptlyWhileAClientStillWaits) {
  auto server = std::make_unique<SlackServer>(std::vector{SlackReply::hang(30s)});
  const int port = server->port();
  const std::string path = webhook_path(*server);
  std::atomic<bool> client_done{false};
  std::thread waiting_client([&] {
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(10, 0);
    (void)client.Post(path.c_str(), std::string(k_good_payload), "application/json");
    client_done = true;
  });
  ASSERT_TRUE(server->wait_for_requests(1, 2s));

  const auto stopping = Clock::now();
  server.reset();
  EXPECT_LT(Clock::now() - stopping, 1s);
  waiting_client.join();
  EXPECT_TRUE(client_done);
}

TEST(SlackServerTest, AShortDelayIsAnsweredAfterItPasses) {
  const SlackServer server({SlackReply::hang(300ms)});
  const auto posted = Clock::now();
  const auto result = post(server, k_good_payload);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->body, "ok");
  EXPECT_GE(Clock::now() - posted, 300ms);
}

TEST(SlackServerTest, WrongPathGets404NoServiceAndLeavesTheScriptAlone) {
  const SlackServer server({SlackReply::error(500, "first")});
  for (const std::string path :
       {"/services/T0TEST/B0TEST/wrongsecret0000000000000", "/", "/services/T0TEST/B0TEST"}) {
    const auto result = post(server, k_good_payload, path);
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 404) << path;
    EXPECT_EQ(result->body, "no_service") << path;
  }
  const auto right = post(server, k_good_payload);
  ASSERT_TRUE(right);
  EXPECT_EQ(right->status, 500);
  EXPECT_EQ(right->body, "first");
  EXPECT_THAT(statuses(server), ElementsAre(404, 404, 404, 500));
}

TEST(SlackServerTest, OtherMethodsGet405AndAreRecorded) {
  const SlackServer server;
  httplib::Client client("127.0.0.1", server.port());
  const std::string path = webhook_path(server);
  const auto got = client.Get(path.c_str());
  ASSERT_TRUE(got);
  EXPECT_EQ(got->status, 405);
  const auto put = client.Put(path.c_str(), std::string(k_good_payload), "application/json");
  ASSERT_TRUE(put);
  EXPECT_EQ(put->status, 405);

  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2U);
  EXPECT_EQ(requests[0].method, "GET");
  EXPECT_EQ(requests[1].method, "PUT");
  EXPECT_EQ(requests[1].body, k_good_payload);
}

TEST(SlackServerTest, ValidationRejectsABodyThatIsNotJson) {
  const SlackServer server;
  const auto result = post(server, "payload=%7B%22text%22%3A%22hi%22%7D");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 400);
  EXPECT_EQ(result->body, "invalid_payload");
}

TEST(SlackServerTest, ValidationRejectsBadBlocksAndSaysWhy) {
  const SlackServer server;
  const nlohmann::json payload = {
      {"text", "fallback"},
      {"blocks",
       {{{"type", "header"},
         {"text", {{"type", "plain_text"}, {"text", std::string(151, 'x')}}}}}}};
  const auto result = post(server, payload.dump());
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 400);
  EXPECT_EQ(result->body, "invalid_blocks");
  const std::string why = "blocks[0].text.text: 151 characters, limit 150";
  EXPECT_EQ(result->get_header_value("X-Block-Kit-Violations"), why);
  ASSERT_EQ(server.requests().size(), 1U);
  EXPECT_THAT(server.requests()[0].violations, ElementsAre(why));
  EXPECT_EQ(server.requests()[0].status, 400);
}

TEST(SlackServerTest, ValidationAcceptsAGoodPayload) {
  const SlackServer server;
  const auto result = post(server, k_good_payload);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->body, "ok");
  EXPECT_FALSE(result->has_header("X-Block-Kit-Violations"));
}

TEST(SlackServerTest, AReplyWithoutValidationAcceptsAnything) {
  const SlackServer server({SlackReply::ok()});
  const auto result = post(server, "not json at all");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_THAT(server.requests()[0].violations, ::testing::IsEmpty());
}

TEST(SlackServerTest, RecordsMethodPathContentTypeBodyAndArrival) {
  const SlackServer server;
  const auto before = Clock::now();
  ASSERT_TRUE(post(server, k_good_payload));
  const auto after = Clock::now();

  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1U);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].path, webhook_path(server));
  EXPECT_EQ(requests[0].content_type, "application/json");
  EXPECT_EQ(requests[0].body, k_good_payload);
  EXPECT_GE(requests[0].at, before);
  EXPECT_LE(requests[0].at, after);
  EXPECT_EQ(requests[0].status, 200);
}

// Boostburn's own libcurl client, with a body large enough that curl sends
// "Expect: 100-continue" first.
TEST(SlackServerTest, AnswersTheProjectsCurlClientWithALargeValidPayload) {
  const SlackServer server;
  nlohmann::json payload = {{"text", "Bedrock usage"}, {"blocks", nlohmann::json::array()}};
  for (int i = 0; i < 40; ++i) {
    payload["blocks"].push_back(
        {{"type", "section"},
         {"text", {{"type", "mrkdwn"}, {"text", "model " + std::string(1500, 'm')}}}});
  }
  HttpRequest request;
  request.method = "POST";
  request.url = server.url();
  request.headers = {{"Content-Type", "application/json"}};
  request.body = payload.dump();
  request.timeout = 5s;
  const auto response = make_curl_http_client()->send(request);
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "ok");
  ASSERT_EQ(server.requests().size(), 1U);
  EXPECT_EQ(server.requests()[0].body, request.body);
}

TEST(SlackServerTest, RecordsConcurrentRequestsAndWaitsForThem) {
  const SlackServer server({}, SlackReply::ok());
  EXPECT_FALSE(server.wait_for_requests(1, 50ms));

  constexpr std::size_t k_threads = 4;
  constexpr std::size_t k_posts = 5;
  std::vector<std::thread> clients;
  for (std::size_t t = 0; t < k_threads; ++t) {
    clients.emplace_back([&server, t] {
      for (std::size_t i = 0; i < k_posts; ++i) {
        (void)post(server, "post " + std::to_string(t) + "." + std::to_string(i));
      }
    });
  }
  EXPECT_TRUE(server.wait_for_requests(k_threads * k_posts, 5s));
  for (auto& client : clients) {
    client.join();
  }
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), k_threads * k_posts);
  std::set<std::string> bodies;
  for (const auto& request : requests) {
    bodies.insert(request.body);
  }
  EXPECT_EQ(bodies.size(), requests.size());
  EXPECT_THAT(bodies, ::testing::Contains("post 3.4"));
}

}  // namespace
}  // namespace boostburn::testing
