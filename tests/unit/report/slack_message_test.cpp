#include "boostburn/report/slack_message.hpp"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "report_fixtures.hpp"
#include "support/block_kit.hpp"

namespace boostburn {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using namespace report_test;

const ReportContext k_context{"config/pricing.yaml", "USD"};

nlohmann::json render(const Snapshot& snapshot, const PricedMetrics& priced,
                      const std::optional<DayTotals>& previous = std::nullopt,
                      const std::vector<std::string>& errors = {},
                      const slack::Destination& destination = {}) {
  const SlackReport report{k_context, snapshot, priced, errors, previous};
  return nlohmann::json::parse(render_slack_message(report, destination));
}

nlohmann::json sample_message(const std::optional<DayTotals>& previous = std::nullopt) {
  const Snapshot s = sample_snapshot();
  PricedMetrics priced = flat_price(s.usage, sample_rates());
  priced.cache_savings = Money::parse("0.5").value();
  return render(s, priced, previous);
}

// Every mrkdwn and plain text of the message, joined.
std::string all_text(const nlohmann::json& message) {
  std::string out = message.at("text").get<std::string>() + "\n";
  for (const auto& block : message.at("blocks")) {
    if (block.contains("text")) {
      out += block["text"]["text"].get<std::string>() + "\n";
    }
    for (const char* list : {"fields", "elements"}) {
      if (block.contains(list)) {
        for (const auto& item : block[list]) {
          out += item["text"].get<std::string>() + "\n";
        }
      }
    }
  }
  return out;
}

TEST(SlackMessage, IsValidBlockKitWithAFallbackText) {
  const nlohmann::json message = sample_message();
  EXPECT_THAT(testing::block_kit_violations(message), IsEmpty());
  EXPECT_EQ(message["blocks"][0]["type"], "header");
  EXPECT_EQ(message["blocks"][0]["text"]["text"], "Bedrock usage 2026-11-30 (UTC)");
  const std::string text = message.at("text");
  EXPECT_THAT(text, HasSubstr("2026-11-30"));
  EXPECT_THAT(text, HasSubstr("$2.10"));  // as in the text report
  EXPECT_THAT(text, HasSubstr("UNPRICED MODELS DETECTED: mystery.model-v9."));
  EXPECT_THAT(text, HasSubstr("3 data warnings"));
  EXPECT_FALSE(message.contains("channel"));
  EXPECT_FALSE(message.contains("username"));
}

TEST(SlackMessage, TotalsShowEveryTokenTypeAndWhatCachingSaved) {
  const std::string text = all_text(sample_message());
  EXPECT_THAT(text, HasSubstr("*Cost*\n$2.10 + 1 unpriced model"));
  EXPECT_THAT(text, HasSubstr("*Total tokens*\n383,169"));
  EXPECT_THAT(text, HasSubstr("*Requests*\n7"));
  EXPECT_THAT(text, HasSubstr("*Input / output tokens*\n251,256 / 1,793"));
  EXPECT_THAT(text, HasSubstr("*Cache read / write tokens*\n129,709 / 411"));
  EXPECT_THAT(text, HasSubstr("*Caching saved*\n$0.50 against uncached input"));
}

TEST(SlackMessage, ANegativeSavingSaysCachingCostExtra) {
  const Snapshot s = sample_snapshot();
  PricedMetrics priced = flat_price(s.usage, sample_rates());
  priced.cache_savings = Money::parse("-0.0042").value();
  EXPECT_THAT(all_text(render(s, priced)),
              HasSubstr("*Caching cost extra*\n$0.0042 against uncached input"));
}

TEST(SlackMessage, ComparesWithThePreviousDay) {
  PricedCounters before;
  before.cost = Money::parse("1.05").value();
  before.counters.input_tokens = 400'000;
  const std::string text = all_text(sample_message(DayTotals{"2026-11-29", before}));
  EXPECT_THAT(text, HasSubstr("*Cost vs 2026-11-29*\n+$1.05 (+100.4%)"));
  EXPECT_THAT(text, HasSubstr("*Tokens vs 2026-11-29*\n-16,831 (-4.2%)"));

  before.cost = Money();
  EXPECT_THAT(all_text(sample_message(DayTotals{"2026-11-29", before})), HasSubstr("(new)"));
  before.cost = Money::parse("0.1").value();
  EXPECT_THAT(all_text(sample_message(DayTotals{"2026-11-29", before})),
              HasSubstr("+$2.00 (21.0x)"));
  EXPECT_THAT(all_text(sample_message()), Not(HasSubstr(" vs ")));
}

TEST(SlackMessage, TopListsAreOrderedByCost) {
  const std::string text = all_text(sample_message());
  const auto opus = text.find("1. `us.anthropic.claude-opus-4-5-20251101-v1`  $2.10");
  const auto haiku = text.find("2. `anthropic.claude-3-haiku-20240307-v1`  $0.00017");
  ASSERT_NE(opus, std::string::npos) << text;
  ASSERT_NE(haiku, std::string::npos) << text;
  EXPECT_LT(opus, haiku);
  EXPECT_THAT(text, HasSubstr("*Top identities*\n1. `arn:aws:iam::111122223333:user/alice`"));
  EXPECT_THAT(text, HasSubstr("*Regions*\n1. `us-east-1`"));
}

TEST(SlackMessage, WarningsNameModelsThePriceFileAndRecords) {
  const std::string text = all_text(sample_message());
  EXPECT_THAT(text, HasSubstr("UNPRICED MODELS DETECTED"));
  EXPECT_THAT(text, HasSubstr("• `mystery.model-v9` (1 request, 15 tokens)"));
  EXPECT_THAT(text, HasSubstr("add each of them to `config/pricing.yaml`"));
  EXPECT_THAT(text, HasSubstr(":rotating_light: *UNPRICED MODELS DETECTED*"));
  EXPECT_THAT(text, HasSubstr(
                        "*1 record without token counts* (each counted as 1 request with 0 tokens)"));
  EXPECT_THAT(text, HasSubstr("/2026/11/30/09/b.json.gz:3` request `0f9c-1`"));
  EXPECT_THAT(text, HasSubstr("*1 malformed record* (not valid JSON objects, not counted)"));
  EXPECT_THAT(text, HasSubstr("/2026/11/30/07/a.json.gz:7` (not a JSON object)"));
  EXPECT_THAT(text, HasSubstr("*1 corrupt object* (could not be read, not counted)"));
  // In the text report's order.
  EXPECT_LT(text.find("malformed record"), text.find("record without token counts"));
}

TEST(SlackMessage, VerificationErrorsAreShown) {
  const Snapshot s = sample_snapshot();
  const nlohmann::json message =
      render(s, flat_price(s.usage, sample_rates()), std::nullopt, {"by_region: 7 != 6"});
  EXPECT_THAT(all_text(message), HasSubstr("*Verification errors*\n• by_region: 7 != 6"));
  EXPECT_THAT(message.at("text").get<std::string>(), HasSubstr("VERIFICATION FAILED"));
}

TEST(SlackMessage, AnEmptyDaySaysSo) {
  Snapshot s;
  s.report_date = "2026-11-30";
  const nlohmann::json message = render(s, PricedMetrics{});
  EXPECT_THAT(testing::block_kit_violations(message), IsEmpty());
  EXPECT_THAT(all_text(message), HasSubstr("No Bedrock usage recorded for this date."));
  EXPECT_THAT(message.at("text").get<std::string>(), HasSubstr("$0.00"));
}

TEST(SlackMessage, DestinationOverridesAreSent) {
  const Snapshot s = sample_snapshot();
  const nlohmann::json message =
      render(s, flat_price(s.usage, sample_rates()), std::nullopt, {}, {"#finops", "Costs"});
  EXPECT_EQ(message.at("channel"), "#finops");
  EXPECT_EQ(message.at("username"), "Costs");
}

TEST(SlackMessage, NamesFromTheLogsCannotFormatOrMention) {
  Snapshot s;
  s.report_date = "2026-11-30";
  s.usage.add({"us-east-1", "<!channel> *bold* `tick` & <http://x|y>", "m", false},
              Counters{1, 10, 0, 0, 0, 0});
  const std::string text = all_text(render(s, flat_price(s.usage, {{"m", 1}})));
  EXPECT_THAT(text, HasSubstr("`&lt;!channel&gt; *bold* 'tick' &amp; &lt;http://x|y&gt;`"));
  EXPECT_THAT(text, Not(HasSubstr("<!channel>")));
}

// A hostile day: thousands of models and identities with long names, and
// thousands of unpriced models: still one valid message, lists cut with
// "...and N more".
TEST(SlackMessage, StaysInsideSlacksLimitsWhateverTheDay) {
  Snapshot s;
  s.report_date = "2026-11-30";
  PricedMetrics priced;
  for (int i = 0; i < 3000; ++i) {
    const std::string name = "model-" + std::to_string(i) + std::string(400, 'x');
    s.usage.add({"r" + std::to_string(i), "id-" + std::to_string(i) + std::string(300, 'y'),
                 name, false},
                Counters{1, 10, 0, 0, 0, 0});
    priced.unpriced_models.push_back(name);
  }
  for (int line = 1; line <= 2000; ++line) {
    s.warnings.malformed_records.add({"us-east-1", std::string(2000, 'k'),
                                      static_cast<std::uint64_t>(line), "", std::string(900, 'd')});
  }
  const PricedMetrics flat = flat_price(s.usage, {});
  priced.totals = flat.totals;
  priced.by_model = flat.by_model;
  priced.by_identity = flat.by_identity;
  priced.by_region = flat.by_region;
  const nlohmann::json message = render(s, priced);
  EXPECT_THAT(testing::block_kit_violations(message), IsEmpty());
  const std::string text = all_text(message);
  EXPECT_THAT(text, HasSubstr("...and 2,995 more models"));
  EXPECT_THAT(text, HasSubstr("...and 2,995 more identities"));
  EXPECT_THAT(text, HasSubstr("...and 2,995 more regions"));
  EXPECT_THAT(text, HasSubstr("more models"));  // the unpriced list, cut by size
  EXPECT_THAT(text, HasSubstr("Action required"));  // the advice is never cut
  EXPECT_THAT(text, HasSubstr("...and 1,995 more (see the snapshot)"));
}

TEST(SlackMessage, TheTestMessageIsValid) {
  const nlohmann::json message = nlohmann::json::parse(
      render_slack_test_message("2026-12-04T10:00:00Z", {"#finops", ""}));
  EXPECT_THAT(testing::block_kit_violations(message), IsEmpty());
  EXPECT_EQ(message.at("channel"), "#finops");
  EXPECT_THAT(message.at("text").get<std::string>(), HasSubstr("test message"));
}

TEST(SlackJoinLines, CutsWholeLinesAndCountsWhatIsLeftOut) {
  const std::vector<std::string> lines{"title", "aaaa", "bbbb", "cccc"};
  EXPECT_EQ(slack::join_lines(lines, 100, "rows"), "title\naaaa\nbbbb\ncccc");
  EXPECT_EQ(slack::join_lines(lines, 100, "rows", 7), "title\naaaa\nbbbb\ncccc\n...and 7 more rows");
  const std::string cut = slack::join_lines(lines, 30, "rows");
  EXPECT_EQ(cut, "title\naaaa\n...and 2 more rows");
  EXPECT_LE(utf8_length(cut), 30U);
}

TEST(SlackEscape, EscapesTheThreeEntitiesAndControls) {
  EXPECT_EQ(slack::escape("a<b>&c\x1b"), "a&lt;b&gt;&amp;c?");
  EXPECT_EQ(slack::code("x`y"), "`x'y`");
}

}  // namespace
}  // namespace boostburn
