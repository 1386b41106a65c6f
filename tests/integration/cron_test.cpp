// End-to-end: `boostburn` without --report-date, as an hourly cron job runs it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/workspace.hpp"

namespace boostburn {
namespace {

using ::testing::HasSubstr;
using testing::log_record;
using testing::ProcessResult;
using testing::Workspace;

ProcessResult run_for_today(const Workspace& ws, const std::string& now) {
  return testing::run_process({testing::k_binary, "--config", (ws.dir() / "regions.yaml").string(),
                               "--pricing", (ws.dir() / "pricing.yaml").string(), "--state-dir",
                               (ws.dir() / "state").string()},
                              {{"BOOSTBURN_NOW", now}}, ws.dir().path());
}

TEST(Cron, EarlyRunsFinishYesterdaysLateDeliveries) {
  Workspace ws;
  // 2026-11-30's last record, delivered into 2026-12-01's 00 folder, next to
  // a record of 2026-12-01 itself.
  ws.add_object("2026/11/30/23/a.json", log_record("r1", "2026-11-30T23:10:00Z", 100, 10));
  ws.add_object("2026/12/01/00/b.json", log_record("r2", "2026-11-30T23:59:59Z", 20, 2) +
                                            log_record("r3", "2026-12-01T00:00:01Z", 3, 0));
  const ProcessResult early = run_for_today(ws, "2026-12-01T01:30:00Z");
  ASSERT_EQ(early.exit_code, 0) << early.err;
  EXPECT_THAT(early.err, HasSubstr("finishing 2026-11-30 first"));
  EXPECT_THAT(testing::slurp(ws.dir() / "state/bedrock-usage-2026-11-30.yaml"),
              HasSubstr("input_tokens: 120"));
  EXPECT_THAT(testing::slurp(ws.dir() / "state/bedrock-usage-2026-12-01.yaml"),
              HasSubstr("input_tokens: 3"));
  EXPECT_THAT(early.out, HasSubstr("2026-11-30"));
  EXPECT_THAT(early.out, HasSubstr("2026-12-01"));

  // Later in the day only today is reported.
  const ProcessResult later = run_for_today(ws, "2026-12-01T09:00:00Z");
  ASSERT_EQ(later.exit_code, 0) << later.err;
  EXPECT_THAT(later.err, ::testing::Not(HasSubstr("finishing")));
  EXPECT_THAT(testing::slurp(ws.dir() / "state/bedrock-usage-2026-11-30.yaml"),
              HasSubstr("runs: 1"));
}

}  // namespace
}  // namespace boostburn
