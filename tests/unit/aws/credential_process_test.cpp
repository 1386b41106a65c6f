// credential_process: real shell scripts in a temporary folder.
#include "boostburn/aws/credential_process.hpp"

#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "boostburn/aws/credential_chain.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "unit/aws/credential_testing.hpp"

namespace boostburn {
namespace {

using ::testing::ElementsAre;
using testing::FakeClock;
using testing::FakeEnv;
using testing::FakeHttp;
using ::testing::HasSubstr;
using testing::k_key_id;
using testing::k_secret;
using testing::k_token;
using ::testing::Not;
using testing::TempDir;

// Writes an executable shell script and returns its path.
std::string write_script(const TempDir& dir, const std::string& name, const std::string& body) {
  dir.write(name, "#!/bin/sh\n" + body);
  const auto path = (dir / name).string();
  ::chmod(path.c_str(), 0755);
  return path;
}

std::string credentials_json(const std::string& expiration = "") {
  std::string json = R"({"Version": 1, "AccessKeyId": ")" + k_key_id +
                     R"(", "SecretAccessKey": ")" + k_secret + R"(", "SessionToken": ")" + k_token +
                     "\"";
  if (!expiration.empty()) {
    json += R"(, "Expiration": ")" + expiration + "\"";
  }
  return json + "}";
}

// --- splitting -------------------------------------------------------------

TEST(CredentialProcessSplitTest, SplitsOnWhitespaceHonouringQuotesAndEscapes) {
  auto words = split_command_line("  aws configure   export-credentials --profile 'my sso' ");
  ASSERT_TRUE(words);
  EXPECT_THAT(*words, ElementsAre("aws", "configure", "export-credentials", "--profile", "my sso"));

  words = split_command_line(R"(/opt/my\ tool "a \"quoted\" \$word" 'it''s' "" x\\y)");
  ASSERT_TRUE(words);
  EXPECT_THAT(*words, ElementsAre("/opt/my tool", "a \"quoted\" $word", "its", "", "x\\y"));

  words = split_command_line(R"("keep \n as is")");
  ASSERT_TRUE(words);
  EXPECT_THAT(*words, ElementsAre("keep \\n as is"));
}

TEST(CredentialProcessSplitTest, RejectsOpenQuotesAndEmptyCommands) {
  EXPECT_EQ(split_command_line("tool 'open").error().message,
            "credential_process has an unclosed quote");
  EXPECT_EQ(split_command_line("tool \"open").error().message,
            "credential_process has an unclosed quote");
  EXPECT_EQ(split_command_line("   ").error().message, "credential_process is empty");
  EXPECT_EQ(split_command_line("tool \\").error().message,
            "credential_process ends with a lone backslash");
}

// --- running -----------------------------------------------------------------

