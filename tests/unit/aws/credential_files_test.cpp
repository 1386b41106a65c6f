// Environment variables and the shared credentials/config files.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "boostburn/aws/credential_config_files.hpp"
#include "boostburn/aws/credential_sources.hpp"
#include "support/temp_dir.hpp"
#include "unit/aws/credential_testing.hpp"

namespace boostburn {
namespace {

using testing::FakeClock;
using testing::FakeEnv;
using testing::FakeHttp;
using ::testing::HasSubstr;
using testing::k_key_id;
using testing::k_secret;
using testing::k_token;
using ::testing::Not;
using testing::TempDir;

class CredentialFilesTest : public ::testing::Test {
 protected:
  CredentialFilesTest() { env.set("HOME", home.path().string()); }

  CredentialContext context() { return testing::test_context(http, env, clock); }
  Result<SourceResult> resolve_environment() {
    return make_environment_source(context())->resolve();
  }
  Result<SourceResult> resolve_profile() { return make_profile_source(context())->resolve(); }

  TempDir home;
  FakeEnv env;
  FakeClock clock;
  std::shared_ptr<FakeHttp> http = std::make_shared<FakeHttp>();
};

// --- environment -----------------------------------------------------------

TEST_F(CredentialFilesTest, EnvironmentKeysWithoutToken) {
  env.set("AWS_ACCESS_KEY_ID", k_key_id).set("AWS_SECRET_ACCESS_KEY", k_secret);
  const auto found = resolve_environment();
  ASSERT_TRUE(found && found->credentials);
  EXPECT_EQ(found->credentials->access_key_id, k_key_id);
  EXPECT_EQ(found->credentials->secret_access_key, k_secret);
  EXPECT_EQ(found->credentials->session_token, "");
  EXPECT_FALSE(found->credentials->expires_at);
  EXPECT_EQ(found->credentials->source, "environment");
}

TEST_F(CredentialFilesTest, EnvironmentKeysWithSessionToken) {
  env.set("AWS_ACCESS_KEY_ID", k_key_id)
      .set("AWS_SECRET_ACCESS_KEY", k_secret)
      .set("AWS_SESSION_TOKEN", k_token);
  const auto found = resolve_environment();
  ASSERT_TRUE(found && found->credentials);
  EXPECT_EQ(found->credentials->session_token, k_token);
}

TEST_F(CredentialFilesTest, EnvironmentNotSetIsNoneWithReason) {
  env.set("AWS_ACCESS_KEY_ID", "");  // empty counts as unset, as in the AWS CLI
  const auto found = resolve_environment();
  ASSERT_TRUE(found);
  EXPECT_FALSE(found->credentials);
  EXPECT_EQ(found->reason, "AWS_ACCESS_KEY_ID not set");
}

TEST_F(CredentialFilesTest, EnvironmentKeyWithoutSecretSaysWhatIsMissing) {
  env.set("AWS_ACCESS_KEY_ID", k_key_id);
  const auto found = resolve_environment();
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().kind, ErrorKind::config);
  EXPECT_EQ(found.error().message, "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
}

TEST_F(CredentialFilesTest, EnvironmentSecretWithoutKeySaysWhatIsMissing) {
  env.set("AWS_SECRET_ACCESS_KEY", k_secret);
  const auto found = resolve_environment();
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().message, "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not");
}

// --- INI parsing -------------------------------------------------------------

TEST(CredentialIniTest, ParsesCommentsWhitespaceDelimitersAndNestedBlocks) {
  const auto parsed = parse_ini(
      "# comment\n"
      "; another\n"
      "\n"
      "[default]\r\n"
      "  AWS_Access_Key_ID   =   AKIDEXAMPLE  \n"
      "region: eu-west-1\n"
      "role_arn = arn:aws:iam::1:role/x\n"
      "s3 =\n"
      "    max_concurrent_requests = 20\n"
      "output = json # not a comment in the AWS CLI\n"
      "[ profile dev ] ; trailing text is ignored\n"
      "  region = us-west-2\n"
      "  output = text\n"
      "  # an indented comment\n"
      "[default]\n"
      "region = eu-central-1\n",
      "cfg");
  ASSERT_TRUE(parsed) << parsed.error().message;
  const auto& sections = parsed->sections;
  ASSERT_EQ(sections.size(), 2U);
  const auto& defaults = sections.at("default");
  EXPECT_EQ(defaults.at("aws_access_key_id"), "AKIDEXAMPLE");
  EXPECT_EQ(defaults.at("region"), "eu-central-1");  // the later section wins
  EXPECT_EQ(defaults.at("role_arn"), "arn:aws:iam::1:role/x");
  EXPECT_EQ(defaults.at("s3"), "");
  EXPECT_FALSE(defaults.contains("max_concurrent_requests"));
  EXPECT_EQ(defaults.at("output"), "json # not a comment in the AWS CLI");
  EXPECT_EQ(sections.at("profile dev").at("region"), "us-west-2");
  EXPECT_EQ(sections.at("profile dev").at("output"), "text");  // same indentation: a key
}

TEST(CredentialIniTest, ErrorsNameTheLineButNeverQuoteIt) {
  const auto no_delimiter =
      parse_ini("[default]\naws_secret_access_key " + k_secret + "\n", "creds");
  ASSERT_FALSE(no_delimiter);
  EXPECT_EQ(no_delimiter.error().kind, ErrorKind::config);
  EXPECT_EQ(no_delimiter.error().message, "creds line 2: expected 'key = value'");

  const auto no_section = parse_ini("aws_secret_access_key = " + k_secret + "\n", "creds");
  ASSERT_FALSE(no_section);
  EXPECT_EQ(no_section.error().message, "creds line 1: setting before any [section]");

  const auto bad_header = parse_ini("[default\n[  ]\n", "creds");
  ASSERT_FALSE(bad_header);
  EXPECT_EQ(bad_header.error().message, "creds line 1: malformed section header");
}

// --- profiles ------------------------------------------------------------------

TEST_F(CredentialFilesTest, DefaultProfileFromTheCredentialsFileInHome) {
  home.write(".aws/credentials", "[default]\naws_access_key_id = " + k_key_id +
                                     "\naws_secret_access_key = " + k_secret +
                                     "\naws_session_token = " + k_token + "\n");
  const auto found = resolve_profile();
  ASSERT_TRUE(found && found->credentials) << (found ? found->reason : found.error().message);
  EXPECT_EQ(found->credentials->access_key_id, k_key_id);
  EXPECT_EQ(found->credentials->secret_access_key, k_secret);
  EXPECT_EQ(found->credentials->session_token, k_token);
  EXPECT_EQ(found->credentials->source, "profile default (~/.aws/credentials)");
  EXPECT_EQ(make_profile_source(context())->name(), "profile default");
}

TEST_F(CredentialFilesTest, AwsProfileSelectsTheProfileAndBeatsAwsDefaultProfile) {
  home.write(".aws/credentials",
             "[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = s1\n"
             "[dev]\naws_access_key_id = AKIADEV\naws_secret_access_key = s2\n"
             "[ops]\naws_access_key_id = AKIAOPS\naws_secret_access_key = s3\n");
  env.set("AWS_DEFAULT_PROFILE", "ops");
  auto found = resolve_profile();
  ASSERT_TRUE(found && found->credentials);
  EXPECT_EQ(found->credentials->access_key_id, "AKIAOPS");

  env.set("AWS_PROFILE", "dev");
  found = resolve_profile();
  ASSERT_TRUE(found && found->credentials);
  EXPECT_EQ(found->credentials->access_key_id, "AKIADEV");
  EXPECT_EQ(make_profile_source(context())->name(), "profile dev");
}

TEST_F(CredentialFilesTest, ConfigFileProfilesNeedThePrefixExceptDefault) {
  home.write(".aws/config",
             "[default]\naws_access_key_id = AKIACFGDEFAULT\naws_secret_access_key = s\n"
             "[profile dev]\naws_access_key_id = AKIACFGDEV\naws_secret_access_key = s\n"
             "[bare]\naws_access_key_id = AKIABARE\naws_secret_access_key = s\n");
  auto found = resolve_profile();
  ASSERT_TRUE(found && found->credentials);
  EXPECT_EQ(found->credentials->access_key_id, "AKIACFGDEFAULT");
  EXPECT_EQ(found->credentials->source, "profile default (~/.aws/config)");

  env.set("AWS_PROFILE", "dev");
  found = resolve_profile();
  ASSERT_TRUE(found && found->credentials);
  EXPECT_EQ(found->credentials->access_key_id, "AKIACFGDEV");

  // [bare] in the config file is not a profile (AWS CLI rule), so naming it fails.
  env.set("AWS_PROFILE", "bare");
  found = resolve_profile();
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().kind, ErrorKind::config);
  EXPECT_EQ(found.error().message,
            "not found (~/.aws/credentials: no such file; ~/.aws/config: no such profile)");
}

