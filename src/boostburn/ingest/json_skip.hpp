// Internal to ingest: finds where a JSON object, array or string ends, 64
// bytes at a time, without parsing what is inside it.
//
// This is what lets the record parser step over a request body (most of a
// record's bytes) without simdjson indexing every quote and brace in it
// (record_compactor.hpp). Per 64-byte block it finds the backslashes and
// quotes, works out which quotes are escaped and which bytes are inside
// strings (a carry-less multiply gives the running parity of the quotes), and
// counts the braces and brackets outside strings by population count; only a
// block where the depth may reach zero is walked bit by bit.
//
// It checks no more than it must to be safe to skip with: the value must end
// before `limit`, contain no byte below 0x20 (so no newline: a JSON Lines
// record never spans lines, and a raw control byte inside a string is invalid
// JSON) and nest no deeper than k_max_skip_depth. Anything else about the
// inside (a missing colon, a bad number) is not checked, exactly as a skipped
// value is not in simdjson on-demand. As in simdjson's own indexing, a
// backslash escapes a quote after it even outside a string (where it is
// invalid JSON anyway), and braces count wherever no string is open. Bytes of
// 0x80 and above are reported
// (`non_ascii`) for the caller to validate as UTF-8.
//
// Needs AVX2 and PCLMULQDQ, checked at run time: call only when
// value_skipping_available().
#pragma once

#include <cstddef>

namespace boostburn {

// Deeper nesting is not skipped (simdjson's own limit is 1024 levels).
inline constexpr std::size_t k_max_skip_depth = 256;

struct ValueEnd {
  // One past the value's last byte; nullptr when it does not end cleanly
  // before `limit` (a control byte, nesting deeper than k_max_skip_depth, or
  // no end at all).
  const char* end = nullptr;
  bool non_ascii = false;  // a byte >= 0x80 somewhere in [begin, end)
};

// Whether this CPU can run find_value_end (AVX2 and PCLMULQDQ).
bool value_skipping_available();

// `*begin` is '{', '[' or '"', and begin < limit. Reads whole 64-byte blocks
// from `begin`: up to 63 bytes past `limit` must be readable (PaddedBuffer's
// padding is enough when `limit` is at most the end of its data).
ValueEnd find_value_end(const char* begin, const char* limit);

}  // namespace boostburn
