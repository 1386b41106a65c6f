// Internal to ingest: typed reads of simdjson on-demand values.
//
// Each helper returns simdjson::SUCCESS, a simdjson syntax error (the record
// cannot be read), or simdjson::INCORRECT_TYPE for a value of the wrong JSON
// type, in which case `problem` says which field and what it held. JSON null
// counts as absent and leaves the output untouched. Strings returned are
// valid until the parser reads the next document.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <simdjson.h>

namespace boostburn::json {

namespace od = simdjson::ondemand;

// The largest token count one record may carry in one field (2^32 - 1).
// No real request is anywhere near it (model context windows are a few
// million tokens), and at most this much per field per record, a 64-bit day
// counter would need about 4 billion such records to wrap; a bigger count is
// a corrupt record, refused rather than allowed to wrap the sums silently.
inline constexpr std::uint64_t k_max_count = 4'294'967'295;

std::string_view type_name(od::json_type type);

// A non-negative whole number no greater than k_max_count; a larger one is
// INCORRECT_TYPE with an "implausible token count" problem.
simdjson::error_code read_count(od::value& value, std::string_view field,
                                std::optional<std::uint64_t>& out, std::string& problem);

// A string without a backslash, as it is in the text (no copy); nullopt for
// anything else (another type, or a string with escapes to undo).
std::optional<std::string_view> plain_string(od::value& value);

// A JSON string: a view of the text when it has no escapes, else unescaped
// into the parser's string buffer.
simdjson::error_code read_string(od::value& value, std::string_view field, std::string_view& out,
                                 std::string& problem);

// Calls on_field(key, value) (an od::raw_json_string and an od::value&) for
// each field of `object` until one returns an error, which is returned.
// Values are handed on by reference, never copied: copying an od::value that
// simdjson has just built costs a store-forwarding stall on x86 (GCC copies
// its 12 leading bytes, written as 8 + 4, with one 16-byte load), which cost
// about a third of the record parser's time.
template <typename OnField>
simdjson::error_code each_field(od::object& object, OnField&& on_field) {
  for (auto field_result : object) {
    SIMDJSON_TRY(field_result.error());
    od::field&& field = std::move(field_result).value_unsafe();
    SIMDJSON_TRY(on_field(field.key(), field.value()));
  }
  return simdjson::SUCCESS;
}

// The same for the elements of `array`: on_element(od::value&).
template <typename OnElement>
simdjson::error_code each_element(od::array& array, OnElement&& on_element) {
  for (auto element_result : array) {
    SIMDJSON_TRY(element_result.error());
    od::value&& element = std::move(element_result).value_unsafe();
    SIMDJSON_TRY(on_element(element));
  }
  return simdjson::SUCCESS;
}

}  // namespace boostburn::json
