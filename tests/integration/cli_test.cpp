// End-to-end tests of the real binary: the command line, exit codes, the
// graph's path through a run, re-runs and the README's diagram.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

#include "support/workspace.hpp"

namespace boostburn {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::ProcessResult;
using testing::TempDir;

using testing::k_binary;
const std::filesystem::path& k_source = testing::k_source_dir;

std::string record(const std::string& request_id, const std::string& timestamp, int input,
                   int output) {
  return testing::log_record(request_id, timestamp, input, output);
}

// The shared one-region workspace, with one object on 2026-11-30.
class Workspace : public testing::Workspace {
 public:
  Workspace() {
    add_object("2026/11/30/10/a.json", record("r1", "2026-11-30T10:00:00Z", 1000, 100));
  }
};

std::vector<std::string> trace_path(const std::string& err) {
  std::vector<std::string> nodes;
  const std::regex line(R"(^trace: (\S+) )", std::regex::multiline);
  for (auto it = std::sregex_iterator(err.begin(), err.end(), line); it != std::sregex_iterator();
       ++it) {
    nodes.push_back((*it)[1].str());
  }
  return nodes;
}

TEST(Cli, GraphPrintsAllSeventeenNodes) {
  const ProcessResult result = testing::run_process({k_binary, "graph"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  for (const char* node :
       {"load_config", "region_router", "load_manifest", "plan_scan", "list_objects",
        "filter_new_objects", "ingest_objects", "update_manifest", "advance_region",
        "load_snapshot", "refresh_pricing", "apply_pricing", "verify_results", "render_report",
        "write_snapshot", "append_csv", "post_report"}) {
    EXPECT_THAT(result.out, HasSubstr(node));
  }
  EXPECT_THAT(result.out, HasSubstr("flowchart TD"));
}

TEST(Cli, ReadmeDiagramIsTheCompiledGraph) {
  const ProcessResult result = testing::run_process({k_binary, "graph"});
  ASSERT_EQ(result.exit_code, 0);
  const std::string readme = testing::slurp(k_source / "README.md");
  const std::string fenced = "```mermaid\n" + result.out + "```";
  EXPECT_THAT(readme, HasSubstr(fenced))
      << "README.md's mermaid block differs from `boostburn graph`; paste its output:\n"
      << result.out;
}

// Every option of docs/configuration.md's table that has a variable: --help
// must show the option's names and "(Env:VARIABLE)" on the same line.
TEST(Cli, HelpDocumentsEveryOptionWithItsVariable) {
  const ProcessResult result = testing::run_process({k_binary, "--help"});
  ASSERT_EQ(result.exit_code, 0);
  struct Documented {
    std::vector<std::string> names;
    std::string variable;
  };
  const std::vector<Documented> table = {
      {{"--report-date"}, "BOOSTBURN_REPORT_DATE"},
      {{"--config"}, "BOOSTBURN_CONFIG_PATH"},
      {{"--pricing", "--pricing-path"}, "BOOSTBURN_PRICING_PATH"},
      {{"--state-dir"}, "BOOSTBURN_STATE_DIR"},
      {{"--csv", "--csv-path"}, "BOOSTBURN_CSV_PATH"},
      {{"--lookback-hours"}, "BOOSTBURN_LOOKBACK_HOURS"},
      {{"--lateness-hours"}, "BOOSTBURN_LATENESS_HOURS"},
      {{"--manifest-prefix"}, "BOOSTBURN_MANIFEST_PREFIX"},
      {{"--log-prefix"}, "BOOSTBURN_LOG_PREFIX"},
      {{"--force-reprocess"}, "BOOSTBURN_FORCE_REPROCESS"},
      {{"--json"}, "BOOSTBURN_JSON"},
      {{"--strict"}, "BOOSTBURN_STRICT"},
      {{"--trace"}, "BOOSTBURN_TRACE"},
      {{"--debug"}, "BOOSTBURN_DEBUG"},
      {{"--max-object-bytes"}, "BOOSTBURN_MAX_OBJECT_BYTES"},
      {{"--max-line-bytes"}, "BOOSTBURN_MAX_LINE_BYTES"},
      {{"--quarantine"}, "BOOSTBURN_QUARANTINE_DIR"},
      {{"--threads"}, "BOOSTBURN_THREADS"},
      {{"--max-steps"}, "BOOSTBURN_MAX_STEPS"},
      {{"--slack-webhook-url"}, "SLACK_WEBHOOK_URL"},
      {{"--slack-channel"}, "SLACK_CHANNEL"},
      {{"--slack-username"}, "SLACK_USERNAME"},
  };
  // The option's line: its first word is the comma-separated list of names.
  const auto line_of = [&](const std::string& name) -> std::string {
    std::istringstream lines(result.out);
    for (std::string line; std::getline(lines, line);) {
      std::istringstream words(line);
      std::string names;
      words >> names;
      std::istringstream split(names);
      for (std::string each; std::getline(split, each, ',');) {
        if (each == name) {
          return line;
        }
      }
    }
    return {};
  };
  for (const Documented& option : table) {
    for (const std::string& name : option.names) {
      const std::string line = line_of(name);
      ASSERT_FALSE(line.empty()) << name << " is not in --help:\n" << result.out;
      EXPECT_THAT(line, HasSubstr("(Env:" + option.variable + ")")) << name;
    }
  }
  EXPECT_THAT(line_of("--test-slack"), Not(HasSubstr("(Env:")));
  EXPECT_THAT(result.out, HasSubstr("Exit codes"));
}

TEST(Cli, BadArgumentsExitTwo) {
  Workspace ws;
  EXPECT_EQ(ws.run({"--lateness-hours", "-1"}).exit_code, 2);
  EXPECT_EQ(testing::run_process({k_binary, "--no-such-flag"}).exit_code, 2);
  const ProcessResult bad_date = testing::run_process(
      {k_binary, "--config", (ws.dir() / "regions.yaml").string(), "--pricing",
       (ws.dir() / "pricing.yaml").string(), "--report-date", "2026-13-01"});
  EXPECT_EQ(bad_date.exit_code, 2);
  EXPECT_THAT(bad_date.err, HasSubstr("--report-date"));
}

// libcurl and its thirty-odd libraries cost every start about 3.5 ms; a run
// over local buckets without Slack never loads them (http/curl_library.hpp).
TEST(Cli, ALocalRunDoesNotLoadLibcurl) {
  Workspace ws;
  const ProcessResult run = ws.run_with_env({{"LD_DEBUG", "files"}}, {}, "2026-11-30T12:30:00Z");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.err, HasSubstr("libyaml-cpp")) << "LD_DEBUG shows what is loaded";
  EXPECT_THAT(run.err, Not(HasSubstr("libcurl")));
}

TEST(Cli, FirstRunThenRerunWithNothingNewRoutesAroundIngest) {
  Workspace ws;
  const ProcessResult first = ws.run({"--trace"}, "2026-11-30T12:30:00Z");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_THAT(trace_path(first.err),
              ::testing::ElementsAre("load_config", "load_snapshot", "region_router",
                                     "load_manifest", "plan_scan", "list_objects",
                                     "filter_new_objects", "ingest_objects", "advance_region",
                                     "region_router", "refresh_pricing", "apply_pricing",
                                     "verify_results", "render_report", "write_snapshot",
                                     "update_manifest", "append_csv", "post_report"));
  EXPECT_THAT(ws.snapshot(), HasSubstr("input_tokens: 1000"));
  EXPECT_THAT(ws.snapshot(), HasSubstr("runs: 1"));

  const ProcessResult second = ws.run({"--trace"}, "2026-11-30T12:45:00Z");
  ASSERT_EQ(second.exit_code, 0) << second.err;
  const auto path = trace_path(second.err);
  EXPECT_THAT(path, Not(::testing::Contains("ingest_objects")));
  EXPECT_THAT(ws.snapshot(), HasSubstr("input_tokens: 1000"));
  EXPECT_THAT(ws.snapshot(), HasSubstr("runs: 2"));

  // Delivered into hour 11 after hour 12 was listed: within the lookback window.
  ws.add_object("2026/11/30/11/b.json", record("r2", "2026-11-30T11:00:00Z", 500, 50));
  const ProcessResult third = ws.run({}, "2026-11-30T13:30:00Z");
  ASSERT_EQ(third.exit_code, 0) << third.err;
  EXPECT_THAT(ws.snapshot(), HasSubstr("input_tokens: 1500"));
  EXPECT_THAT(ws.snapshot(), HasSubstr("runs: 3"));

  // Delivered into hour 01, more than --lookback-hours before the last processed
  // hour: a normal run does not re-list it (that is what the lookback bounds);
  // --force-reprocess rebuilds the day from every object.
  ws.add_object("2026/11/30/01/c.json", record("r3", "2026-11-30T01:00:00Z", 7, 0));
  ASSERT_EQ(ws.run({}, "2026-11-30T13:40:00Z").exit_code, 0);
  EXPECT_THAT(ws.snapshot(), HasSubstr("input_tokens: 1500"));
  const ProcessResult forced = ws.run({"--force-reprocess"}, "2026-11-30T13:50:00Z");
  ASSERT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_THAT(ws.snapshot(), HasSubstr("input_tokens: 1507"));
  EXPECT_THAT(ws.snapshot(), HasSubstr("runs: 1"));
}

TEST(Cli, ARequestIdCountedByAnEarlierRunIsNotCountedAgain) {
  Workspace ws;
  ASSERT_EQ(ws.run({}, "2026-11-30T12:30:00Z").exit_code, 0);
  // The same request delivered again in a later object, plus a new one.
  ws.add_object("2026/11/30/12/again.json", record("r1", "2026-11-30T10:00:00Z", 1000, 100) +
                                                record("r9", "2026-11-30T12:10:00Z", 10, 1));
  const ProcessResult second = ws.run({}, "2026-11-30T13:00:00Z");
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_THAT(ws.snapshot(), HasSubstr("input_tokens: 1010"));
  EXPECT_THAT(ws.snapshot(), HasSubstr("duplicate_records: 1"));
  EXPECT_THAT(ws.snapshot(), HasSubstr("count: 2"));
  // Exactly one request-id file: the one the snapshot names.
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(ws.dir() / "state")) {
    files += entry.path().filename().string().find(".request-ids.") != std::string::npos ? 1 : 0;
  }
  EXPECT_EQ(files, 1);
}

TEST(Cli, MalformedPriceFileStopsBeforeAnythingIsWritten) {
  Workspace ws;
  ws.dir().write("pricing.yaml",
                 "schema_version: 2\nunit: per_1m_tokens\nrates:\n"
                 "  anthropic.claude-3-haiku-20240307-v1:\n    default: {input: abc, output: 1}\n");
  const ProcessResult result = ws.run();
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_THAT(result.err, HasSubstr("pricing.yaml:5"));
  EXPECT_FALSE(std::filesystem::exists(ws.dir() / "state"));
  EXPECT_FALSE(std::filesystem::exists(ws.dir() / "bucket/manifests"));
}

TEST(Cli, JsonPrintsTheSnapshotOnStdout) {
  Workspace ws;
  const ProcessResult result = ws.run({"--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out.front(), '{');
  EXPECT_THAT(result.out, HasSubstr("\"input_tokens\": 1000"));
  EXPECT_THAT(result.out, HasSubstr("\"cost_usd\": 0.000375000"));
}

TEST(Cli, StrictFailsOnDataWarningsOnly) {
  Workspace ws;
  EXPECT_EQ(ws.run({"--strict"}).exit_code, 0);
  ws.add_object("2026/11/30/23/bad.json", "{not json\n");
  const ProcessResult result = ws.run({"--strict"});
  EXPECT_EQ(result.exit_code, 6) << result.err;
  EXPECT_THAT(ws.snapshot(), HasSubstr("malformed_records"));
}

TEST(Cli, DotEnvFillsOptionsTheEnvironmentLeavesUnset) {
  Workspace ws;
  ws.dir().write(".env", "BOOSTBURN_CSV_PATH=from-dotenv.csv\n");
  const ProcessResult result = ws.run();
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(std::filesystem::exists(ws.dir() / "from-dotenv.csv"));
}

}  // namespace
}  // namespace boostburn
