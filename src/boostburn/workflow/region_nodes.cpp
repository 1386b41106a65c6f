// The loop over regions: load_manifest -> plan_scan -> list_objects ->
// filter_new_objects -> [ingest_objects] -> advance_region, once per region.
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "boostburn/ingest/object_filter.hpp"
#include "boostburn/workflow/nodes.hpp"
#include "boostburn/workflow/scan_plan.hpp"

namespace boostburn::nodes {
namespace {

RegionRun& current(BurnState& state) { return *state.current_region(); }

std::string region_context(const RegionRun& region) {
  return fmt::format("{}: {}", region.region, region.bucket_url);
}

}  // namespace

std::string region_router(const BurnState& state) {
  return state.region_index < state.regions.size() ? "has region" : "no more regions";
}

Status load_manifest(BurnState& state, const Deps& deps) {
  RegionRun& region = current(state);
  auto store = deps.make_store(region.bucket_url, state.config.base_dir);
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
  return {};
}

Status plan_scan(BurnState& state, const Deps& deps) {
  RegionRun& region = current(state);
  std::optional<int> last_processed;
  if (!state.options.force_reprocess) {
    const auto& days = region.manifest.manifest.days;
    if (auto day = days.find(state.report_date); day != days.end()) {
      last_processed = day->second.last_processed_hour;
    }
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
  return {};
}

Status list_objects(BurnState& state, const Deps& /*deps*/) {
  RegionRun& region = current(state);
  region.listed.clear();
  for (const std::string& prefix : region.prefixes) {
    auto objects = region.store->list(prefix);
    if (!objects) {
      return tl::unexpected(
          objects.error().with_context(fmt::format("{}: list {}", region_context(region), prefix)));
    }
    region.listed.insert(region.listed.end(), std::make_move_iterator(objects->begin()),
                         std::make_move_iterator(objects->end()));
  }
  state.run.stats.objects_listed += region.listed.size();
  return {};
}

Status filter_new_objects(BurnState& state, const Deps& /*deps*/) {
  RegionRun& region = current(state);
  // Log objects are immutable: a key counted once (in the snapshot) or
  // recorded as processed for this day (in the manifest) is never counted
  // again. --force-reprocess ignores both.
  const std::map<std::string, std::string> none;
  const auto& counted = [&]() -> const std::map<std::string, std::string>& {
    if (state.options.force_reprocess) {
      return none;
    }
    auto it = state.previous.sources.find(region.region);
    return it == state.previous.sources.end() ? none : it->second;
  }();
  const std::map<std::string, std::string>* manifest_day = nullptr;
  if (!state.options.force_reprocess) {
    const auto& days = region.manifest.manifest.days;
    if (auto it = days.find(state.report_date); it != days.end()) {
      manifest_day = &it->second.processed;
    }
  }
  region.new_objects.clear();
  for (const ObjectInfo& object : region.listed) {
    if (!is_record_object(object.key, object.size)) {
      ++state.run.stats.objects_skipped;
    } else if (counted.contains(object.key) ||
               (manifest_day != nullptr && manifest_day->contains(object.key))) {
      ++state.run.stats.objects_already_processed;
    } else {
      region.new_objects.push_back(object);
    }
  }
  return {};
}

std::string new_objects_router(const BurnState& state) {
  const RegionRun* region = state.region_index < state.regions.size()
                                ? &state.regions[state.region_index]
                                : nullptr;
  return region != nullptr && !region->new_objects.empty() ? "new objects" : "none";
}

Status ingest_objects(BurnState& state, const Deps& /*deps*/) {
  RegionRun& region = current(state);
  for (const ObjectInfo& object : region.new_objects) {
    auto bytes = region.store->get(object.key);
    if (!bytes) {
      return tl::unexpected(bytes.error().with_context(region.region));
    }
    state.run.stats.bytes_downloaded += bytes->size();
    state.accumulator->add_object(region.region, object.key, *bytes);
    region.processed.push_back(object);
    state.run.sources[region.region][object.key] = object.etag;
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
