// parse_command_line: argv + environment + .env -> RunOptions, with the
// precedence command line > environment > .env > default.
#include "boostburn/cli/command_line.hpp"

#include <array>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/temp_dir.hpp"

namespace boostburn {
namespace {

using ::testing::HasSubstr;

// Every variable parse_command_line reads or writes.
constexpr std::array k_variables = {
    "BOOSTBURN_ENV_FILE",       "BOOSTBURN_CONFIG",
    "BOOSTBURN_CONFIG_PATH",    "BOOSTBURN_REPORT_DATE",
    "BOOSTBURN_PRICING_PATH",   "BOOSTBURN_STATE_DIR",
    "BOOSTBURN_CSV_PATH",       "BOOSTBURN_LOOKBACK_HOURS",
    "BOOSTBURN_LATENESS_HOURS", "BOOSTBURN_MANIFEST_PREFIX",
    "BOOSTBURN_LOG_PREFIX",     "BOOSTBURN_FORCE_REPROCESS",
    "BOOSTBURN_JSON",           "BOOSTBURN_STRICT",
    "BOOSTBURN_TRACE",          "BOOSTBURN_DEBUG",
    "BOOSTBURN_THREADS",        "BOOSTBURN_MAX_STEPS",
    "SLACK_WEBHOOK_URL",        "SLACK_CHANNEL",
    "SLACK_USERNAME",
};

// Each test starts with none of the variables set and no .env file (./.env
// would otherwise be read from the test's working directory), and leaves
// the environment as it found it.
class CommandLineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* name : k_variables) {
      const char* value = std::getenv(name);
      m_saved.emplace_back(name,
                           value != nullptr ? std::optional<std::string>(value) : std::nullopt);
      ::unsetenv(name);
    }
    ::setenv("BOOSTBURN_ENV_FILE", (m_dir / "no-such.env").c_str(), 1);
  }
  void TearDown() override {
    for (const auto& [name, value] : m_saved) {
      if (value) {
        ::setenv(name.c_str(), value->c_str(), 1);
      } else {
        ::unsetenv(name.c_str());
      }
    }
  }

  // Runs parse_command_line on "boostburn <args...>", keeping what it printed.
  ParsedCommandLine parse(const std::vector<std::string>& args) {
    std::vector<std::string> words{"boostburn"};
    words.insert(words.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& word : words) {
      argv.push_back(word.data());
    }
    argv.push_back(nullptr);
    ::testing::internal::CaptureStdout();
    ::testing::internal::CaptureStderr();
    ParsedCommandLine parsed = parse_command_line(static_cast<int>(words.size()), argv.data());
    m_stdout = ::testing::internal::GetCapturedStdout();
    m_stderr = ::testing::internal::GetCapturedStderr();
    return parsed;
  }

  boostburn::testing::TempDir m_dir;
  std::vector<std::pair<std::string, std::optional<std::string>>> m_saved;
  std::string m_stdout;
  std::string m_stderr;
};

TEST_F(CommandLineTest, DefaultsWithNothingSet) {
  const ParsedCommandLine parsed = parse({});
  ASSERT_EQ(parsed.command, Command::run) << m_stderr;
  const RunOptions defaults;
  EXPECT_EQ(parsed.options.config_path, defaults.config_path);
  EXPECT_EQ(parsed.options.pricing_path, "config/pricing.yaml");
  EXPECT_EQ(parsed.options.state_dir, "state");
  EXPECT_EQ(parsed.options.lookback_hours, 6);
  EXPECT_EQ(parsed.options.lateness_hours, 3);
  EXPECT_EQ(parsed.options.csv_path, std::nullopt);
  EXPECT_EQ(parsed.options.log_prefix, std::nullopt);
  EXPECT_FALSE(parsed.options.force_reprocess);
  EXPECT_FALSE(parsed.options.json);
}

