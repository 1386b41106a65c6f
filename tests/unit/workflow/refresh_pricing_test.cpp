// refresh_pricing: the price file is read again before pricing only when it
// changed since load_config read it.
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "boostburn/workflow/burn_state.hpp"
#include "boostburn/workflow/deps.hpp"
#include "boostburn/workflow/nodes.hpp"
#include "support/temp_dir.hpp"

namespace boostburn {
namespace {

namespace fs = std::filesystem;
using boostburn::testing::TempDir;
using ::testing::HasSubstr;

std::string price_file(const std::string& input_rate) {
  return "schema_version: 2\nunit: per_1m_tokens\nrates:\n  amazon.nova-micro-v1:\n"
         "    default: {input: " +
         input_rate + ", output: 0.14}\n";
}

void write(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

class RefreshPricing : public ::testing::Test {
 protected:
  void SetUp() override {
    m_state.options.pricing_path = m_dir.path() / "pricing.yaml";
    write(m_state.options.pricing_path, price_file("0.035"));
    m_state.prices_stamp = file_stamp(m_state.options.pricing_path);
    auto prices = load_price_file(m_state.options.pricing_path);
    ASSERT_TRUE(prices) << prices.error().message;
    m_state.prices = std::make_unique<PriceTable>(std::move(*prices));
  }

  // The input rate the state prices nova-micro at, as text.
  std::string input_rate() const {
    const RateCard* rates = m_state.prices->rates_for("amazon.nova-micro-v1", "us-east-1");
    return rates != nullptr ? rates->standard.input.to_decimal_string() : "none";
  }

  TempDir m_dir;
  BurnState m_state;
  Deps m_deps;
};

TEST_F(RefreshPricing, AnUnchangedFileIsNotReadAgain) {
  // New text of the same size with the old modification time put back: the
  // stamp is unchanged, so the old prices stay, which proves no second read.
  const auto modified = fs::last_write_time(m_state.options.pricing_path);
  write(m_state.options.pricing_path, price_file("0.050"));
  fs::last_write_time(m_state.options.pricing_path, modified);
  const auto status = nodes::refresh_pricing(m_state, m_deps);
  ASSERT_TRUE(status) << status.error().message;
  EXPECT_EQ(input_rate(), "0.035");
}

TEST_F(RefreshPricing, AnEditMadeDuringTheRunIsPricedNow) {
  write(m_state.options.pricing_path, price_file("0.050"));
  fs::last_write_time(m_state.options.pricing_path,
                      fs::last_write_time(m_state.options.pricing_path) + std::chrono::seconds(1));
  const auto status = nodes::refresh_pricing(m_state, m_deps);
  ASSERT_TRUE(status) << status.error().message;
  EXPECT_EQ(input_rate(), "0.05");
  EXPECT_EQ(m_state.prices_stamp, file_stamp(m_state.options.pricing_path));
}

TEST_F(RefreshPricing, AFileBrokenDuringTheRunStopsIt) {
  write(m_state.options.pricing_path, "rates: [unclosed\n");
  const auto status = nodes::refresh_pricing(m_state, m_deps);
  ASSERT_FALSE(status);
  EXPECT_THAT(status.error().message, HasSubstr("pricing.yaml"));
}

}  // namespace
}  // namespace boostburn
