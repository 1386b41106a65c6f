// Golden files (issue 4): the four outputs of one fixed day, the bundled
// example logs of 2026-11-30 plus a few bad records, compared byte for byte
// with tests/golden/:
//   report.txt     the text report on stdout (plain: stdout is a file)
//   report.csv     the --csv file after one run
//   snapshot.json  --json on stdout
//   slack.json     the webhook payload exactly as the Slack stand-in received it
// Every run is of a fresh copy (runs: 1 everywhere) with the clock pinned,
// relative paths and a cwd in a temporary folder, so that nothing depends on
// the machine. With BOOSTBURN_UPDATE_GOLDEN=1 the tests rewrite the files
// instead of comparing them (see tests/golden/README.md).
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/block_kit.hpp"
#include "support/slack_server.hpp"
#include "support/workspace.hpp"

extern char** environ;  // NOLINT: POSIX, to clear inherited options for the child

namespace boostburn {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::ProcessResult;
using testing::SlackServer;
using testing::TempDir;

const std::string k_day = "2026-11-30";
const std::string k_previous_day = "2026-11-29";
const std::string k_now = "2026-12-02T00:00:00Z";
const std::filesystem::path k_golden_dir = testing::k_source_dir / "tests" / "golden";
const std::string k_regenerate =
    "BOOSTBURN_UPDATE_GOLDEN=1 <build>/tests/integration_tests --gtest_filter='GoldenOutputs.*', "
    "then review `git diff tests/golden` (see tests/golden/README.md)";

// The record the examples do not have: a model that is in no price file.
const std::string k_unpriced_model_id = "anthropic.claude-sonnet-9-20280101-v1:0";
const std::string k_unpriced_model = "anthropic.claude-sonnet-9-20280101-v1";  // as reported

// One extra object for us-east-1, hour 13 of the day, uncompressed (the reader
// takes plain JSON lines as well as gzip): an unpriced model, a line cut in
// half and a record without token counts.
const std::string k_extra_object_key =
    "buckets/us-east-1/bedrock/invocation-logs/AWSLogs/111122223333/"
    "BedrockModelInvocationLogs/us-east-1/2026/11/30/13/20261130T131500000Z_golden.json";

std::string extra_object() {
  const std::string identity = R"("identity":{"arn":"arn:aws:iam::111122223333:user/alice"},)";
  return R"({"schemaType":"ModelInvocationLog","schemaVersion":"1.0",)"
         R"("timestamp":"2026-11-30T13:02:00Z","accountId":"111122223333",)" +
         identity +
         R"("region":"us-east-1","requestId":"golden-unpriced-1",)"
         R"("operation":"Converse","modelId":")" +
         k_unpriced_model_id +
         R"(","input":{"inputTokenCount":12000},"output":{"outputTokenCount":3000}})"
         "\n"
         R"({"schemaType":"ModelInvocationLog","timestamp":"2026-11-30T13:05:00Z","requestId":"golden-cu)"
         "\n"
         R"({"schemaType":"ModelInvocationLog","schemaVersion":"1.0",)"
         R"("timestamp":"2026-11-30T13:09:00Z","accountId":"111122223333",)" +
         identity +
         R"("region":"us-east-1","requestId":"golden-no-counts-1",)"
         R"("operation":"Converse","modelId":"anthropic.claude-3-haiku-20240307-v1:0",)"
         R"("input":{"inputContentType":"application/json"},)"
         R"("output":{"outputContentType":"application/json"}})"
         "\n";
}

// The child's environment: the pinned clock and `extra`; every BOOSTBURN_*,
// SLACK_* and AWS_ENDPOINT_URL* variable of the test's own environment unset,
// so that a developer's settings cannot change the outputs.
std::map<std::string, std::string> child_env(std::map<std::string, std::string> extra = {}) {
  std::map<std::string, std::string> env;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string_view variable(*entry);
    const std::string name(variable.substr(0, variable.find('=')));
    if (name.starts_with("BOOSTBURN_") || name.starts_with("SLACK_") ||
        name.starts_with("AWS_ENDPOINT_URL")) {
      env[name] = "";  // unset in the child
    }
  }
  env["BOOSTBURN_NOW"] = k_now;
  for (auto& [name, value] : extra) {
    env[name] = std::move(value);
  }
  return env;
}

