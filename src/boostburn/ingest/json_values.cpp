#include "boostburn/ingest/json_values.hpp"

#include <fmt/format.h>

namespace boostburn::json {
namespace {

std::string_view trim_right(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\n' ||
                           text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

bool is_digits(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

std::string_view type_name(od::json_type type) {
  switch (type) {
    case od::json_type::array:
      return "an array";
    case od::json_type::object:
      return "an object";
    case od::json_type::number:
      return "a number";
    case od::json_type::string:
      return "a string";
    case od::json_type::boolean:
      return "a boolean";
    case od::json_type::null:
      return "null";
  }
  return "an unknown value";
}

simdjson::error_code read_count(od::value& value, std::string_view field,
                                std::optional<std::uint64_t>& out, std::string& problem) {
  // The common case first: a plain count. A failed get_uint64 leaves the
  // value unread, for the diagnosis below.
  std::uint64_t plain = 0;
  if (value.get_uint64().get(plain) == simdjson::SUCCESS) {
    if (plain > k_max_count) {
      problem = fmt::format("{}: implausible token count {} (the most one record may carry is {})",
                            field, plain, k_max_count);
      return simdjson::INCORRECT_TYPE;
    }
    out = plain;
    return simdjson::SUCCESS;
  }
  od::json_type type{};
  if (const auto error = value.type().get(type)) {
    return error;
  }
  if (type == od::json_type::null) {
    return simdjson::SUCCESS;
  }
  if (type != od::json_type::number) {
    problem = fmt::format("{}: expected a whole number of tokens, got {}", field, type_name(type));
    return simdjson::INCORRECT_TYPE;
  }
  const std::string_view text = trim_right(value.raw_json_token());
  std::uint64_t count = 0;
  const bool whole = value.get_uint64().get(count) == simdjson::SUCCESS;
  // A plain integer literal that failed get_uint64 is one past 2^64 - 1.
  if ((whole && count > k_max_count) || (!whole && is_digits(text))) {
    problem = fmt::format("{}: implausible token count {} (the most one record may carry is {})",
                          field, text, k_max_count);
    return simdjson::INCORRECT_TYPE;
  }
  if (!whole) {
    problem = fmt::format("{}: expected a whole number of tokens, got {}", field, text);
    return simdjson::INCORRECT_TYPE;
  }
  out = count;
  return simdjson::SUCCESS;
}

std::optional<std::string_view> plain_string(od::value& value) {
  const std::string_view token = trim_right(value.raw_json_token());
  if (token.size() < 2 || token.front() != '"' || token.back() != '"') {
    return std::nullopt;
  }
  const std::string_view inside = token.substr(1, token.size() - 2);
  if (inside.find('\\') != std::string_view::npos) {
    return std::nullopt;
  }
  return inside;
}

simdjson::error_code read_string(od::value& value, std::string_view field, std::string_view& out,
                                 std::string& problem) {
  if (const std::optional<std::string_view> plain = plain_string(value)) {
    out = *plain;
    return simdjson::SUCCESS;
  }
  od::json_type type{};
  if (const auto error = value.type().get(type)) {
    return error;
  }
  if (type == od::json_type::null) {
    return simdjson::SUCCESS;
  }
  if (type != od::json_type::string) {
    problem = fmt::format("{}: expected a string, got {}", field, type_name(type));
    return simdjson::INCORRECT_TYPE;
  }
  return value.get_string().get(out);
}

}  // namespace boostburn::json