TEST_F(CommandLineTest, TheCommandLineBeatsTheEnvironment) {
  ::setenv("BOOSTBURN_LOOKBACK_HOURS", "9", 1);
  ::setenv("BOOSTBURN_STATE_DIR", "env-state", 1);
  const ParsedCommandLine parsed = parse({"--lookback-hours", "3", "--state-dir", "cli-state"});
  ASSERT_EQ(parsed.command, Command::run) << m_stderr;
  EXPECT_EQ(parsed.options.lookback_hours, 3);
  EXPECT_EQ(parsed.options.state_dir, "cli-state");
}

TEST_F(CommandLineTest, TheEnvironmentBeatsTheDefault) {
  ::setenv("BOOSTBURN_LOOKBACK_HOURS", "9", 1);
  ::setenv("BOOSTBURN_LATENESS_HOURS", "12", 1);
  ::setenv("BOOSTBURN_REPORT_DATE", "2026-11-30", 1);
  ::setenv("BOOSTBURN_MANIFEST_PREFIX", "other-manifests", 1);
  ::setenv("BOOSTBURN_THREADS", "2", 1);
  const ParsedCommandLine parsed = parse({});
  ASSERT_EQ(parsed.command, Command::run) << m_stderr;
  EXPECT_EQ(parsed.options.lookback_hours, 9);
  EXPECT_EQ(parsed.options.lateness_hours, 12);
  EXPECT_EQ(parsed.options.report_date, "2026-11-30");
  EXPECT_EQ(parsed.options.manifest_prefix, "other-manifests");
  EXPECT_EQ(parsed.options.threads, 2);
}

TEST_F(CommandLineTest, TheEnvironmentBeatsTheDotenvFileWhichBeatsTheDefault) {
  m_dir.write("settings.env", "BOOSTBURN_STATE_DIR=dotenv-state\nBOOSTBURN_LOOKBACK_HOURS=7\n");
  ::setenv("BOOSTBURN_ENV_FILE", (m_dir / "settings.env").c_str(), 1);
  ::setenv("BOOSTBURN_LOOKBACK_HOURS", "9", 1);
  const ParsedCommandLine parsed = parse({});
  ASSERT_EQ(parsed.command, Command::run) << m_stderr;
  EXPECT_EQ(parsed.options.state_dir, "dotenv-state");
  EXPECT_EQ(parsed.options.lookback_hours, 9);
}

TEST_F(CommandLineTest, ABadDotenvFileIsAUsageError) {
  m_dir.write("bad.env", "not a setting\n");
  ::setenv("BOOSTBURN_ENV_FILE", (m_dir / "bad.env").c_str(), 1);
  const ParsedCommandLine parsed = parse({});
  EXPECT_EQ(parsed.command, Command::exit_now);
  EXPECT_EQ(parsed.exit_code, 2);
  EXPECT_THAT(m_stderr, HasSubstr("bad.env:1"));
}

TEST_F(CommandLineTest, BoostburnConfigIsAnAliasOfBoostburnConfigPath) {
  ::setenv("BOOSTBURN_CONFIG", "alias.yaml", 1);
  EXPECT_EQ(parse({}).options.config_path, "alias.yaml");

  ::setenv("BOOSTBURN_CONFIG_PATH", "primary.yaml", 1);
  EXPECT_EQ(parse({}).options.config_path, "primary.yaml");
  EXPECT_EQ(parse({"--config", "cli.yaml"}).options.config_path, "cli.yaml");
}

TEST_F(CommandLineTest, PricingAndPricingPathAreTheSameOption) {
  EXPECT_EQ(parse({"--pricing", "a.yaml"}).options.pricing_path, "a.yaml");
  EXPECT_EQ(parse({"--pricing-path", "b.yaml"}).options.pricing_path, "b.yaml");
  ::setenv("BOOSTBURN_PRICING_PATH", "env.yaml", 1);
  EXPECT_EQ(parse({}).options.pricing_path, "env.yaml");
}

