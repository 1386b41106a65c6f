// The Slack output end to end: the real binary posting to a real loopback
// webhook server that answers like Slack (ok, 429 + Retry-After, 5xx, 4xx
// errors, a hang past the timeout) and checks every payload against Block
// Kit's rules.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/block_kit.hpp"
#include "support/slack_server.hpp"
#include "support/workspace.hpp"

namespace boostburn {
namespace {

using testing::ProcessResult;
using testing::SlackReply;
using testing::SlackServer;
using ::testing::HasSubstr;
using ::testing::Not;

// A day with a priced model and one without a price.
class SlackWorkspace : public testing::Workspace {
 public:
  SlackWorkspace() {
    std::string unpriced = testing::log_record("r2", "2026-11-30T11:00:00Z", 500, 50);
    const std::string from = "anthropic.claude-3-haiku-20240307-v1:0";
    unpriced.replace(unpriced.find(from), from.size(), "acme.mystery-model-v9:0");
    add_object("2026/11/30/10/a.json",
               testing::log_record("r1", "2026-11-30T10:00:00Z", 1'000'000, 100'000) + unpriced);
  }

  [[nodiscard]] ProcessResult run_posting(const SlackServer& slack,
                                          std::vector<std::string> extra = {}) const {
    extra.insert(extra.end(), {"--csv", "daily.csv"});
    return run_with_env({{"SLACK_WEBHOOK_URL", slack.url()}}, std::move(extra));
  }
};

nlohmann::json payload(const SlackServer& slack, std::size_t index = 0) {
  return nlohmann::json::parse(slack.requests().at(index).body);
}

void expect_no_secret(const SlackServer& slack, const ProcessResult& result,
                      const testing::Workspace& ws) {
  EXPECT_THAT(result.out, Not(HasSubstr(slack.secret())));
  EXPECT_THAT(result.err, Not(HasSubstr(slack.secret())));
  for (const auto& entry : std::filesystem::recursive_directory_iterator(ws.dir().path())) {
    if (entry.is_regular_file()) {
      EXPECT_THAT(testing::slurp(entry.path()), Not(HasSubstr(slack.secret())))
          << entry.path();
    }
  }
}

TEST(Slack, RateLimitedOnceThenPostedWithTheDateCostAndUnpricedWarning) {
  SlackWorkspace ws;
  SlackServer slack({SlackReply::rate_limited("1")});
  const ProcessResult result = ws.run_posting(slack);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  ASSERT_EQ(slack.requests().size(), 2U);
  EXPECT_THAT(result.err, HasSubstr("HTTP 429"));
  EXPECT_THAT(result.err, HasSubstr("slack: posted to webhook ..."));

  const nlohmann::json message = payload(slack, 1);
  EXPECT_TRUE(testing::block_kit_violations(message).empty());
  EXPECT_EQ(slack.requests()[1].status, 200);
  ASSERT_TRUE(message.contains("blocks"));
  const std::string text = message.at("text");
  EXPECT_THAT(text, HasSubstr("2026-11-30"));
  // 1M input x $0.25 + 100k output x $1.25 per 1M tokens.
  EXPECT_THAT(text, HasSubstr("$0.38"));
  EXPECT_THAT(text, HasSubstr("UNPRICED MODELS DETECTED"));
  EXPECT_THAT(text, HasSubstr("acme.mystery-model-v9"));
  EXPECT_THAT(message.dump(), HasSubstr("pricing.yaml"));  // the file to edit
  EXPECT_THAT(result.out, HasSubstr("$0.38"));             // same formatting as the text report
  expect_no_secret(slack, result, ws);
}

TEST(Slack, TheRetryWaitsForRetryAfter) {
  SlackWorkspace ws;
  SlackServer slack({SlackReply::rate_limited("1")});
  ASSERT_EQ(ws.run_posting(slack).exit_code, 0);
  const auto requests = slack.requests();
  ASSERT_EQ(requests.size(), 2U);
  EXPECT_GE(requests[1].at - requests[0].at, std::chrono::milliseconds(950));
}

TEST(Slack, InvalidPayloadFailsAfterTheSnapshotAndCsvAreWritten) {
  SlackWorkspace ws;
  SlackServer slack({SlackReply::error(400, "invalid_payload")});
  const ProcessResult result = ws.run_posting(slack);
  EXPECT_EQ(result.exit_code, 4) << result.err;
  EXPECT_THAT(result.err, HasSubstr("invalid_payload"));
  EXPECT_THAT(result.err, HasSubstr("run again to post"));
  EXPECT_EQ(slack.requests().size(), 1U);  // a 4xx is not retried
  EXPECT_THAT(ws.snapshot(), HasSubstr("report_date: \"2026-11-30\""));
  EXPECT_THAT(testing::slurp(ws.dir() / "daily.csv"), HasSubstr("2026-11-30"));
  EXPECT_THAT(result.out, HasSubstr("TOTALS"));  // the report was still printed
  expect_no_secret(slack, result, ws);

  // The re-run posts, and counts nothing twice.
  const std::string first = ws.snapshot();
  const ProcessResult again = ws.run_posting(slack);
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(slack.requests().size(), 2U);
  EXPECT_THAT(ws.snapshot(), HasSubstr("input_tokens: 1000500"));
}

TEST(Slack, SlackErrorsNameTheProblem) {
  for (const auto& [status, error] : std::vector<std::pair<int, std::string>>{
           {404, "no_service"}, {404, "channel_not_found"}, {410, "channel_is_archived"}}) {
    SlackWorkspace ws;
    SlackServer slack({SlackReply::error(status, error)});
    const ProcessResult result = ws.run_posting(slack);
    EXPECT_EQ(result.exit_code, 4) << error;
    EXPECT_THAT(result.err, HasSubstr(error));
    expect_no_secret(slack, result, ws);
  }
}

TEST(Slack, ServerErrorsAreRetriedUntilSlackAnswersOk) {
  SlackWorkspace ws;
  SlackServer slack({SlackReply::error(500, "rollup_error"), SlackReply::error(503, "")});
  const ProcessResult result = ws.run_posting(slack);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(slack.requests().size(), 3U);
}

TEST(Slack, AHangPastTheTimeoutIsRetried) {
  SlackWorkspace ws;
  SlackServer slack({SlackReply::hang(std::chrono::seconds(30))});
  const auto started = std::chrono::steady_clock::now();
  const ProcessResult result = ws.run_posting(slack, {"--slack-timeout", "1"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(slack.requests().size(), 2U);
  EXPECT_THAT(result.err, HasSubstr("timed out"));
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
  expect_no_secret(slack, result, ws);
}

TEST(Slack, AnUnreachableWebhookFailsAfterRetriesWithoutShowingIt) {
  SlackWorkspace ws;
  std::string url;
  std::string secret;
  {
    const SlackServer gone;  // a port that was just closed
    url = gone.url();
    secret = gone.secret();
  }
  const ProcessResult result =
      ws.run_with_env({{"SLACK_WEBHOOK_URL", url}}, {"--csv", "daily.csv"});
  EXPECT_EQ(result.exit_code, 4);
  EXPECT_THAT(result.err, HasSubstr("gave up after 5 attempts"));
  EXPECT_THAT(result.err, Not(HasSubstr(secret)));
  EXPECT_THAT(ws.snapshot(), HasSubstr("2026-11-30"));
}

TEST(Slack, AWebhookThatCannotWorkStopsTheRunBeforeAnythingIsWritten) {
  SlackWorkspace ws;
  const std::string secret = "Xk2Lm9Qp4Rs7Tu1Vw3Yz5Ab";
  const ProcessResult result = ws.run_with_env(
      {{"SLACK_WEBHOOK_URL", "http://hooks.slack.com/services/T0/B0/" + secret}});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("https://"));
  EXPECT_THAT(result.err, Not(HasSubstr(secret)));
  EXPECT_FALSE(std::filesystem::exists(ws.dir() / "state"));
}

TEST(Slack, NoWebhookNoPost) {
  SlackWorkspace ws;
  SlackServer slack;
  const ProcessResult result = ws.run();
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.err, Not(HasSubstr("slack")));
  EXPECT_TRUE(slack.requests().empty());
}

TEST(Slack, ChannelAndUserNameOverridesAreSent) {
  SlackWorkspace ws;
  SlackServer slack;
  const ProcessResult result =
      ws.run_with_env({{"SLACK_WEBHOOK_URL", slack.url()},
                       {"SLACK_CHANNEL", "#finops"},
                       {"SLACK_USERNAME", "Bedrock costs"}});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const nlohmann::json message = payload(slack);
  EXPECT_EQ(message.at("channel"), "#finops");
  EXPECT_EQ(message.at("username"), "Bedrock costs");
  EXPECT_TRUE(testing::block_kit_violations(message).empty());
}

TEST(Slack, ComparesWithThePreviousDayWhenItsSnapshotExists) {
  SlackWorkspace ws;
  ws.add_object("2026/11/29/10/a.json",
                testing::log_record("p1", "2026-11-29T10:00:00Z", 500'000, 50'000));
  const ProcessResult before = testing::run_process(
      {testing::k_binary, "--config", "regions.yaml", "--pricing", "pricing.yaml", "--state-dir",
       "state", "--report-date", "2026-11-29"},
      {{"BOOSTBURN_NOW", "2026-12-02T00:00:00Z"}}, ws.dir().path());
  ASSERT_EQ(before.exit_code, 0) << before.err;
  SlackServer slack;
  ASSERT_EQ(ws.run_posting(slack).exit_code, 0);
  const std::string blocks = payload(slack).at("blocks").dump();
  // $0.375 against $0.1875 yesterday: +100.0 %; 1,100,550 tokens against 550,000.
  EXPECT_THAT(blocks, HasSubstr("Cost vs 2026-11-29"));
  EXPECT_THAT(blocks, HasSubstr("(+100.0%)"));
  EXPECT_THAT(blocks, HasSubstr("+550,550 (+100.1%)"));
}

TEST(Slack, TestSlackPostsATestMessage) {
  testing::Workspace ws;
  SlackServer slack;
  const ProcessResult result =
      ws.run_with_env({{"SLACK_WEBHOOK_URL", slack.url()}}, {"--test-slack"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  ASSERT_EQ(slack.requests().size(), 1U);
  const nlohmann::json message = payload(slack);
  EXPECT_TRUE(testing::block_kit_violations(message).empty());
  EXPECT_THAT(message.at("text").get<std::string>(), HasSubstr("test message"));
  EXPECT_THAT(result.err, HasSubstr("slack: posted"));
  EXPECT_FALSE(std::filesystem::exists(ws.dir() / "state"));  // nothing else happened
  expect_no_secret(slack, result, ws);
}

TEST(Slack, TestSlackReportsSlacksAnswer) {
  testing::Workspace ws;
  SlackServer slack({SlackReply::error(404, "no_service")});
  const ProcessResult result =
      ws.run_with_env({{"SLACK_WEBHOOK_URL", slack.url()}}, {"--test-slack"});
  EXPECT_EQ(result.exit_code, 4);
  EXPECT_THAT(result.err, HasSubstr("no_service"));
  EXPECT_THAT(result.err, Not(HasSubstr(slack.secret())));
}

TEST(Slack, TestSlackWithoutAWebhookIsAUsageError) {
  testing::Workspace ws;
  const ProcessResult result = ws.run_with_env({{"SLACK_WEBHOOK_URL", ""}}, {"--test-slack"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("SLACK_WEBHOOK_URL"));
}

TEST(Slack, FinishingYesterdayFirstStillPostsOneMessage) {
  testing::Workspace ws;
  ws.add_object("2026/12/01/00/a.json",
                testing::log_record("r1", "2026-12-01T00:10:00Z", 10, 1));
  SlackServer slack;
  const std::vector<std::string> argv{testing::k_binary,   "--config",    "regions.yaml",
                                      "--pricing",         "pricing.yaml", "--state-dir",
                                      "state"};
  const ProcessResult result = testing::run_process(
      argv, {{"BOOSTBURN_NOW", "2026-12-01T01:00:00Z"}, {"SLACK_WEBHOOK_URL", slack.url()}},
      ws.dir().path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.err, HasSubstr("finishing 2026-11-30 first"));
  ASSERT_EQ(slack.requests().size(), 1U);
  EXPECT_THAT(payload(slack).at("text").get<std::string>(), HasSubstr("2026-12-01"));
}

}  // namespace
}  // namespace boostburn
