// The text report as a terminal sees it: totals and breakdowns in boxes,
// everything else exactly as in the plain report.
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "boostburn/report/text_report.hpp"
#include "report_fixtures.hpp"

namespace boostburn {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using namespace report_test;

ReportContext context(TableStyle style) {
  ReportContext c{"config/pricing.yaml", "USD"};
  c.style = style;
  return c;
}

std::string sample_report(TableStyle style) {
  const Snapshot s = sample_snapshot();
  PricedMetrics priced = flat_price(s.usage, sample_rates());
  priced.partial_pricing_models = {"anthropic.claude-3-haiku-20240307-v1"};
  return render_text_report(context(style), s, priced, {"by_region: requests 7 != 6"});
}

// The text from `from` up to the next blank line.
std::string section(const std::string& text, const std::string& from) {
  const auto begin = text.find(from);
  if (begin == std::string::npos) {
    return {};
  }
  return text.substr(begin, text.find("\n\n", begin) - begin);
}

TEST(TextReportBoxedTest, MatchesTheGoldenFile) {
  expect_golden("sample_report_boxed.txt", sample_report(TableStyle::boxed));
}

TEST(TextReportBoxedTest, PlainIsTheDefault) {
  const Snapshot s = sample_snapshot();
  const PricedMetrics priced = flat_price(s.usage, sample_rates());
  EXPECT_EQ(render_text_report(ReportContext{"config/pricing.yaml", "USD"}, s, priced, {}),
            render_text_report(context(TableStyle::plain), s, priced, {}));
  EXPECT_THAT(render_text_report(context(TableStyle::plain), s, priced, {}), Not(HasSubstr("│")));
}

TEST(TextReportBoxedTest, TotalsAndEveryBreakdownAreBoxed) {
  const std::string text = sample_report(TableStyle::boxed);
  EXPECT_THAT(section(text, "TOTALS\n"), HasSubstr("\n  ┌"));
  EXPECT_THAT(section(text, "TOTALS\n"), HasSubstr("  │ Cost                     │   $2.10 │\n"));
  EXPECT_THAT(section(text, "TOTALS\n"), Not(HasSubstr("├")));  // no header row
  for (const char* title : {"BY REGION\n", "BY MODEL\n", "BY IDENTITY\n"}) {
    const std::string table = section(text, title);
    EXPECT_THAT(table, HasSubstr("┬")) << title;
    EXPECT_THAT(table, HasSubstr("├")) << title;  // header separated
    EXPECT_THAT(table, HasSubstr("┘")) << title;
  }
  EXPECT_THAT(section(text, "BY REGION\n"),
              HasSubstr("  │ Region    │ Requests │   Input │ Output │ Cache read │ Cache write "
                        "│ Total tokens │     Cost │\n"));
  EXPECT_THAT(section(text, "BY REGION\n"),
              HasSubstr("  │ us-west-2 │        3 │      56 │    643 │          0 │           0 "
                        "│          699 │ $0.00017 │\n"));
}

TEST(TextReportBoxedTest, OnlyTheTablesDiffer) {
  const std::string plain = sample_report(TableStyle::plain);
  const std::string boxed = sample_report(TableStyle::boxed);
  for (const char* title : {"Bedrock usage report", "UNPRICED MODELS DETECTED", "PARTIAL PRICING",
                            "DATA WARNINGS", "VERIFICATION ERRORS", "NOT COVERED"}) {
    EXPECT_EQ(section(boxed, title), section(plain, title)) << title;
    EXPECT_FALSE(section(boxed, title).empty()) << title;
  }
}

TEST(TextReportBoxedTest, NonAsciiIdentitiesKeepTheBoxAligned) {
  Snapshot s;
  s.report_date = "2026-11-30";
  s.usage.add({"us-east-1", "arn:aws:iam::1:user/jürgen", "m", false}, Counters{1, 10, 0, 0, 0, 0});
  s.usage.add({"us-east-1", "arn:aws:iam::1:user/bob", "m", false}, Counters{2, 10, 0, 0, 0, 0});
  const std::string table = section(
      render_text_report(context(TableStyle::boxed), s, flat_price(s.usage, {{"m", 1}}), {}),
      "BY IDENTITY\n");
  EXPECT_THAT(table, HasSubstr("  │ arn:aws:iam::1:user/jürgen │        1 │"));
  EXPECT_THAT(table, HasSubstr("  │ arn:aws:iam::1:user/bob    │        2 │"));
  EXPECT_THAT(table, HasSubstr("  │ Identity                   │ Requests │"));
}

TEST(TextReportBoxedTest, ControlCharactersAreStillReplaced) {
  Snapshot s;
  s.report_date = "2026-11-30";
  s.usage.add({"us-east-1", "arn:evil\x1b[31mred\x07", "m", false}, Counters{1, 1, 1, 0, 0, 0});
  const std::string text =
      render_text_report(context(TableStyle::boxed), s, flat_price(s.usage, {{"m", 1}}), {});
  EXPECT_THAT(text, Not(HasSubstr("\x1b")));
  EXPECT_THAT(text, Not(HasSubstr("\x07")));
  EXPECT_THAT(text, HasSubstr("│ arn:evil?[31mred? │"));
}

TEST(TextReportBoxedTest, QuietDayHasNoBoxes) {
  Snapshot s;
  s.report_date = "2026-11-30";
  const std::string text = render_text_report(context(TableStyle::boxed), s, PricedMetrics{}, {});
  EXPECT_THAT(text, HasSubstr("No Bedrock usage recorded for this date.\n"));
  EXPECT_THAT(text, Not(HasSubstr("┌")));
}

}  // namespace
}  // namespace boostburn
