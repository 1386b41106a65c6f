#include "boostburn/workflow/scan_plan.hpp"

#include <gtest/gtest.h>

#include "boostburn/util/time.hpp"

namespace boostburn {
namespace {

std::chrono::sys_days day(const char* text) { return *parse_date(text); }
std::int64_t at(const char* text) { return *parse_rfc3339(text); }

TEST(ScanPlan, PastDayCoversTheDayAndTheLatenessWindow) {
  const ScanPlan plan = plan_scan_hours(day("2026-11-30"), 3, std::nullopt, 6,
                                        at("2026-12-04T00:00:00Z"));
  ASSERT_EQ(plan.hours.size(), 27U);
  EXPECT_EQ(plan.hours.front(), 0);
  EXPECT_EQ(plan.hours.back(), 26);
  EXPECT_EQ(plan.last_hour_begun, 26);
}

TEST(ScanPlan, HoursThatHaveNotBegunAreListedButNotRecordedAsProcessed) {
  const ScanPlan plan = plan_scan_hours(day("2026-11-30"), 3, std::nullopt, 6,
                                        at("2026-11-30T14:30:00Z"));
  EXPECT_EQ(plan.hours.size(), 27U);
  EXPECT_EQ(plan.last_hour_begun, 14);
  const ScanPlan future = plan_scan_hours(day("2026-12-30"), 3, std::nullopt, 6,
                                          at("2026-11-30T14:30:00Z"));
  EXPECT_EQ(future.hours.size(), 27U);
  EXPECT_FALSE(future.last_hour_begun);
}

TEST(ScanPlan, ManifestStartsTheScanLookbackHoursBeforeTheLastProcessedHour) {
  const ScanPlan plan = plan_scan_hours(day("2026-11-30"), 3, 14, 6, at("2026-12-04T00:00:00Z"));
  ASSERT_EQ(plan.hours.front(), 8);
  EXPECT_EQ(plan.hours.back(), 26);
  const ScanPlan early = plan_scan_hours(day("2026-11-30"), 3, 2, 6, at("2026-12-04T00:00:00Z"));
  EXPECT_EQ(early.hours.front(), 0);
}

TEST(ScanPlan, HourPrefixCrossesIntoTheNextDay) {
  EXPECT_EQ(hour_prefix("L/", day("2026-11-30"), 0), "L/2026/11/30/00/");
  EXPECT_EQ(hour_prefix("L/", day("2026-11-30"), 23), "L/2026/11/30/23/");
  EXPECT_EQ(hour_prefix("L/", day("2026-12-31"), 26), "L/2027/01/01/02/");
}

}  // namespace
}  // namespace boostburn
