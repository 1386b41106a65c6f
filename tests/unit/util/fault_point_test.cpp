#include "boostburn/util/fault_point.hpp"

#include <csignal>
#include <cstdlib>

#include <gtest/gtest.h>

namespace boostburn {
namespace {

// fault_point() reads BOOSTBURN_TEST_KILL_AT once per process, and other
// tests in this binary pass fault points too (atomic writes): each case runs
// in a freshly exec'ed child ("threadsafe" death tests re-run the binary).
class FaultPoint : public ::testing::Test {
 protected:
  void SetUp() override { GTEST_FLAG_SET(death_test_style, "threadsafe"); }
  void TearDown() override { ::unsetenv("BOOSTBURN_TEST_KILL_AT"); }
};

void pass(const char* point, int times) {
  for (int i = 0; i < times; ++i) {
    fault_point(point);
  }
}

TEST_F(FaultPoint, KillsTheProcessAtTheNamedPoint) {
  ::setenv("BOOSTBURN_TEST_KILL_AT", "after:write_snapshot", 1);
  EXPECT_EXIT(pass("after:write_snapshot", 1), ::testing::KilledBySignal(SIGKILL), "");
}

TEST_F(FaultPoint, CountsPassesWithAtN) {
  ::setenv("BOOSTBURN_TEST_KILL_AT", "atomic-write:renamed@3", 1);
  EXPECT_EXIT((pass("atomic-write:renamed", 2), std::exit(0)), ::testing::ExitedWithCode(0), "");
  EXPECT_EXIT(pass("atomic-write:renamed", 3), ::testing::KilledBySignal(SIGKILL), "");
}

TEST_F(FaultPoint, OtherPointsAndNoVariableDoNothing) {
  ::setenv("BOOSTBURN_TEST_KILL_AT", "before:write_snapshot", 1);
  EXPECT_EXIT((pass("after:write_snapshot", 5), std::exit(0)), ::testing::ExitedWithCode(0), "");
  ::unsetenv("BOOSTBURN_TEST_KILL_AT");
  EXPECT_EXIT((pass("after:write_snapshot", 5), std::exit(0)), ::testing::ExitedWithCode(0), "");
}

}  // namespace
}  // namespace boostburn
