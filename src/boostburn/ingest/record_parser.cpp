#include "boostburn/ingest/record_parser.hpp"

#include <algorithm>
#include <cstring>
#include <string>

#include "boostburn/ingest/json_values.hpp"
#include "boostburn/ingest/record_reader.hpp"

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

}  // namespace

struct RecordParser::Impl {
  od::parser parser;
  std::string problem;  // reused for error descriptions
  RecordSink* sink = nullptr;
  const char* text_end = nullptr;        // end of the data
  const char* allocation_end = nullptr;  // end of data + padding: readable by simdjson

  void parse(const PaddedBuffer& text, RecordSink& record_sink);
  void parse_lines(const char* begin);
  bool looks_pretty_printed(const char* first_line_end) const;
  bool parse_single_object(const char* begin, std::uint64_t line);
  void parse_array(const char* begin, std::uint64_t first_line);

  // Reads one record object into `record`; reports a malformed record and
  // returns its error otherwise (INCORRECT_TYPE: a field of the wrong type).
  simdjson::error_code read(od::object object, ParsedRecord& record);
  void malformed(std::uint64_t line, std::string_view detail, std::string_view request_id = {}) {
    sink->on_malformed(MalformedRecord{line, detail, request_id});
  }
  void malformed(std::uint64_t line, simdjson::error_code error) {
    malformed(line, simdjson::error_message(error));
  }
  simdjson::simdjson_result<od::document> iterate(const char* begin, const char* end) {
    return parser.iterate(begin, static_cast<std::size_t>(end - begin),
                          static_cast<std::size_t>(allocation_end - begin));
  }
};

simdjson::error_code RecordParser::Impl::read(od::object object, ParsedRecord& record) {
  problem.clear();
  const auto error = read_record(object, record, problem);
  if (error != simdjson::SUCCESS) {
    malformed(record.line,
              problem.empty() ? std::string_view(simdjson::error_message(error)) : problem,
              record.request_id);
  }
  return error;
}

void RecordParser::Impl::parse(const PaddedBuffer& text, RecordSink& record_sink) {
  sink = &record_sink;
  const char* begin = text.data();
  text_end = text.data() + text.size();
  allocation_end = text_end + PaddedBuffer::k_padding;
  if (text.view().substr(0, k_utf8_bom.size()) == k_utf8_bom) {
    begin += k_utf8_bom.size();
  }
  const char* first = std::find_if_not(begin, text_end, is_space);
  if (first == text_end) {
    return;  // empty or blank: no records
  }
  if (*first == '[') {
    parse_array(first, 1 + count_newlines(begin, first));
  } else {
    parse_lines(begin);
  }
}

void RecordParser::Impl::parse_lines(const char* begin) {
  std::uint64_t line = 1;
  bool seen_content = false;
  for (const char* cursor = begin; cursor < text_end; ++line) {
    const char* newline = static_cast<const char*>(
        std::memchr(cursor, '\n', static_cast<std::size_t>(text_end - cursor)));
    const char* line_end = newline != nullptr ? newline : text_end;
    const char* content = std::find_if_not(cursor, line_end, is_space);
    cursor = line_end + 1;
    if (content == line_end) {
      continue;  // blank line
    }
    const bool first_content = !seen_content;
    seen_content = true;

    od::document document;
    od::object object;
    auto error = iterate(content, line_end).get(document);
    if (error == simdjson::SUCCESS) {
      error = document.get_object().get(object);
    }
    if (error != simdjson::SUCCESS) {
      // The first line may open one object pretty-printed over many lines.
      if (first_content && *content == '{' && looks_pretty_printed(line_end) &&
          parse_single_object(content, line)) {
        return;
      }
      malformed(line, error == simdjson::INCORRECT_TYPE ? "line is not a JSON object"
                                                        : simdjson::error_message(error));
      continue;
    }
    ParsedRecord record;
    record.line = line;
    if (read(object, record) != simdjson::SUCCESS) {
      continue;
    }
    if (document.current_location().error() != simdjson::OUT_OF_BOUNDS) {
      malformed(line, "trailing content after the JSON object", record.request_id);
      continue;
    }
    sink->on_record(record);
  }
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
  if (iterate(begin, text_end).get(document) != simdjson::SUCCESS) {
    return false;
  }
  // Probe without reporting: the whole text must be exactly one object.
  od::object object;
  if (document.get_object().get(object) != simdjson::SUCCESS) {
    return false;
  }
  for (auto field_result : object) {
    od::field field;
    if (std::move(field_result).get(field) != simdjson::SUCCESS) {
      return false;
    }
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
  if (read(object, record) == simdjson::SUCCESS) {
    sink->on_record(record);
  }
  return true;
}

void RecordParser::Impl::parse_array(const char* begin, std::uint64_t first_line) {
  od::document document;
  od::array array;
  auto error = iterate(begin, text_end).get(document);
  if (error == simdjson::SUCCESS) {
    error = document.get_array().get(array);
  }
  if (error != simdjson::SUCCESS) {
    malformed(first_line, error);
    return;
  }
  const char* counted_to = begin;  // line numbers: newlines counted up to here
  std::uint64_t line = first_line;
  for (auto element_result : array) {
    od::value element;
    error = std::move(element_result).get(element);
    const char* location = nullptr;
    if (error == simdjson::SUCCESS &&
        element.current_location().get(location) == simdjson::SUCCESS && location > counted_to &&
        location <= text_end) {
      line += count_newlines(counted_to, location);
      counted_to = location;
    }
    od::json_type type{};
    if (error == simdjson::SUCCESS) {
      error = element.type().get(type);
    }
    if (error == simdjson::SUCCESS && type != od::json_type::object) {
      malformed(line, "array element is not a JSON object");
      continue;
    }
    od::object object;
    if (error == simdjson::SUCCESS) {
      error = element.get_object().get(object);
    }
    if (error != simdjson::SUCCESS) {
      malformed(line, error);
      return;  // the rest of the array cannot be read
    }
    ParsedRecord record;
    record.line = line;
    error = read(object, record);
    if (error == simdjson::SUCCESS) {
      sink->on_record(record);
    } else if (error != simdjson::INCORRECT_TYPE) {
      return;  // a syntax error: the rest of the array cannot be read
    }
  }
  if (document.current_location().error() != simdjson::OUT_OF_BOUNDS) {
    malformed(line, "trailing content after the JSON array");
  }
}

RecordParser::RecordParser() : m_impl(std::make_unique<Impl>()) {}
RecordParser::~RecordParser() = default;
RecordParser::RecordParser(RecordParser&&) noexcept = default;
RecordParser& RecordParser::operator=(RecordParser&&) noexcept = default;

void RecordParser::parse(const PaddedBuffer& text, RecordSink& sink) {
  m_impl->parse(text, sink);
}

}  // namespace boostburn
