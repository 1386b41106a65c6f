// The shipped config/pricing.yaml against /work/shared/reference/pricing.md.
#include <array>
#include <fstream>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "boostburn/pricing/price_table.hpp"
#include "price_printers.hpp"

namespace boostburn {
namespace {

using ::testing::IsEmpty;
using ::testing::Not;

const PriceTable& shipped() {
  static const PriceTable table = [] {
    auto loaded = load_price_file(std::string(BOOSTBURN_SOURCE_DIR) + "/config/pricing.yaml");
    EXPECT_TRUE(loaded) << loaded.error().message;
    return loaded ? std::move(*loaded) : PriceTable();
  }();
  return table;
}

std::optional<PricePerMillion> rate(std::string_view text) {
  if (text == "-") {
    return std::nullopt;
  }
  return PricePerMillion::parse(text).value();
}

// The reference table: USD per 1M at the global (or single) price.
struct ClaudeModel {
  std::string base_id;
  std::string in, out, write_5m, write_1h, read;
  bool geo_premium;   // x1.1 outside global.
  bool long_context;  // Sonnet 4 and 4.5
};

const std::vector<ClaudeModel>& reference_models() {
  static const std::vector<ClaudeModel> models = {
      {"anthropic.claude-3-haiku-20240307-v1", "0.25", "1.25", "-", "-", "-", false, false},
      {"anthropic.claude-3-5-haiku-20241022-v1", "0.80", "4.00", "1.00", "-", "0.08", false, false},
      {"anthropic.claude-3-5-sonnet-20241022-v2", "3.00", "15.00", "3.75", "-", "0.30", false,
       false},
      {"anthropic.claude-3-7-sonnet-20250219-v1", "3.00", "15.00", "3.75", "-", "0.30", false,
       false},
      {"anthropic.claude-sonnet-4-20250514-v1", "3.00", "15.00", "3.75", "-", "0.30", false, true},
      {"anthropic.claude-sonnet-4-5-20250929-v1", "3.00", "15.00", "3.75", "6.00", "0.30", true,
       true},
      {"anthropic.claude-sonnet-4-6", "3.00", "15.00", "3.75", "6.00", "0.30", true, false},
      {"anthropic.claude-opus-4-20250514-v1", "15.00", "75.00", "18.75", "-", "1.50", false, false},
      {"anthropic.claude-opus-4-1-20250805-v1", "15.00", "75.00", "18.75", "-", "1.50", false,
       false},
      {"anthropic.claude-opus-4-5-20251101-v1", "5.00", "25.00", "6.25", "10.00", "0.50", true,
       false},
      {"anthropic.claude-opus-4-6-v1", "5.00", "25.00", "6.25", "10.00", "0.50", true, false},
      {"anthropic.claude-haiku-4-5-20251001-v1", "1.00", "5.00", "1.25", "2.00", "0.10", true,
       false},
      // Newer ids (to be verified), same scope rule.
      {"anthropic.claude-opus-4-7", "5.00", "25.00", "6.25", "10.00", "0.50", true, false},
      {"anthropic.claude-opus-4-8", "5.00", "25.00", "6.25", "10.00", "0.50", true, false},
      {"anthropic.claude-sonnet-5", "2.00", "10.00", "2.50", "4.00", "0.20", true, false},
  };
  return models;
}

constexpr std::array<std::string_view, 6> k_geo_scopes = {"", "us.", "eu.", "apac.", "jp.", "au."};

// x 1.1 exactly; fails the test if the result is not a whole number of nano-dollars.
std::optional<PricePerMillion> plus_ten_percent(std::optional<PricePerMillion> price) {
  if (!price) {
    return std::nullopt;
  }
  EXPECT_EQ(price->nano() * 11 % 10, 0) << price->to_decimal_string();
  return PricePerMillion::from_nano(price->nano() * 11 / 10);
}

TokenRates scaled(const TokenRates& rates, bool premium) {
  if (!premium) {
    return rates;
  }
  return TokenRates{*plus_ten_percent(rates.input), *plus_ten_percent(rates.output),
                    plus_ten_percent(rates.cache_read), plus_ten_percent(rates.cache_write),
                    plus_ten_percent(rates.cache_write_1h)};
}

TokenRates standard_of(const ClaudeModel& model) {
  return TokenRates{*rate(model.in), *rate(model.out), rate(model.read), rate(model.write_5m),
                    rate(model.write_1h)};
}

// Reference rule 4: input 6.00, output 22.50, 5m write 7.50, 1h write 12.00, read 0.60.
TokenRates long_context_global() {
  return TokenRates{*rate("6.00"), *rate("22.50"), rate("0.60"), rate("7.50"), rate("12.00")};
}

void expect_card(const std::string& id, const TokenRates& expected, bool long_context,
                 bool premium) {
  SCOPED_TRACE(id);
  for (const char* region : {"us-east-1", "eu-west-3", "ap-northeast-1"}) {
    const RateCard* card = shipped().rates_for(id, region);
    ASSERT_NE(card, nullptr) << id << " is missing";
    EXPECT_EQ(card->standard, expected) << "in " << region;
    if (long_context) {
      ASSERT_TRUE(card->long_context);
      EXPECT_EQ(card->long_context->threshold_input_tokens, 200000U);
      EXPECT_EQ(card->long_context->rates, scaled(long_context_global(), premium));
    } else {
      EXPECT_FALSE(card->long_context);
    }
  }
}

TEST(ShippedPriceFile, Loads) {
  EXPECT_EQ(shipped().info().schema_version, 2);
  EXPECT_EQ(shipped().info().unit, "per_1m_tokens");
  EXPECT_EQ(shipped().info().currency, "USD");
  EXPECT_EQ(shipped().info().updated, "2026-11-30");
  EXPECT_THAT(shipped().info().sources, Not(IsEmpty()));
}

TEST(ShippedPriceFile, EveryReferenceClaudeModelIsPricedInEveryScope) {
  for (const ClaudeModel& model : reference_models()) {
    const TokenRates base = standard_of(model);
    // global. is the base price; for one-price models it exists only where AWS has a global
    // profile (Sonnet 4 of the older ones).
    if (model.geo_premium || model.base_id == "anthropic.claude-sonnet-4-20250514-v1") {
      expect_card("global." + model.base_id, base, model.long_context, false);
    }
    for (const std::string_view scope : k_geo_scopes) {
      expect_card(std::string(scope) + model.base_id, scaled(base, model.geo_premium),
                  model.long_context, model.geo_premium);
    }
  }
}

TEST(ShippedPriceFile, GeoPremiumIsComputedExactly) {
  const RateCard* card =
      shipped().rates_for("us.anthropic.claude-sonnet-4-5-20250929-v1", "us-east-1");
  ASSERT_NE(card, nullptr);
  EXPECT_EQ(card->standard.input.to_decimal_string(), "3.3");
  EXPECT_EQ(card->standard.cache_read->to_decimal_string(), "0.33");
  EXPECT_EQ(card->standard.cache_write->to_decimal_string(), "4.125");
  EXPECT_EQ(card->standard.cache_write_1h->to_decimal_string(), "6.6");
  EXPECT_EQ(card->long_context->rates.output.to_decimal_string(), "24.75");
  const RateCard* haiku =
      shipped().rates_for("eu.anthropic.claude-haiku-4-5-20251001-v1", "eu-west-1");
  ASSERT_NE(haiku, nullptr);
  EXPECT_EQ(haiku->standard.cache_write->to_decimal_string(), "1.375");
}

TEST(ShippedPriceFile, OnlyDefaultEntriesSoPricesDoNotDependOnRegion) {
  for (const auto& [id, pricing] : shipped().models()) {
    EXPECT_TRUE(pricing.by_region.empty()) << id;
    EXPECT_TRUE(pricing.not_token_priced || pricing.default_rates) << id;
  }
}

TEST(ShippedPriceFile, OtherCommonModels) {
  struct Expected {
    const char* id;
    const char* in;
    const char* out;
  };
  for (const auto& [id, in, out] : std::vector<Expected>{
           {"amazon.nova-micro-v1", "0.035", "0.14"},
           {"amazon.nova-lite-v1", "0.06", "0.24"},
           {"amazon.nova-pro-v1", "0.80", "3.20"},
           {"amazon.nova-premier-v1", "2.50", "12.50"},
           {"meta.llama3-3-70b-instruct-v1", "0.72", "0.72"},
           {"meta.llama4-maverick-17b-instruct-v1", "0.24", "0.97"},
           {"meta.llama4-scout-17b-instruct-v1", "0.17", "0.66"},
           {"mistral.mistral-large-3-675b-instruct", "0.50", "1.50"},
           {"deepseek.r1-v1", "1.35", "5.40"},
           {"openai.gpt-oss-20b-1", "0.07", "0.30"},
           {"openai.gpt-oss-120b-1", "0.15", "0.60"},
           {"amazon.titan-embed-text-v2", "0.02", "0"},
           {"cohere.embed-english-v3", "0.10", "0"},
       }) {
    const RateCard* card = shipped().rates_for(id, "us-east-1");
    ASSERT_NE(card, nullptr) << id;
    EXPECT_EQ(card->standard.input, *rate(in)) << id;
    EXPECT_EQ(card->standard.output, *rate(out)) << id;
  }
}

TEST(ShippedPriceFile, ImageVideoAndRerankModelsAreNotTokenPriced) {
  for (const char* id : {"stability.sd3-large-v1", "amazon.nova-canvas-v1", "amazon.nova-reel-v1",
                         "amazon.titan-image-generator-v2", "cohere.rerank-v3-5"}) {
    EXPECT_TRUE(shipped().is_not_token_priced(id)) << id;
  }
}

TEST(ShippedPriceFile, KeysAreWrittenInNormalisedForm) {
  // The loader would accept "...-v1:0" keys, but the shipped file should show users the ids
  // exactly as reports print them.
  std::ifstream in(std::string(BOOSTBURN_SOURCE_DIR) + "/config/pricing.yaml");
  ASSERT_TRUE(in);
  const std::regex versioned_key(R"(^\s*[^#\s]\S*:[0-9]+\s*:)");
  int line_number = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_number;
    EXPECT_FALSE(std::regex_search(line, versioned_key)) << "line " << line_number << ": " << line;
  }
}

}  // namespace
}  // namespace boostburn
