#include "boostburn/ingest/record_parser.hpp"

#include <algorithm>
#include <cstring>
#include <string>

#include <fmt/format.h>

#include "boostburn/ingest/json_skip.hpp"
#include "boostburn/ingest/json_values.hpp"
#include "boostburn/ingest/record_reader.hpp"
#include "boostburn/ingest/record_scanner.hpp"

namespace boostburn {
namespace {

namespace od = json::od;

constexpr std::string_view k_utf8_bom = "\xEF\xBB\xBF";

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::uint64_t count_newlines(const char* begin, const char* end) {
  return static_cast<std::uint64_t>(std::count(begin, end, '\n'));
}

std::string_view span(const char* begin, const char* end) {
  return {begin, static_cast<std::size_t>(end - begin)};
}

std::string_view trim_right(std::string_view text) {
  while (!text.empty() && is_space(text.back())) {
    text.remove_suffix(1);
  }
  return text;
}

}  // namespace

struct RecordParser::Impl {
  explicit Impl(RecordParserOptions parser_options)
      : options(parser_options),
        scan(parser_options.skip_unread_values && value_skipping_available()) {}

  // What parse_text made of a record's text.
  enum class Outcome { record, not_object, malformed };

  RecordParserOptions options;
  bool scan;
  od::parser parser;
  RecordScanner scanner;
  std::string problem;  // reused for error descriptions
  RecordSink* sink = nullptr;
  ReadAhead* ahead = nullptr;
  const char* text_begin = nullptr;
  const char* ahead_from = nullptr;      // where `ahead` is called again (text_end: never)
  const char* text_end = nullptr;        // end of the data
  const char* allocation_end = nullptr;  // end of data + padding: readable by simdjson

  void parse(const PaddedBuffer& text, RecordSink& record_sink, ReadAhead* read_ahead);
  // Calls `ahead` for `at`, and notes where to call it again.
  void call_ahead(const char* at);
  // Calls `ahead` over the rest of the text, before a parse that reads it whole.
  void read_all_ahead();
  void parse_lines(const char* begin);
  // Reads the record that starts at `content` (a '{', the first non-blank
  // byte of its line) with the scanner, and reports it. Returns the line's
  // end, or nullptr (nothing reported) when the line must be parsed whole:
  // it is not plainly one object, or not a record read_record takes.
  const char* parse_scanned(const char* line_begin, const char* content, std::uint64_t line);
  bool looks_pretty_printed(const char* first_line_end) const;
  bool parse_single_object(const char* begin, std::uint64_t line);
  void parse_array(const char* begin, std::uint64_t first_line);
  // Parses [begin, end) as one record (`what`: "line" or "array element")
  // and reports it. Returns false when it is not a JSON object at all (then
  // reported only with `report_not_object`).
  bool parse_record(const char* begin, const char* end, std::uint64_t line, std::string_view raw,
                    std::string_view what, bool report_not_object = true);
  // Parses [begin, end) (padded up to `allocation`) as one record object
  // into `record`, reporting nothing; `problem` says what went wrong, except
  // for a value that is not an object.
  Outcome parse_text(const char* begin, const char* end, const char* allocation,
                     ParsedRecord& record);

