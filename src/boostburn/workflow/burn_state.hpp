// BurnState: everything one run knows, passed from node to node.
//
// Nodes read what earlier nodes wrote and add their own part; the comment on
// each field names the node that fills it. Owned by run_workflow's caller.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "boostburn/config/app_config.hpp"
#include "boostburn/config/run_options.hpp"
#include "boostburn/ingest/day_accumulator.hpp"
#include "boostburn/metrics/priced_metrics.hpp"
#include "boostburn/pricing/price_table.hpp"
#include "boostburn/report/snapshot.hpp"
#include "boostburn/state/manifest.hpp"
#include "boostburn/store/object_store.hpp"
#include "boostburn/util/file_lock.hpp"
#include "boostburn/util/file_stamp.hpp"

namespace boostburn {

// One region's pass through the loop.
struct RegionRun {
  std::string region;
  std::string bucket_url;
  std::unique_ptr<ObjectStore> store;    // load_manifest
  std::string manifest_key;              // load_manifest
  LoadedManifest manifest;               // load_manifest
  // load_manifest: the manifest's entry for the day describes this snapshot
  // (every key it names is in the snapshot's sources), so its last processed
  // hour may shorten the scan. False without a snapshot: a manifest alone
  // never hides an object (another state folder, or a lost snapshot).
  bool manifest_trusted = false;
  std::vector<std::string> prefixes;     // plan_scan
  std::optional<int> last_hour_listed;   // plan_scan: highest hour index that exists yet
  std::vector<ObjectInfo> listed;        // list_objects
  std::vector<ObjectInfo> new_objects;   // filter_new_objects
  std::vector<ObjectInfo> processed;     // ingest_objects
};

struct BurnState {
  RunOptions options;

  // load_config
  AppConfig config;
  std::chrono::sys_days report_day{};
  std::string report_date;  // YYYY-MM-DD
  std::string generated_at;  // RFC 3339, the run's start
  std::unique_ptr<PriceTable> prices;
  std::optional<FileStamp> prices_stamp;  // the price file as it was when `prices` was read

  // load_snapshot: the day's lock on the state folder, held until the run
  // ends; what earlier runs of this day counted (empty with --force-reprocess)
  std::optional<FileLock> day_lock;
  Snapshot previous;
  bool has_previous = false;

  // region loop
  std::vector<RegionRun> regions;
  std::size_t region_index = 0;
  std::unique_ptr<DayAccumulator> accumulator;  // this run's records of the day
  Snapshot run;                                 // this run's contribution (filled at the end)

  // refresh_pricing .. render_report
  Snapshot merged;  // previous + run
  PricedMetrics priced;
  std::vector<std::string> verification_errors;
  std::string report_text;
  std::string snapshot_path;

  [[nodiscard]] RegionRun* current_region() {
    return region_index < regions.size() ? &regions[region_index] : nullptr;
  }
};

}  // namespace boostburn
