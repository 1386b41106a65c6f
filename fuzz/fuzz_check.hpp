// Shared by the fuzz targets: invariant checks that libFuzzer records as crashes.
//
// FUZZ_CHECK(condition) prints the broken invariant (and, through
// FUZZ_CHECK_MSG, a detail such as an error message) and aborts: libFuzzer
// then saves the input as a crash artifact. Not for production code.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace boostburn::fuzz {

[[noreturn]] inline void fail(const char* condition, const char* file, int line,
                              std::string_view detail = {}) {
  std::fprintf(stderr, "%s:%d: fuzz invariant broken: %s\n", file, line, condition);
  if (!detail.empty()) {
    std::fprintf(stderr, "%.*s\n", static_cast<int>(detail.size()), detail.data());
  }
  std::abort();
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace boostburn::fuzz

#define FUZZ_CHECK(condition)                                  \
  do {                                                         \
    if (!(condition)) {                                        \
      ::boostburn::fuzz::fail(#condition, __FILE__, __LINE__); \
    }                                                          \
  } while (false)

#define FUZZ_CHECK_MSG(condition, detail)                                \
  do {                                                                   \
    if (!(condition)) {                                                  \
      ::boostburn::fuzz::fail(#condition, __FILE__, __LINE__, (detail)); \
    }                                                                    \
  } while (false)
