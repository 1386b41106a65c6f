// Reads invocation records out of a decoded log object.
//
// Input formats, detected from the first non-blank byte:
//  - JSON Lines (what Bedrock writes): every line is parsed on its own, so a
//    bad line never costs its neighbours; blank lines are ignored; a
//    truncated last line is a malformed line;
//  - a JSON array of records (possibly pretty-printed over many lines);
//  - one JSON object, on one line or pretty-printed over many.
// Parsing reads only the fields below, in whatever order they come. A JSON
// Lines record is first walked key by key, stepping over the values it never
// reads (record_scanner.hpp): a plain record is read by that walk, any other
// is given to simdjson on-demand without its big unread values, and anything
// unusual is parsed whole by simdjson; none of which changes what is
// reported. As in on-demand, what is read is validated, and a syntax error
// inside a part of a record that is skipped (e.g. deep in a request body)
// may go unnoticed, which is harmless for the counts.
//
// Failure behaviour: never throws, never stops early on a bad record. Each
// record goes to RecordSink::on_record; each line that is not a JSON object
// (invalid UTF-8 included: simdjson validates it), each JSON Lines line longer
// than RecordParserOptions::max_line_bytes (not parsed at all), and each
// record with a field of the wrong JSON type (e.g. a token count that is a
// string, negative, fractional or implausibly large, above json::k_max_count
// = 2^32 - 1) goes to RecordSink::on_malformed. A record without a usable timestamp is still a
// record (its `timestamp` is empty or the unparsable text): the caller
// decides. JSON null counts as absent everywhere.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "boostburn/ingest/padded_buffer.hpp"

namespace boostburn {

struct TokenCounts {
  std::uint64_t input_tokens = 0;  // uncached input
  std::uint64_t output_tokens = 0;
  std::uint64_t cache_read_input_tokens = 0;
  std::uint64_t cache_write_input_tokens = 0;     // 5-minute + 1-hour writes
  std::uint64_t cache_write_1h_input_tokens = 0;  // part of the above seen in the body

  friend bool operator==(const TokenCounts&, const TokenCounts&) = default;
};

// One record. The string_views point into the parser's buffers or the input
// text and are valid only during the RecordSink::on_record call: copy what
// you keep. Absent strings are empty.
struct ParsedRecord {
  // The record's own bytes as they are in the text: the whole physical line
  // (without its '\n') in JSON Lines; the object's JSON text in an array or
  // a pretty-printed object. For --quarantine.
  std::string_view raw;
  std::string_view timestamp;     // as logged; for a non-string value, its raw JSON text
  std::string_view request_id;    // requestId
  std::string_view region;        // region (where the call was made)
  std::string_view identity_arn;  // identity.arn
  std::string_view model_id;      // modelId as logged (not normalised)
  // Counts come from the record's metadata (input.inputTokenCount,
  // input.cacheReadInputTokenCount, input.cacheWriteInputTokenCount,
  // output.outputTokenCount; present when inputTokenCount or
  // outputTokenCount is; a missing cache count is 0), else from the response
  // body (counts_from_body), else all zero with missing_counts set. The body's
  // 1-hour cache write is used either way, capped by cache_write_input_tokens.
  // So the response body is walked only when it can change these: when the
  // record's counts are not (yet) seen, or it has a cache write.
  TokenCounts tokens;
  bool missing_counts = false;
  bool counts_from_body = false;
  std::uint64_t line = 0;  // 1-based line of the decoded text where the record starts
};

// A line or record that could not be used. Views valid during the call only.
struct MalformedRecord {
  std::uint64_t line = 0;       // 1-based
  std::string_view detail;      // simdjson's error text, or which field was wrong and why
  std::string_view request_id;  // when it was read before the problem
  // The offending bytes as in ParsedRecord::raw; for a syntax error inside a
  // JSON array, everything from the broken element to the end of the text.
  std::string_view raw;
};

// The longest JSON Lines line read by default (16 MiB); a real record is a
// few KB, a large one a few MB (bodies over 100 KB go to `data/` objects).
inline constexpr std::size_t k_default_max_line_bytes = std::size_t{16} << 20;

struct RecordParserOptions {
  // A longer line is a malformed record, not parsed (simdjson would allocate
  // about its size again per line).
  std::size_t max_line_bytes = k_default_max_line_bytes;
  // JSON Lines records are read by stepping over the values never read
  // (record_scanner.hpp), when the CPU allows. Off, every line is parsed
  // whole: the same results, slower; the tests compare the two.
  bool skip_unread_values = true;
  // A record whose every read value is plain is read by that walk itself;
  // any other is parsed from a copy without its big unread values, however
  // short: once walked, even a record of 1.8 KB costs less to parse from its
  // copy than whole (bench_micro record_parser on 1.8 KB records: 14.3 ms
  // per object so, 15.1 ms with lines under 4 KB parsed whole). Off, every
  // record is parsed from its copy (for tests).
  bool read_plain_records = true;
};

class RecordSink {
 public:
  virtual ~RecordSink() = default;
  virtual void on_record(const ParsedRecord& record) = 0;
  virtual void on_malformed(const MalformedRecord& malformed) = 0;
};

// Something to do with a text a piece at a time, just before the parser
// reads the piece (ObjectReader checks CRC-32s so: crc_read_ahead.hpp).
// A hint, not a guard: a line that runs past the piece is read on.
class ReadAhead {
 public:
  virtual ~ReadAhead() = default;
  // The parser starts reading at `offset` of the text; returns the offset,
  // past `offset`, from which on it calls again.
  virtual std::size_t reached(std::size_t offset) = 0;
};

// Owns one simdjson on-demand parser, reused for every record (its buffers
// grow to the largest record seen). Not thread-safe: one per worker.
class RecordParser {
 public:
  explicit RecordParser(RecordParserOptions options = {});
  ~RecordParser();
  RecordParser(RecordParser&&) noexcept;
  RecordParser& operator=(RecordParser&&) noexcept;
  RecordParser(const RecordParser&) = delete;
  RecordParser& operator=(const RecordParser&) = delete;

  // Parses all records in `text` (a decoded object), reporting to `sink`;
  // `ahead`, if any, is called for a line at or past where it asked to be
  // called again (for a JSON array or a pretty-printed object, for the whole
  // text before its first record).
  void parse(const PaddedBuffer& text, RecordSink& sink, ReadAhead* ahead = nullptr);

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace boostburn
