// End-to-end over a signature-verifying S3 (moto on loopback): the real
// binary, real credentials from the environment, and the failures a user
// meets first (wrong secret, missing bucket, no credentials at all).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/s3_server.hpp"
#include "support/workspace.hpp"

namespace boostburn {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::log_record;
using testing::ProcessResult;

class S3Cli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_logs = new testing::TempDir();
    const std::string hour =
        "AWSLogs/111122223333/BedrockModelInvocationLogs/us-east-1/2026/11/30/10/";
    s_logs->write(hour + "a.json", log_record("r1", "2026-11-30T10:00:00Z", 1000, 100));
    // Bodies Bedrock offloads (never records): their folder is never listed.
    for (const char* body : {"data/r1_input.json.gz", "data/r1_output.json.gz"}) {
      s_logs->write(hour + body, log_record("body", "2026-11-30T10:00:00Z", 999999, 1));
    }
    testing::S3ServerOptions options;
    options.buckets = {{"bb-logs", s_logs->path()}};
    auto server = testing::S3Server::start(options);
    ASSERT_TRUE(server) << server.error().message;
    s_server = server->release();
  }
  static void TearDownTestSuite() {
    delete s_server;
    delete s_logs;
  }

  void SetUp() override {
    m_dir.write("regions.yaml",
                "account_id: \"111122223333\"\nregions:\n  us-east-1: " + m_bucket + "\n");
    m_dir.write("pricing.yaml",
                "schema_version: 2\nrates:\n  anthropic.claude-3-haiku-20240307-v1:\n"
                "    default: {input: 0.25, output: 1.25}\n");
  }

  // Only the variables given here reach the binary's credential chain.
  ProcessResult run(const std::string& secret, std::map<std::string, std::string> env = {}) {
    env.emplace("AWS_ACCESS_KEY_ID", s_server->access_key_id());
    env.emplace("AWS_SECRET_ACCESS_KEY", secret);
    env.emplace("AWS_ENDPOINT_URL_S3", s_server->endpoint());
    env.emplace("HOME", m_dir.path().string());
    env.emplace("AWS_EC2_METADATA_DISABLED", "true");
    env.emplace("BOOSTBURN_NOW", "2026-12-02T00:00:00Z");
    return testing::run_process(
        {testing::k_binary, "--config", (m_dir / "regions.yaml").string(), "--pricing",
         (m_dir / "pricing.yaml").string(), "--state-dir", (m_dir / "state").string(),
         "--report-date", "2026-11-30"},
        env, m_dir.path());
  }

  static testing::S3Server* s_server;
  static testing::TempDir* s_logs;
  testing::TempDir m_dir;
  std::string m_bucket = "s3://bb-logs";
};

testing::S3Server* S3Cli::s_server = nullptr;
testing::TempDir* S3Cli::s_logs = nullptr;

TEST_F(S3Cli, ReportsTheDayFromS3) {
  const ProcessResult result = run(s_server->secret_access_key());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::string snapshot = testing::slurp(m_dir / "state/bedrock-usage-2026-11-30.yaml");
  EXPECT_THAT(snapshot, HasSubstr("input_tokens: 1000"));
  EXPECT_THAT(snapshot, Not(HasSubstr(s_server->secret_access_key())));
  EXPECT_THAT(result.out + result.err, Not(HasSubstr(s_server->secret_access_key())));
}

TEST_F(S3Cli, BodiesUnderDataAreNeverListed) {
  const ProcessResult result = run(s_server->secret_access_key());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::string snapshot = testing::slurp(m_dir / "state/bedrock-usage-2026-11-30.yaml");
  EXPECT_THAT(snapshot, HasSubstr("input_tokens: 1000\n"));
  EXPECT_THAT(snapshot, HasSubstr("objects_listed: 1\n"));
  EXPECT_THAT(snapshot, HasSubstr("objects_skipped: 0\n"));
  // One LIST per hour prefix (the day's 24 and 3 of lateness), none for data/.
  EXPECT_THAT(snapshot, HasSubstr("list_requests: 27\n"));
}

TEST_F(S3Cli, AWrongSecretFailsFastWithoutPrintingIt) {
  const std::string wrong = "WrongSecretKeyValue0123456789abcdefghijk";
  const ProcessResult result = run(wrong);
  EXPECT_EQ(result.exit_code, 4);
  EXPECT_THAT(result.err, HasSubstr("SignatureDoesNotMatch"));
  EXPECT_THAT(result.err, HasSubstr("check the secret access key"));
  EXPECT_THAT(result.out + result.err, Not(HasSubstr(wrong)));
  EXPECT_TRUE(testing::nothing_written(m_dir / "state"));
}

TEST_F(S3Cli, DeniedAccessFailsFastNamingTheKeyButNotTheSecret) {
  const ProcessResult result =
      run(s_server->denied_secret_access_key(),
          {{"AWS_ACCESS_KEY_ID", s_server->denied_access_key_id()}});
  EXPECT_EQ(result.exit_code, 4) << result.err;
  EXPECT_THAT(result.err, HasSubstr("AccessDenied"));
  EXPECT_THAT(result.err, HasSubstr("s3://bb-logs/"));
  EXPECT_THAT(result.err, HasSubstr(s_server->denied_access_key_id().substr(
                              s_server->denied_access_key_id().size() - 4)));
  EXPECT_THAT(result.out + result.err, Not(HasSubstr(s_server->denied_secret_access_key())));
  EXPECT_TRUE(testing::nothing_written(m_dir / "state"));
}

TEST_F(S3Cli, AMissingBucketIsAConfigError) {
  m_dir.write("regions.yaml",
              "account_id: \"111122223333\"\nregions:\n  us-east-1: s3://bb-no-such-bucket\n");
  const ProcessResult result = run(s_server->secret_access_key());
  EXPECT_EQ(result.exit_code, 3) << result.err;
  EXPECT_THAT(result.err, HasSubstr("NoSuchBucket"));
  EXPECT_THAT(result.err, HasSubstr("s3://bb-no-such-bucket"));
}

TEST_F(S3Cli, NoCredentialsListsWhatWasTried) {
  const ProcessResult result =
      run("", {{"AWS_ACCESS_KEY_ID", ""}, {"AWS_SECRET_ACCESS_KEY", ""}});
  EXPECT_EQ(result.exit_code, 3) << result.err;
  EXPECT_THAT(result.err, HasSubstr("no AWS credentials found"));
  EXPECT_THAT(result.err, HasSubstr("environment"));
}

}  // namespace
}  // namespace boostburn
