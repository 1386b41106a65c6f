// The loop over regions: load_manifest -> plan_scan -> list_objects ->
// filter_new_objects -> [ingest_objects] -> advance_region, once per region.
#include <algorithm>
#include <cstdint>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "boostburn/ingest/object_filter.hpp"
#include "boostburn/ingest/quarantine.hpp"
#include "boostburn/util/run_concurrently.hpp"
#include "boostburn/util/text.hpp"
#include "boostburn/workflow/hour_listing.hpp"
#include "boostburn/workflow/ingest_progress.hpp"
#include "boostburn/workflow/nodes.hpp"
#include "boostburn/workflow/parallel_ingest.hpp"
#include "boostburn/workflow/scan_plan.hpp"

namespace boostburn::nodes {
namespace {

RegionRun& current(BurnState& state) { return *state.current_region(); }

const std::map<std::string, std::string>& counted_sources(const BurnState& state,
                                                          const std::string& region) {
  static const std::map<std::string, std::string> k_none;
  if (!state.has_previous) {
    return k_none;
  }
  auto it = state.previous.sources.find(region);
  return it == state.previous.sources.end() ? k_none : it->second;
}

// True when every object the manifest names for the day is in the snapshot.
bool manifest_describes_snapshot(const BurnState& state, const RegionRun& region) {
  if (!state.has_previous || state.options.force_reprocess) {
    return false;
  }
  const auto& days = region.manifest.manifest.days;
  auto day = days.find(state.report_date);
  if (day == days.end()) {
    return false;
  }
  const auto& counted = counted_sources(state, region.region);
  for (const auto& entry : day->second.processed) {
    if (!counted.contains(entry.first)) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string region_router(const BurnState& state) {
  return state.region_index < state.regions.size() ? "has region" : "no more regions";
}

Status load_manifest(BurnState& state, const Deps& deps) {
  RegionRun& region = current(state);
  auto store = deps.make_store(region.bucket_url, region.region, state.config.base_dir);
  if (!store) {
    return tl::unexpected(store.error().with_context(region.region));
  }
  region.store = std::move(*store);
  region.manifest_key = manifest_key(state.options.manifest_prefix);
  auto loaded = load_manifest(*region.store, region.manifest_key, region.region);
  if (!loaded) {
    return tl::unexpected(loaded.error().with_context(region.region));
  }
  region.manifest = std::move(*loaded);
  region.manifest_trusted = manifest_describes_snapshot(state, region);
  const auto& days = region.manifest.manifest.days;
  if (!region.manifest_trusted && !state.options.force_reprocess &&
      days.contains(state.report_date) && !days.at(state.report_date).processed.empty()) {
    fmt::print(deps.err,
               "note: {}: the manifest names objects for {} that this state folder's snapshot "
               "does not include (another state folder, or a lost snapshot); scanning the whole "
               "day\n",
               region.region, state.report_date);
  }
  return {};
}

Status plan_scan(BurnState& state, const Deps& deps) {
  RegionRun& region = current(state);
  std::optional<int> last_processed;
  if (region.manifest_trusted) {
    last_processed = region.manifest.manifest.days.at(state.report_date).last_processed_hour;
  }
  const ScanPlan plan = plan_scan_hours(state.report_day, state.options.lateness_hours,
                                        last_processed, state.options.lookback_hours, deps.now());
  const std::string root =
      region_log_root(state.config.log_prefix, state.config.account_id, region.region);
  region.prefixes.clear();
  for (const int hour : plan.hours) {
    region.prefixes.push_back(hour_prefix(root, state.report_day, hour));
  }
  region.last_hour_listed = plan.last_hour_begun;
  if (state.options.debug) {
    fmt::print(deps.err, "debug: {}: listing {} hour prefixes{}\n", region.region,
               region.prefixes.size(),
               region.prefixes.empty() ? std::string()
                                       : fmt::format(" ({} .. {})", region.prefixes.front(),
                                                     region.prefixes.back()));
  }
  return {};
}

Status list_objects(BurnState& state, const Deps& /*deps*/) {
  RegionRun& region = current(state);
  region.listed.clear();
  // The hour prefixes are listed concurrently on S3 (each is a round trip),
  // and kept in prefix order whatever order they complete in. Body folders
  // (data/) are never listed: see hour_listing.hpp.
  std::vector<Result<std::vector<ObjectInfo>>> listings(region.prefixes.size());
  const std::size_t concurrency =
      region.store->is_remote() ? static_cast<std::size_t>(state.options.s3_concurrency) : 1;
  run_concurrently(region.prefixes.size(), concurrency, [&](std::size_t i) {
    listings[i] = list_hour_objects(*region.store, region.prefixes[i]);
  });
  for (auto& objects : listings) {
    if (!objects) {
      return tl::unexpected(objects.error().with_context(region.region));
    }
    region.listed.insert(region.listed.end(), std::make_move_iterator(objects->begin()),
                         std::make_move_iterator(objects->end()));
  }
  state.run.stats.objects_listed += region.listed.size();
  return {};
}

Status filter_new_objects(BurnState& state, const Deps& deps) {
  RegionRun& region = current(state);
  // The snapshot is the record of what was counted: a key it names is never
  // counted again (log objects are immutable). --force-reprocess ignores it.
  static const std::map<std::string, std::string> k_none;
  const auto& counted =
      state.options.force_reprocess ? k_none : counted_sources(state, region.region);
  const std::string root =
      region_log_root(state.config.log_prefix, state.config.account_id, region.region);
  region.new_objects.clear();
  for (const ObjectInfo& object : region.listed) {
    if (!is_valid_utf8(object.key)) {
      // S3 keys are UTF-8; a local file name need not be. It could not be
      // named faithfully in the snapshot or manifest, so it is not counted.
      ++state.run.stats.objects_skipped;
      state.run.warnings.corrupt_objects.add(
          RecordIssue{region.region, sanitize_utf8(object.key), 0, {},
                      "object key is not valid UTF-8; rename the file to count it"});
      continue;
    }
    const std::string_view relative = std::string_view(object.key).substr(
        object.key.starts_with(root) ? root.size() : 0);
    if (!is_record_object(relative, object.size)) {
      ++state.run.stats.objects_skipped;
    } else if (counted.contains(object.key)) {
      ++state.run.stats.objects_already_processed;
    } else {
      region.new_objects.push_back(object);
    }
  }
  if (state.options.debug) {
    fmt::print(deps.err, "debug: {}: {} objects listed, {} new\n", region.region,
               region.listed.size(), region.new_objects.size());
  }
  return {};
}

std::string new_objects_router(const BurnState& state) {
  const RegionRun* region = state.region_index < state.regions.size()
                                ? &state.regions[state.region_index]
                                : nullptr;
  return region != nullptr && !region->new_objects.empty() ? "new objects" : "none";
}

namespace {

// --threads: 0 means every core.
unsigned ingest_threads(const RunOptions& options) {
  if (options.threads > 0) {
    return static_cast<unsigned>(options.threads);
  }
  return std::max(1U, std::thread::hardware_concurrency());
}

}  // namespace

Status ingest_objects(BurnState& state, const Deps& deps) {
  RegionRun& region = current(state);
  // A quarantine failure never fails or changes the report: it becomes a note.
  std::optional<Quarantine> quarantine;
  if (state.options.quarantine_dir) {
    quarantine.emplace(*state.options.quarantine_dir, state.report_date);
  }
  std::optional<Error> quarantine_error;
  std::uint64_t quarantine_failures = 0;
  std::uint64_t not_quarantined = 0;
  const auto quarantine_status = [&](const Status& status) {
    if (!status) {
      ++quarantine_failures;
      quarantine_error = quarantine_error.value_or(status.error());
    }
  };

  std::uint64_t total_bytes = 0;
  for (const ObjectInfo& object : region.new_objects) {
    total_bytes += object.size;
  }
  // Erases its line when it goes out of scope, on the error return too.
  IngestProgress progress(deps.err, deps.err_is_terminal);
  progress.start(region.region, region.new_objects.size(), total_bytes);
  const auto on_merged = [&](std::size_t index, ObjectOutcome&& outcome,
                             std::uint64_t bytes_fetched) {
    const ObjectInfo& object = region.new_objects[index];
    state.run.stats.bytes_downloaded += bytes_fetched;
    if (quarantine) {
      not_quarantined += outcome.quarantine_dropped;
      quarantine_status(quarantine->put_object(region.region, object.key, outcome.quarantined));
    }
    region.processed.push_back(object);
    state.run.sources[region.region][object.key] = object.etag;
    progress.advance(bytes_fetched);
  };
  const unsigned readers = ingest_threads(state.options);
  const ParallelIngestOptions parallel{
      readers, region.store->is_remote() ? static_cast<unsigned>(state.options.s3_concurrency)
                                         : readers};
  if (auto ingested = ingest_in_parallel(*region.store, region.region, region.new_objects,
                                         *state.accumulator, parallel, on_merged);
      !ingested) {
    return tl::unexpected(ingested.error().with_context(region.region));
  }
  progress.finish();
  if (quarantine) {
    quarantine_status(quarantine->write_index());
    if (quarantine_error) {
      fmt::print(deps.err,
                 "note: {}: --quarantine: {} write(s) failed, first: {}; the report is not "
                 "affected\n",
                 region.region, quarantine_failures, quarantine_error->message);
    }
    if (not_quarantined > 0) {
      fmt::print(deps.err,
                 "note: {}: --quarantine: the limit of {} MiB per run was reached; {} offending "
                 "line(s) were not copied (they are still counted and named in the snapshot)\n",
                 region.region, k_default_quarantine_budget_bytes >> 20, not_quarantined);
    }
  }
  return {};
}

Status advance_region(BurnState& state, const Deps& /*deps*/) {
  RegionRun& region = current(state);
  region.listed.clear();  // the keys are no longer needed; keep memory flat
  region.listed.shrink_to_fit();
  ++state.region_index;
  return {};
}

}  // namespace boostburn::nodes