TEST_F(CredentialFilesTest, CredentialsFileKeysWinOverConfigFileKeys) {
  home.write(".aws/config",
             "[profile dev]\naws_access_key_id = AKIACONFIG\naws_secret_access_key = c\n");
  home.write(".aws/credentials",
             "[dev]\naws_access_key_id = AKIACREDS\naws_secret_access_key = k\n");
  env.set("AWS_PROFILE", "dev");
  const auto found = resolve_profile();
  ASSERT_TRUE(found && found->credentials);
  EXPECT_EQ(found->credentials->access_key_id, "AKIACREDS");
  EXPECT_EQ(found->credentials->secret_access_key, "k");
}

TEST_F(CredentialFilesTest, VariablesMoveBothFiles) {
  home.write(".aws/credentials",
             "[default]\naws_access_key_id = AKIAHOME\naws_secret_access_key = h\n");
  TempDir elsewhere;
  elsewhere.write("creds.ini",
                  "[other]\naws_access_key_id = AKIAMOVED\naws_secret_access_key = m\n");
  elsewhere.write("config.ini",
                  "[profile viaconfig]\naws_access_key_id = AKIACFG\naws_secret_access_key = c\n");
  env.set("AWS_SHARED_CREDENTIALS_FILE", (elsewhere / "creds.ini").string())
      .set("AWS_CONFIG_FILE", (elsewhere / "config.ini").string());

  // The file in HOME is no longer read: the default profile is gone.
  auto found = resolve_profile();
  ASSERT_TRUE(found);
  EXPECT_FALSE(found->credentials);
  EXPECT_EQ(found->reason, (elsewhere / "creds.ini").string() + ": no such profile; " +
                               (elsewhere / "config.ini").string() + ": no such profile");

  env.set("AWS_PROFILE", "other");
  found = resolve_profile();
  ASSERT_TRUE(found && found->credentials);
  EXPECT_EQ(found->credentials->access_key_id, "AKIAMOVED");
  EXPECT_EQ(found->credentials->source,
            "profile other (" + (elsewhere / "creds.ini").string() + ")");

  env.set("AWS_PROFILE", "viaconfig");
  found = resolve_profile();
  ASSERT_TRUE(found && found->credentials);
  EXPECT_EQ(found->credentials->access_key_id, "AKIACFG");
}

