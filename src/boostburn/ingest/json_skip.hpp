// Internal to ingest: finds where a JSON object, array or string ends, 64
// bytes at a time, without parsing what is inside it.
//
// This is what lets the record parser step over a request body (most of a
// record's bytes) without simdjson indexing every quote and brace in it
// (record_scanner.hpp). Per 64-byte block it finds the backslashes and
// quotes, works out which quotes are escaped and which bytes are inside
// strings (a carry-less multiply gives the running parity of the quotes), and
// counts the braces and brackets outside strings by population count; only a
// block where the depth may reach zero is walked bit by bit.
//
// It checks no more than it must to be safe to skip with: the value must end
// before `limit`, contain no byte below 0x20 (so no newline: a JSON Lines
// record never spans lines, and a raw control byte inside a string is invalid
// JSON) and nest no deeper than about k_max_skip_depth. Anything else about the
// inside (a missing colon, a bad number) is not checked, exactly as a skipped
// value is not in simdjson on-demand. As in simdjson's own indexing, a
// backslash escapes a quote after it even outside a string (where it is
// invalid JSON anyway), and braces count wherever no string is open. Bytes of
// 0x80 and above are reported (`non_ascii`) for the caller to validate as
// UTF-8.
//
// Needs AVX2, PCLMULQDQ, POPCNT and BMI1, checked at run time: call only when
// value_skipping_available(). Where the CPU has AVX-512BW (Ice Lake, Zen 4 and
// later), the blocks are read with it (json_skip_avx512.cpp).
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>

#include <immintrin.h>

// The instruction sets the search is compiled for; callers that want it
// inlined are compiled for them too.
#define BOOSTBURN_SKIP_TARGETS "avx2,pclmul,popcnt,bmi"
#define BOOSTBURN_SKIP_TARGET __attribute__((target(BOOSTBURN_SKIP_TARGETS)))

namespace boostburn {

// Nesting deeper than this is refused, checked at the end of each 64-byte
// block (so within a block it may peak up to 64 levels higher); simdjson
// on-demand checks no depth in what it skips.
inline constexpr std::size_t k_max_skip_depth = 256;

struct ValueEnd {
  // One past the value's last byte; nullptr when it does not end cleanly
  // before `limit` (a control byte, nesting deeper than k_max_skip_depth, or
  // no end at all).
  const char* end = nullptr;
  bool non_ascii = false;  // a byte >= 0x80 somewhere in [begin, end)
  bool escapes = false;    // a string with a backslash (set by find_value_end)
};

// Whether this CPU can run find_value_end (AVX2, PCLMULQDQ, POPCNT, BMI1).
bool value_skipping_available();

namespace json_skip_detail {

// The general search, 64-byte blocks at a time (json_skip_blocks.hpp): one
// per instruction set, nullptr where this CPU cannot run it.
using BlockSearch = ValueEnd (*)(const char* begin, const char* limit);
BlockSearch avx2_block_search();    // json_skip.cpp
BlockSearch avx512_block_search();  // json_skip_avx512.cpp: AVX-512 of Ice Lake on

// The fastest of those this CPU runs (AVX-512 where it can), chosen once.
// Call only when value_skipping_available().
BlockSearch best_block_search();

// The same, through best_block_search() on every call.
ValueEnd find_value_end_blocks(const char* begin, const char* limit);

// The end of a string with no backslash before its closing quote, 16 bytes
// at a time: most strings in a record are keys, ids and names of a few dozen
// bytes, for which the block search costs more than it finds. At the first
// backslash, `begin` itself (find_value_end_blocks then knows what it
// escapes).
//
// Two things here were measured on short records. 128-bit vectors: 256-bit
// ones made GCC end every function they were inlined into with a VZEROUPPER,
// which Zen 2 runs in microcode, and that was the scanner's biggest cost. And
// not an optional: GCC passed one through the stack, storing its flag as a
// byte and loading it as a word, a store-forwarding stall.
BOOSTBURN_SKIP_TARGET inline ValueEnd plain_string_end(const char* begin, const char* limit) {
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i control_max = _mm_set1_epi8(0x1f);
  bool non_ascii = false;
  // A window may reach past `limit` (readable padding): a stop there is no
  // end, and non-ASCII bytes there do not matter, as no end follows.
  for (const char* window = begin + 1; window < limit; window += 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(window));
    // Quotes, backslashes and control bytes (x <= 0x1f exactly when
    // min(x, 0x1f) == x), told apart only at the first of them.
    const __m128i stop_bytes =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(bytes, quote), _mm_cmpeq_epi8(bytes, backslash)),
                     _mm_cmpeq_epi8(_mm_min_epu8(bytes, control_max), bytes));
    const auto stops = static_cast<std::uint32_t>(_mm_movemask_epi8(stop_bytes));
    const auto high = static_cast<std::uint32_t>(_mm_movemask_epi8(bytes));  // 0x80 and above
    if (stops == 0) {
      non_ascii = non_ascii || high != 0;
      continue;
    }
    const int at = std::countr_zero(stops);
    if (window + at >= limit) {
      return ValueEnd{};  // no end before the limit
    }
    non_ascii = non_ascii || (high & ((std::uint32_t{1} << at) - 1)) != 0;
    if (window[at] == '"') {
      return ValueEnd{window + at + 1, non_ascii};
    }
    if (window[at] == '\\') {
      return ValueEnd{begin, false};
    }
    return ValueEnd{};  // a control byte
  }
  return ValueEnd{};
}

}  // namespace json_skip_detail

// `*begin` is '{', '[' or '"', and begin < limit. Reads whole 64-byte blocks
// from `begin`: up to 63 bytes past `limit` must be readable (PaddedBuffer's
// padding is enough when `limit` is at most the end of its data). Inline, so
// that a caller compiled for the same target (BOOSTBURN_SKIP_TARGET) finds a
// short string's end without a call. `blocks` is the block search to use:
// best_block_search(), looked up once by a caller that searches often, or a
// given instruction set's (tests).
BOOSTBURN_SKIP_TARGET inline ValueEnd find_value_end(
    const char* begin, const char* limit,
    json_skip_detail::BlockSearch blocks = &json_skip_detail::find_value_end_blocks) {
  if (*begin == '"') {
    const ValueEnd plain = json_skip_detail::plain_string_end(begin, limit);
    if (plain.end != begin) {
      return plain;
    }
    ValueEnd escaped = blocks(begin, limit);
    escaped.escapes = true;
    return escaped;
  }
  return blocks(begin, limit);
}

}  // namespace boostburn
