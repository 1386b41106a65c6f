// Internal to json_skip: the 64-byte block search of find_value_end, written
// once for every instruction set it is compiled for.
//
// Only reading a block's bytes differs between instruction sets: AVX2 takes
// two 32-byte loads and a movemask per comparison, AVX-512BW one load and
// comparisons straight into 64-bit masks. That is `Isa`'s part (below); the
// rest is scalar. Each file that includes this header compiles it for its own
// instruction set, in a target region (util/target_region.hpp) opened before
// the include. So everything here has internal linkage (a copy built for
// AVX-512 must never stand in for the AVX2 one), and nothing here includes a
// header with functions of its own: an inline function of the standard
// library or of json_skip.hpp defined inside such a region would be built for
// that instruction set, and the linker may keep that copy for the whole
// program. The includer includes json_skip.hpp before the region.
//
// An `Isa` provides:
//   Isa::Block Isa::classify(const char* block);   64 bytes: a BlockMasks and more
//   bool Isa::any_unusual(const Isa::Block&);      a byte < 0x20 or >= 0x80?
//   std::uint64_t Isa::unusual(const Isa::Block&); which
//   std::uint64_t Isa::controls(const Isa::Block&);  which bytes are < 0x20
//
// Included once per file (so no #pragma once: a second inclusion is an
// error, not a silent no-op).
#ifdef BOOSTBURN_JSON_SKIP_BLOCKS_INCLUDED
#error "json_skip_blocks.hpp is compiled once per file, for one instruction set"
#endif
#define BOOSTBURN_JSON_SKIP_BLOCKS_INCLUDED

// Included inside the region, json_skip.hpp's inline functions would be
// built for its instruction set (see above).
#ifndef BOOSTBURN_SKIP_TARGETS
#error "include boostburn/ingest/json_skip.hpp before the target region"
#endif

#include <cstdint>  // types only

#include <immintrin.h>  // each intrinsic carries its own target

namespace boostburn::json_skip_detail {
namespace {  // NOLINT(cert-dcl59-cpp): one copy per instruction set, see above

// Bit i of each: byte i of the block is such a byte.
struct BlockMasks {
  std::uint64_t backslashes;
  std::uint64_t quotes;
  std::uint64_t opens;   // '{' and '['
  std::uint64_t closes;  // '}' and ']'
};

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
inline std::uint64_t escaped_bytes(std::uint64_t backslashes, std::uint64_t& carry) {
  const std::uint64_t escaped_first = carry;
  if (backslashes == 0) {  // most blocks of text
    carry = 0;
    return escaped_first;
  }
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
inline std::uint64_t string_bytes(std::uint64_t quotes, std::uint64_t& inside) {
  const __m128i product =
      _mm_clmulepi64_si128(_mm_set_epi64x(0, static_cast<long long>(quotes)), _mm_set1_epi8(-1), 0);
  const std::uint64_t in_string = static_cast<std::uint64_t>(_mm_cvtsi128_si64(product)) ^ inside;
  inside = static_cast<std::uint64_t>(static_cast<std::int64_t>(in_string) >> 63);
  return in_string;
}

// Bits 0..position, inclusive.
inline std::uint64_t up_to(unsigned position) {
  return position >= 63 ? ~std::uint64_t{0} : (std::uint64_t{2} << position) - 1;
}

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
template <class Isa>
__attribute__((always_inline)) inline Step search_block(Search& search, const char* block,
                                                        std::uint64_t valid, ValueEnd& result) {
  const typename Isa::Block b = Isa::classify(block);
  const std::uint64_t quotes =
      b.quotes & ~escaped_bytes(b.backslashes, search.escape_carry) & valid;

  std::uint64_t ends_here = 0;  // the value's last byte, when in this block
  if (search.is_string) {
    ends_here = quotes & (block == search.begin ? ~std::uint64_t{1} : ~std::uint64_t{0});
  } else {
    const std::uint64_t in_string = string_bytes(quotes, search.inside_string);
    const std::uint64_t opens = b.opens & ~in_string & valid;
    const std::uint64_t closes = b.closes & ~in_string & valid;
    const auto close_count = static_cast<std::uint64_t>(__builtin_popcountll(closes));
    if (search.depth > close_count) {
      search.depth += static_cast<std::uint64_t>(__builtin_popcountll(opens)) - close_count;
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
  if (Isa::any_unusual(b)) {
    const std::uint64_t unusual = Isa::unusual(b);
    const std::uint64_t span =
        ends_here != 0 ? up_to(static_cast<unsigned>(__builtin_ctzll(ends_here))) : valid;
    if ((unusual & span) != 0) {
      const std::uint64_t controls = Isa::controls(b);
      if ((controls & span) != 0) {
        return Step::failed;
      }
      search.non_ascii = search.non_ascii || (unusual & ~controls & span) != 0;
    }
  }
  if (ends_here != 0) {
    result = ValueEnd{block + __builtin_ctzll(ends_here) + 1, search.non_ascii};
    return Step::ended;
  }
  return Step::next_block;
}

template <class Isa>
ValueEnd search_blocks(const char* begin, const char* limit) {
  Search search{begin, *begin == '"'};
  ValueEnd result;
  const char* block = begin;
  for (; limit - block >= 64; block += 64) {
    if (const Step step = search_block<Isa>(search, block, ~std::uint64_t{0}, result);
        step != Step::next_block) {
      return result;  // empty when failed
    }
  }
  if (block < limit) {
    const std::uint64_t valid = (std::uint64_t{1} << (limit - block)) - 1;
    search_block<Isa>(search, block, valid, result);
  }
  return result;
}

}  // namespace
}  // namespace boostburn::json_skip_detail
