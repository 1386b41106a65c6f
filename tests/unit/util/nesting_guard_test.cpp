#include "boostburn/util/nesting_guard.hpp"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace boostburn {
namespace {

using ::testing::HasSubstr;
using ::testing::Optional;

constexpr NestingLimits k_limits{1000, 10};

std::string repeat(std::string_view piece, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) {
    out += piece;
  }
  return out;
}

TEST(NestingGuard, OrdinaryYamlPasses) {
  EXPECT_EQ(yaml_nesting_problem("account_id: \"1\"\nregions:\n  us-east-1: file://b\n", k_limits),
            std::nullopt);
  EXPECT_EQ(yaml_nesting_problem("a: {b: [1, 2, {c: d}]}\n- - x\n", k_limits), std::nullopt);
  EXPECT_EQ(yaml_nesting_problem("", k_limits), std::nullopt);
}

TEST(NestingGuard, DeepFlowNestingIsRefusedWithItsLine) {
  const auto problem = yaml_nesting_problem("a: 1\nb: " + repeat("[", 500), k_limits);
  EXPECT_THAT(problem, Optional(HasSubstr("nests more than 10 levels deep (line 2)")));
  EXPECT_NE(yaml_nesting_problem(repeat("{a: ", 11) + repeat("}", 11), k_limits), std::nullopt);
  EXPECT_EQ(yaml_nesting_problem(repeat("[", 10) + repeat("]", 10), k_limits), std::nullopt);
}

TEST(NestingGuard, DeepBlockNestingIsRefused) {
  EXPECT_NE(yaml_nesting_problem(repeat("- ", 11) + "x\n", k_limits), std::nullopt);
  EXPECT_NE(yaml_nesting_problem(repeat(" ", 11) + "x: 1\n", k_limits), std::nullopt);
  std::string stairs;
  for (int i = 0; i < 12; ++i) {
    stairs += std::string(static_cast<std::size_t>(i), ' ') + "k:\n";
  }
  EXPECT_NE(yaml_nesting_problem(stairs, k_limits), std::nullopt);
}

TEST(NestingGuard, BracketsInQuotesAndCommentsDoNotCount) {
  const std::string text = "a: \"" + repeat("[", 50) + "\"\nb: '" + repeat("{", 50) +
                           "'' ['\nc: 1 # " + repeat("[", 50) + "\nd: x[1]\ne: \"\\\"[\"\n";
  EXPECT_EQ(yaml_nesting_problem(text, k_limits), std::nullopt);
  // A quote inside a plain scalar does not hide what follows.
  EXPECT_NE(yaml_nesting_problem("a: it's\n" + repeat("[", 20), k_limits), std::nullopt);
}

TEST(NestingGuard, SizeOverTheLimitIsRefused) {
  EXPECT_THAT(yaml_nesting_problem(std::string(1001, 'a'), k_limits),
              Optional(HasSubstr("is 1001 bytes, over the limit of 1000 bytes")));
  EXPECT_THAT(json_nesting_problem(std::string(1001, ' '), k_limits),
              Optional(HasSubstr("over the limit")));
}

TEST(NestingGuard, JsonDepthIsExact) {
  EXPECT_EQ(json_nesting_problem(repeat("[", 10) + repeat("]", 10), k_limits), std::nullopt);
  EXPECT_THAT(json_nesting_problem("{\n\"a\":" + repeat("[", 500), k_limits),
              Optional(HasSubstr("(line 2)")));
  EXPECT_EQ(json_nesting_problem(R"({"a": ")" + repeat("[", 50) + R"(\"[["})", k_limits),
            std::nullopt);
}

}  // namespace
}  // namespace boostburn
