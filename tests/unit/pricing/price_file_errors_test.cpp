// Every way a price file can be refused, and what the message says.
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "boostburn/pricing/price_table.hpp"

namespace boostburn {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string error_of(std::string_view text) {
  auto table = load_price_text(text, "config/pricing.yaml");
  EXPECT_FALSE(table) << "loaded:\n" << text;
  if (table) {
    return "";
  }
  EXPECT_EQ(table.error().kind, ErrorKind::config);
  return table.error().message;
}

// A v2 header followed by `rates_body` (which starts on line 4).
std::string v2(std::string_view rates_body) {
  return "schema_version: 2\nunit: per_1m_tokens\nrates:\n" + std::string(rates_body);
}

// ---- YAML and document shape ----

TEST(PriceFileErrors, YamlSyntaxErrorsNameTheLine) {
  EXPECT_EQ(error_of("schema_version: 2\nrates: {a: [1, 2\nb: 3\n"),
            "config/pricing.yaml:3: invalid YAML: did not find expected ',' or ']' (while parsing "
            "a flow sequence)");
  EXPECT_EQ(error_of("schema_version: 2\n  unit: x\n"),
            "config/pricing.yaml:2: invalid YAML: mapping values are not allowed in this context");
}

TEST(PriceFileErrors, EmptyFile) {
  EXPECT_EQ(error_of(""), "config/pricing.yaml: the price file is empty");
  EXPECT_EQ(error_of("# nothing\n"), "config/pricing.yaml: the price file is empty");
}

TEST(PriceFileErrors, MoreThanOneDocument) {
  EXPECT_EQ(
      error_of("schema_version: 2\n---\nschema_version: 2\n"),
      "config/pricing.yaml:2: holds more than one YAML document; a price file is one document");
  // Without a marker: the first key is indented, so the second cannot
  // continue its mapping. Never read as the first alone.
  EXPECT_EQ(error_of("  schema_version: 2\nunit: per_1m_tokens\n"),
            "config/pricing.yaml:2: invalid YAML: did not find expected <document start>");
}

TEST(PriceFileErrors, TopLevelMustBeAMapping) {
  EXPECT_EQ(error_of("- a\n- b\n"),
            "config/pricing.yaml:1: expected a mapping of keys to values, found a list");
  EXPECT_EQ(error_of("just text\n"),
            "config/pricing.yaml:1: expected a mapping of keys to values, found \"just text\"");
}

TEST(PriceFileErrors, KeysMustBeText) {
  EXPECT_EQ(error_of(v2("  ? [a, b]\n  : {default: {input: 1, output: 1}}\n")),
            "config/pricing.yaml:4: rates: keys must be plain non-empty text, found a list");
}

TEST(PriceFileErrors, DuplicateKeysAreRefused) {
  EXPECT_EQ(error_of(v2(
                "  m: {default: {input: 1, output: 1}}\n  m: {default: {input: 2, output: 2}}\n")),
            "config/pricing.yaml:5: rates: \"m\" appears twice (first on line 4)");
  EXPECT_EQ(error_of(v2("  m:\n    default: {input: 1, input: 2, output: 1}\n")),
            "config/pricing.yaml:5: rates.m.default: \"input\" appears twice (first on line 5)");
}

TEST(PriceFileErrors, UnsupportedSchemaVersion) {
  EXPECT_EQ(error_of("schema_version: 3\nrates: {}\n"),
            "config/pricing.yaml:1: schema_version: \"3\" is not supported (this version reads "
            "price files with schema_version 1 and 2)");
  EXPECT_EQ(error_of("schema_version: [2]\n"),
            "config/pricing.yaml:1: schema_version: expected a value, found a list");
}

// ---- v2 top level ----

TEST(PriceFileErrors, V2UnitIsChecked) {
  EXPECT_EQ(error_of("schema_version: 2\nunit: per_token\nrates: {}\n"),
            "config/pricing.yaml:2: unit: \"per_token\" is not a known unit (use per_1m_tokens "
            "or per_1k_tokens)");
}

TEST(PriceFileErrors, V2OnlyUsdIsSupported) {
  EXPECT_EQ(error_of("schema_version: 2\nunit: per_1m_tokens\ncurrency: EUR\nrates: {}\n"),
            "config/pricing.yaml:3: currency: \"EUR\" is not supported (only USD is supported)");
}

TEST(PriceFileErrors, AMisspeltRatesKeyIsReportedAsMissingRates) {
  EXPECT_EQ(error_of("schema_version: 2\nunit: per_1m_tokens\nrate: {}\n"),
            "config/pricing.yaml:1: missing \"rates\"");
}

TEST(PriceFileErrors, ARateCardCurrencyMustBeUsd) {
  EXPECT_EQ(error_of("schema_version: 2\nrates:\n  m:\n    default: {input: 1, output: 2, "
                     "currency: EUR}\n"),
            "config/pricing.yaml:4: rates.m.default.currency: \"EUR\" is not supported (only USD "
            "is supported)");
}

TEST(PriceFileErrors, V2RatesAreRequiredAndAMapping) {
  EXPECT_EQ(error_of("schema_version: 2\nunit: per_1m_tokens\n"),
            "config/pricing.yaml:1: missing \"rates\"");
  EXPECT_EQ(error_of("schema_version: 2\nunit: per_1m_tokens\nrates: [a]\n"),
            "config/pricing.yaml:3: rates: expected a mapping of keys to values, found a list");
}

// ---- v2 models ----

TEST(PriceFileErrors, ModelEntryShapes) {
  EXPECT_EQ(error_of(v2("  m: 3\n")),
            "config/pricing.yaml:4: rates.m: expected a mapping of keys to values, found \"3\"");
  EXPECT_EQ(error_of(v2("  m:\n")),
            "config/pricing.yaml:4: rates.m: expected a mapping of keys to values, found nothing");
  EXPECT_EQ(error_of(v2("  m: {}\n")),
            "config/pricing.yaml:4: rates.m: has no rates (give a \"default\" entry)");
}

TEST(PriceFileErrors, MisspelledDefaultOrRegion) {
  EXPECT_EQ(error_of(v2("  m:\n    defualt: {input: 1, output: 1}\n")),
            "config/pricing.yaml:5: rates.m.defualt: unknown key (expected \"default\", "
            "\"billing\" or an AWS region name such as us-east-1)");
  EXPECT_THAT(error_of(v2("  m:\n    us_east_1: {input: 1, output: 1}\n")),
              StartsWith("config/pricing.yaml:5: rates.m.us_east_1: unknown key"));
  EXPECT_THAT(error_of(v2("  m:\n    east-1: {input: 1, output: 1}\n")),
              StartsWith("config/pricing.yaml:5: rates.m.east-1: unknown key"));
}

TEST(PriceFileErrors, Billing) {
  EXPECT_EQ(error_of(v2("  m: {billing: per_image}\n")),
            "config/pricing.yaml:4: rates.m.billing: \"per_image\" is not a known billing kind "
            "(the only one is not_token_priced)");
  EXPECT_EQ(
      error_of(v2("  m:\n    default: {input: 1, output: 1}\n    billing: not_token_priced\n")),
      "config/pricing.yaml:6: rates.m.billing: billing: not_token_priced cannot be "
      "combined with rates");
}

TEST(PriceFileErrors, TwoKeysForTheSameNormalisedModel) {
  EXPECT_EQ(
      error_of(v2("  anthropic.claude-3-haiku-20240307-v1: {default: {input: 1, output: 1}}\n"
                  "  anthropic.claude-3-haiku-20240307-v1:0: {default: {input: 2, output: 2}}\n")),
      "config/pricing.yaml:5: rates.anthropic.claude-3-haiku-20240307-v1:0: names the same model "
      "as \"anthropic.claude-3-haiku-20240307-v1\" on line 4 "
      "(anthropic.claude-3-haiku-20240307-v1 once the ARN prefix and \":N\" version are dropped)");
}

// ---- v2 rate blocks ----

TEST(PriceFileErrors, RateBlockMustBeAMapping) {
  EXPECT_EQ(error_of(v2("  m:\n    default: 3\n")),
            "config/pricing.yaml:5: rates.m.default: expected a mapping of keys to values, found "
            "\"3\"");
}

TEST(PriceFileErrors, MisspelledRateKey) {
  EXPECT_EQ(error_of(v2("  m:\n    default: {input: 1, output: 1, cache_wirte: 3.75}\n")),
            "config/pricing.yaml:5: rates.m.default.cache_wirte: unknown key (expected input, "
            "output, cache_read, cache_write, cache_write_1h, long_context)");
}

TEST(PriceFileErrors, InputAndOutputAreRequired) {
  EXPECT_EQ(error_of(v2("  m:\n    default: {output: 1}\n")),
            "config/pricing.yaml:5: rates.m.default: missing the required rate \"input\"");
  EXPECT_EQ(error_of(v2("  m:\n    eu-west-3: {input: 1, cache_read: 0.1}\n")),
            "config/pricing.yaml:5: rates.m.eu-west-3: missing the required rate \"output\"");
}

TEST(PriceFileErrors, BadPricesSayWhy) {
  EXPECT_EQ(error_of(v2("  anthropic.claude-3-haiku-20240307-v1:\n    default:\n      input: abc\n"
                        "      output: 1.25\n")),
            "config/pricing.yaml:6: rates.anthropic.claude-3-haiku-20240307-v1.default.input: "
            "\"abc\" is not a decimal number");
  EXPECT_EQ(error_of(v2("  m: {default: {input: -3, output: 1}}\n")),
            "config/pricing.yaml:4: rates.m.default.input: \"-3\" is negative; prices cannot be "
            "negative");
  EXPECT_THAT(
      error_of(v2("  m: {default: {input: 3e-6, output: 1}}\n")),
      StartsWith("config/pricing.yaml:4: rates.m.default.input: \"3e-6\" uses an exponent"));
  EXPECT_EQ(error_of(v2("  m: {default: {input: 1, output: 0.0000000001}}\n")),
            "config/pricing.yaml:4: rates.m.default.output: \"0.0000000001\" has 10 decimals; at "
            "most 9 are supported");
  EXPECT_EQ(error_of(v2("  m: {default: {input: [1], output: 1}}\n")),
            "config/pricing.yaml:4: rates.m.default.input: expected a price in USD, found a list");
  EXPECT_EQ(error_of(v2("  m:\n    default:\n      input:\n      output: 1\n")),
            "config/pricing.yaml:6: rates.m.default.input: expected a price in USD, found nothing");
  EXPECT_EQ(error_of(v2("  m: {default: {input: 1, output: 1, cache_read: .inf}}\n")),
            "config/pricing.yaml:4: rates.m.default.cache_read: \".inf\" is not a decimal number");
}

// ---- v2 long context ----

TEST(PriceFileErrors, LongContextNeedsAThreshold) {
  EXPECT_EQ(error_of(v2("  m:\n    default:\n      input: 3\n      output: 15\n      long_context: "
                        "{input: 6, output: 22.5}\n")),
            "config/pricing.yaml:8: rates.m.default.long_context: missing "
            "\"threshold_input_tokens\" (the input size above which the long-context rates apply)");
}

TEST(PriceFileErrors, LongContextThresholdIsAPositiveWholeNumber) {
  const auto with_threshold = [](std::string_view threshold) {
    return v2("  m: {default: {input: 3, output: 15, long_context: {threshold_input_tokens: " +
              std::string(threshold) + ", input: 6, output: 22.5}}}\n");
  };
  const std::string path =
      "config/pricing.yaml:4: rates.m.default.long_context.threshold_input_tokens: ";
  EXPECT_EQ(error_of(with_threshold("0")), path + "\"0\" is not a positive whole number of tokens");
  EXPECT_EQ(error_of(with_threshold("200k")),
            path + "\"200k\" is not a positive whole number of tokens");
  EXPECT_EQ(error_of(with_threshold("-1")),
            path + "\"-1\" is not a positive whole number of tokens");
  EXPECT_EQ(error_of(with_threshold("2.5")),
            path + "\"2.5\" is not a positive whole number of tokens");
  EXPECT_EQ(error_of(with_threshold("18446744073709551616")),
            path + "\"18446744073709551616\" is too large");
  EXPECT_EQ(error_of(with_threshold("[1]")),
            path + "a list is not a positive whole number of tokens");
}

TEST(PriceFileErrors, LongContextNeedsInputAndOutput) {
  EXPECT_EQ(error_of(v2("  m: {default: {input: 3, output: 15, long_context: "
                        "{threshold_input_tokens: 200000, output: 22.5}}}\n")),
            "config/pricing.yaml:4: rates.m.default.long_context: missing the required rate "
            "\"input\"");
  EXPECT_EQ(error_of(v2("  m: {default: {input: 3, output: 15, long_context: "
                        "{threshold_input_tokens: 200000, input: 6}}}\n")),
            "config/pricing.yaml:4: rates.m.default.long_context: missing the required rate "
            "\"output\"");
}

TEST(PriceFileErrors, LongContextUnknownKeyAndShape) {
  EXPECT_EQ(
      error_of(v2("  m: {default: {input: 3, output: 15, long_context: "
                  "{threshold_input_tokens: 200000, input: 6, output: 22.5, threshold: 1}}}\n")),
      "config/pricing.yaml:4: rates.m.default.long_context.threshold: unknown key (expected "
      "threshold_input_tokens, input, output, cache_read, cache_write, cache_write_1h)");
  EXPECT_EQ(error_of(v2("  m: {default: {input: 3, output: 15, long_context: 200000}}\n")),
            "config/pricing.yaml:4: rates.m.default.long_context: expected a mapping of keys to "
            "values, found \"200000\"");
  EXPECT_EQ(error_of(v2("  m: {default: {input: 3, output: 15, long_context: "
                        "{threshold_input_tokens: 1, input: 6, output: 22.5, cache_read: x}}}\n")),
            "config/pricing.yaml:4: rates.m.default.long_context.cache_read: \"x\" is not a "
            "decimal number");
}

// ---- v1 (the original format) ----

TEST(PriceFileErrors, V1RateKeys) {
  EXPECT_EQ(error_of("rates:\n  m:\n    default: {input_per_1k: 0.003, ouput_per_1k: 0.015}\n"),
            "config/pricing.yaml:3: rates.m.default.ouput_per_1k: unknown key (a v1 price file "
            "allows input_per_1k, output_per_1k, currency, effective_date; for the v2 format set "
            "schema_version: 2)");
  // v2 keys in a file without schema_version: 2 get the same hint.
  EXPECT_THAT(error_of("rates:\n  m:\n    default: {input: 3, output: 15}\n"),
              HasSubstr("rates.m.default.input: unknown key (a v1 price file allows"));
}

TEST(PriceFileErrors, V1InputAndOutputAreRequired) {
  EXPECT_EQ(error_of("rates:\n  m:\n    default: {input_per_1k: 0.003}\n"),
            "config/pricing.yaml:3: rates.m.default: missing the required rate \"output_per_1k\"");
  EXPECT_EQ(error_of("rates:\n  m: {output_per_1k: 0.015}\n"),
            "config/pricing.yaml:2: rates.m: missing the required rate \"input_per_1k\"");
}

TEST(PriceFileErrors, V1CurrencyAndPrices) {
  EXPECT_EQ(error_of("rates:\n  m:\n    default: {input_per_1k: 0.003, output_per_1k: 0.015, "
                     "currency: GBP}\n"),
            "config/pricing.yaml:3: rates.m.default.currency: \"GBP\" is not supported (only USD "
            "is supported)");
  EXPECT_EQ(error_of("rates:\n  m: {input_per_1k: 0.0000000000001, output_per_1k: 0.015}\n"),
            "config/pricing.yaml:2: rates.m.input_per_1k: \"0.0000000000001\" has 13 decimals; at "
            "most 12 are supported");
}

TEST(PriceFileErrors, V1UnknownKeys) {
  EXPECT_EQ(error_of("source: x\nrates:\n  m: {input_per_1k: 0.003, output_per_1k: 0.015}\n"
                     "unit: per_1m_tokens\n"),
            "config/pricing.yaml:4: unit: unknown key (a v1 price file has schema_version, "
            "generated_at, source and rates; for the v2 format set schema_version: 2)");
  EXPECT_EQ(error_of("rates:\n  m:\n    global: {input_per_1k: 0.003, output_per_1k: 0.015}\n"),
            "config/pricing.yaml:3: rates.m.global: unknown key (expected \"default\", an AWS "
            "region name such as us-east-1, or input_per_1k/output_per_1k)");
  EXPECT_EQ(error_of("rates:\n  m: {}\n"),
            "config/pricing.yaml:2: rates.m: has no rates (give a \"default\" entry)");
}

TEST(PriceFileErrors, SourceNameIsUsedVerbatim) {
  auto table = load_price_text("schema_version: 2\nunit: x\n", "/etc/boostburn/prices.yaml");
  ASSERT_FALSE(table);
  EXPECT_THAT(table.error().message, StartsWith("/etc/boostburn/prices.yaml:2: unit: "));
}

}  // namespace
}  // namespace boostburn