// A local bucket's ETag is its files' size and modification time, and the
// snapshot lists the ETag of every object it counted ("sources"): copies get
// one fixed time, so that the JSON is the same on every run and machine.
void pin_modification_times(const std::filesystem::path& root) {
  using namespace std::chrono;
  const auto fixed =
      file_clock::from_sys(sys_seconds{sys_days{year{2026} / December / 1} + hours{3}});
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (entry.is_regular_file()) {
      std::filesystem::last_write_time(entry.path(), fixed);
    }
  }
}

// A fresh copy of the example day with the extra object and the previous
// day's snapshot in state/, in a temporary folder that is the runs' cwd.
class GoldenDay {
 public:
  GoldenDay() {
    namespace fs = std::filesystem;
    const fs::path examples = testing::k_source_dir / "examples";
    fs::copy(examples / "regions.yaml", m_dir / "regions.yaml");
    fs::copy(examples / "buckets", m_dir / "buckets", fs::copy_options::recursive);
    fs::copy(testing::k_source_dir / "config" / "pricing.yaml", m_dir / "pricing.yaml");
    m_dir.write(k_extra_object_key, extra_object());
    pin_modification_times(m_dir / "buckets");
    // 2026-11-29 has records (late in 2026-11-30's 00 folders): its snapshot
    // gives the Slack message its "vs previous day" fields. No --csv, no Slack.
    m_previous = run(k_previous_day, {}, child_env());
  }

  // The report for `date`; options and the environment as given.
  [[nodiscard]] ProcessResult run(const std::string& date, std::vector<std::string> extra,
                                  const std::map<std::string, std::string>& env) const {
    std::vector<std::string> argv{testing::k_binary, "--config",      "regions.yaml",
                                  "--pricing",       "pricing.yaml",  "--state-dir",
                                  "state",           "--report-date", date};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return testing::run_process(argv, env, m_dir.path());
  }

  [[nodiscard]] const ProcessResult& previous_day_run() const { return m_previous; }
  [[nodiscard]] const TempDir& dir() const { return m_dir; }

 private:
  TempDir m_dir;
  ProcessResult m_previous;
};

// The four outputs of the day, each from a run of a fresh copy.
struct Outputs {
  std::string report_txt;
  std::string report_csv;
  std::string snapshot_json;
  std::string slack_json;
  std::string secret;                         // the webhook URL's secret
  std::vector<std::string> stderrs;           // of every run
  std::vector<std::string> work_dirs;         // the temporary folders
  std::vector<std::string> slack_violations;  // what the stand-in found
  std::size_t slack_posts = 0;
  std::vector<std::string> setup_failures;  // empty = every run succeeded
};

void check_run(const std::string& what, const ProcessResult& result, Outputs& out) {
  out.stderrs.push_back(result.err);
  if (result.exit_code != 0) {
    out.setup_failures.push_back(
        fmt::format("{} exited {}; stderr:\n{}", what, result.exit_code, result.err));
  }
}

Outputs produce_outputs() {
  Outputs out;
  {
    // Text, CSV and Slack from one run.
    const GoldenDay day;
    const SlackServer slack;
    out.secret = slack.secret();
    out.work_dirs.push_back(day.dir().path().string());
    check_run("the 2026-11-29 run (text/CSV/Slack copy)", day.previous_day_run(), out);
    const ProcessResult result =
        day.run(k_day, {"--csv", "daily.csv"}, child_env({{"SLACK_WEBHOOK_URL", slack.url()}}));
    check_run("the text/CSV/Slack run", result, out);
    out.report_txt = result.out;
    out.report_csv = testing::slurp(day.dir() / "daily.csv");
    for (const auto& request : slack.requests()) {
      if (request.method == "POST") {
        ++out.slack_posts;
        out.slack_json = request.body;
        out.slack_violations = request.violations;
      }
    }
  }
  {
    // The JSON snapshot from a run of its own, on a fresh copy.
    const GoldenDay day;
    out.work_dirs.push_back(day.dir().path().string());
    check_run("the 2026-11-29 run (JSON copy)", day.previous_day_run(), out);
    const ProcessResult result = day.run(k_day, {"--json"}, child_env());
    check_run("the --json run", result, out);
    out.snapshot_json = result.out;
  }
  return out;
}

