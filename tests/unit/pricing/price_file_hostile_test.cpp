// A hostile price file is a configuration error, quickly, never a crash.
#include <chrono>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "boostburn/pricing/price_table.hpp"
#include "support/hostile_text.hpp"

namespace boostburn {
namespace {

using ::testing::HasSubstr;

TEST(PriceFileHostile, HostileYamlIsAConfigError) {
  for (const auto& [name, text] : testing::hostile_yaml()) {
    const auto started = std::chrono::steady_clock::now();
    auto prices = load_price_text(text, "pricing.yaml");
    ASSERT_FALSE(prices) << name;
    EXPECT_EQ(prices.error().kind, ErrorKind::config) << name;
    EXPECT_THAT(prices.error().message, HasSubstr("pricing.yaml")) << name;
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5)) << name;
  }
  EXPECT_THAT(load_price_text(testing::repeated("{a: ", 1000), "pricing.yaml").error().message,
              HasSubstr("nests more than 100 levels deep (line 1); not a price file"));
}

TEST(PriceFileHostile, AnAliasBombFailsFast) {
  auto prices = load_price_text(
      "schema_version: 2\nunit: per_1m_tokens\n" + testing::yaml_alias_bomb({"rates"}),
      "pricing.yaml");
  ASSERT_FALSE(prices);
  EXPECT_EQ(prices.error().kind, ErrorKind::config);
  EXPECT_THAT(prices.error().message, HasSubstr("aliases that copy more than 64 MiB"));
}

TEST(PriceFileHostile, AliasesThatShareRatesStillWork) {
  auto prices = load_price_text(
      "schema_version: 2\nunit: per_1m_tokens\nrates:\n"
      "  model-a:\n    default: &same {input: 1, output: 2}\n"
      "  model-b:\n    default: *same\n",
      "pricing.yaml");
  ASSERT_TRUE(prices) << prices.error().message;
}

}  // namespace
}  // namespace boostburn