class CredentialProcessTest : public ::testing::Test {
 protected:
  TempDir dir;
  const std::chrono::milliseconds timeout{5'000};
};

TEST_F(CredentialProcessTest, ReadsCredentialsFromStdout) {
  const auto script = write_script(
      dir, "ok.sh", "cat <<'EOF'\n" + credentials_json("2030-01-02T03:04:05Z") + "\nEOF\n");
  const auto credentials = run_credential_process(script, timeout);
  ASSERT_TRUE(credentials) << credentials.error().message;
  EXPECT_EQ(credentials->access_key_id, k_key_id);
  EXPECT_EQ(credentials->secret_access_key, k_secret);
  EXPECT_EQ(credentials->session_token, k_token);
  ASSERT_TRUE(credentials->expires_at);
  EXPECT_EQ(*credentials->expires_at, 1893553445);
}

TEST_F(CredentialProcessTest, PassesQuotedArgumentsWithoutAShell) {
  // The script prints the key id it was given as its second argument.
  const auto script = write_script(
      dir, "args.sh",
      "[ \"$1\" = 'two words' ] || exit 3\n"
      "printf '{\"Version\":1,\"AccessKeyId\":\"%s\",\"SecretAccessKey\":\"s\"}' \"$2\"\n");
  const auto credentials =
      run_credential_process(script + " 'two words' \"AKIA$(not run)\"", timeout);
  ASSERT_TRUE(credentials) << credentials.error().message;
  EXPECT_EQ(credentials->access_key_id, "AKIA$(not run)");
  EXPECT_EQ(credentials->session_token, "");
  EXPECT_FALSE(credentials->expires_at);
}

TEST_F(CredentialProcessTest, NonZeroExitIsAnErrorThatDoesNotEchoStdout) {
  const auto script = write_script(dir, "fail.sh", "echo '" + credentials_json() + "'\nexit 3\n");
  const auto credentials = run_credential_process(script + " --secret-arg " + "hunter2", timeout);
  ASSERT_FALSE(credentials);
  EXPECT_EQ(credentials.error().kind, ErrorKind::config);
  EXPECT_EQ(credentials.error().message,
            "credential_process: " + script +
                " exited with status 3 (its output is not shown: it may hold secrets)");
  EXPECT_THAT(credentials.error().message, Not(HasSubstr(k_secret)));
  EXPECT_THAT(credentials.error().message, Not(HasSubstr("hunter2")));
}

TEST_F(CredentialProcessTest, BadJsonIsAnErrorThatDoesNotEchoStdout) {
  const auto script = write_script(
      dir, "bad.sh",
      "echo '{\"AccessKeyId\": \"x\", \"SecretAccessKey\": \"" + k_secret + "\", oops'\n");
  const auto credentials = run_credential_process(script, timeout);
  ASSERT_FALSE(credentials);
  EXPECT_EQ(credentials.error().message,
            "credential_process output is not a JSON object (not shown: it may hold secrets)");
}

TEST_F(CredentialProcessTest, OutputMustSayVersionOneAndCarryBothKeys) {
  auto script = write_script(dir, "v2.sh",
                             R"(echo '{"Version": 2, "AccessKeyId": "a", "SecretAccessKey": "b"}')"
                             "\n");
  EXPECT_EQ(run_credential_process(script, timeout).error().message,
            "credential_process output needs \"Version\": 1");
  script = write_script(dir, "nosecret.sh",
                        R"(echo '{"Version": 1, "AccessKeyId": "a"}')"
                        "\n");
  EXPECT_EQ(run_credential_process(script, timeout).error().message,
            "credential_process output has no SecretAccessKey");
  script = write_script(
      dir, "badexp.sh",
      R"(echo '{"Version": 1, "AccessKeyId": "a", "SecretAccessKey": "b", "Expiration": "soon"}')"
      "\n");
  EXPECT_EQ(run_credential_process(script, timeout).error().message,
            "credential_process output has an Expiration that is not an RFC 3339 time");
}

TEST_F(CredentialProcessTest, TimesOutAndKillsTheProcess) {
  const auto script = write_script(dir, "slow.sh", "exec sleep 30\n");
  const auto started = std::chrono::steady_clock::now();
  const auto credentials = run_credential_process(script, std::chrono::milliseconds(300));
  ASSERT_FALSE(credentials);
  EXPECT_EQ(credentials.error().message,
            "credential_process: " + script + " did not finish within 300ms");
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
}

TEST_F(CredentialProcessTest, MissingProgramIsAnError) {
  const auto credentials = run_credential_process((dir / "nope").string() + " arg", timeout);
  ASSERT_FALSE(credentials);
  EXPECT_EQ(
      credentials.error().message,
      "credential_process: cannot run " + (dir / "nope").string() + ": No such file or directory");
}

TEST_F(CredentialProcessTest, ProgramIsSearchedInPath) {
  const auto credentials = run_credential_process("false", timeout);
  ASSERT_FALSE(credentials);
  EXPECT_THAT(credentials.error().message, HasSubstr("false exited with status 1"));
}

// --- through a profile and the chain --------------------------------------------

class CredentialProcessProfileTest : public ::testing::Test {
 protected:
  CredentialProcessProfileTest() {
    env.set("HOME", home.path().string()).set("AWS_EC2_METADATA_DISABLED", "true");
  }
  CredentialContext context() {
    return testing::test_context(std::make_shared<FakeHttp>(), env, clock);
  }