// Produced once per test process (ctest runs each test in a process of its own).
const Outputs& outputs() {
  static const Outputs produced = produce_outputs();
  return produced;
}

bool updating_golden() {
  const char* update = std::getenv("BOOSTBURN_UPDATE_GOLDEN");
  return update != nullptr && std::string_view(update) == "1";
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
  }
  if (!text.empty() && text.back() != '\n') {
    lines.back() += "  (no newline at end)";
  }
  return lines;
}

// A unified-diff-like hunk around the differing lines: the common head and
// tail are skipped, the middle shown as -expected / +actual (cut when long).
std::string diff_hint(const std::string& expected, const std::string& actual) {
  const auto old_lines = split_lines(expected);
  const auto new_lines = split_lines(actual);
  std::size_t head = 0;
  while (head < old_lines.size() && head < new_lines.size() && old_lines[head] == new_lines[head]) {
    ++head;
  }
  std::size_t tail = 0;
  while (tail < old_lines.size() - head && tail < new_lines.size() - head &&
         old_lines[old_lines.size() - 1 - tail] == new_lines[new_lines.size() - 1 - tail]) {
    ++tail;
  }
  constexpr std::size_t k_context = 3;
  constexpr std::size_t k_max_shown = 12;  // per side
  const std::size_t from = head > k_context ? head - k_context : 0;
  std::ostringstream hint;
  hint << fmt::format("@@ -{},{} +{},{} @@\n", head + 1, old_lines.size() - head - tail, head + 1,
                      new_lines.size() - head - tail);
  for (std::size_t i = from; i < head; ++i) {
    hint << ' ' << old_lines[i] << '\n';
  }
  const auto side = [&](const std::vector<std::string>& lines, char mark) {
    const std::size_t end = lines.size() - tail;
    for (std::size_t i = head; i < end && i < head + k_max_shown; ++i) {
      hint << mark << lines[i] << '\n';
    }
    if (end > head + k_max_shown) {
      hint << mark << " ... " << end - head - k_max_shown << " more lines\n";
    }
  };
  side(old_lines, '-');
  side(new_lines, '+');
  for (std::size_t i = 0; i < std::min(k_context, tail); ++i) {
    hint << ' ' << new_lines[new_lines.size() - tail + i] << '\n';
  }
  return hint.str();
}

// Compares `actual` with tests/golden/<name> byte for byte, or, when
// BOOSTBURN_UPDATE_GOLDEN=1, rewrites the file.
void expect_golden(const std::string& name, const std::string& actual) {
  const std::filesystem::path file = k_golden_dir / name;
  if (updating_golden()) {
    std::filesystem::create_directories(k_golden_dir);
    std::ofstream(file, std::ios::binary | std::ios::trunc) << actual;
    std::cout << "BOOSTBURN_UPDATE_GOLDEN=1: wrote " << file.string() << " (" << actual.size()
              << " bytes); review it with git diff\n";
    return;
  }
  ASSERT_TRUE(std::filesystem::exists(file))
      << "tests/golden/" << name << " is missing; create it with " << k_regenerate;
  const std::string expected = testing::slurp(file);
  EXPECT_TRUE(expected == actual) << "tests/golden/" << name
                                  << " differs from the output (-golden +actual):\n"
                                  << diff_hint(expected, actual)
                                  << "If the change is intended, regenerate with " << k_regenerate;
}

class GoldenOutputs : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const std::string& failure : outputs().setup_failures) {
      ADD_FAILURE() << failure;
    }
    if (!outputs().setup_failures.empty()) {
      GTEST_SKIP() << "the runs failed; nothing to compare";
    }
  }
};

TEST_F(GoldenOutputs, TextReportMatches) {
  expect_golden("report.txt", outputs().report_txt);
}

TEST_F(GoldenOutputs, CsvMatches) {
  expect_golden("report.csv", outputs().report_csv);
}

TEST_F(GoldenOutputs, JsonSnapshotMatches) {
  expect_golden("snapshot.json", outputs().snapshot_json);
}

TEST_F(GoldenOutputs, SlackPayloadMatches) {
  ASSERT_EQ(outputs().slack_posts, 1u) << "one report, one post";
  expect_golden("slack.json", outputs().slack_json);
}

