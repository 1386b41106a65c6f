#include <cstdlib>

#include <gtest/gtest.h>

#include "boostburn/cli/command_line.hpp"
#include "support/temp_dir.hpp"

namespace boostburn {
namespace {

TEST(Dotenv, FillsOnlyVariablesThatAreNotSet) {
  testing::TempDir dir;
  dir.write(".env",
            "# comment\nexport BB_TEST_A=from-file\nBB_TEST_B = \"quoted value\"\n"
            "BB_TEST_C=plain # trailing comment\n\nBB_TEST_D='single'\n");
  ::setenv("BB_TEST_A", "from-env", 1);
  ::unsetenv("BB_TEST_B");
  ::unsetenv("BB_TEST_C");
  ::unsetenv("BB_TEST_D");
  ASSERT_TRUE(load_dotenv(dir / ".env"));
  EXPECT_STREQ(std::getenv("BB_TEST_A"), "from-env");
  EXPECT_STREQ(std::getenv("BB_TEST_B"), "quoted value");
  EXPECT_STREQ(std::getenv("BB_TEST_C"), "plain");
  EXPECT_STREQ(std::getenv("BB_TEST_D"), "single");
}

TEST(Dotenv, MissingFileIsFine) { EXPECT_TRUE(load_dotenv("/nonexistent/.env")); }

TEST(Dotenv, MalformedLineNamesFileAndLineButNotTheContent) {
  testing::TempDir dir;
  dir.write(".env", "OK=1\nthis is secret-ish junk\n");
  auto result = load_dotenv(dir / ".env");
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find(".env:2"), std::string::npos);
  EXPECT_EQ(result.error().message.find("secret-ish"), std::string::npos);
}

}  // namespace
}  // namespace boostburn
