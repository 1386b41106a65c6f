// Small text helpers shared across areas. Pure functions; they never fail.
#pragma once

#include <cstddef>
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

// `text` itself when it is valid UTF-8 (no copy), else sanitize_utf8(text),
// kept in `storage`.
std::string_view as_valid_utf8(std::string_view text, std::string& storage);

// `text` made safe to show on a terminal or in a chat message: sanitised as
// above, then every control character (C0, DEL and the C1 range U+0080 to
// U+009F, which some terminals obey) replaced by '?'.
std::string printable_text(std::string_view text);

// Code points in UTF-8 `text` (bytes that are not continuation bytes).
std::size_t utf8_length(std::string_view text);

// `text` cut to at most `max_code_points` code points, never inside one; a
// cut text ends with "…" (counted in the limit).
std::string truncate_utf8(std::string_view text, std::size_t max_code_points);

// ASCII lower case (bytes >= 0x80 unchanged): header names, YAML keywords...
std::string ascii_lower(std::string_view text);
// ASCII case-insensitive equality.
bool ascii_iequals(std::string_view a, std::string_view b);

}  // namespace boostburn
