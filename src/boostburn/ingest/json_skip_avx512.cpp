// find_value_end's block search for CPUs with AVX-512BW: one 64-byte load a
// block, and comparisons that give its 64-bit masks directly, where AVX2
// takes two loads and a movemask per comparison and half.
//
// Only from Ice Lake and Zen 4 on (told by AVX-512 VBMI2, as simdjson tells
// its own AVX-512 kernel's CPUs): on Skylake-SP and Cascade Lake any 512-bit
// instruction lowers the core's clock for a while, and the gunzip that shares
// the core, most of a run, would run slower for it.
#include <cstdint>

#include <immintrin.h>

#include "boostburn/ingest/json_skip.hpp"
#include "boostburn/util/target_region.hpp"

// Everything defined from here to the region's end is built for AVX-512BW
// (see json_skip_blocks.hpp for why nothing with external linkage may be).
BOOSTBURN_TARGET_REGION_BEGIN("avx512f,avx512bw,pclmul,popcnt,bmi")

#include "boostburn/ingest/json_skip_blocks.hpp"

namespace boostburn::json_skip_detail {
namespace {

struct Avx512 {
  struct Block : BlockMasks {
    std::uint64_t unusual;  // below 0x20 or from 0x80: one signed comparison
    __m512i bytes;
  };

  __attribute__((always_inline)) static Block classify(const char* block) {
    const __m512i bytes = _mm512_loadu_si512(block);
    // '[' | 0x20 == '{' and ']' | 0x20 == '}', and no other byte maps there.
    const __m512i folded = _mm512_or_si512(bytes, _mm512_set1_epi8(0x20));
    return Block{
        {_mm512_cmpeq_epi8_mask(bytes, _mm512_set1_epi8('\\')),
         _mm512_cmpeq_epi8_mask(bytes, _mm512_set1_epi8('"')),
         _mm512_cmpeq_epi8_mask(folded, _mm512_set1_epi8('{')),
         _mm512_cmpeq_epi8_mask(folded, _mm512_set1_epi8('}'))},
        _mm512_cmplt_epi8_mask(bytes, _mm512_set1_epi8(0x20)),
        bytes,
    };
  }

  static bool any_unusual(const Block& b) { return b.unusual != 0; }
  static std::uint64_t unusual(const Block& b) { return b.unusual; }
  static std::uint64_t controls(const Block& b) {
    return _mm512_cmplt_epu8_mask(b.bytes, _mm512_set1_epi8(0x20));
  }
};

ValueEnd avx512_search(const char* begin, const char* limit) {
  return search_blocks<Avx512>(begin, limit);
}

}  // namespace
}  // namespace boostburn::json_skip_detail

BOOSTBURN_TARGET_REGION_END

namespace boostburn::json_skip_detail {

BlockSearch avx512_block_search() {
  static const bool available =
      __builtin_cpu_supports("avx512f") != 0 && __builtin_cpu_supports("avx512bw") != 0 &&
      __builtin_cpu_supports("avx512vbmi2") != 0 && __builtin_cpu_supports("pclmul") != 0 &&
      __builtin_cpu_supports("popcnt") != 0 && __builtin_cpu_supports("bmi") != 0;
  return available ? &avx512_search : nullptr;
}

}  // namespace boostburn::json_skip_detail
