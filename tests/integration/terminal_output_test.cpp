// End-to-end: the real binary's report on a terminal (boxed tables) and in a
// file or pipe (plain text, no box characters, carriage returns or escape
// codes on either stream).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "boostburn/report/table.hpp"
#include "support/pty.hpp"
#include "support/workspace.hpp"

namespace boostburn {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::ProcessResult;

// The text from `from` up to the next blank line.
std::string section(const std::string& text, const std::string& from) {
  const auto begin = text.find(from);
  return begin == std::string::npos ? std::string()
                                    : text.substr(begin, text.find("\n\n", begin) - begin);
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    out.push_back(line);
  }
  return out;
}

void expect_no_terminal_codes(const ProcessResult& result) {
  for (const std::string* stream : {&result.out, &result.err}) {
    EXPECT_THAT(*stream, Not(HasSubstr("\r")));
    EXPECT_THAT(*stream, Not(HasSubstr("\033")));
  }
}

// A one-region workspace with two callers, one of them with a non-ASCII name.
class TerminalOutputTest : public ::testing::Test {
 protected:
  TerminalOutputTest() {
    std::string jurgen = testing::log_record("r2", "2026-11-30T10:05:00Z", 200, 20);
    jurgen.replace(jurgen.find("user/dev"), 8, "user/jürgen");
    m_ws.add_object("2026/11/30/10/a.json",
                    testing::log_record("r1", "2026-11-30T10:00:00Z", 1000, 100) + jurgen);
  }

  [[nodiscard]] ProcessResult run(testing::OnTerminal on) const {
    const auto& dir = m_ws.dir();
    return testing::run_on_terminal(
        {testing::k_binary, "--config", (dir / "regions.yaml").string(), "--pricing",
         (dir / "pricing.yaml").string(), "--state-dir", (dir / "state").string(),
         "--report-date", "2026-11-30"},
        on, {{"BOOSTBURN_NOW", "2026-12-02T00:00:00Z"}}, dir.path());
  }

  testing::Workspace m_ws;
};

TEST_F(TerminalOutputTest, StdoutOnATerminalGetsBoxedTables) {
  const ProcessResult result = run({.out = true});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(section(result.out, "TOTALS\n"), HasSubstr("  │ Requests "));
  EXPECT_THAT(section(result.out, "BY REGION\n"), HasSubstr("  │ Region    │ Requests │"));
  EXPECT_THAT(section(result.out, "BY REGION\n"), HasSubstr("  ├───────────┼──────────┼"));
  EXPECT_THAT(section(result.out, "BY REGION\n"), HasSubstr("  │ us-east-1 │        2 │"));
  EXPECT_THAT(section(result.out, "BY MODEL\n"), HasSubstr("┌"));
  // Every line of a table is as wide on screen as its frame, whatever the names.
  const std::vector<std::string> identity = lines(section(result.out, "BY IDENTITY\n"));
  ASSERT_EQ(identity.size(), 7u) << result.out;  // title, 3 rules, header, 2 callers
  for (std::size_t i = 1; i < identity.size(); ++i) {
    EXPECT_EQ(display_width(identity[i]), display_width(identity[1])) << identity[i];
  }
  EXPECT_THAT(result.out, HasSubstr("│ arn:aws:iam::111122223333:user/jürgen │"));
  EXPECT_THAT(result.out, HasSubstr("NOT COVERED\n  Only requests"));  // the rest as before
  expect_no_terminal_codes(result);
}

TEST_F(TerminalOutputTest, StdoutToAFileIsPlain) {
  const ProcessResult result = run({});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("\nBY REGION\n  Region     Requests  "));
  EXPECT_THAT(result.out, HasSubstr("\n  us-east-1         2  "));
  EXPECT_THAT(result.out, HasSubstr("\nTOTALS\n  Requests   "));
  for (const char* box : {"┌", "─", "│", "┼", "└"}) {
    EXPECT_THAT(result.out, Not(HasSubstr(box))) << box;
  }
  expect_no_terminal_codes(result);
}

// stdout's style follows stdout alone; this short ingest shows no progress line.
TEST_F(TerminalOutputTest, StderrOnATerminalLeavesStdoutPlainAndShowsNoProgressForAShortIngest) {
  const ProcessResult result = run({.err = true});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("\n  us-east-1         2  "));
  EXPECT_THAT(result.out, Not(HasSubstr("│")));
  EXPECT_THAT(result.err, HasSubstr("snapshot: "));
  EXPECT_THAT(result.err, Not(HasSubstr("ingest us-east-1")));
  expect_no_terminal_codes(result);
}

TEST_F(TerminalOutputTest, JsonOnATerminalIsStillJustJson) {
  const auto& dir = m_ws.dir();
  const ProcessResult result = testing::run_on_terminal(
      {testing::k_binary, "--config", (dir / "regions.yaml").string(), "--pricing",
       (dir / "pricing.yaml").string(), "--state-dir", (dir / "state").string(), "--report-date",
       "2026-11-30", "--json"},
      {.out = true, .err = true}, {{"BOOSTBURN_NOW", "2026-12-02T00:00:00Z"}}, dir.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out.front(), '{');
  EXPECT_THAT(result.out, Not(HasSubstr("│")));
  expect_no_terminal_codes(result);
}

}  // namespace
}  // namespace boostburn