// The day the golden files show is the day the brief asked for: the extra
// object's warnings and the previous day are in it.
TEST_F(GoldenOutputs, TheDayHasItsWarningsAndOneRunEach) {
  const Outputs& out = outputs();
  EXPECT_THAT(out.report_txt, HasSubstr("UNPRICED MODELS DETECTED"));
  EXPECT_THAT(out.report_txt, HasSubstr(k_unpriced_model));
  EXPECT_THAT(out.report_txt, HasSubstr("20261130T131500000Z_golden.json:2"));  // the cut line
  EXPECT_THAT(out.report_txt, HasSubstr("request golden-no-counts-1"));
  EXPECT_THAT(out.snapshot_json, HasSubstr("\"runs\": 1,"));
  EXPECT_EQ(std::count(out.report_csv.begin(), out.report_csv.end(), '\n'), 2)
      << "a header and one row:\n"
      << out.report_csv;
}

// The cost string of the text report's TOTALS "Cost" line ("$8.08").
std::string text_total_cost(const std::string& report) {
  const auto totals = report.find("TOTALS\n");
  const auto line = report.find("\n  Cost ", totals);
  if (totals == std::string::npos || line == std::string::npos) {
    return {};
  }
  const auto end = report.find('\n', line + 1);
  const std::string text = report.substr(line + 1, end - line - 1);
  return text.substr(text.find_last_of(' ') + 1);
}

TEST_F(GoldenOutputs, SlackPayloadIsValidBlockKitAndAgreesWithTheTextReport) {
  const Outputs& out = outputs();
  ASSERT_EQ(out.slack_posts, 1u);
  EXPECT_TRUE(out.slack_violations.empty())
      << "the stand-in answered invalid_blocks: "
      << fmt::format("{}", fmt::join(out.slack_violations, " | "));
  const auto payload = nlohmann::json::parse(out.slack_json, nullptr, false);
  ASSERT_FALSE(payload.is_discarded()) << out.slack_json;
  const auto violations = testing::block_kit_violations(payload);
  EXPECT_TRUE(violations.empty()) << fmt::format("{}", fmt::join(violations, "\n"));

  const std::string cost = text_total_cost(out.report_txt);
  ASSERT_TRUE(cost.starts_with('$')) << "no TOTALS Cost line in:\n" << out.report_txt;
  const std::string blocks = payload["blocks"].dump();
  const std::string text = payload.value("text", "");
  for (const std::string* where : {&blocks, &text}) {
    EXPECT_THAT(*where, HasSubstr(k_day));
    EXPECT_THAT(*where, HasSubstr(cost)) << "the text report's total cost";
    EXPECT_THAT(*where, HasSubstr("UNPRICED MODELS DETECTED"));
    EXPECT_THAT(*where, HasSubstr(k_unpriced_model));
  }
  EXPECT_THAT(blocks, HasSubstr("*Cost*\\n" + cost)) << "the Cost field";
  EXPECT_THAT(blocks, HasSubstr("vs " + k_previous_day)) << "the previous day's comparison";
}

TEST_F(GoldenOutputs, NoSecretAndNoMachinePathInAnyOutput) {
  const Outputs& out = outputs();
  ASSERT_EQ(out.secret.size(), 24u);
  std::vector<std::pair<std::string, const std::string*>> texts{
      {"report.txt", &out.report_txt},
      {"report.csv", &out.report_csv},
      {"snapshot.json", &out.snapshot_json},
      {"slack.json", &out.slack_json}};
  for (std::size_t i = 0; i < out.stderrs.size(); ++i) {
    texts.emplace_back(fmt::format("stderr of run {}", i + 1), &out.stderrs[i]);
  }
  for (const auto& [name, text] : texts) {
    EXPECT_THAT(*text, Not(HasSubstr(out.secret))) << name;
    EXPECT_THAT(*text, Not(HasSubstr("127.0.0.1"))) << name;
    for (const std::string& dir : out.work_dirs) {
      EXPECT_THAT(*text, Not(HasSubstr(dir))) << name;
    }
    EXPECT_THAT(*text, Not(HasSubstr(testing::k_source_dir.string()))) << name;
  }
}

}  // namespace
}  // namespace boostburn
