// Compiles the functions between BOOSTBURN_TARGET_REGION_BEGIN("avx2,bmi")
// and BOOSTBURN_TARGET_REGION_END for those instruction sets, in GCC and in
// clang (the fuzzers' compiler), as a target attribute on each would.
//
// Only for code of the file's own with internal linkage: an inline function
// with external linkage defined inside a region (one of a header included
// there for the first time, say) is built for that instruction set, and the
// linker may keep that copy for the whole program, to run on CPUs without it.
#pragma once

#define BOOSTBURN_TARGET_PRAGMA(text) _Pragma(#text)

#if defined(__clang__)
#define BOOSTBURN_TARGET_REGION_BEGIN(targets) \
  BOOSTBURN_TARGET_PRAGMA(                     \
      clang attribute push(__attribute__((target(targets))), apply_to = function))
#define BOOSTBURN_TARGET_REGION_END _Pragma("clang attribute pop")
#else
#define BOOSTBURN_TARGET_REGION_BEGIN(targets) \
  _Pragma("GCC push_options") BOOSTBURN_TARGET_PRAGMA(GCC target(targets))
#define BOOSTBURN_TARGET_REGION_END _Pragma("GCC pop_options")
#endif
