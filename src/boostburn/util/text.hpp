// Small text helpers shared across areas. Pure functions; they never fail.
#pragma once

#include <string>
#include <string_view>

namespace boostburn {

// True when `text` is well-formed UTF-8 (no overlong forms, surrogates or
// code points past U+10FFFF).
bool is_valid_utf8(std::string_view text);

// `text` with every byte that is not part of a well-formed UTF-8 sequence
// replaced by U+FFFD, so that YAML and JSON writers always emit valid text.
// Valid input comes back unchanged.
std::string sanitize_utf8(std::string_view text);

// ASCII lower case (bytes >= 0x80 unchanged): header names, YAML keywords...
std::string ascii_lower(std::string_view text);
// ASCII case-insensitive equality.
bool ascii_iequals(std::string_view a, std::string_view b);

}  // namespace boostburn
