#include "boostburn/ingest/json_skip.hpp"

#include <cstdint>

#include <immintrin.h>

#include "boostburn/util/target_region.hpp"

// Everything defined from here to the region's end is built for AVX2 (see
// json_skip_blocks.hpp for why nothing with external linkage may be).
BOOSTBURN_TARGET_REGION_BEGIN(BOOSTBURN_SKIP_TARGETS)

#include "boostburn/ingest/json_skip_blocks.hpp"

namespace boostburn::json_skip_detail {
namespace {

// A block read as two 32-byte halves.
struct Avx2 {
  struct Block : BlockMasks {
    // Bytes below 0x20 or from 0x80 (one signed comparison), per half; rare
    // in the ASCII text of most bodies, so their bits are taken only when
    // there are any, and only then told apart (controls).
    __m256i unusual_low;
    __m256i unusual_high;
    __m256i low;
    __m256i high;
  };

  // The 64 bits of the two halves' byte comparisons.
  static std::uint64_t bits(__m256i low, __m256i high) {
    return static_cast<std::uint32_t>(_mm256_movemask_epi8(low)) |
           (std::uint64_t{static_cast<std::uint32_t>(_mm256_movemask_epi8(high))} << 32);
  }

  static std::uint64_t equal_bits(__m256i low, __m256i high, char c) {
    const __m256i wanted = _mm256_set1_epi8(c);
    return bits(_mm256_cmpeq_epi8(low, wanted), _mm256_cmpeq_epi8(high, wanted));
  }

  __attribute__((always_inline)) static Block classify(const char* block) {
    const __m256i low = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(block));
    const __m256i high = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(block + 32));
    // '[' | 0x20 == '{' and ']' | 0x20 == '}', and no other byte maps there.
    const __m256i case_bit = _mm256_set1_epi8(0x20);
    const __m256i low_folded = _mm256_or_si256(low, case_bit);
    const __m256i high_folded = _mm256_or_si256(high, case_bit);
    const __m256i space = _mm256_set1_epi8(0x20);
    return Block{
        {equal_bits(low, high, '\\'), equal_bits(low, high, '"'),
         equal_bits(low_folded, high_folded, '{'), equal_bits(low_folded, high_folded, '}')},
        _mm256_cmpgt_epi8(space, low),
        _mm256_cmpgt_epi8(space, high),
        low,
        high,
    };
  }

  static bool any_unusual(const Block& b) {
    const __m256i any = _mm256_or_si256(b.unusual_low, b.unusual_high);
    return _mm256_testz_si256(any, any) == 0;
  }

  static std::uint64_t unusual(const Block& b) { return bits(b.unusual_low, b.unusual_high); }

  // Bytes below 0x20: x <= 0x1f (unsigned) exactly when min(x, 0x1f) == x.
  static std::uint64_t controls(const Block& b) {
    const __m256i limit = _mm256_set1_epi8(0x1f);
    return bits(_mm256_cmpeq_epi8(_mm256_min_epu8(b.low, limit), b.low),
                _mm256_cmpeq_epi8(_mm256_min_epu8(b.high, limit), b.high));
  }
};

ValueEnd avx2_search(const char* begin, const char* limit) {
  return search_blocks<Avx2>(begin, limit);
}

}  // namespace
}  // namespace boostburn::json_skip_detail

BOOSTBURN_TARGET_REGION_END

namespace boostburn {

bool value_skipping_available() {
  static const bool available =
      __builtin_cpu_supports("avx2") != 0 && __builtin_cpu_supports("pclmul") != 0 &&
      __builtin_cpu_supports("popcnt") != 0 && __builtin_cpu_supports("bmi") != 0;
  return available;
}

namespace json_skip_detail {

BlockSearch avx2_block_search() {
  return value_skipping_available() ? &avx2_search : nullptr;
}

BlockSearch best_block_search() {
  static const BlockSearch best = [] {
    const BlockSearch wide = avx512_block_search();
    return wide != nullptr ? wide : avx2_block_search();
  }();
  return best;
}

ValueEnd find_value_end_blocks(const char* begin, const char* limit) {
  return best_block_search()(begin, limit);
}

}  // namespace json_skip_detail
}  // namespace boostburn
