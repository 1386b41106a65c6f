#include "boostburn/config/app_config.hpp"

#include <gtest/gtest.h>

namespace boostburn {
namespace {

TEST(AppConfig, ParsesRegionsInOrder) {
  auto config = parse_app_config(
      "account_id: \"111122223333\"\nlog_prefix: bedrock/\nregions:\n"
      "  us-west-2: file://buckets/w\n  us-east-1: s3://my-logs\n",
      "regions.yaml", "/cfg");
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->account_id, "111122223333");
  ASSERT_EQ(config->regions.size(), 2U);
  EXPECT_EQ(config->regions[0].region, "us-west-2");
  EXPECT_EQ(config->regions[1].bucket_url, "s3://my-logs");
  EXPECT_EQ(config->base_dir, "/cfg");
}

TEST(AppConfig, EmptyRegionsIsAllowed) {
  auto config = parse_app_config("account_id: '111122223333'\nregions: {}\n", "r", "/");
  ASSERT_TRUE(config);
  EXPECT_TRUE(config->regions.empty());
}

TEST(AppConfig, ErrorsNameFileLineAndKey) {
  auto bad_region = parse_app_config(
      "account_id: \"111122223333\"\nregions:\n  us_east_1: file://x\n", "regions.yaml", "/");
  ASSERT_FALSE(bad_region);
  EXPECT_EQ(bad_region.error().kind, ErrorKind::config);
  EXPECT_NE(bad_region.error().message.find("regions.yaml:3: regions.us_east_1"), std::string::npos)
      << bad_region.error().message;

  auto bad_account = parse_app_config("account_id: 12\nregions: {}\n", "r.yaml", "/");
  ASSERT_FALSE(bad_account);
  EXPECT_NE(bad_account.error().message.find("account_id"), std::string::npos);

  auto typo = parse_app_config("account_id: \"111122223333\"\nregion: {}\n", "r.yaml", "/");
  ASSERT_FALSE(typo);
  EXPECT_NE(typo.error().message.find("unknown key"), std::string::npos);

  auto twice = parse_app_config(
      "account_id: \"111122223333\"\nregions:\n  us-east-1: a\n  us-east-1: b\n", "r.yaml", "/");
  ASSERT_FALSE(twice);
  EXPECT_NE(twice.error().message.find("twice"), std::string::npos);

  auto syntax = parse_app_config("account_id: [\n", "r.yaml", "/");
  ASSERT_FALSE(syntax);
  EXPECT_EQ(syntax.error().kind, ErrorKind::config);
}

TEST(AppConfig, LogRootJoinsThePrefixWithOneSlash) {
  EXPECT_EQ(region_log_root("", "1", "us-east-1"),
            "AWSLogs/1/BedrockModelInvocationLogs/us-east-1/");
  EXPECT_EQ(region_log_root("logs", "1", "eu-west-1"),
            "logs/AWSLogs/1/BedrockModelInvocationLogs/eu-west-1/");
  EXPECT_EQ(region_log_root("logs/", "1", "eu-west-1"),
            "logs/AWSLogs/1/BedrockModelInvocationLogs/eu-west-1/");
}

TEST(AppConfig, MissingFileIsAConfigError) {
  auto missing = load_app_config("/nonexistent/regions.yaml");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::config);
}

}  // namespace
}  // namespace boostburn
