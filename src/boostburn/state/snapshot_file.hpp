// Where the daily snapshot lives and how it is read and replaced.
//
// <state-dir>/bedrock-usage-<YYYY-MM-DD>.yaml. Writes are atomic (temporary
// file, fsync, rename): a reader sees the old or the new snapshot, never half.
// A snapshot that cannot be read, or that a newer Boostburn wrote, stops the
// run: it is never silently replaced.
#pragma once

#include <filesystem>
#include <optional>
#include <string_view>

#include "boostburn/report/snapshot.hpp"
#include "boostburn/util/result.hpp"

namespace boostburn {

std::filesystem::path snapshot_path(const std::filesystem::path& state_dir,
                                    std::string_view report_date);

// nullopt when there is no snapshot yet for the day.
Result<std::optional<Snapshot>> read_snapshot_file(const std::filesystem::path& path);

// Creates the state folder when missing, then replaces the file atomically.
Status write_snapshot_file(const std::filesystem::path& path, std::string_view yaml);

}  // namespace boostburn
