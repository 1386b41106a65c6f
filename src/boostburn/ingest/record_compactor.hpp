// Internal to ingest: a JSON Lines record with the values Boostburn never
// reads left out, so that simdjson indexes a few hundred bytes of it rather
// than the whole line.
//
// A Bedrock record is mostly its request body (input.inputBodyJson: the whole
// conversation so far), which read_record skips. simdjson on-demand still
// indexes every quote and brace in it (its stage 1) and then steps over
// them; that was about half of the parser's time. Here the record's own
// object and its `identity`, `input` and `output` objects are walked key by
// key, every value is stepped over with find_value_end (json_skip.hpp), and
// each object, array or string of 64 bytes or more that read_record never
// reads (RecordField::other) is replaced by `0` in a copy. So is the response
// body when read_record will not read it either (body_may_matter: the
// record's counts, seen on the way, are plain and there is no cache write).
// read_record then reads the copy, and reads from it exactly what it would
// from the line.
//
// Only a line that is plainly one object gets a copy: any surprise, such as
// a newline or other control byte inside the record, invalid UTF-8 in a value
// left out, nesting deeper than k_max_skip_depth or something other than
// blanks after the object, gives nullopt and the caller parses the line as it
// is. So every error a whole-line parse would report, it still reports.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "boostburn/ingest/padded_buffer.hpp"
#include "boostburn/ingest/record_reader.hpp"  // RecordObject

namespace boostburn {

// Values shorter than this are copied: leaving them out saves less than it costs.
inline constexpr std::size_t k_min_elided_bytes = 64;

class RecordCompactor {
 public:
  struct Line {
    const char* end;           // the line's '\n', or the end of the text
    std::string_view compact;  // the record without its unread values; padded
  };

  // `begin` is the first non-blank byte of a line, a '{'; `text_end` the end
  // of the text, with PaddedBuffer::k_padding readable bytes after it. The
  // copy is valid until the next call. Call only when
  // value_skipping_available().
  std::optional<Line> compact(const char* begin, const char* text_end);

 private:
  const char* scan_object(const char* begin, RecordObject object);
  const char* scan_value(const char* begin, bool& non_ascii) const;
  // Keeps m_counts as read_record will have them: `token` is `field`'s value.
  void note_count(RecordField field, std::string_view token);
  bool may_leave_out(RecordField field, const char* value, const char* end) const;

  const char* m_text_end = nullptr;
  // The counts read_record will have read so far in this record, while every
  // count is plain digits or null; past any other value, m_counts_known is
  // false and the response body is kept.
  MetadataCounts m_counts;
  bool m_counts_known = true;
  std::vector<std::pair<const char*, const char*>> m_elided;  // in text order
  PaddedBuffer m_copy;
};

}  // namespace boostburn