  void malformed(std::uint64_t line, std::string_view detail, std::string_view raw,
                 std::string_view request_id = {}) {
    sink->on_malformed(MalformedRecord{line, detail, request_id, raw});
  }
  simdjson::simdjson_result<od::document> iterate(const char* begin, const char* end,
                                                  const char* allocation) {
    return parser.iterate(begin, static_cast<std::size_t>(end - begin),
                          static_cast<std::size_t>(allocation - begin));
  }
};

RecordParser::Impl::Outcome RecordParser::Impl::parse_text(const char* begin, const char* end,
                                                           const char* allocation,
                                                           ParsedRecord& record) {
  od::document document;
  od::object object;
  auto error = iterate(begin, end, allocation).get(document);
  if (error == simdjson::SUCCESS) {
    error = document.get_object().get(object);
  }
  if (error != simdjson::SUCCESS) {
    problem = error == simdjson::INCORRECT_TYPE ? std::string() : simdjson::error_message(error);
    return Outcome::not_object;
  }
  problem.clear();
  error = read_record(object, record, problem);
  if (error != simdjson::SUCCESS) {
    if (problem.empty()) {
      problem = simdjson::error_message(error);
    }
    return Outcome::malformed;
  }
  if (document.current_location().error() != simdjson::OUT_OF_BOUNDS) {
    problem = "trailing content after the JSON object";
    return Outcome::malformed;
  }
  return Outcome::record;
}

void RecordParser::Impl::parse(const PaddedBuffer& text, RecordSink& record_sink,
                               ReadAhead* read_ahead) {
  sink = &record_sink;
  const char* begin = text.data();
  text_begin = text.data();
  text_end = text.data() + text.size();
  allocation_end = text_end + PaddedBuffer::k_padding;
  ahead = read_ahead;
  ahead_from = ahead != nullptr ? text_begin : text_end;
  if (text.view().substr(0, k_utf8_bom.size()) == k_utf8_bom) {
    begin += k_utf8_bom.size();
  }
  const char* first = std::find_if_not(begin, text_end, is_space);
  if (first == text_end) {
    return;  // empty or blank: no records
  }
  if (*first == '[') {
    read_all_ahead();
    parse_array(first, 1 + count_newlines(begin, first));
  } else {
    parse_lines(begin);
  }
}

void RecordParser::Impl::call_ahead(const char* at) {
  const auto offset = static_cast<std::size_t>(at - text_begin);
  const auto size = static_cast<std::size_t>(text_end - text_begin);
  // Past `at` (so that every call moves on) and within the text.
  ahead_from = text_begin + std::min(std::max(ahead->reached(offset), offset + 1), size);
}

void RecordParser::Impl::read_all_ahead() {
  while (ahead_from < text_end) {
    call_ahead(ahead_from);
  }
}

void RecordParser::Impl::parse_lines(const char* begin) {
  std::uint64_t line = 1;
  bool seen_content = false;
  for (const char* cursor = begin; cursor < text_end; ++line) {
    if (cursor >= ahead_from) {
      call_ahead(cursor);
    }
    const auto left = static_cast<std::size_t>(text_end - cursor);
    if (scan) {
      const char* content =
          std::find_if(cursor, text_end, [](char c) { return c != ' ' && c != '\t' && c != '\r'; });
      if (content != text_end && *content == '{') {
        if (const char* line_end = parse_scanned(cursor, content, line)) {
          seen_content = true;
          cursor = line_end + 1;
          continue;
        }
      }
    }
    const auto* newline = static_cast<const char*>(std::memchr(cursor, '\n', left));
    const char* line_end = newline != nullptr ? newline : text_end;
    const std::string_view raw = span(cursor, line_end);
    const char* content = std::find_if_not(cursor, line_end, is_space);
    cursor = line_end + 1;
    if (content == line_end) {
      continue;  // blank line
    }
    const bool first_content = !seen_content;
    seen_content = true;
    if (raw.size() > options.max_line_bytes) {
      problem =
          fmt::format("line is {} bytes, over the cap of {} bytes (--max-line-bytes); not read",
                      raw.size(), options.max_line_bytes);
      malformed(line, problem, raw);
      continue;
    }

    const bool may_be_pretty = first_content && *content == '{' && looks_pretty_printed(line_end);
    if (!parse_record(content, line_end, line, raw, "line", /*report_not_object=*/!may_be_pretty) &&
        may_be_pretty) {
      // The first line may open one object pretty-printed over many lines.
      read_all_ahead();
      if (parse_single_object(content, line)) {
        return;
      }
      parse_record(content, line_end, line, raw, "line");  // now report it
    }
  }
}

bool RecordParser::Impl::parse_record(const char* begin, const char* end, std::uint64_t line,
                                      std::string_view raw, std::string_view what,
                                      bool report_not_object) {
  ParsedRecord record;
  record.line = line;
  record.raw = raw;
  switch (parse_text(begin, end, allocation_end, record)) {
    case Outcome::record:
      sink->on_record(record);
      return true;
    case Outcome::malformed:
      malformed(line, problem, raw, record.request_id);
      return true;
    case Outcome::not_object:
      if (report_not_object) {
        if (problem.empty()) {
          problem = fmt::format("{} is not a JSON object", what);
        }
        malformed(line, problem, raw);
      }
      return false;
  }
  return false;
}

const char* RecordParser::Impl::parse_scanned(const char* line_begin, const char* content,
                                              std::uint64_t line) {
  ParsedRecord record;
  const std::optional<RecordScanner::Line> scanned = scanner.scan(content, text_end, record);
  if (!scanned) {
    return nullptr;
  }
  const std::string_view raw = span(line_begin, scanned->end);
  if (raw.size() > options.max_line_bytes) {
    return nullptr;
  }
  if (!scanned->complete || !options.read_plain_records) {
    record = ParsedRecord{};
    const std::string_view copy = scanner.compacted();
    if (parse_text(copy.data(), copy.data() + copy.size(),
                   copy.data() + copy.size() + PaddedBuffer::k_padding,
                   record) != Outcome::record) {
      return nullptr;  // the whole line's parse reports it, in its own words
    }
  }
  record.line = line;
  record.raw = raw;
  sink->on_record(record);
  return scanned->end;
}

// After a first line that is not a whole object: is the next non-blank line
// the inside of a pretty-printed object (a key or a closing brace) rather
// than the next record of a JSON Lines file? Keeps a broken first line of a
// big JSON Lines object from being re-parsed as one huge document.
bool RecordParser::Impl::looks_pretty_printed(const char* first_line_end) const {
  const char* next = std::find_if_not(first_line_end, text_end, is_space);
  return next == text_end || *next != '{';
}

bool RecordParser::Impl::parse_single_object(const char* begin, std::uint64_t line) {
  od::document document;
  if (iterate(begin, text_end, allocation_end).get(document) != simdjson::SUCCESS) {
    return false;
  }
  // Probe without reporting: the whole text must be exactly one object.
  od::object object;
  if (document.get_object().get(object) != simdjson::SUCCESS) {
    return false;
  }
  if (json::each_field(object, [](od::raw_json_string, od::value&) { return simdjson::SUCCESS; }) !=
      simdjson::SUCCESS) {
    return false;
  }
  if (document.current_location().error() != simdjson::OUT_OF_BOUNDS) {
    return false;  // more after the object: not a single object
  }
  document.rewind();
  if (document.get_object().get(object) != simdjson::SUCCESS) {
    return false;
  }
  ParsedRecord record;
  record.line = line;
  record.raw = trim_right(span(begin, text_end));
  problem.clear();
  const simdjson::error_code error = read_record(object, record, problem);
  if (error == simdjson::SUCCESS) {
    sink->on_record(record);
  } else {
    malformed(line, problem.empty() ? std::string_view(simdjson::error_message(error)) : problem,
              record.raw, record.request_id);
  }
  return true;
}

// Splits the array into its top-level elements with a bracket scan that
// knows strings, then parses each element on its own, as a JSON Lines line
// is: a damaged element (cut short, invalid UTF-8, a syntax error) costs only
// itself, and the elements before a cut (a truncated download, the object
// size cap) still count. The scan keeps a counter, never a stack.
void RecordParser::Impl::parse_array(const char* begin, std::uint64_t first_line) {
  std::uint64_t line = first_line;
  const char* counted_to = begin;  // line numbers: newlines counted up to here
  std::size_t elements = 0;
  const auto element = [&](const char* from, const char* to, bool last) {
    const char* content = std::find_if_not(from, to, is_space);
    const std::string_view raw = trim_right(span(content, to));
    if (content > counted_to) {
      line += count_newlines(counted_to, content);
      counted_to = content;
    }
    if (raw.empty()) {
      if (!(last && elements == 0)) {  // "[]" and "[ ]" are empty arrays
        malformed(line, "empty array element", raw);
      }
      return;
    }
    ++elements;
    parse_record(content, content + raw.size(), line, raw, "array element");
  };
  std::size_t depth = 0;
  bool in_string = false;
  const char* element_start = begin + 1;
  for (const char* cursor = begin + 1; cursor < text_end; ++cursor) {
    const char c = *cursor;
    if (in_string) {
      if (c == '\\') {
        ++cursor;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    } else if (c == ',' && depth == 0) {
      element(element_start, cursor, false);
      element_start = cursor + 1;
    } else if (c == ']' && depth == 0) {
      element(element_start, cursor, true);
      const char* after = std::find_if_not(cursor + 1, text_end, is_space);
      if (after != text_end) {
        line += count_newlines(counted_to, after);
        malformed(line, "trailing content after the JSON array", trim_right(span(after, text_end)));
      }
      return;
    }
  }
  const char* rest = std::find_if_not(element_start, text_end, is_space);
  if (rest == text_end) {
    line += count_newlines(counted_to, text_end);
    malformed(line, "the JSON array is not closed (the object was cut short?)", {});
    return;
  }
  element(element_start, text_end, true);  // cut short: the last element is malformed
}

RecordParser::RecordParser(RecordParserOptions options) : m_impl(std::make_unique<Impl>(options)) {}
RecordParser::~RecordParser() = default;
RecordParser::RecordParser(RecordParser&&) noexcept = default;
RecordParser& RecordParser::operator=(RecordParser&&) noexcept = default;

void RecordParser::parse(const PaddedBuffer& text, RecordSink& sink, ReadAhead* ahead) {
  m_impl->parse(text, sink, ahead);
}

}  // namespace boostburn
