#include "boostburn/ingest/record_scanner.hpp"

#include <cstring>

#include <simdjson.h>

#include "boostburn/ingest/body_usage.hpp"
#include "boostburn/ingest/json_skip.hpp"
#include "boostburn/ingest/json_values.hpp"  // k_max_count

namespace boostburn {
namespace {

// Blanks inside a line; a newline ends the line (and the record). Compact
// JSON has none, so the first byte is looked at once first.
const char* skip_blanks(const char* cursor, const char* end) {
  if (cursor < end && (static_cast<unsigned char>(*cursor) > ' ')) {
    return cursor;
  }
  while (cursor < end && (*cursor == ' ' || *cursor == '\t' || *cursor == '\r')) {
    ++cursor;
  }
  return cursor;
}

bool valid_utf8(const char* begin, const char* end) {
  return simdjson::validate_utf8(begin, static_cast<std::size_t>(end - begin));
}

// What numbers and literals are made of. Anything else in a bare value (a
// quote, a backslash) would be inside the same token for simdjson and yet
// flip, or escape, its idea of what is in a string: the copy and the line
// could then differ in structure, so such a line is parsed whole.
bool is_bare_value_byte(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' ||
         c == '+' || c == '.';
}

bool ends_token(char c) {
  return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// The ParsedRecord string a field is read into; nullptr for other fields.
std::string_view ParsedRecord::*string_of(RecordField field) {
  switch (field) {
    case RecordField::timestamp:
      return &ParsedRecord::timestamp;
    case RecordField::request_id:
      return &ParsedRecord::request_id;
    case RecordField::region:
      return &ParsedRecord::region;
    case RecordField::model_id:
      return &ParsedRecord::model_id;
    case RecordField::arn:
      return &ParsedRecord::identity_arn;
    default:
      return nullptr;
  }
}

// The record's own count a field is read into; nullptr for other fields.
std::optional<std::uint64_t> MetadataCounts::*count_of(RecordField field) {
  switch (field) {
    case RecordField::input_tokens:
      return &MetadataCounts::input;
    case RecordField::cache_read_tokens:
      return &MetadataCounts::cache_read;
    case RecordField::cache_write_tokens:
      return &MetadataCounts::cache_write;
    case RecordField::output_tokens:
      return &MetadataCounts::output;
    default:
      return nullptr;
  }
}

}  // namespace

// A number, true, false or null (or any other run of letters, digits and
// "+-.": read_record or simdjson judges it in the copy). Objects, arrays and
// strings go to find_value_end. The end is one past the value, or nullptr.
// Inlined into scan_object, which calls it for every key and value.
BOOSTBURN_SKIP_TARGET inline __attribute__((always_inline)) ValueEnd RecordScanner::scan_value(
    const char* begin) const {
  if (*begin == '{' || *begin == '[' || *begin == '"') {
    return find_value_end(begin, m_text_end, m_blocks);
  }
  const char* cursor = begin;
  while (cursor < m_text_end && !ends_token(*cursor)) {
    if (!is_bare_value_byte(*cursor)) {
      return {};
    }
    ++cursor;
  }
  return {cursor == begin ? nullptr : cursor};
}

void RecordScanner::note_count(std::optional<std::uint64_t> MetadataCounts::*target,
                               std::string_view token) {
  if (token == "null") {
    return;  // absent: leaves the count as it was
  }
  // Plain digits, no leading zero: what get_uint64 reads as the same number.
  bool plain = !token.empty() && token.size() <= 10 && (token[0] != '0' || token.size() == 1);
  std::uint64_t count = 0;
  for (const char digit : token) {
    plain = plain && digit >= '0' && digit <= '9';
    count = count * 10 + static_cast<std::uint64_t>(digit - '0');
  }
  if (!plain || count > json::k_max_count) {
    m_counts_known = false;  // read_record decides what it is
    return;
  }
  m_counts.*target = count;
}

// A string without escapes is the text between its quotes, as read_string
// and read_timestamp take it; null leaves the field as it was; anything else
// is for read_record to judge.
void RecordScanner::note_string(std::string_view ParsedRecord::*target, std::string_view token,
                                bool escapes) {
  if (token == "null") {
    return;
  }
  if (token.front() == '"' && !escapes) {
    m_record->*target = token.substr(1, token.size() - 2);
    return;
  }
  m_complete = false;
}

bool RecordScanner::body_is_read() const {
  return !m_counts_known || body_may_matter(m_counts);
}

bool RecordScanner::may_leave_out(RecordField field, const char* value, const char* end) const {
  if (field != RecordField::other && !(field == RecordField::output_body && !body_is_read())) {
    return false;
  }
  return (*value == '{' || *value == '[' || *value == '"') &&
         static_cast<std::size_t>(end - value) >= k_min_elided_bytes;
}

// Inlined into scan_object, which calls it for every value: as a call, its
// prologue and epilogue were half of its 70 instructions (callgrind).
__attribute__((always_inline)) inline void RecordScanner::read_value(RecordField field,
                                                                     const char* value,
                                                                     const ValueEnd& scanned) {
  const char* end = scanned.end;
  const std::string_view token(value, static_cast<std::size_t>(end - value));
  if (const auto target = string_of(field)) {
    note_string(target, token, scanned.escapes);
    return;
  }
  if (const auto target = count_of(field)) {
    note_count(target, token);
    return;
  }
  switch (field) {
    case RecordField::identity:
    case RecordField::input:
    case RecordField::output:
      // Not an object (those are walked): null is absent, anything else a
      // wrong type read_record reports.
      m_complete = m_complete && token == "null";
      return;
    case RecordField::output_body:
      m_complete = m_complete && !body_is_read();
      break;
    default:  // RecordField::other
      break;
  }
  if (may_leave_out(field, value, end)) {
    m_elided.emplace_back(value, end);
  }
}

// Walks the object at `begin` ('{') field by field; returns one past its '}',
// or nullptr when it is not plainly an object.
BOOSTBURN_SKIP_TARGET const char* RecordScanner::scan_object(const char* begin,
                                                             RecordObject object) {
  const char* cursor = skip_blanks(begin + 1, m_text_end);
  if (cursor < m_text_end && *cursor == '}') {
    return cursor + 1;
  }
  while (cursor < m_text_end && *cursor == '"') {
    const ValueEnd key_value = scan_value(cursor);
    const char* key_end = key_value.end;
    if (key_end == nullptr || (key_value.non_ascii && !valid_utf8(cursor, key_end))) {
      return nullptr;
    }
    const std::string_view key(cursor + 1, static_cast<std::size_t>(key_end - cursor - 2));
    cursor = skip_blanks(key_end, m_text_end);
    if (cursor == m_text_end || *cursor != ':') {
      return nullptr;
    }
    const char* value = skip_blanks(cursor + 1, m_text_end);
    if (value == m_text_end) {
      return nullptr;
    }
    const RecordField field = record_field(object, key);
    const std::optional<RecordObject> inner = inner_object(field);
    if (inner && *value == '{') {
      cursor = scan_object(value, *inner);
      if (cursor == nullptr) {
        return nullptr;
      }
    } else {
      const ValueEnd scanned = scan_value(value);
      cursor = scanned.end;
      // What simdjson checks in every value, read or skipped: UTF-8
      // (control bytes were).
      if (cursor == nullptr || (scanned.non_ascii && !valid_utf8(value, cursor))) {
        return nullptr;
      }
      read_value(field, value, scanned);
    }
    cursor = skip_blanks(cursor, m_text_end);
    if (cursor == m_text_end) {
      return nullptr;
    }
    if (*cursor == '}') {
      return cursor + 1;
    }
    if (*cursor != ',') {
      return nullptr;
    }
    cursor = skip_blanks(cursor + 1, m_text_end);
  }
  return nullptr;
}

std::optional<RecordScanner::Line> RecordScanner::scan(const char* begin, const char* text_end,
                                                       ParsedRecord& record) {
  m_begin = begin;
  m_text_end = text_end;
  m_record = &record;
  m_elided.clear();
  m_counts = {};
  m_counts_known = true;
  m_complete = true;
  m_object_end = scan_object(begin, RecordObject::record);
  if (m_object_end == nullptr) {
    return std::nullopt;
  }
  const char* line_end = skip_blanks(m_object_end, text_end);
  if (line_end != text_end && *line_end != '\n') {
    return std::nullopt;  // more on the line: the whole-line parse says what
  }
  const bool complete = m_complete && m_counts_known;
  if (complete) {
    choose_counts(m_counts, BodyUsage{}, record);
  }
  return Line{line_end, complete};
}

std::string_view RecordScanner::compacted() {
  std::size_t size = static_cast<std::size_t>(m_object_end - m_begin);
  for (const auto& [from, to] : m_elided) {
    size -= static_cast<std::size_t>(to - from) - 1;
  }
  m_copy.reserve(size);
  char* out = m_copy.data();
  const char* copied_to = m_begin;
  for (const auto& [from, to] : m_elided) {
    const auto kept = static_cast<std::size_t>(from - copied_to);
    std::memcpy(out, copied_to, kept);
    out += kept;
    *out++ = '0';
    copied_to = to;
  }
  std::memcpy(out, copied_to, static_cast<std::size_t>(m_object_end - copied_to));
  m_copy.set_size(size);
  return m_copy.view();
}

}  // namespace boostburn