TEST_F(CredentialFilesTest, MissingFilesMeanNoneForTheDefaultProfile) {
  const auto found = resolve_profile();
  ASSERT_TRUE(found);
  EXPECT_FALSE(found->credentials);
  EXPECT_EQ(found->reason, "~/.aws/credentials: no such file; ~/.aws/config: no such file");
}

TEST_F(CredentialFilesTest, NamedProfileMissingIsAnError) {
  home.write(".aws/credentials", "[default]\naws_access_key_id = A\naws_secret_access_key = s\n");
  env.set("AWS_PROFILE", "prod");
  const auto found = resolve_profile();
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().message,
            "not found (~/.aws/credentials: no such profile; ~/.aws/config: no such file)");
}

TEST_F(CredentialFilesTest, ProfileWithoutCredentialsIsNoneWithReason) {
  home.write(".aws/config", "[default]\nregion = eu-west-1\n");
  const auto found = resolve_profile();
  ASSERT_TRUE(found);
  EXPECT_FALSE(found->credentials);
  EXPECT_EQ(found->reason, "no aws_access_key_id, credential_process or role_arn in the profile");
}

TEST_F(CredentialFilesTest, HalfAKeyPairInAFileIsAnErrorWithoutTheSecret) {
  home.write(".aws/credentials", "[default]\naws_secret_access_key = " + k_secret + "\n");
  auto found = resolve_profile();
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().kind, ErrorKind::config);
  EXPECT_EQ(
      found.error().message,
      "profile default in ~/.aws/credentials has aws_secret_access_key but no aws_access_key_id");

  home.write(".aws/credentials", "[default]\naws_access_key_id = " + k_key_id + "\n");
  found = resolve_profile();
  ASSERT_FALSE(found);
  EXPECT_THAT(found.error().message,
              HasSubstr("has aws_access_key_id but no aws_secret_access_key"));
}

TEST_F(CredentialFilesTest, MalformedFileIsAnErrorNamingFileAndLine) {
  home.write(".aws/credentials", "[default]\n" + k_secret + "\n");
  const auto found = resolve_profile();
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().message, "~/.aws/credentials line 2: expected 'key = value'");
  EXPECT_THAT(found.error().message, Not(HasSubstr(k_secret)));
}

TEST_F(CredentialFilesTest, UnreadableFileIsAnError) {
  home.write(".aws/credentials/oops", "a directory where the file should be");
  const auto found = resolve_profile();
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().message, "cannot read ~/.aws/credentials: it is a directory");
}

TEST_F(CredentialFilesTest, TildeInFileVariablesMeansHome) {
  home.write("elsewhere/c",
             "[default]\naws_access_key_id = AKIATILDE\naws_secret_access_key = t\n");
  env.set("AWS_SHARED_CREDENTIALS_FILE", "~/elsewhere/c");
  const auto found = resolve_profile();
  ASSERT_TRUE(found && found->credentials);
  EXPECT_EQ(found->credentials->access_key_id, "AKIATILDE");
  EXPECT_EQ(found->credentials->source, "profile default (~/elsewhere/c)");
}

}  // namespace
}  // namespace boostburn
