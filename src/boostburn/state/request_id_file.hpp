// The day's de-duplication set on disk, beside the snapshot.
//
// <state-dir>/bedrock-usage-<date>.request-ids.<16 hex>: "BBRIDS1\n", a
// little-endian u64 count, then the sorted 128-bit XXH3 hashes (16 bytes
// each). The hex in the name is the XXH3-64 of the content, so the snapshot's
// reference pins one exact version: a new set is written under a new name
// *before* the snapshot that names it is renamed into place, and stale
// versions are removed only after. A kill at any point leaves the snapshot
// and the set it names consistent.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "boostburn/metrics/request_id_set.hpp"
#include "boostburn/report/snapshot.hpp"
#include "boostburn/util/result.hpp"

namespace boostburn {

// Writes the set (atomically, if that exact version is not there yet) and
// returns the reference to store in the snapshot. `loaded` is the file the
// set was seeded from, if it was: a set only grows, so one that holds as many
// ids as that file holds exactly its ids, and keeps its name without being
// hashed again (17 ms for 3,000,000 ids).
Result<RequestIdsRef> write_request_id_file(const std::filesystem::path& state_dir,
                                            std::string_view report_date, const RequestIdSet& ids,
                                            const RequestIdsRef* loaded = nullptr);

// Reads the set a snapshot names. A missing, truncated or altered file is
// ErrorKind::corrupt: the day cannot continue de-duplication without it.
Result<RequestIdSet> read_request_id_file(const std::filesystem::path& state_dir,
                                          const RequestIdsRef& ref);

// Removes the day's request-id files other than `keep` (best effort).
void remove_stale_request_id_files(const std::filesystem::path& state_dir,
                                   std::string_view report_date, std::string_view keep);

}  // namespace boostburn
