#include "boostburn/ingest/json_skip.hpp"

#include <bit>
#include <cstdint>
#include <utility>

#include <immintrin.h>

namespace boostburn {
namespace {

constexpr std::uint64_t k_even_bits = 0x5555'5555'5555'5555;
constexpr std::uint64_t k_odd_bits = ~k_even_bits;

// Which bytes of a block are escaped, i.e. follow an odd-length run of
// backslashes. `carry` says whether the block's first byte is escaped (by a
// run that ended the previous block) and is updated for the next block.
//
// A run starting at bit s escapes the bytes at odd distances from s within
// the run and just after it: the odd bits when s is even, the even bits when
// s is odd. Adding each odd-starting run's first bit to the runs clears
// exactly those runs (the carry ripples to the byte after), which splits the
// runs by the parity of their start without a loop.
std::uint64_t escaped_bytes(std::uint64_t backslashes, std::uint64_t& carry) {
  if (backslashes == 0) {  // most blocks of text
    return std::exchange(carry, 0);
  }
  const std::uint64_t escaped_first = carry;
  const std::uint64_t runs = backslashes & ~escaped_first;  // an escaped backslash is plain
  const std::uint64_t starts = runs & ~(runs << 1);
  const std::uint64_t sum = runs + (starts & k_odd_bits);
  const std::uint64_t odd_start_runs = runs & ~sum;
  const std::uint64_t even_start_runs = runs & sum;
  carry = odd_start_runs >> 63;
  return escaped_first | ((even_start_runs << 1) & k_odd_bits) |
         ((odd_start_runs << 1) & k_even_bits);
}

// Bit i set: byte i is inside a string, opening quote included, closing
// quote not. `inside` (all ones or zero) carries the state across blocks.
BOOSTBURN_SKIP_TARGET std::uint64_t string_bytes(std::uint64_t quotes, std::uint64_t& inside) {
  const __m128i product =
      _mm_clmulepi64_si128(_mm_set_epi64x(0, static_cast<long long>(quotes)), _mm_set1_epi8(-1), 0);
  const std::uint64_t in_string = static_cast<std::uint64_t>(_mm_cvtsi128_si64(product)) ^ inside;
  inside = static_cast<std::uint64_t>(static_cast<std::int64_t>(in_string) >> 63);
  return in_string;
}

// The 64 bits of the two halves' byte comparisons.
BOOSTBURN_SKIP_TARGET std::uint64_t bits(__m256i low, __m256i high) {
  return static_cast<std::uint32_t>(_mm256_movemask_epi8(low)) |
         (std::uint64_t{static_cast<std::uint32_t>(_mm256_movemask_epi8(high))} << 32);
}

struct Block {
  std::uint64_t backslashes;
  std::uint64_t quotes;
  std::uint64_t opens;   // '{' and '['
  std::uint64_t closes;  // '}' and ']'
  // Bytes below 0x20 or from 0x80 (one signed comparison), per half; rare
  // in the ASCII text of most bodies, so their bits are taken only when there
  // are any, and only then told apart (controls_of).
  __m256i unusual_low;
  __m256i unusual_high;
};

BOOSTBURN_SKIP_TARGET std::uint64_t equal_bits(__m256i low, __m256i high, char c) {
  const __m256i wanted = _mm256_set1_epi8(c);
  return bits(_mm256_cmpeq_epi8(low, wanted), _mm256_cmpeq_epi8(high, wanted));
}

// Bytes below 0x20: x <= 0x1f (unsigned) exactly when min(x, 0x1f) == x.
BOOSTBURN_SKIP_TARGET std::uint64_t controls_of(const char* block) {
  const __m256i low = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(block));
  const __m256i high = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(block + 32));
  const __m256i limit = _mm256_set1_epi8(0x1f);
  return bits(_mm256_cmpeq_epi8(_mm256_min_epu8(low, limit), low),
              _mm256_cmpeq_epi8(_mm256_min_epu8(high, limit), high));
}

BOOSTBURN_SKIP_TARGET __attribute__((always_inline)) inline Block classify(const char* block) {
  const __m256i low = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(block));
  const __m256i high = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(block + 32));
  // '[' | 0x20 == '{' and ']' | 0x20 == '}', and no other byte maps there.
  const __m256i case_bit = _mm256_set1_epi8(0x20);
  const __m256i low_folded = _mm256_or_si256(low, case_bit);
  const __m256i high_folded = _mm256_or_si256(high, case_bit);
  const __m256i space = _mm256_set1_epi8(0x20);
  return Block{
      equal_bits(low, high, '\\'),
      equal_bits(low, high, '"'),
      equal_bits(low_folded, high_folded, '{'),
      equal_bits(low_folded, high_folded, '}'),
      _mm256_cmpgt_epi8(space, low),
      _mm256_cmpgt_epi8(space, high),
  };
}

