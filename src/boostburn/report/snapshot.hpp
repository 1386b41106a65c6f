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

  // Adds another run's data for the same day (usage, warnings, stats, sources).
  void merge(const Snapshot& run);
};

}  // namespace boostburn
