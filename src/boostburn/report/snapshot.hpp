// The daily snapshot: the record of what was counted for one UTC day.
//
// It holds the raw aggregate (never costs: cost is always recomputed from the
// counters and the current price table, so repeated runs never accumulate
// rounding), what the runs noticed, how much work they did, and the identity
// (key + ETag) of every log object whose records it includes. Several runs
// of one day merge into one Snapshot; see state/ for the commit protocol.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "boostburn/metrics/aggregate.hpp"
#include "boostburn/metrics/data_warnings.hpp"

namespace boostburn {

inline constexpr int k_snapshot_schema_version = 2;

// region -> object key -> ETag of the version that was counted.
using SourceObjects = std::map<std::string, std::map<std::string, std::string>>;

// The day's de-duplication set (hashes of every requestId counted) is kept in
// a file beside the snapshot (state/request_id_file.hpp); the snapshot names
// it, so the two are committed together by the snapshot's atomic rename.
struct RequestIdsRef {
  std::string file;  // file name inside the state folder; empty = none
  std::uint64_t count = 0;

  friend bool operator==(const RequestIdsRef&, const RequestIdsRef&) = default;
};

struct Snapshot {
  int schema_version = k_snapshot_schema_version;
  std::string report_date;   // YYYY-MM-DD
  std::string generated_at;  // RFC 3339 UTC of the last run that wrote it
  std::uint64_t runs = 0;    // runs merged into it
  std::string account_id;
  Aggregate usage;
  DataWarnings warnings;
  IngestStats stats;
  SourceObjects sources;
  RequestIdsRef request_ids;

  // Adds another run's data for the same day (usage, warnings, stats, sources).
  void merge(const Snapshot& run);
};

}  // namespace boostburn