// Bits 0..position, inclusive.
std::uint64_t up_to(unsigned position) {
  return position >= 63 ? ~std::uint64_t{0} : (std::uint64_t{2} << position) - 1;
}

}  // namespace

bool value_skipping_available() {
  static const bool available =
      __builtin_cpu_supports("avx2") != 0 && __builtin_cpu_supports("pclmul") != 0 &&
      __builtin_cpu_supports("popcnt") != 0 && __builtin_cpu_supports("bmi") != 0;
  return available;
}

namespace {

// The search's state from one block to the next.
struct Search {
  const char* begin;
  bool is_string;
  std::uint64_t escape_carry = 0;
  std::uint64_t inside_string = 0;
  std::uint64_t depth = 0;
  bool non_ascii = false;
};

enum class Step { next_block, ended, failed };

// One 64-byte block, of which the `valid` bytes are before the limit.
// Inlined into both loops below, so that the full blocks' loop (nearly all
// of them) computes no mask of valid bytes.
BOOSTBURN_SKIP_TARGET __attribute__((always_inline)) inline Step search_block(Search& search,
                                                                              const char* block,
                                                                              std::uint64_t valid,
                                                                              ValueEnd& result) {
  const Block b = classify(block);
  const std::uint64_t quotes =
      b.quotes & ~escaped_bytes(b.backslashes, search.escape_carry) & valid;

  std::uint64_t ends_here = 0;  // the value's last byte, when in this block
  if (search.is_string) {
    ends_here = quotes & (block == search.begin ? ~std::uint64_t{1} : ~std::uint64_t{0});
  } else {
    const std::uint64_t in_string = string_bytes(quotes, search.inside_string);
    const std::uint64_t opens = b.opens & ~in_string & valid;
    const std::uint64_t closes = b.closes & ~in_string & valid;
    const auto close_count = static_cast<std::uint64_t>(std::popcount(closes));
    if (search.depth > close_count) {
      search.depth += static_cast<std::uint64_t>(std::popcount(opens)) - close_count;
    } else {
      for (std::uint64_t brackets = opens | closes; brackets != 0; brackets &= brackets - 1) {
        const std::uint64_t bit = brackets & (~brackets + 1);
        if ((opens & bit) != 0) {
          ++search.depth;
        } else if (--search.depth == 0) {
          ends_here = bit;
          break;
        }
      }
    }
    if (search.depth > k_max_skip_depth) {
      return Step::failed;
    }
  }
  if (const __m256i any = _mm256_or_si256(b.unusual_low, b.unusual_high);
      _mm256_testz_si256(any, any) == 0) {
    const std::uint64_t unusual = bits(b.unusual_low, b.unusual_high);
    const std::uint64_t span =
        ends_here != 0 ? up_to(static_cast<unsigned>(std::countr_zero(ends_here))) : valid;
    if ((unusual & span) != 0) {
      const std::uint64_t controls = controls_of(block);
      if ((controls & span) != 0) {
        return Step::failed;
      }
      search.non_ascii = search.non_ascii || (unusual & ~controls & span) != 0;
    }
  }
  if (ends_here != 0) {
    result = ValueEnd{block + std::countr_zero(ends_here) + 1, search.non_ascii};
    return Step::ended;
  }
  return Step::next_block;
}

}  // namespace

namespace json_skip_detail {

BOOSTBURN_SKIP_TARGET ValueEnd find_value_end_blocks(const char* begin, const char* limit) {
  Search search{begin, *begin == '"'};
  ValueEnd result;
  const char* block = begin;
  for (; limit - block >= 64; block += 64) {
    if (const Step step = search_block(search, block, ~std::uint64_t{0}, result);
        step != Step::next_block) {
      return result;  // empty when failed
    }
  }
  if (block < limit) {
    const std::uint64_t valid = (std::uint64_t{1} << (limit - block)) - 1;
    search_block(search, block, valid, result);
  }
  return result;
}

}  // namespace json_skip_detail

}  // namespace boostburn
