#include "boostburn/pricing/price_table.hpp"

#include <filesystem>
#include <fstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "price_printers.hpp"

namespace boostburn {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

PricePerMillion price(std::string_view text) {
  return PricePerMillion::parse(text).value();
}

PriceTable load(std::string_view text) {
  auto table = load_price_text(text, "test.yaml");
  EXPECT_TRUE(table) << table.error().message;
  return table ? std::move(*table) : PriceTable();
}

constexpr std::string_view k_v2 = R"(
schema_version: 2
unit: per_1m_tokens
currency: USD
sources: [https://aws.amazon.com/bedrock/pricing/, Anthropic pricing page]
updated: 2026-11-30
rates:
  anthropic.claude-sonnet-4-5-20250929-v1:
    default: {input: 3.30, output: 16.50, cache_read: 0.33, cache_write: 4.125, cache_write_1h: 6.60,
              long_context: {threshold_input_tokens: 200000, input: 6.60, output: 24.75, cache_read: 0.66,
                             cache_write: 8.25, cache_write_1h: 13.20}}
    eu-west-3: {input: 4, output: 20}
  amazon.nova-micro-v1:
    default: {input: 0.035, output: 0.14, cache_read: 0}
  us.amazon.nova-lite-v1:
    us-east-1: {input: 0.06, output: 0.24}
  stability.sd3-large-v1: {billing: not_token_priced}
)";

TEST(PriceTableV2, ReadsEveryRateExactly) {
  const PriceTable table = load(k_v2);
  const RateCard* card = table.rates_for("anthropic.claude-sonnet-4-5-20250929-v1", "us-east-1");
  ASSERT_NE(card, nullptr);
  EXPECT_EQ(card->standard.input, price("3.30"));
  EXPECT_EQ(card->standard.output, price("16.50"));
  EXPECT_EQ(card->standard.cache_read, price("0.33"));
  EXPECT_EQ(card->standard.cache_write, price("4.125"));
  EXPECT_EQ(card->standard.cache_write_1h, price("6.60"));
  ASSERT_TRUE(card->long_context);
  EXPECT_EQ(card->long_context->threshold_input_tokens, 200000U);
  EXPECT_EQ(card->long_context->rates.input, price("6.60"));
  EXPECT_EQ(card->long_context->rates.output, price("24.75"));
  EXPECT_EQ(card->long_context->rates.cache_read, price("0.66"));
  EXPECT_EQ(card->long_context->rates.cache_write, price("8.25"));
  EXPECT_EQ(card->long_context->rates.cache_write_1h, price("13.20"));
}

TEST(PriceTableV2, UnitDefaultsToPerMillionAndMetadataIsIgnored) {
  // Top-level metadata of any shape, and the original tool's per-entry
  // currency and effective_date, are for people: the file still loads.
  const PriceTable table = load(
      "schema_version: 2\ngenerated_at: '2026-11-30'\nsource: https://example\n"
      "sources: {not: a list}\nrates:\n  m:\n    default: {input: 3, output: 15, currency: USD, "
      "effective_date: 2026-01-01, note: list price}\n");
  EXPECT_EQ(table.info().unit, "per_1m_tokens");
  const RateCard* card = table.rates_for("m", "us-east-1");
  ASSERT_NE(card, nullptr);
  EXPECT_EQ(card->standard.input, PricePerMillion::from_nano(3'000'000'000));
}

TEST(PriceTableV2, KeepsTheFileMetadata) {
  const PriceTable table = load(k_v2);
  EXPECT_EQ(table.info().source_name, "test.yaml");
  EXPECT_EQ(table.info().schema_version, 2);
  EXPECT_EQ(table.info().unit, "per_1m_tokens");
  EXPECT_EQ(table.info().currency, "USD");
  EXPECT_EQ(table.info().updated, "2026-11-30");
  EXPECT_THAT(table.info().sources,
              ElementsAre("https://aws.amazon.com/bedrock/pricing/", "Anthropic pricing page"));
}

TEST(PriceTableV2, ARegionEntryReplacesTheDefaultEntirely) {
  const PriceTable table = load(k_v2);
  const RateCard* paris = table.rates_for("anthropic.claude-sonnet-4-5-20250929-v1", "eu-west-3");
  ASSERT_NE(paris, nullptr);
  EXPECT_EQ(paris->standard.input, price("4"));
  EXPECT_EQ(paris->standard.output, price("20"));
  // Nothing is inherited from default: no cache rates, no long-context tier.
  EXPECT_FALSE(paris->standard.cache_read);
  EXPECT_FALSE(paris->standard.cache_write);
  EXPECT_FALSE(paris->standard.cache_write_1h);
  EXPECT_FALSE(paris->long_context);
}

TEST(PriceTableV2, MissingCacheRatesAreAbsentButAnExplicitZeroIsAPrice) {
  const PriceTable table = load(k_v2);
  const RateCard* card = table.rates_for("amazon.nova-micro-v1", "us-east-1");
  ASSERT_NE(card, nullptr);
  EXPECT_EQ(card->standard.cache_read, price("0"));
  EXPECT_FALSE(card->standard.cache_write);
  EXPECT_FALSE(card->standard.cache_write_1h);
  EXPECT_FALSE(card->long_context);
}

TEST(PriceTableV2, RegionOnlyModelsHaveNoRatesElsewhere) {
  const PriceTable table = load(k_v2);
  EXPECT_NE(table.rates_for("us.amazon.nova-lite-v1", "us-east-1"), nullptr);
  EXPECT_EQ(table.rates_for("us.amazon.nova-lite-v1", "us-west-2"), nullptr);
}

TEST(PriceTableV2, UnknownModelsAndScopesHaveNoRates) {
  const PriceTable table = load(k_v2);
  EXPECT_EQ(table.rates_for("anthropic.claude-3-haiku-20240307-v1", "us-east-1"), nullptr);
  // A scope is part of the id: no fallback from us. to the base id.
  EXPECT_EQ(table.rates_for("us.anthropic.claude-sonnet-4-5-20250929-v1", "us-east-1"), nullptr);
  EXPECT_FALSE(table.is_not_token_priced("anthropic.claude-3-haiku-20240307-v1"));
}

TEST(PriceTableV2, NotTokenPricedModelsHaveNoRateCard) {
  const PriceTable table = load(k_v2);
  EXPECT_TRUE(table.is_not_token_priced("stability.sd3-large-v1"));
  EXPECT_EQ(table.rates_for("stability.sd3-large-v1", "us-west-2"), nullptr);
  EXPECT_FALSE(table.is_not_token_priced("amazon.nova-micro-v1"));
}

TEST(PriceTableV2, IsTheLongContextPolicyForIngest) {
  const PriceTable table = load(k_v2);
  const LongContextPolicy& policy = table;
  EXPECT_EQ(policy.long_context_threshold("us-east-1", "anthropic.claude-sonnet-4-5-20250929-v1"),
            200000U);
  // The region entry has no long-context tier.
  EXPECT_EQ(policy.long_context_threshold("eu-west-3", "anthropic.claude-sonnet-4-5-20250929-v1"),
            std::nullopt);
  EXPECT_EQ(policy.long_context_threshold("us-east-1", "amazon.nova-micro-v1"), std::nullopt);
  EXPECT_EQ(policy.long_context_threshold("us-east-1", "no.such-model"), std::nullopt);
}

TEST(PriceTableV2, CurrencyIsOptionalAndDefaultsToUsd) {
  const PriceTable table = load("schema_version: 2\nunit: per_1m_tokens\nrates: {}\n");
  EXPECT_EQ(table.info().currency, "USD");
  EXPECT_TRUE(table.models().empty());
}

TEST(PriceTableV2, PricesMayBeQuotedAndKeepTheirExactText) {
  const PriceTable table = load(
      "schema_version: 2\nunit: per_1m_tokens\nrates:\n  m: {default: {input: \"0.1\", output: "
      "'0.000000001'}}\n");
  const RateCard* card = table.rates_for("m", "any-region-1");
  ASSERT_NE(card, nullptr);
  EXPECT_EQ(card->standard.input.nano(), 100'000'000);
  EXPECT_EQ(card->standard.output.nano(), 1);
}

TEST(PriceTableV2, PerThousandUnitIsScaledToPerMillion) {
  const PriceTable table = load(
      "schema_version: 2\nunit: per_1k_tokens\nrates:\n  m: {default: {input: 0.003, output: "
      "0.015, cache_read: 0.0003, long_context: {threshold_input_tokens: 1000, input: 0.006, "
      "output: 0.0225}}}\n");
  const RateCard* card = table.rates_for("m", "us-east-1");
  ASSERT_NE(card, nullptr);
  EXPECT_EQ(card->standard.input, price("3"));
  EXPECT_EQ(card->standard.output, price("15"));
  EXPECT_EQ(card->standard.cache_read, price("0.3"));
  EXPECT_EQ(card->long_context->rates.output, price("22.5"));
  EXPECT_EQ(table.info().unit, "per_1k_tokens");
}

TEST(PriceTableV2, ModelKeysAreNormalisedLikeRecordIds) {
  const PriceTable table = load(R"(
schema_version: 2
unit: per_1m_tokens
rates:
  anthropic.claude-3-haiku-20240307-v1:0: {default: {input: 0.25, output: 1.25}}
  arn:aws:bedrock:us-east-2:123456789012:inference-profile/us.anthropic.claude-opus-4-5-20251101-v1:0:
    default: {input: 5.50, output: 27.50}
  arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-reel-v1:1: {billing: not_token_priced}
  global.anthropic.claude-opus-4-6-v1: {default: {input: 5, output: 25}}
)");
  EXPECT_NE(table.rates_for("anthropic.claude-3-haiku-20240307-v1", "us-east-1"), nullptr);
  EXPECT_NE(table.rates_for("us.anthropic.claude-opus-4-5-20251101-v1", "us-east-1"), nullptr);
  EXPECT_TRUE(table.is_not_token_priced("amazon.nova-reel-v1"));
  EXPECT_NE(table.rates_for("global.anthropic.claude-opus-4-6-v1", "us-east-1"), nullptr);
  EXPECT_EQ(table.models().size(), 4U);
  EXPECT_EQ(table.models().count("anthropic.claude-3-haiku-20240307-v1:0"), 0U);
}

TEST(PriceTableV2, AnchorsAndAliasesShareOneRateBlock) {
  const PriceTable table = load(R"(
schema_version: 2
unit: per_1m_tokens
rates:
  anthropic.claude-opus-4-5-20251101-v1:
    default: &opus_geo
      {input: 5.50, output: 27.50, cache_write: 6.875}
  us.anthropic.claude-opus-4-5-20251101-v1: {default: *opus_geo}
)");
  const RateCard* base = table.rates_for("anthropic.claude-opus-4-5-20251101-v1", "us-east-1");
  const RateCard* us = table.rates_for("us.anthropic.claude-opus-4-5-20251101-v1", "us-east-1");
  ASSERT_NE(base, nullptr);
  ASSERT_NE(us, nullptr);
  EXPECT_EQ(*base, *us);
  EXPECT_EQ(us->standard.cache_write, price("6.875"));
}

// ---- the original (v1) format ----

TEST(PriceTableV1, ReadsTheOriginalFormatWithRegionsAndPerThousandPrices) {
  const PriceTable table = load(R"(
generated_at: '2026-02-01T23:18:20.978517+00:00'
source: https://aws.amazon.com/bedrock/pricing/
rates:
  us.anthropic.claude-opus-4-5-20251101-v1:
    default:
      currency: USD
      input_per_1k: 0.0055
      output_per_1k: 0.0275
    us-west-2:
      input_per_1k: 0.006
      output_per_1k: 0.03
      effective_date: '2026-01-01'
)");
  EXPECT_EQ(table.info().schema_version, 1);
  EXPECT_EQ(table.info().unit, "per_1k_tokens");
  EXPECT_EQ(table.info().updated, "2026-02-01T23:18:20.978517+00:00");
  EXPECT_THAT(table.info().sources, ElementsAre("https://aws.amazon.com/bedrock/pricing/"));
  const RateCard* east = table.rates_for("us.anthropic.claude-opus-4-5-20251101-v1", "us-east-2");
  ASSERT_NE(east, nullptr);
  EXPECT_EQ(east->standard.input, price("5.5"));
  EXPECT_EQ(east->standard.output, price("27.5"));
  EXPECT_FALSE(east->standard.cache_read);
  EXPECT_FALSE(east->standard.cache_write);
  const RateCard* west = table.rates_for("us.anthropic.claude-opus-4-5-20251101-v1", "us-west-2");
  ASSERT_NE(west, nullptr);
  EXPECT_EQ(west->standard.input, price("6"));
  EXPECT_EQ(west->standard.output, price("30"));
}

TEST(PriceTableV1, SchemaVersionOneWithRegionOnlyEntries) {
  const PriceTable table = load(R"(
schema_version: 1
generated_at: "2026-02-01T00:00:00Z"
source: "evals-fixture"
rates:
  global.anthropic.claude-haiku-4-5-20251001-v1:
    us-east-2:
      input_per_1k: 0.0025
      output_per_1k: 0.0125
      currency: USD
)");
  EXPECT_EQ(table.info().schema_version, 1);
  const RateCard* card =
      table.rates_for("global.anthropic.claude-haiku-4-5-20251001-v1", "us-east-2");
  ASSERT_NE(card, nullptr);
  EXPECT_EQ(card->standard.input, price("2.5"));
  EXPECT_EQ(table.rates_for("global.anthropic.claude-haiku-4-5-20251001-v1", "us-east-1"), nullptr);
}

TEST(PriceTableV1, ATopLevelMappingOfModelsIsTheRatesMapping) {
  const PriceTable table = load(R"(
anthropic.claude-3-5-sonnet-20241022-v2:
  default: {input_per_1k: 0.003, output_per_1k: 0.015}
anthropic.claude-3-haiku-20240307-v1:0:
  input_per_1k: 0.00025
  output_per_1k: 0.00125
)");
  EXPECT_EQ(table.info().schema_version, 1);
  const RateCard* sonnet = table.rates_for("anthropic.claude-3-5-sonnet-20241022-v2", "us-east-1");
  ASSERT_NE(sonnet, nullptr);
  EXPECT_EQ(sonnet->standard.input, price("3"));
  const RateCard* haiku = table.rates_for("anthropic.claude-3-haiku-20240307-v1", "eu-west-1");
  ASSERT_NE(haiku, nullptr);
  EXPECT_EQ(haiku->standard.input, price("0.25"));
  EXPECT_EQ(haiku->standard.output, price("1.25"));
}

TEST(PriceTableV1, FlatModelEntriesUnderRates) {
  const PriceTable table = load(
      "rates:\n  anthropic.claude-3-haiku-20240307-v1: {input_per_1k: 0.00025, output_per_1k: "
      "0.00125, currency: USD}\n");
  const RateCard* card = table.rates_for("anthropic.claude-3-haiku-20240307-v1", "us-east-1");
  ASSERT_NE(card, nullptr);
  EXPECT_EQ(card->standard.output, price("1.25"));
}

// ---- files ----

class PriceFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_dir = std::filesystem::temp_directory_path() /
            ("boostburn-price-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(m_dir);
  }
  void TearDown() override { std::filesystem::remove_all(m_dir); }

  std::filesystem::path write(const std::string& name, std::string_view content) {
    auto path = m_dir / name;
    std::ofstream(path) << content;
    return path;
  }

  std::filesystem::path m_dir;
};

TEST_F(PriceFileTest, LoadsAFileAndNamesItInInfo) {
  const auto path = write("pricing.yaml", k_v2);
  auto table = load_price_file(path);
  ASSERT_TRUE(table) << table.error().message;
  EXPECT_EQ(table->info().source_name, path.string());
  EXPECT_NE(table->rates_for("amazon.nova-micro-v1", "us-east-1"), nullptr);
}

TEST_F(PriceFileTest, ErrorsInAFileNameItsPath) {
  const auto path = write(
      "bad.yaml",
      "schema_version: 2\nunit: per_1m_tokens\nrates:\n  m: {default: {input: abc, output: 1}}\n");
  auto table = load_price_file(path);
  ASSERT_FALSE(table);
  EXPECT_EQ(table.error().kind, ErrorKind::config);
  EXPECT_EQ(table.error().message,
            path.string() + ":4: rates.m.default.input: \"abc\" is not a decimal number");
}

TEST_F(PriceFileTest, AMissingFileIsAConfigErrorNamingThePath) {
  const auto path = m_dir / "nope.yaml";
  auto table = load_price_file(path);
  ASSERT_FALSE(table);
  EXPECT_EQ(table.error().kind, ErrorKind::config);
  EXPECT_THAT(table.error().message, StartsWith("cannot read the price file " + path.string()));
  EXPECT_THAT(table.error().message, HasSubstr("No such file"));
}

TEST_F(PriceFileTest, AnEndlessFileIsRefusedWithoutReadingItAll) {
  auto table = load_price_file("/dev/zero");
  ASSERT_FALSE(table);
  EXPECT_EQ(table.error().kind, ErrorKind::config);
}

TEST_F(PriceFileTest, ADirectoryIsAConfigError) {
  auto table = load_price_file(m_dir);
  ASSERT_FALSE(table);
  EXPECT_EQ(table.error().kind, ErrorKind::config);
  EXPECT_THAT(table.error().message, HasSubstr("is a directory"));
}

TEST_F(PriceFileTest, AnEmptyFileIsAConfigError) {
  auto table = load_price_file(write("empty.yaml", "# only a comment\n"));
  ASSERT_FALSE(table);
  EXPECT_EQ(table.error().kind, ErrorKind::config);
  EXPECT_THAT(table.error().message, HasSubstr("empty.yaml: the price file is empty"));
}

}  // namespace
}  // namespace boostburn
