// Internal to ingest: reads a JSON Lines record by stepping over the values
// Boostburn never reads, rather than having simdjson index them.
//
// A Bedrock record is mostly its request body (input.inputBodyJson: the whole
// conversation so far), which read_record skips. simdjson on-demand still
// indexes every quote and brace in it (its stage 1) and then steps over
// them; that was about half of the parser's time. Here the record's own
// object and its `identity`, `input` and `output` objects are walked key by
// key, and every value is stepped over with find_value_end (json_skip.hpp).
// On the way, the walk reads what read_record would read, when it is plain:
//  - a string with no escape, or null, for the timestamp, requestId, region,
//    modelId and identity.arn;
//  - a count of plain digits (at most json::k_max_count), or null;
//  - `identity`, `input` and `output` objects (or null);
//  - and no response body read_record would read (body_may_matter: the
//    record's counts, seen on the way, are plain and there is no cache write).
// Such a record (all of Bedrock's but those with a cache write) is then
// complete: read_record would read exactly the same from it, and simdjson
// never sees it. Any other record gets a copy in which each object, array or
// string of 64 bytes or more that read_record never reads (RecordField::other,
// or that response body) is replaced by `0`; read_record reads the copy, and
// reads from it exactly what it would from the line.
//
// Only a line that is plainly one object is read either way: any surprise,
// such as a newline or other control byte inside the record, invalid UTF-8,
// nesting deeper than k_max_skip_depth or something other than blanks after
// the object, gives nullopt and the caller parses the line as it is. So every
// error a whole-line parse would report, it still reports. (A tab or '\r'
// inside a skipped value, even between its tokens, is such a control byte:
// a body pretty-printed with tabs is read correctly, but by the slow way.)
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "boostburn/ingest/json_skip.hpp"  // ValueEnd
#include "boostburn/ingest/padded_buffer.hpp"
#include "boostburn/ingest/record_parser.hpp"  // ParsedRecord
#include "boostburn/ingest/record_reader.hpp"  // RecordObject, MetadataCounts

namespace boostburn {

// Values shorter than this are copied: leaving them out saves less than it costs.
inline constexpr std::size_t k_min_elided_bytes = 64;

class RecordScanner {
 public:
  struct Line {
    const char* end;  // the line's '\n', or the end of the text
    // `record` holds all read_record would read from the line (every field
    // but `raw` and `line`); otherwise compacted() is to be parsed.
    bool complete;
  };

  // `begin` is the first non-blank byte of a line, a '{'; `text_end` the end
  // of the text, with PaddedBuffer::k_padding readable bytes after it.
  // `record`'s views point into the line. Call only when
  // value_skipping_available().
  std::optional<Line> scan(const char* begin, const char* text_end, ParsedRecord& record);

  // After a scan that gave a line: the record without the values read_record
  // never reads, padded; valid until the next call.
  std::string_view compacted();

 private:
  const char* scan_object(const char* begin, RecordObject object);
  ValueEnd scan_value(const char* begin) const;
  // Reads `field`'s value, from `value` to `scanned.end`, as read_record
  // would, when it is plain.
  void read_value(RecordField field, const char* value, const ValueEnd& scanned);
  // Keeps m_counts as read_record will have them: `token` is the value of
  // the count `target`.
  void note_count(std::optional<std::uint64_t> MetadataCounts::*target, std::string_view token);
  void note_string(std::string_view ParsedRecord::*target, std::string_view token, bool escapes);
  // Whether read_record reads the response body when it comes to it now.
  bool body_is_read() const;
  bool may_leave_out(RecordField field, const char* value, const char* end) const;

  // Looked up once: the lookup costs a call per value.
  const json_skip_detail::BlockSearch m_blocks = json_skip_detail::best_block_search();
  const char* m_begin = nullptr;
  const char* m_object_end = nullptr;
  const char* m_text_end = nullptr;
  ParsedRecord* m_record = nullptr;
  // The counts read_record will have read so far in this record, while every
  // count is plain digits or null; past any other value, m_counts_known is
  // false and the response body is kept.
  MetadataCounts m_counts;
  bool m_counts_known = true;
  bool m_complete = true;                                     // every value read so far was plain
  std::vector<std::pair<const char*, const char*>> m_elided;  // in text order
  PaddedBuffer m_copy;
};

}  // namespace boostburn
