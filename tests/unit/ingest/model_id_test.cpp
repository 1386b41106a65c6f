#include "boostburn/ingest/model_id.hpp"

#include <gtest/gtest.h>

namespace boostburn {
namespace {

TEST(NormalizeModelId, DropsTheTrailingVersion) {
  EXPECT_EQ(normalize_model_id("anthropic.claude-3-haiku-20240307-v1:0"),
            "anthropic.claude-3-haiku-20240307-v1");
  EXPECT_EQ(normalize_model_id("anthropic.claude-3-5-sonnet-20241022-v2:0"),
            "anthropic.claude-3-5-sonnet-20241022-v2");
  EXPECT_EQ(normalize_model_id("amazon.titan-embed-text-v2:12"), "amazon.titan-embed-text-v2");
}

TEST(NormalizeModelId, KeepsIdsWithoutAVersionAsTheyAre) {
  EXPECT_EQ(normalize_model_id("anthropic.claude-sonnet-4-6"), "anthropic.claude-sonnet-4-6");
  EXPECT_EQ(normalize_model_id("anthropic.claude-opus-4-6-v1"), "anthropic.claude-opus-4-6-v1");
  // Not a numeric version: kept.
  EXPECT_EQ(normalize_model_id("anthropic.claude-3-5-sonnet-20240620-v1:0:200k"),
            "anthropic.claude-3-5-sonnet-20240620-v1:0:200k");
}

TEST(NormalizeModelId, KeepsEveryInferenceProfileScope) {
  for (const char* scope : {"us.", "eu.", "apac.", "jp.", "au.", "ca.", "us-gov.", "global."}) {
    const std::string id = std::string(scope) + "anthropic.claude-opus-4-5-20251101-v1";
    EXPECT_EQ(normalize_model_id(id + ":0"), id);
    EXPECT_EQ(normalize_model_id(id), id);
  }
}

TEST(NormalizeModelId, ReducesSystemInferenceProfileArns) {
  EXPECT_EQ(normalize_model_id("arn:aws:bedrock:us-east-1:123456789012:inference-profile/"
                               "global.anthropic.claude-opus-4-6-v1"),
            "global.anthropic.claude-opus-4-6-v1");
  EXPECT_EQ(normalize_model_id("arn:aws:bedrock:eu-west-1:123456789012:inference-profile/"
                               "eu.anthropic.claude-3-7-sonnet-20250219-v1:0"),
            "eu.anthropic.claude-3-7-sonnet-20250219-v1");
}

TEST(NormalizeModelId, ReducesFoundationModelArns) {
  EXPECT_EQ(
      normalize_model_id(
          "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"),
      "anthropic.claude-3-haiku-20240307-v1");
}

TEST(NormalizeModelId, ReducesArnsOfOtherPartitions) {
  EXPECT_EQ(
      normalize_model_id("arn:aws-us-gov:bedrock:us-gov-west-1:123456789012:"
                         "inference-profile/us-gov.anthropic.claude-3-5-sonnet-20240620-v1:0"),
      "us-gov.anthropic.claude-3-5-sonnet-20240620-v1");
  EXPECT_EQ(normalize_model_id(
                "arn:aws-cn:bedrock:cn-north-1::foundation-model/amazon.titan-text-express-v1:0"),
            "amazon.titan-text-express-v1");
}

TEST(NormalizeModelId, ArnsThatNameNoModelKeepAReadableKey) {
  EXPECT_EQ(normalize_model_id("arn:aws:bedrock:us-east-1:123456789012:"
                               "application-inference-profile/hq2of259skzs"),
            "application-inference-profile/hq2of259skzs");
  EXPECT_EQ(
      normalize_model_id("arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abc123xyz"),
      "provisioned-model/abc123xyz");
  EXPECT_EQ(normalize_model_id("arn:aws:bedrock:us-east-1:123456789012:custom-model/"
                               "amazon.titan-text-express-v1:0:8k/ly16hhi765j4"),
            "custom-model/amazon.titan-text-express-v1:0:8k/ly16hhi765j4");
  EXPECT_EQ(
      normalize_model_id("arn:aws:bedrock:us-east-1:123456789012:imported-model/k2b7lhmwfe3i"),
      "imported-model/k2b7lhmwfe3i");
}

TEST(NormalizeModelId, TrimsWhitespaceAndNamesTheEmptyIdUnknown) {
  EXPECT_EQ(normalize_model_id("  anthropic.claude-3-haiku-20240307-v1:0\n"),
            "anthropic.claude-3-haiku-20240307-v1");
  EXPECT_EQ(normalize_model_id(""), "unknown");
  EXPECT_EQ(normalize_model_id(" \t "), "unknown");
}

TEST(NormalizeModelId, LeavesOtherTextAlone) {
  EXPECT_EQ(normalize_model_id("my-model"), "my-model");
  EXPECT_EQ(normalize_model_id("arn:aws:bedrock:us-east-1"), "arn:aws:bedrock:us-east-1");
  EXPECT_EQ(normalize_model_id(":0"), ":0");
  EXPECT_EQ(normalize_model_id("model:"), "model:");
}

}  // namespace
}  // namespace boostburn