TEST_F(CommandLineTest, CsvSetsTheCsvPath) {
  EXPECT_EQ(parse({"--csv", "out/usage.csv"}).options.csv_path, "out/usage.csv");
  EXPECT_EQ(parse({"--csv-path", "other.csv"}).options.csv_path, "other.csv");
  ::setenv("BOOSTBURN_CSV_PATH", "env.csv", 1);
  EXPECT_EQ(parse({}).options.csv_path, "env.csv");
}

TEST_F(CommandLineTest, AnEmptyLogPrefixVariableOverridesWhileAnUnsetOneDoesNot) {
  EXPECT_EQ(parse({}).options.log_prefix, std::nullopt);

  ::setenv("BOOSTBURN_LOG_PREFIX", "", 1);
  EXPECT_EQ(parse({}).options.log_prefix, std::optional<std::string>(""));

  ::setenv("BOOSTBURN_LOG_PREFIX", "env-logs/", 1);
  EXPECT_EQ(parse({}).options.log_prefix, std::optional<std::string>("env-logs/"));
  EXPECT_EQ(parse({"--log-prefix", "cli-logs"}).options.log_prefix,
            std::optional<std::string>("cli-logs"));
}

TEST_F(CommandLineTest, FlagsComeFromTheEnvironmentToo) {
  ::setenv("BOOSTBURN_FORCE_REPROCESS", "1", 1);
  ::setenv("BOOSTBURN_JSON", "true", 1);
  const ParsedCommandLine parsed = parse({"--strict"});
  ASSERT_EQ(parsed.command, Command::run) << m_stderr;
  EXPECT_TRUE(parsed.options.force_reprocess);
  EXPECT_TRUE(parsed.options.json);
  EXPECT_TRUE(parsed.options.strict);
  EXPECT_FALSE(parsed.options.trace);
}

TEST_F(CommandLineTest, SlackSettingsComeFromTheirVariables) {
  ::setenv("SLACK_WEBHOOK_URL", "https://hooks.example/secret", 1);
  ::setenv("SLACK_CHANNEL", "#costs", 1);
  const ParsedCommandLine parsed = parse({"--slack-username", "burn-bot"});
  EXPECT_EQ(parsed.options.slack_webhook_url, "https://hooks.example/secret");
  EXPECT_EQ(parsed.options.slack_channel, "#costs");
  EXPECT_EQ(parsed.options.slack_username, "burn-bot");
}

TEST_F(CommandLineTest, GraphIsASubcommand) {
  EXPECT_EQ(parse({"graph"}).command, Command::graph);
  EXPECT_EQ(parse({}).command, Command::run);
}

TEST_F(CommandLineTest, HelpPrintsTheOptionsAndExitsZero) {
  const ParsedCommandLine parsed = parse({"--help"});
  EXPECT_EQ(parsed.command, Command::exit_now);
  EXPECT_EQ(parsed.exit_code, 0);
  EXPECT_THAT(m_stdout, HasSubstr("--lookback-hours"));
}

TEST_F(CommandLineTest, ABadValueIsAUsageErrorWithExitTwo) {
  for (const std::vector<std::string>& args : {std::vector<std::string>{"--lateness-hours", "abc"},
                                               std::vector<std::string>{"--lookback-hours", "49"},
                                               std::vector<std::string>{"--no-such-option"}}) {
    const ParsedCommandLine parsed = parse(args);
    EXPECT_EQ(parsed.command, Command::exit_now) << args[0];
    EXPECT_EQ(parsed.exit_code, 2) << args[0];
    EXPECT_THAT(m_stderr, HasSubstr(args[0])) << args[0];
  }
  ::setenv("BOOSTBURN_THREADS", "many", 1);
  const ParsedCommandLine from_env = parse({});
  EXPECT_EQ(from_env.command, Command::exit_now);
  EXPECT_EQ(from_env.exit_code, 2);
}

}  // namespace
}  // namespace boostburn
