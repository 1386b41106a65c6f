// After the loop: price, verify, render, then write (snapshot first: it is the
// record of what was counted; manifests only after it, see
// docs/commit-protocol.md), then the optional CSV row and Slack post.
#include <chrono>
#include <optional>

#include <fmt/format.h>

#include "boostburn/metrics/verify.hpp"
#include "boostburn/pricing/apply_pricing.hpp"
#include "boostburn/report/csv.hpp"
#include "boostburn/report/slack_message.hpp"
#include "boostburn/report/snapshot_yaml.hpp"
#include "boostburn/report/text_report.hpp"
#include "boostburn/state/request_id_file.hpp"
#include "boostburn/state/snapshot_file.hpp"
#include "boostburn/util/fault_point.hpp"
#include "boostburn/util/time.hpp"
#include "boostburn/workflow/nodes.hpp"
#include "boostburn/workflow/slack_delivery.hpp"

namespace boostburn::nodes {
namespace {

ReportContext report_context(const BurnState& state, const Deps& deps) {
  ReportContext context;
  context.pricing_path = state.options.pricing_path.string();
  context.currency = state.prices->info().currency;
  context.style = deps.out_is_terminal ? TableStyle::boxed : TableStyle::plain;
  return context;
}

// The previous day's totals at today's prices, when its snapshot exists. A
// snapshot that cannot be read only costs the comparison (with a note).
std::optional<DayTotals> previous_day_totals(const BurnState& state, const Deps& deps) {
  const std::string day = format_date(state.report_day - std::chrono::days(1));
  auto snapshot = read_snapshot_file(snapshot_path(state.options.state_dir, day));
  if (!snapshot) {
    fmt::print(deps.err, "note: no comparison with {}: {}\n", day, snapshot.error().message);
    return std::nullopt;
  }
  if (!*snapshot) {
    return std::nullopt;
  }
  return DayTotals{day, boostburn::apply_pricing((*snapshot)->usage, *state.prices).totals};
}

}  // namespace

Status refresh_pricing(BurnState& state, const Deps& /*deps*/) {
  // Re-read the price file if it changed: an edit made while a long ingest
  // ran is priced now, and a file broken meanwhile stops the run before
  // anything is written. An unchanged file is not parsed twice.
  std::optional<FileStamp> stamp = file_stamp(state.options.pricing_path);
  if (stamp && stamp == state.prices_stamp) {
    return {};
  }
  auto prices = load_price_file(state.options.pricing_path);
  if (!prices) {
    return tl::unexpected(prices.error());
  }
  *state.prices = std::move(*prices);
  state.prices_stamp = stamp;
  return {};
}

Status apply_pricing(BurnState& state, const Deps& /*deps*/) {
  Snapshot& run = state.run;
  run.report_date = state.report_date;
  run.generated_at = state.generated_at;
  run.account_id = state.config.account_id;
  run.runs = 1;
  run.usage = state.accumulator->aggregate();
  run.warnings.merge(state.accumulator->warnings());
  run.stats += state.accumulator->stats();

  state.merged = state.has_previous ? state.previous : Snapshot{};
  state.merged.report_date = state.report_date;
  state.merged.merge(run);
  state.priced = boostburn::apply_pricing(state.merged.usage, *state.prices);
  return {};
}

Status verify_results(BurnState& state, const Deps& /*deps*/) {
  state.verification_errors = verify_metrics(state.merged.usage, state.priced);
  if (state.merged.stats.records_used < state.merged.usage.totals().requests) {
    state.verification_errors.push_back(
        fmt::format("requests {} exceed records used {}", state.merged.usage.totals().requests,
                    state.merged.stats.records_used));
  }
  if (state.verification_errors.empty()) {
    return {};
  }
  std::string message = "verification failed; nothing was written:";
  for (const std::string& error : state.verification_errors) {
    message += "\n  - " + error;
  }
  return fail(ErrorKind::verification, message);
}

Status render_report(BurnState& state, const Deps& deps) {
  state.report_text = render_text_report(report_context(state, deps), state.merged, state.priced,
                                         state.verification_errors);
  return {};
}

namespace {

// The requests this run made to the log buckets so far, as snapshot stats.
IngestStats bucket_requests(const BurnState& state) {
  IngestStats requests;
  for (const RegionRun& region : state.regions) {
    if (region.store) {
      const StoreRequestStats made = region.store->request_stats();
      requests.list_requests += made.list_requests;
      requests.get_requests += made.get_requests;
      requests.head_requests += made.head_requests;
      requests.put_requests += made.put_requests;
      requests.request_retries += made.retries;
    }
  }
  return requests;
}

}  // namespace

Status write_snapshot(BurnState& state, const Deps& /*deps*/) {
  // The requests made up to the snapshot; the manifest writes that follow it
  // are in --debug's summary (docs/snapshot.md).
  state.merged.stats += bucket_requests(state);
  // The de-duplication set first, under a name of its own; then the snapshot
  // that names it (the atomic rename commits both); then old sets go.
  // The set was seeded from the snapshot's file, if it names one (never
  // under --force-reprocess: then there is no previous snapshot).
  const RequestIdsRef* loaded = state.has_previous && !state.previous.request_ids.file.empty()
                                    ? &state.previous.request_ids
                                    : nullptr;
  auto ids = write_request_id_file(state.options.state_dir, state.report_date,
                                   state.accumulator->seen_request_ids(), loaded);
  if (!ids) {
    return tl::unexpected(ids.error());
  }
  state.merged.request_ids = *ids;
  if (auto written = write_snapshot_file(
          state.snapshot_path,
          render_snapshot_yaml(state.merged, state.priced, state.verification_errors));
      !written) {
    return written;
  }
  remove_stale_request_id_files(state.options.state_dir, state.report_date, ids->file);
  return {};
}

Status update_manifest(BurnState& state, const Deps& deps) {
  for (RegionRun& region : state.regions) {
    if (!region.store) {
      continue;  // never reached (cannot happen after a complete loop)
    }
    Manifest manifest = region.manifest.manifest;
    manifest.region = region.region;
    manifest.lookback_hours = state.options.lookback_hours;
    manifest.updated_at = state.generated_at;
    ManifestDay& day = manifest.days[state.report_date];
    const bool changed_hour = region.last_hour_listed &&
                              (!day.last_processed_hour ||
                               *region.last_hour_listed > *day.last_processed_hour);
    if (region.processed.empty() && !changed_hour && region.manifest.etag) {
      continue;  // nothing new to remember: save a PUT
    }
    for (const ObjectInfo& object : region.processed) {
      day.processed[object.key] = object.etag;
    }
    if (changed_hour) {
      day.last_processed_hour = region.last_hour_listed;
    }
    auto saved = save_manifest(*region.store, region.manifest_key, std::move(manifest),
                               region.manifest.etag);
    if (!saved) {
      return tl::unexpected(saved.error().with_context(
          fmt::format("{}: {}/{}", region.region, region.store->describe(), region.manifest_key)));
    }
    fault_point("update_manifest:region-saved");
  }
  if (state.options.debug) {
    const IngestStats made = bucket_requests(state);
    fmt::print(deps.err, "requests to the log buckets: {} LIST, {} GET, {} HEAD, {} PUT, {} retries\n",
               made.list_requests, made.get_requests, made.head_requests, made.put_requests,
               made.request_retries);
  }
  return {};
}

Status append_csv(BurnState& state, const Deps& /*deps*/) {
  if (!state.options.csv_path) {
    return {};
  }
  return append_csv_row(*state.options.csv_path, csv_header(),
                        csv_row(state.merged, state.priced, state.verification_errors));
}

Status post_report(BurnState& state, const Deps& deps) {
  const RunOptions& options = state.options;
  if (options.slack_webhook_url.empty()) {
    return {};
  }
  const SlackReport report{report_context(state, deps), state.merged, state.priced,
                           state.verification_errors, previous_day_totals(state, deps)};
  const std::string payload = render_slack_message(report, slack_destination(options));
  if (auto posted = deliver_to_slack(options, deps, payload); !posted) {
    return fail(posted.error().kind,
                fmt::format("{}; the snapshot{} already written: run again to post (a re-run "
                            "counts nothing twice)",
                            posted.error().message,
                            options.csv_path ? " and the CSV row were" : " was"));
  }
  return {};
}

}  // namespace boostburn::nodes
