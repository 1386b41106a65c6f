// Fuzzes RecordParser::parse with arbitrary bytes as one decoded log object.
//
// Invariants, beyond "no crash, no exception, no leak, no UB":
//  - every reported line is within the text, in order; JSON Lines text gets
//    at most one report per line; every raw view lies inside the text (read
//    line by line, a record's raw is its line, without the newline);
//  - a record's counts are within json::k_max_count, its 1-hour cache writes
//    are part of its cache writes, and missing_counts means all zero;
//  - a parser reused after another object gives the same reports;
//  - scanning JSON Lines records (RecordParserOptions::skip_unread_values),
//    with plain records read by the scan or parsed from a compacted copy,
//    changes no report;
//  - "a bad line never costs its neighbours": when the text is read line by
//    line, putting a good record before and after it changes nothing but the
//    line numbers.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "boostburn/ingest/json_values.hpp"
#include "boostburn/ingest/padded_buffer.hpp"
#include "boostburn/ingest/record_parser.hpp"
#include "fuzz_check.hpp"

namespace boostburn {
namespace {

// What the sink saw, copied (the parser's views die with each call).
struct Report {
  bool is_record = false;
  std::uint64_t line = 0;
  std::string raw;
  std::string detail;  // malformed only
  std::string timestamp;
  std::string request_id;
  std::string region;
  std::string identity_arn;
  std::string model_id;
  TokenCounts tokens;
  bool missing_counts = false;
  bool counts_from_body = false;

  friend bool operator==(const Report&, const Report&) = default;
};

class RecordingSink final : public RecordSink {
 public:
  explicit RecordingSink(std::string_view text) : m_text(text) {}

  void on_record(const ParsedRecord& record) override {
    check_inside(record.raw);
    reports.push_back(Report{true,
                             record.line,
                             std::string(record.raw),
                             {},
                             std::string(record.timestamp),
                             std::string(record.request_id),
                             std::string(record.region),
                             std::string(record.identity_arn),
                             std::string(record.model_id),
                             record.tokens,
                             record.missing_counts,
                             record.counts_from_body});
  }
  void on_malformed(const MalformedRecord& malformed) override {
    check_inside(malformed.raw);
    Report report;
    report.line = malformed.line;
    report.raw = std::string(malformed.raw);
    report.detail = std::string(malformed.detail);
    report.request_id = std::string(malformed.request_id);
    reports.push_back(std::move(report));
  }

  std::vector<Report> reports;

 private:
  void check_inside(std::string_view raw) const {
    if (!raw.empty()) {
      FUZZ_CHECK(raw.data() >= m_text.data() &&
                 raw.data() + raw.size() <= m_text.data() + m_text.size());
    }
  }

  std::string_view m_text;
};

constexpr std::string_view k_good_record =
    R"({"timestamp":"2026-11-30T10:00:00Z","requestId":"fuzz-neighbour","region":"us-east-1",)"
    R"("identity":{"arn":"arn:aws:iam::111122223333:user/fuzz"},)"
    R"("modelId":"anthropic.claude-3-haiku-20240307-v1:0",)"
    R"("input":{"inputTokenCount":12,"cacheReadInputTokenCount":3},)"
    R"("output":{"outputTokenCount":34}})";

std::vector<Report> parse(RecordParser& parser, std::string_view text) {
  PaddedBuffer buffer;
  buffer.assign(text);
  RecordingSink sink(buffer.view());
  parser.parse(buffer, sink);
  return std::move(sink.reports);
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::uint64_t newlines(std::string_view text) {
  return static_cast<std::uint64_t>(std::count(text.begin(), text.end(), '\n'));
}

std::uint64_t non_blank_lines(std::string_view text) {
  std::uint64_t count = 0;
  bool blank = true;
  for (const char c : text) {
    if (c == '\n') {
      count += blank ? 0 : 1;
      blank = true;
    } else if (!is_space(c)) {
      blank = false;
    }
  }
  return count + (blank ? 0 : 1);
}

// JSON Lines unless the first non-blank byte opens an array; a leading BOM is
// skipped by the parser, so such texts are left out of the line checks.
bool read_as_lines(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") {
    return false;
  }
  const auto first = std::find_if_not(text.begin(), text.end(), is_space);
  return first != text.end() && *first != '[';
}

void check_reports(std::string_view text, const std::vector<Report>& reports) {
  const std::uint64_t last_line = newlines(text) + 1;
  std::uint64_t previous = 1;
  for (const Report& report : reports) {
    FUZZ_CHECK(report.line >= previous && report.line <= last_line);
    previous = report.line;
    if (!report.is_record) {
      FUZZ_CHECK(!report.detail.empty());
      continue;
    }
    const TokenCounts& tokens = report.tokens;
    for (const std::uint64_t count :
         {tokens.input_tokens, tokens.output_tokens, tokens.cache_read_input_tokens,
          tokens.cache_write_input_tokens, tokens.cache_write_1h_input_tokens}) {
      FUZZ_CHECK(count <= json::k_max_count);
    }
    FUZZ_CHECK(tokens.cache_write_1h_input_tokens <= tokens.cache_write_input_tokens);
    if (report.missing_counts) {
      FUZZ_CHECK(tokens == TokenCounts{});
      FUZZ_CHECK(!report.counts_from_body);
    }
  }
}

}  // namespace
}  // namespace boostburn

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace boostburn;
  const std::string_view text = fuzz::as_text(data, size);

  RecordParser parser;
  const std::vector<Report> reports = parse(parser, text);
  check_reports(text, reports);

  // The parser's buffers, grown by a bigger record, must not leak into the next object.
  static const std::string bigger =
      R"({"timestamp":"2026-11-30T10:00:00Z","requestId":"big","input":{"inputBodyJson":)"
      R"({"messages":")" +
      std::string(std::size_t{32} << 10, 'x') +
      R"("},"inputTokenCount":1},"output":{"outputTokenCount":2}})";
  FUZZ_CHECK(parse(parser, bigger).size() == 1);
  FUZZ_CHECK(parse(parser, text) == reports);
  RecordParser whole_lines(RecordParserOptions{.skip_unread_values = false});
  FUZZ_CHECK_MSG(parse(whole_lines, text) == reports, text);
  RecordParser all_compacted(RecordParserOptions{.read_plain_records = false});
  FUZZ_CHECK_MSG(parse(all_compacted, text) == reports, text);

  const bool one_report_per_line = read_as_lines(text) && reports.size() == non_blank_lines(text);
  if (read_as_lines(text)) {
    FUZZ_CHECK(reports.size() <= non_blank_lines(text));
  }
  if (!one_report_per_line) {
    return 0;  // an array, a pretty-printed object, or blank
  }
  for (const Report& report : reports) {
    FUZZ_CHECK(report.raw.find('\n') == std::string::npos);
  }
  std::string framed(k_good_record);
  framed.append("\n").append(text).append("\n").append(k_good_record);
  const std::vector<Report> framed_reports = parse(parser, framed);
  FUZZ_CHECK_MSG(framed_reports.size() == reports.size() + 2, framed);
  const std::vector<Report> good = parse(parser, k_good_record);
  FUZZ_CHECK(good.size() == 1 && good.front().is_record);
  FUZZ_CHECK(framed_reports.front() == good.front());
  for (std::size_t i = 0; i < reports.size(); ++i) {
    Report shifted = reports[i];
    shifted.line += 1;
    FUZZ_CHECK_MSG(framed_reports[i + 1] == shifted, framed);
  }
  Report last = good.front();
  last.line = newlines(text) + 3;
  FUZZ_CHECK(framed_reports.back() == last);
  return 0;
}
