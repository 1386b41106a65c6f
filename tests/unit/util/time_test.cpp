#include "boostburn/util/time.hpp"

#include <chrono>

#include <gtest/gtest.h>

namespace boostburn {
namespace {

using namespace std::chrono;
using namespace std::chrono_literals;

std::int64_t epoch_of(sys_days day, seconds time_of_day = 0s) {
  return (day + time_of_day).time_since_epoch().count();
}

TEST(ParseRfc3339, ReadsUtcTimestampsAsBedrockWritesThem) {
  EXPECT_EQ(parse_rfc3339("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_rfc3339("2026-04-19T13:28:51Z"), epoch_of(2026y / April / 19, 13h + 28min + 51s));
}

TEST(ParseRfc3339, IgnoresFractionalSecondsOfAnyLength) {
  const auto whole = parse_rfc3339("2026-04-19T23:59:59Z");
  ASSERT_TRUE(whole);
  EXPECT_EQ(parse_rfc3339("2026-04-19T23:59:59.9Z"), whole);
  EXPECT_EQ(parse_rfc3339("2026-04-19T23:59:59.123Z"), whole);
  EXPECT_EQ(parse_rfc3339("2026-04-19T23:59:59.999999999999Z"), whole);
}

TEST(ParseRfc3339, AppliesOffsetsSoTheInstantIsUtc) {
  EXPECT_EQ(parse_rfc3339("2026-04-19T23:30:00-02:00"), parse_rfc3339("2026-04-20T01:30:00Z"));
  EXPECT_EQ(parse_rfc3339("2026-04-20T01:30:00+05:30"), parse_rfc3339("2026-04-19T20:00:00Z"));
  EXPECT_EQ(parse_rfc3339("2026-04-19T12:00:00+00:00"), parse_rfc3339("2026-04-19T12:00:00Z"));
  EXPECT_EQ(parse_rfc3339("2026-04-19T12:00:00-00:00"), parse_rfc3339("2026-04-19T12:00:00Z"));
  EXPECT_EQ(parse_rfc3339("2026-04-19T12:00:00.5+01:00"), parse_rfc3339("2026-04-19T11:00:00Z"));
}

TEST(ParseRfc3339, AcceptsLowercaseSeparatorAndZone) {
  EXPECT_EQ(parse_rfc3339("2026-04-19t13:28:51z"), parse_rfc3339("2026-04-19T13:28:51Z"));
}

TEST(ParseRfc3339, HandlesLeapDaysLeapSecondsAndDatesBefore1970) {
  EXPECT_EQ(parse_rfc3339("2024-02-29T00:00:00Z"), epoch_of(2024y / February / 29));
  EXPECT_EQ(parse_rfc3339("1969-12-31T23:59:59Z"), -1);
  // A leap second stays in the day it names.
  EXPECT_EQ(parse_rfc3339("2016-12-31T23:59:60Z"), parse_rfc3339("2016-12-31T23:59:59Z"));
}

TEST(ParseRfc3339, RejectsJunkAndOutOfRangeFields) {
  for (const char* bad : {
           "",
           "2026-04-19",
           "2026-04-19T13:28:51",    // no zone
           "2026-04-19T13:28Z",      // no seconds
           "2026-04-19 13:28:51Z",   // space separator
           " 2026-04-19T13:28:51Z",  // leading space
           "2026-04-19T13:28:51Z ",  // trailing space
           "2026-04-19T13:28:51Zjunk",
           "2026-4-19T13:28:51Z",        // unpadded month
           "2026-13-01T00:00:00Z",       // month 13
           "2026-00-10T00:00:00Z",       // month 0
           "2026-02-30T00:00:00Z",       // no such day
           "2023-02-29T00:00:00Z",       // not a leap year
           "2026-04-19T24:00:00Z",       // hour 24
           "2026-04-19T13:60:00Z",       // minute 60
           "2026-04-19T13:28:61Z",       // second 61
           "2026-04-19T13:28:51.Z",      // empty fraction
           "2026-04-19T13:28:51,5Z",     // comma fraction
           "2026-04-19T13:28:51+24:00",  // offset hour 24
           "2026-04-19T13:28:51+05:60",  // offset minute 60
           "2026-04-19T13:28:51+0530",   // offset without colon
           "2026-04-19T13:28:51+05",     // offset without minutes
           "2026-04-19T1a:28:51Z",
           "+2026-04-19T13:28:51Z",
       }) {
    EXPECT_EQ(parse_rfc3339(bad), std::nullopt) << "accepted: '" << bad << "'";
  }
}

TEST(FormatRfc3339, WritesUtcWithoutFraction) {
  EXPECT_EQ(format_rfc3339(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_rfc3339(-1), "1969-12-31T23:59:59Z");
  EXPECT_EQ(format_rfc3339(*parse_rfc3339("2026-04-19T13:28:51.75+02:00")), "2026-04-19T11:28:51Z");
}

TEST(UtcDayOf, FloorsToTheDayIncludingBeforeTheEpoch) {
  EXPECT_EQ(utc_day_of(0), sys_days{1970y / January / 1});
  EXPECT_EQ(utc_day_of(86399), sys_days{1970y / January / 1});
  EXPECT_EQ(utc_day_of(86400), sys_days{1970y / January / 2});
  EXPECT_EQ(utc_day_of(-1), sys_days{1969y / December / 31});
  EXPECT_EQ(utc_day_of(-86400), sys_days{1969y / December / 31});
  EXPECT_EQ(utc_day_of(-86401), sys_days{1969y / December / 30});
}

TEST(ParseDate, ReadsReportDates) {
  const auto date = parse_date("2026-04-19");
  ASSERT_TRUE(date) << date.error().message;
  EXPECT_EQ(*date, sys_days{2026y / April / 19});
}

TEST(ParseDate, RejectsOtherFormsWithAUsageErrorNamingTheFormat) {
  for (const char* bad : {"", "2026-04-19T00:00:00Z", "20260419", "2026-4-19", "2026-02-30",
                          "2026-04-19 ", "yesterday"}) {
    const auto date = parse_date(bad);
    ASSERT_FALSE(date) << "accepted: '" << bad << "'";
    EXPECT_EQ(date.error().kind, ErrorKind::usage);
    EXPECT_NE(date.error().message.find("YYYY-MM-DD"), std::string::npos) << date.error().message;
    EXPECT_NE(date.error().message.find(bad), std::string::npos) << date.error().message;
  }
}

TEST(FormatDate, WritesIsoDates) {
  EXPECT_EQ(format_date(sys_days{2026y / April / 9}), "2026-04-09");
  EXPECT_EQ(format_date(*parse_date("1999-12-31")), "1999-12-31");
}

TEST(HourPath, WritesTheLogKeyHourFolder) {
  const sys_days day{2026y / April / 9};
  EXPECT_EQ(hour_path(day, 0), "2026/04/09/00");
  EXPECT_EQ(hour_path(day, 7), "2026/04/09/07");
  EXPECT_EQ(hour_path(day, 23), "2026/04/09/23");
}

TEST(HourPath, TakesHoursOutsideTheDayRelativeToIt) {
  EXPECT_EQ(hour_path(sys_days{2025y / December / 31}, 25), "2026/01/01/01");
  EXPECT_EQ(hour_path(sys_days{2026y / January / 1}, -1), "2025/12/31/23");
  EXPECT_EQ(hour_path(sys_days{2026y / January / 1}, -24), "2025/12/31/00");
  EXPECT_EQ(hour_path(sys_days{2026y / January / 1}, -25), "2025/12/30/23");
  EXPECT_EQ(hour_path(sys_days{2026y / January / 1}, 48), "2026/01/03/00");
}

}  // namespace
}  // namespace boostburn
