#include "boostburn/config/app_config.hpp"

#include <chrono>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/hostile_text.hpp"
#include "support/temp_dir.hpp"

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

// The config error for `text`, or "" when it parsed; never throws.
std::string config_error_of(const std::string& text) {
  auto config = parse_app_config(text, "regions.yaml", "/");
  if (config) {
    return "";
  }
  EXPECT_EQ(config.error().kind, ErrorKind::config) << config.error().message;
  return config.error().message;
}

TEST(AppConfig, NonScalarKeysAreConfigErrorsWithFileAndLine) {
  EXPECT_EQ(config_error_of("account_id: \"111122223333\"\nregions: {? [a, b] : file://x}\n"),
            "regions.yaml:2: regions: every key must be plain text, not a list, mapping or null");
  EXPECT_EQ(config_error_of("account_id: \"111122223333\"\nregions:\n  ~: file://x\n"),
            "regions.yaml:3: regions: every key must be plain text, not a list, mapping or null");
  EXPECT_EQ(config_error_of("account_id: \"111122223333\"\n? {a: 1}\n: x\nregions: {}\n"),
            "regions.yaml:2: (top level): every key must be plain text, not a list, mapping or "
            "null");
}

// Read as the price file is (yaml/yaml_tree.hpp): aliases are copies of
// their anchors, and a file is one document with each key once.
TEST(AppConfig, AliasesReadAsTheirAnchors) {
  auto config = parse_app_config(
      "account_id: &id \"111122223333\"\nregions:\n  us-east-1: &b file://buckets/shared\n"
      "  eu-west-1: *b\n",
      "regions.yaml", "/");
  ASSERT_TRUE(config) << config.error().message;
  ASSERT_EQ(config->regions.size(), 2U);
  EXPECT_EQ(config->regions[1].bucket_url, "file://buckets/shared");
}

TEST(AppConfig, ASecondDocumentOrARepeatedKeyIsRefused) {
  EXPECT_EQ(config_error_of("account_id: \"111122223333\"\nregions: {}\n---\nregions: {}\n"),
            "regions.yaml:3: (file): holds more than one YAML document; a regions config is one "
            "document");
  // A trailing "---" starts no document with anything in it.
  EXPECT_EQ(config_error_of("account_id: \"111122223333\"\nregions: {}\n---\n"), "");
  EXPECT_EQ(config_error_of("account_id: \"111122223333\"\nregions: {}\nregions:\n"
                            "  us-east-1: s3://b\n"),
            "regions.yaml:3: regions: appears twice");
  EXPECT_EQ(config_error_of("account_id: \"111122223333\"\nregions: {us-east-1: *nothing}\n"),
            "regions.yaml:2: (file): an alias (*nothing) with no anchor (&nothing) before it");
}

TEST(AppConfig, AcceptsOrdinaryLogPrefixes) {
  for (const std::string prefix :
       {"", "logs", "logs/", "bedrock/invocation-logs/", "a.b/..c/d..", "team-1/bedrock_logs"}) {
    const std::string text =
        "account_id: \"111122223333\"\nlog_prefix: \"" + prefix + "\"\nregions: {}\n";
    auto config = parse_app_config(text, "regions.yaml", "/");
    ASSERT_TRUE(config) << prefix << ": " << config.error().message;
    EXPECT_EQ(config->log_prefix, prefix);
  }
}

TEST(AppConfig, RefusesLogPrefixesThatEscapeOrAreAmbiguous) {
  struct Case {
    const char* yaml_value;  // as written in the YAML file, double-quoted
    const char* problem;
  };
  for (const Case& c :
       {Case{"..", "must not contain a '..' segment"},
        Case{"logs/../other", "must not contain a '..' segment"},
        Case{"logs/..", "must not contain a '..' segment"},
        Case{"./logs", "must not contain a '.' segment"},
        Case{"logs/./x/", "must not contain a '.' segment"},
        Case{"a//b", "must not contain an empty segment ('//')"},
        Case{"logs//", "must not contain an empty segment ('//')"},
        Case{"/logs", "must not start with '/'"}, Case{"/", "must not start with '/'"},
        Case{"logs\\0x", "must not contain control characters (found byte 0x00)"},
        Case{"logs\\nx", "must not contain control characters (found byte 0x0a)"},
        Case{"logs\\tx", "must not contain control characters (found byte 0x09)"}}) {
    const std::string text =
        std::string("account_id: \"111122223333\"\nregions: {}\nlog_prefix: \"") + c.yaml_value +
        "\"\n";
    const std::string error = config_error_of(text);
    EXPECT_NE(error.find("regions.yaml:3: log_prefix: "), std::string::npos)
        << c.yaml_value << ": " << error;
    EXPECT_NE(error.find(c.problem), std::string::npos) << c.yaml_value << ": " << error;
  }
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

TEST(AppConfig, HostileYamlIsAConfigErrorNeverACrash) {
  for (const auto& [name, text] : testing::hostile_yaml()) {
    const auto started = std::chrono::steady_clock::now();
    auto config = parse_app_config(text, "regions.yaml", "/");
    ASSERT_FALSE(config) << name;
    EXPECT_EQ(config.error().kind, ErrorKind::config) << name;
    EXPECT_THAT(config.error().message, ::testing::StartsWith("regions.yaml:")) << name;
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5)) << name;
  }
  EXPECT_THAT(parse_app_config(testing::repeated("[", 100000), "regions.yaml", "/").error().message,
              ::testing::HasSubstr("nests more than 100 levels deep (line 1)"));
}

TEST(AppConfig, AnAliasBombFailsFast) {
  auto config = parse_app_config(testing::yaml_alias_bomb({"account_id", "regions"}),
                                 "regions.yaml", "/");
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().kind, ErrorKind::config);
  EXPECT_THAT(config.error().message, ::testing::HasSubstr("aliases that copy more than 64 MiB"));
}

TEST(AppConfig, AHugeOrEndlessFileIsRefusedWithoutReadingItAll) {
  testing::TempDir dir;
  dir.write("big.yaml", "account_id: \"111122223333\"\n" + std::string(17 << 20, '#'));
  auto big = load_app_config(dir / "big.yaml");
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().kind, ErrorKind::config);
  EXPECT_THAT(big.error().message, ::testing::HasSubstr("over the limit of 16777216 bytes"));
  auto endless = load_app_config("/dev/zero");
  ASSERT_FALSE(endless);
  EXPECT_THAT(endless.error().message, ::testing::HasSubstr("over the limit"));
}

}  // namespace
}  // namespace boostburn
