// Internal to ingest: reads the fields Boostburn needs from one record object.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "boostburn/ingest/json_values.hpp"
#include "boostburn/ingest/record_parser.hpp"

namespace boostburn {

struct BodyUsage;

// Fills every field of `record` except `line` from `object`, reading it to
// its end. Returns SUCCESS; a simdjson syntax error; or INCORRECT_TYPE with
// `problem` naming the field of the wrong type (the record is malformed).
// See record_parser.hpp for which counts are used.
simdjson::error_code read_record(json::od::object object, ParsedRecord& record,
                                 std::string& problem);

// The objects read_record looks inside: the record itself and three of its
// fields.
enum class RecordObject { record, identity, input, output };

// The fields read_record reads, by name; `other` is every field it skips.
enum class RecordField {
  other,
  timestamp,
  request_id,
  region,
  model_id,
  identity,            // an object: RecordObject::identity
  input,               // an object: RecordObject::input
  output,              // an object: RecordObject::output
  arn,                 // in identity
  input_tokens,        // in input
  cache_read_tokens,   // in input
  cache_write_tokens,  // in input
  output_tokens,       // in output
  output_body,         // in output
};

// Every key read_record reads, by the object it is in (record_field maps
// the same).
namespace record_keys {
inline constexpr std::string_view timestamp = "timestamp";
inline constexpr std::string_view request_id = "requestId";
inline constexpr std::string_view region = "region";
inline constexpr std::string_view model_id = "modelId";
inline constexpr std::string_view identity = "identity";
inline constexpr std::string_view input = "input";
inline constexpr std::string_view output = "output";
inline constexpr std::string_view arn = "arn";                                       // identity
inline constexpr std::string_view input_tokens = "inputTokenCount";                  // input
inline constexpr std::string_view cache_read_tokens = "cacheReadInputTokenCount";    // input
inline constexpr std::string_view cache_write_tokens = "cacheWriteInputTokenCount";  // input
inline constexpr std::string_view output_tokens = "outputTokenCount";                // output
inline constexpr std::string_view output_body = "outputBodyJson";                    // output
}  // namespace record_keys

// Whether `name` (as it is in the text) is `key`: the first byte before the
// rest, as most keys of a record that are not read share a length with one
// that is (accountId, operation).
inline bool is_key(std::string_view name, std::string_view key) {
  return name.size() == key.size() && name.front() == key.front() &&
         std::memcmp(name.data() + 1, key.data() + 1, key.size() - 1) == 0;
}

// Which field `name` names in an object of kind `object`. Keys compare as
// they are in the text, escapes and all, as read_record compares them. A
// field that is `other` may be left out of the text given to read_record
// without changing what it reads (record_scanner.hpp). Inline: the scanner
// asks for every key of a record.
inline RecordField record_field(RecordObject object, std::string_view name) {
  switch (object) {
    case RecordObject::record:
      return is_key(name, record_keys::timestamp)    ? RecordField::timestamp
             : is_key(name, record_keys::request_id) ? RecordField::request_id
             : is_key(name, record_keys::region)     ? RecordField::region
             : is_key(name, record_keys::model_id)   ? RecordField::model_id
             : is_key(name, record_keys::identity)   ? RecordField::identity
             : is_key(name, record_keys::input)      ? RecordField::input
             : is_key(name, record_keys::output)     ? RecordField::output
                                                     : RecordField::other;
    case RecordObject::identity:
      return is_key(name, record_keys::arn) ? RecordField::arn : RecordField::other;
    case RecordObject::input:
      return is_key(name, record_keys::input_tokens)         ? RecordField::input_tokens
             : is_key(name, record_keys::cache_read_tokens)  ? RecordField::cache_read_tokens
             : is_key(name, record_keys::cache_write_tokens) ? RecordField::cache_write_tokens
                                                             : RecordField::other;
    case RecordObject::output:
      return is_key(name, record_keys::output_tokens) ? RecordField::output_tokens
             : is_key(name, record_keys::output_body) ? RecordField::output_body
                                                      : RecordField::other;
  }
  return RecordField::other;
}

// The object read_record reads fields of when `field`'s value is an object.
// Inline: as a call, GCC returned the optional through the stack (a byte
// store, then a word load: a store-forwarding stall on every field scanned).
inline std::optional<RecordObject> inner_object(RecordField field) {
  switch (field) {
    case RecordField::identity:
      return RecordObject::identity;
    case RecordField::input:
      return RecordObject::input;
    case RecordField::output:
      return RecordObject::output;
    default:
      return std::nullopt;
  }
}

// The record's own counts, as read so far.
struct MetadataCounts {
  std::optional<std::uint64_t> input;
  std::optional<std::uint64_t> output;
  std::optional<std::uint64_t> cache_read;
  std::optional<std::uint64_t> cache_write;
};

// Whether read_record reads the response body (output.outputBodyJson) when
// it comes to it, given the counts read before it: only when it can change
// them. With the record's own counts there (Bedrock writes `input` before
// `output`), that is only for the 1-hour part of a cache write.
bool body_may_matter(const MetadataCounts& metadata);

// Sets `record`'s counts from what was read: the record's own counts when
// it has them, else the response body's (see ParsedRecord::tokens).
void choose_counts(const MetadataCounts& metadata, const BodyUsage& body, ParsedRecord& record);

}  // namespace boostburn
