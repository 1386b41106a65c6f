#include "boostburn/report/snapshot.hpp"

namespace boostburn {

// Counters, warnings, stats and runs add up. The newer of the two snapshots
// (by generated_at, RFC 3339 UTC, so text order is time order; `run` on a
// tie) decides generated_at, account_id and the ETag of an object both
// include, so merging is order-independent for everything but the order of
// the warning lists' items.
void Snapshot::merge(const Snapshot& run) {
  const bool run_is_newer = run.generated_at >= generated_at;

  usage.merge(run.usage);
  warnings.merge(run.warnings);
  stats += run.stats;
  runs += run.runs;

  for (const auto& [region, objects] : run.sources) {
    auto& ours = sources[region];
    for (const auto& [key, etag] : objects) {
      auto [it, inserted] = ours.emplace(key, etag);
      if (!inserted && run_is_newer) {
        it->second = etag;
      }
    }
  }
  if (!run.request_ids.file.empty() && (run_is_newer || request_ids.file.empty())) {
    request_ids = run.request_ids;
  }
  if (report_date.empty()) {
    report_date = run.report_date;
  }
  if (run_is_newer) {
    generated_at = run.generated_at;
    if (!run.account_id.empty() || account_id.empty()) {
      account_id = run.account_id;
    }
  } else if (account_id.empty()) {
    account_id = run.account_id;
  }
}

}  // namespace boostburn