  TempDir home;
  TempDir scripts;
  FakeEnv env;
  FakeClock clock{1'700'000'000};  // 2023-11-14T22:13:20Z
};

TEST_F(CredentialProcessProfileTest, ProfileRunsItsCredentialProcess) {
  const auto script = write_script(scripts, "p.sh", "echo '" + credentials_json() + "'\n");
  home.write(".aws/config", "[profile sso]\ncredential_process = " + script + " --profile sso\n");
  env.set("AWS_PROFILE", "sso");
  const auto found = make_profile_source(context())->resolve();
  ASSERT_TRUE(found && found->credentials) << (found ? found->reason : found.error().message);
  EXPECT_EQ(found->credentials->secret_access_key, k_secret);
  EXPECT_EQ(found->credentials->source, "profile sso (credential_process)");
}

TEST_F(CredentialProcessProfileTest, StaticKeysInTheCredentialsFileWinOverTheProcess) {
  const auto script = write_script(scripts, "p.sh", "echo '" + credentials_json() + "'\n");
  home.write(".aws/config", "[default]\ncredential_process = " + script + "\n");
  home.write(".aws/credentials",
             "[default]\naws_access_key_id = AKIAFILE\naws_secret_access_key = f\n");
  const auto found = make_profile_source(context())->resolve();
  ASSERT_TRUE(found && found->credentials);
  EXPECT_EQ(found->credentials->access_key_id, "AKIAFILE");
}

TEST_F(CredentialProcessProfileTest, ExpiringCredentialsAreFetchedAgainFromTheProcess) {
  // Each run appends a line to a counter file; credentials expire an hour after the clock's start.
  const auto counter = (scripts / "runs").string();
  const auto script = write_script(
      scripts, "counting.sh",
      "echo run >> '" + counter +
          "'\n"
          "n=$(wc -l < '" +
          counter +
          "' | tr -d ' ')\n"
          "printf '{\"Version\":1,\"AccessKeyId\":\"AKIARUN%s\",\"SecretAccessKey\":\"s\","
          "\"SessionToken\":\"t\",\"Expiration\":\"2023-11-14T23:13:20Z\"}' \"$n\"\n");
  home.write(".aws/config", "[default]\ncredential_process = " + script + "\n");
  const auto chain = make_default_credential_chain(context());

  auto first = chain->credentials();
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->access_key_id, "AKIARUN1");
  EXPECT_EQ(first->source, "profile default (credential_process)");

  clock.advance(3600 - 301);  // 5 min + 1 s before expiry: still cached
  EXPECT_EQ(chain->credentials()->access_key_id, "AKIARUN1");

  clock.advance(2);  // inside the 5-minute window: the process runs again
  auto second = chain->credentials();
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(second->access_key_id, "AKIARUN2");
  EXPECT_EQ(testing::slurp(counter), "run\nrun\n");
}

TEST_F(CredentialProcessProfileTest, FailingProcessStopsTheChainWithoutEchoingIt) {
  const auto script = write_script(scripts, "p.sh", "echo '" + credentials_json() + "'\nexit 1\n");
  home.write(".aws/config", "[default]\ncredential_process = " + script + "\n");
  env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9/never-called");
  const auto credentials = make_default_credential_chain(context())->credentials();
  ASSERT_FALSE(credentials);
  EXPECT_EQ(credentials.error().kind, ErrorKind::config);
  EXPECT_EQ(credentials.error().message,
            "AWS credentials: profile default: credential_process: " + script +
                " exited with status 1 (its output is not shown: it may hold secrets)");
}

}  // namespace
}  // namespace boostburn
