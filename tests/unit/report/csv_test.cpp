#include "boostburn/report/csv.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "boostburn/util/atomic_file.hpp"
#include "report_fixtures.hpp"

namespace boostburn {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace report_test;

TEST(CsvTest, HeaderNamesTheColumns) {
  EXPECT_EQ(csv_header(),
            "report_date,generated_at,requests,input_tokens,output_tokens,"
            "cache_read_input_tokens,cache_write_input_tokens,total_tokens,cost_usd,"
            "unpriced_models,warnings");
}

TEST(CsvTest, RowHoldsTheDaysTotals) {
  const Snapshot s = sample_snapshot();
  PricedMetrics priced = flat_price(s.usage, sample_rates());
  priced.unpriced_models = {"mystery.model-v9", "other.model"};
  // 3 data warnings + 2 unpriced models + 1 verification error.
  EXPECT_EQ(csv_row(s, priced, {"e"}),
            "2026-11-30,2026-12-01T03:04:05Z,7,251256,1793,129709,411,383169,2.103756000,"
            "mystery.model-v9;other.model,6");
}

TEST(CsvTest, QuotesFieldsAsRfc4180Says) {
  EXPECT_EQ(csv_field("plain"), "plain");
  EXPECT_EQ(csv_field(""), "");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_field("cr\r"), "\"cr\r\"");
}

TEST(CsvTest, NeutralisesSpreadsheetFormulas) {
  EXPECT_EQ(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
  EXPECT_EQ(csv_field("+1"), "'+1");
  EXPECT_EQ(csv_field("-1+2"), "'-1+2");
  EXPECT_EQ(csv_field("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(csv_field("\tx"), "'\tx");
  EXPECT_EQ(csv_field("\rx"), "\"'\rx\"");
  EXPECT_EQ(csv_field("a=b"), "a=b");
}

TEST(CsvTest, AnUnpricedModelListCannotInjectAFormula) {
  const Snapshot s = sample_snapshot();
  PricedMetrics priced = flat_price(s.usage, sample_rates());
  priced.unpriced_models = {"=cmd|' /C calc'!A0", "x"};
  EXPECT_THAT(csv_row(s, priced, {}), HasSubstr(",'=cmd|' /C calc'!A0;x,"));
}

class CsvFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "bb-csv-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    m_dir = pattern;
  }
  void TearDown() override { fs::remove_all(m_dir); }

  [[nodiscard]] std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(m_dir)) {
      names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }

  fs::path m_dir;
};

TEST_F(CsvFileTest, WritesTheHeaderOnlyOnce) {
  const fs::path path = m_dir / "usage.csv";
  ASSERT_TRUE(append_csv_row(path, "h1,h2", "a,1"));
  ASSERT_TRUE(append_csv_row(path, "h1,h2", "b,2"));
  EXPECT_EQ(read_file(path).value(), "h1,h2\na,1\nb,2\n");
  EXPECT_THAT(entries(), ElementsAre("usage.csv"));
}

TEST_F(CsvFileTest, AnEmptyFileGetsTheHeader) {
  const fs::path path = m_dir / "usage.csv";
  std::ofstream(path).close();
  ASSERT_TRUE(append_csv_row(path, "h", "a"));
  EXPECT_EQ(read_file(path).value(), "h\na\n");
}

TEST_F(CsvFileTest, CompletesALastLineWithoutLineBreak) {
  const fs::path path = m_dir / "usage.csv";
  std::ofstream(path) << "h\r\nold";
  ASSERT_TRUE(append_csv_row(path, "h", "new"));
  EXPECT_EQ(read_file(path).value(), "h\r\nold\nnew\n");
}

TEST_F(CsvFileTest, CreatesMissingDirectories) {
  const fs::path path = m_dir / "reports" / "daily" / "usage.csv";
  ASSERT_TRUE(append_csv_row(path, "h", "a"));
  EXPECT_EQ(read_file(path).value(), "h\na\n");
}

// The snapshot is already written when the CSV is appended, so this is not
// a config error ("nothing written", exit 3) but a failed output (exit 4).
TEST_F(CsvFileTest, LeavesAFileWithAnotherHeaderAlone) {
  const fs::path path = m_dir / "usage.csv";
  const std::string old = "report_date,report_start,total_tokens\n2026-02-01,x,5\n";
  std::ofstream(path) << old;

  const auto status = append_csv_row(path, csv_header(), "row");

  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().kind, ErrorKind::io);
  EXPECT_EQ(exit_code_for(status.error().kind), ExitCode::service);
  EXPECT_THAT(status.error().message, HasSubstr(path.string()));
  EXPECT_THAT(status.error().message, HasSubstr("first line is not Boostburn's CSV header"));
  EXPECT_EQ(read_file(path).value(), old);
}

// Runs appending at the same time must not drop each other's rows.
TEST_F(CsvFileTest, ConcurrentAppendsKeepEveryRow) {
  const fs::path path = m_dir / "usage.csv";
  constexpr int k_writers = 4;
  constexpr int k_rows_each = 25;
  std::vector<pid_t> children;
  for (int writer = 0; writer < k_writers; ++writer) {
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      bool ok = true;
      for (int row = 0; row < k_rows_each; ++row) {
        ok = ok && append_csv_row(path, "h", std::to_string(writer * 1000 + row)).has_value();
      }
      ::_exit(ok ? 0 : 1);
    }
    children.push_back(child);
  }
  for (const pid_t child : children) {
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }

  std::istringstream lines(read_file(path).value());
  std::vector<std::string> rows;
  for (std::string line; std::getline(lines, line);) {
    rows.push_back(line);
  }
  ASSERT_EQ(rows.size(), 1u + k_writers * k_rows_each);
  EXPECT_EQ(rows.front(), "h");
  std::sort(rows.begin() + 1, rows.end());
  EXPECT_EQ(std::unique(rows.begin() + 1, rows.end()), rows.end());
  EXPECT_THAT(entries(), ElementsAre("usage.csv"));
}

TEST_F(CsvFileTest, FailsCleanlyWhenThePathCannotBeWritten) {
  std::ofstream(m_dir / "file") << "x";
  const auto status = append_csv_row(m_dir / "file" / "usage.csv", "h", "a");
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().kind, ErrorKind::io);
  EXPECT_THAT(entries(), ElementsAre("file"));
}

}  // namespace
}  // namespace boostburn
