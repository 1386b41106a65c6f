// A cheap look at a YAML or JSON text before a recursive parser sees it.
//
// YAML trees (yaml/yaml_tree.hpp) are copied and freed recursively, and
// nlohmann::json builds its trees recursively; a hostile or broken
// file (100,000 '[' in a row, "- - - - ..." on one line, a gigabyte of text)
// must end in a clear message instead of a stack overflow, a hang or an
// out-of-memory kill. Every reader of the regions config, the price file, the
// snapshot and the manifest calls one of these first.
//
// The YAML scan is linear and conservative: a line's depth is its
// indentation plus its leading "- ", "? " and ": " indicators plus the open
// flow brackets ('[', '{') outside quotes and comments, so it may count more
// levels than the YAML has, never fewer for plain nesting (the YAML tree's
// own limit of 256 levels stays the backstop for exotic spellings). The
// JSON scan is exact. Pure functions: they never fail and never throw.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace boostburn {

struct NestingLimits {
  std::size_t max_bytes = 0;
  std::size_t max_depth = 0;
};

// The files people edit (regions config, price file): 16 MiB, 100 levels.
inline constexpr NestingLimits k_config_file_limits{std::size_t{16} << 20, 100};
// The files Boostburn writes (snapshot, manifest): 1 GiB, 100 levels. Real
// ones nest 5 levels; their size grows with usage rows and object keys.
inline constexpr NestingLimits k_state_file_limits{std::size_t{1} << 30, 100};

// Why `text` is refused ("nests more than 100 levels deep (line 3)", "is
// 20000000 bytes, over the limit of 16777216"), or nullopt when it may be
// parsed.
std::optional<std::string> yaml_nesting_problem(std::string_view text, const NestingLimits& limits);
std::optional<std::string> json_nesting_problem(std::string_view text, const NestingLimits& limits);

}  // namespace boostburn
