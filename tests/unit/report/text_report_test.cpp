#include "boostburn/report/text_report.hpp"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "report_fixtures.hpp"

namespace boostburn {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;
using namespace report_test;

const ReportContext k_context{"config/pricing.yaml", "USD"};

std::string sample_report(const std::vector<std::string>& errors = {}) {
  const Snapshot s = sample_snapshot();
  PricedMetrics priced = flat_price(s.usage, sample_rates());
  priced.partial_pricing_models = {"anthropic.claude-3-haiku-20240307-v1"};
  priced.not_token_priced_models = {"stability.sd3-large-v1"};
  return render_text_report(k_context, s, priced, errors);
}

TEST(TextReportTest, MatchesTheGoldenFile) {
  expect_golden("sample_report.txt", sample_report({"by_region: requests 7 != 6"}));
}

TEST(TextReportTest, StartsWithTheDateAndShowsTotals) {
  const std::string text = sample_report();
  EXPECT_THAT(text, StartsWith("Bedrock usage report for 2026-11-30 (UTC)\n"));
  EXPECT_THAT(text, HasSubstr("from 2 runs, account 111122223333"));
  EXPECT_THAT(text, HasSubstr("  Input tokens              251,256\n"));
  EXPECT_THAT(text, HasSubstr("  Cache read tokens         129,709\n"));
  EXPECT_THAT(text, HasSubstr("  Total tokens              383,169\n"));
  EXPECT_THAT(text, HasSubstr("  Cost                        $2.10\n"));
}

TEST(TextReportTest, BreakdownsAreSortedByCostThenName) {
  const std::string text = sample_report();
  const auto opus = text.find("\n  us.anthropic.claude-opus-4-5-20251101-v1 ");
  const auto haiku = text.find("\n  anthropic.claude-3-haiku-20240307-v1 ");
  const auto mystery = text.find("\n  mystery.model-v9 ");
  ASSERT_NE(opus, std::string::npos);
  EXPECT_LT(opus, haiku);     // $2.10 before $0.00017
  EXPECT_LT(haiku, mystery);  // $0.00017 before $0.00

  // Equal costs: by name.
  Snapshot s;
  s.report_date = "2026-11-30";
  s.usage.add({"us-east-1", "b-user", "m", false}, Counters{1, 10, 0, 0, 0, 0});
  s.usage.add({"us-east-1", "a-user", "m", false}, Counters{1, 10, 0, 0, 0, 0});
  const std::string tied = render_text_report(k_context, s, flat_price(s.usage, {{"m", 1}}), {});
  EXPECT_LT(tied.find("\n  a-user "), tied.find("\n  b-user "));
}

TEST(TextReportTest, NamesUnpricedModelsAndThePriceFile) {
  const std::string text = sample_report();
  EXPECT_THAT(text, HasSubstr("UNPRICED MODELS DETECTED\n"));
  EXPECT_THAT(text, HasSubstr("    - mystery.model-v9 (1 request, 15 tokens)\n"));
  EXPECT_THAT(text, HasSubstr("add each model id above to config/pricing.yaml"));
  EXPECT_THAT(text, HasSubstr("PARTIAL PRICING\n"));
  EXPECT_THAT(text,
              HasSubstr("    - anthropic.claude-3-haiku-20240307-v1 (2 requests, 684 tokens)\n"));
  EXPECT_THAT(text, HasSubstr("NOT TOKEN-PRICED MODELS\n"));
  EXPECT_THAT(text, HasSubstr("    - stability.sd3-large-v1\n"));
}

TEST(TextReportTest, ListsDataWarningsWithTheFirstFewRecords) {
  Snapshot s = sample_snapshot();
  for (int line = 1; line <= 8; ++line) {
    s.warnings.invalid_records.add(
        {"eu-west-1", "logs/x.json.gz", static_cast<std::uint64_t>(line), "", "no timestamp"});
  }
  const std::string text =
      render_text_report(k_context, s, flat_price(s.usage, sample_rates()), {});

  EXPECT_THAT(text, HasSubstr("DATA WARNINGS\n"));
  EXPECT_THAT(text, HasSubstr("  Invalid records (no usable timestamp), not counted: 8\n"));
  EXPECT_THAT(text, HasSubstr("    eu-west-1 logs/x.json.gz:5 (no timestamp)\n"));
  EXPECT_THAT(text, Not(HasSubstr("logs/x.json.gz:6")));
  EXPECT_THAT(text, HasSubstr("    ... and 3 more (see the snapshot's warnings)\n"));
  EXPECT_THAT(text, HasSubstr("/09/b.json.gz:3 request 0f9c-1\n"));
  EXPECT_THAT(text, HasSubstr("  Corrupt objects (could not be read), not counted: 1\n"));
}

TEST(TextReportTest, ListsVerificationErrorsAndWhatIsNotCovered) {
  const std::string text = sample_report({"by_region: requests 7 != 6"});
  EXPECT_THAT(text, HasSubstr("VERIFICATION ERRORS\n  - by_region: requests 7 != 6\n"));
  EXPECT_THAT(text, HasSubstr("NOT COVERED\n"));
  for (const char* gap : {"bedrock-mantle", "batch", "provisioned throughput", "credits"}) {
    EXPECT_THAT(text, HasSubstr(gap));
  }
}

TEST(TextReportTest, QuietDayHasNoTablesOrWarnings) {
  Snapshot s;
  s.report_date = "2026-11-30";
  s.generated_at = "2026-12-01T00:00:00Z";
  s.runs = 1;
  const std::string text = render_text_report(ReportContext{}, s, PricedMetrics{}, {});
  EXPECT_THAT(text, HasSubstr("No Bedrock usage recorded for this date.\n"));
  EXPECT_THAT(text, HasSubstr("prices from the price file (USD)"));
  for (const char* section : {"TOTALS", "BY REGION", "UNPRICED", "DATA WARNINGS", "VERIFICATION"}) {
    EXPECT_THAT(text, Not(HasSubstr(section)));
  }
}

TEST(TextReportTest, ControlCharactersFromTheLogsAreNotPrinted) {
  Snapshot s;
  s.report_date = "2026-11-30";
  s.usage.add({"us-east-1", "arn:evil\x1b[31mred\x07", "m", false}, Counters{1, 1, 1, 0, 0, 0});
  const std::string text = render_text_report(k_context, s, flat_price(s.usage, {{"m", 1}}), {});
  EXPECT_THAT(text, Not(HasSubstr("\x1b")));
  EXPECT_THAT(text, Not(HasSubstr("\x07")));
  EXPECT_THAT(text, HasSubstr("arn:evil?[31mred?"));
}

TEST(TextReportTest, OtherCurrenciesAreNamed) {
  const Snapshot s = sample_snapshot();
  const std::string text =
      render_text_report({"p.yaml", "EUR"}, s, flat_price(s.usage, sample_rates()), {});
  EXPECT_THAT(text, HasSubstr("  Cost                      2.10 EUR\n"));
  EXPECT_THAT(text, Not(HasSubstr("$")));
}

}  // namespace
}  // namespace boostburn
