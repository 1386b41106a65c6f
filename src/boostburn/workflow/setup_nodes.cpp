// load_config and load_snapshot: everything a run must know before it lists.
#include <chrono>
#include <filesystem>
#include <system_error>

#include <fmt/format.h>

#include "boostburn/notify/slack_webhook.hpp"
#include "boostburn/state/request_id_file.hpp"
#include "boostburn/state/snapshot_file.hpp"
#include "boostburn/util/file_lock.hpp"
#include "boostburn/util/time.hpp"
#include "boostburn/workflow/nodes.hpp"

namespace boostburn::nodes {

Status load_config(BurnState& state, const Deps& deps) {
  const RunOptions& options = state.options;
  const std::int64_t now = deps.now();
  state.generated_at = format_rfc3339(now);
  if (options.report_date.empty()) {
    state.report_day = utc_day_of(now);
  } else {
    auto day = parse_date(options.report_date);
    if (!day) {
      return tl::unexpected(day.error().with_context("--report-date"));
    }
    state.report_day = *day;
  }
  state.report_date = format_date(state.report_day);
  if (options.lateness_hours < 0 || options.lateness_hours > 48) {
    return fail(ErrorKind::usage, "--lateness-hours must be between 0 and 48");
  }
  if (options.lookback_hours < 0 || options.lookback_hours > 48) {
    return fail(ErrorKind::usage, "--lookback-hours must be between 0 and 48");
  }
  if (!options.slack_webhook_url.empty()) {
    // Before anything is read or written: a webhook that cannot work is
    // better found now than after the snapshot.
    if (auto usable = check_webhook_url(options.slack_webhook_url); !usable) {
      return usable;
    }
  }

  auto config = load_app_config(options.config_path);
  if (!config) {
    return tl::unexpected(config.error());
  }
  state.config = std::move(*config);
  if (options.log_prefix) {
    if (auto problem = log_prefix_problem(*options.log_prefix)) {
      return fail(ErrorKind::usage, fmt::format("--log-prefix: {}", *problem));
    }
    state.config.log_prefix = *options.log_prefix;
  }
  // The price file is validated here, before anything is listed or written,
  // and ingest needs its long-context thresholds.
  // Stamped before it is read: an edit made meanwhile is read again later.
  state.prices_stamp = file_stamp(options.pricing_path);
  auto prices = load_price_file(options.pricing_path);
  if (!prices) {
    return tl::unexpected(prices.error());
  }
  state.prices = std::make_unique<PriceTable>(std::move(*prices));

  state.regions.clear();
  for (const RegionBucket& bucket : state.config.regions) {
    RegionRun region;
    region.region = bucket.region;
    region.bucket_url = bucket.bucket_url;
    state.regions.push_back(std::move(region));
  }
  state.region_index = 0;
  state.snapshot_path = snapshot_path(options.state_dir, state.report_date).string();
  return {};
}

namespace {

// Two runs of one day on one state folder take turns: the second waits (up to
// --lock-wait) and then starts from what the first wrote, so both contribute
// exactly once. The kernel releases the lock of a killed run.
Result<FileLock> lock_day(const BurnState& state, const Deps& deps) {
  const std::filesystem::path& dir = state.options.state_dir;
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    return fail(ErrorKind::io,
                fmt::format("{}: create the state folder: {}", dir.string(), error.message()));
  }
  const std::filesystem::path path = dir / fmt::format(".bedrock-usage-{}.lock", state.report_date);
  const int wait = state.options.lock_wait_seconds;
  auto lock = FileLock::acquire_within(path, std::chrono::seconds(wait), [&] {
    fmt::print(deps.err, "waiting for another run of {} on {} to finish (up to {} s)\n",
               state.report_date, dir.string(), wait);
  });
  if (!lock && lock.error().kind == ErrorKind::conflict) {
    return fail(ErrorKind::conflict,
                fmt::format("another run of {} is still working on the state folder {} (after "
                            "waiting {} s, --lock-wait); nothing was written: run again later",
                            state.report_date, dir.string(), wait));
  }
  return lock;
}

// The hostile-input caps; the quarantine budget is for the whole run.
DayAccumulatorOptions accumulator_options(const BurnState& state, const Deps& deps) {
  constexpr std::int64_t k_one_day_seconds = 24 * 60 * 60;
  DayAccumulatorOptions options;
  options.gunzip.max_output_bytes = state.options.max_object_bytes;
  options.parser.max_line_bytes = state.options.max_line_bytes;
  options.latest_timestamp = deps.now() + k_one_day_seconds;
  options.quarantine_budget_bytes =
      state.options.quarantine_dir ? k_default_quarantine_budget_bytes : 0;
  return options;
}

}  // namespace

Status load_snapshot(BurnState& state, const Deps& deps) {
  state.previous = Snapshot{};
  state.has_previous = false;
  auto lock = lock_day(state, deps);
  if (!lock) {
    return tl::unexpected(lock.error());
  }
  state.day_lock.emplace(std::move(*lock));
  if (state.options.force_reprocess) {
    fmt::print(deps.err, "--force-reprocess: rebuilding {} from scratch\n", state.report_date);
  } else {
    auto previous = read_snapshot_file(state.snapshot_path);
    if (!previous) {
      return tl::unexpected(previous.error());
    }
    if (*previous && (*previous)->schema_version < k_snapshot_schema_version) {
      return fail(ErrorKind::config,
                  fmt::format("{} was written by the original (v1) Boostburn, which did not "
                              "record which log objects it counted: adding new objects to it "
                              "could count records twice. Run once with --force-reprocess to "
                              "rebuild {} from the logs (the file is then replaced by a v2 "
                              "snapshot); nothing was written",
                              state.snapshot_path, state.report_date));
    }
    if (*previous) {
      state.previous = std::move(**previous);
      state.has_previous = true;
    }
  }
  state.accumulator = std::make_unique<DayAccumulator>(state.report_day, *state.prices,
                                                       accumulator_options(state, deps));
  if (state.has_previous && !state.previous.request_ids.file.empty()) {
    // Continue de-duplication where the earlier runs of the day stopped.
    auto seen = read_request_id_file(state.options.state_dir, state.previous.request_ids);
    if (!seen) {
      return tl::unexpected(seen.error());
    }
    state.accumulator->seed_request_ids(std::move(*seen));
  }
  return {};
}

}  // namespace boostburn::nodes
