#include "boostburn/ingest/record_compactor.hpp"

#include <cstring>

#include <simdjson.h>

#include "boostburn/ingest/json_skip.hpp"
#include "boostburn/ingest/json_values.hpp"  // k_max_count

namespace boostburn {
namespace {

// Blanks inside a line; a newline ends the line (and the record).
const char* skip_blanks(const char* cursor, const char* end) {
  while (cursor < end && (*cursor == ' ' || *cursor == '\t' || *cursor == '\r')) {
    ++cursor;
  }
  return cursor;
}

bool is_count(RecordField field) {
  return field == RecordField::input_tokens || field == RecordField::cache_read_tokens ||
         field == RecordField::cache_write_tokens || field == RecordField::output_tokens;
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

}  // namespace

// A number, true, false or null (or any other run of letters, digits and
// "+-.": read_record or simdjson judges it in the copy). Objects, arrays and
// strings go to find_value_end. Returns one past the value, or nullptr.
BOOSTBURN_SKIP_TARGET const char* RecordCompactor::scan_value(const char* begin,
                                                              bool& non_ascii) const {
  if (*begin == '{' || *begin == '[' || *begin == '"') {
    const ValueEnd value = find_value_end(begin, m_text_end);
    non_ascii = value.non_ascii;
    return value.end;
  }
  non_ascii = false;
  const char* cursor = begin;
  while (cursor < m_text_end && !ends_token(*cursor)) {
    if (!is_bare_value_byte(*cursor)) {
      return nullptr;
    }
    ++cursor;
  }
  return cursor == begin ? nullptr : cursor;
}

void RecordCompactor::note_count(RecordField field, std::string_view token) {
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
  switch (field) {  // is_count(field)
    case RecordField::input_tokens:
      m_counts.input = count;
      break;
    case RecordField::cache_read_tokens:
      m_counts.cache_read = count;
      break;
    case RecordField::cache_write_tokens:
      m_counts.cache_write = count;
      break;
    case RecordField::output_tokens:
      m_counts.output = count;
      break;
    default:
      break;
  }
}

bool RecordCompactor::may_leave_out(RecordField field, const char* value, const char* end) const {
  if (field != RecordField::other &&
      !(field == RecordField::output_body && m_counts_known && !body_may_matter(m_counts))) {
    return false;
  }
  return (*value == '{' || *value == '[' || *value == '"') &&
         static_cast<std::size_t>(end - value) >= k_min_elided_bytes;
}

// Walks the object at `begin` ('{') field by field; returns one past its '}',
// or nullptr when it is not plainly an object.
BOOSTBURN_SKIP_TARGET const char* RecordCompactor::scan_object(const char* begin,
                                                               RecordObject object) {
  const char* cursor = skip_blanks(begin + 1, m_text_end);
  if (cursor < m_text_end && *cursor == '}') {
    return cursor + 1;
  }
  while (cursor < m_text_end && *cursor == '"') {
    bool non_ascii = false;
    const char* key_end = scan_value(cursor, non_ascii);
    if (key_end == nullptr) {
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
    } else {
      cursor = scan_value(value, non_ascii);
      if (cursor == nullptr) {
        return nullptr;
      }
      if (is_count(field)) {
        note_count(field, std::string_view(value, static_cast<std::size_t>(cursor - value)));
      } else if (may_leave_out(field, value, cursor)) {
        // What simdjson would have checked in it: UTF-8 (control bytes were).
        if (non_ascii &&
            !simdjson::validate_utf8(value, static_cast<std::size_t>(cursor - value))) {
          return nullptr;
        }
        m_elided.emplace_back(value, cursor);
      }
    }
    if (cursor == nullptr) {
      return nullptr;
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

std::optional<RecordCompactor::Line> RecordCompactor::compact(const char* begin,
                                                              const char* text_end) {
  m_text_end = text_end;
  m_elided.clear();
  m_counts = {};
  m_counts_known = true;
  const char* object_end = scan_object(begin, RecordObject::record);
  if (object_end == nullptr) {
    return std::nullopt;
  }
  const char* line_end = skip_blanks(object_end, text_end);
  if (line_end != text_end && *line_end != '\n') {
    return std::nullopt;  // more on the line: the whole-line parse says what
  }

  std::size_t size = static_cast<std::size_t>(object_end - begin);
  for (const auto& [from, to] : m_elided) {
    size -= static_cast<std::size_t>(to - from) - 1;
  }
  m_copy.reserve(size);
  char* out = m_copy.data();
  const char* copied_to = begin;
  for (const auto& [from, to] : m_elided) {
    const auto kept = static_cast<std::size_t>(from - copied_to);
    std::memcpy(out, copied_to, kept);
    out += kept;
    *out++ = '0';
    copied_to = to;
  }
  std::memcpy(out, copied_to, static_cast<std::size_t>(object_end - copied_to));
  m_copy.set_size(size);
  return Line{line_end, m_copy.view()};
}

}  // namespace boostburn
