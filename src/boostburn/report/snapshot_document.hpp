// The content of a written snapshot (schema v2, docs/snapshot.md) as one
// document tree, rendered as YAML by snapshot_yaml and as JSON by json.
//
// Counters come from snapshot.usage, the record of what was counted, so the
// file always reloads to the same usage whatever `priced` holds. Costs come
// from priced.by_usage_key, which must be the pricing of snapshot.usage; a
// usage row it has no matching entry for is written with cost 0 and a
// verification error says so in the file. Breakdowns and totals are sums of
// the rows, so the file is always self-consistent. Never fails.
#pragma once

#include <string>
#include <vector>

#include "boostburn/metrics/priced_metrics.hpp"
#include "boostburn/report/doc_tree.hpp"
#include "boostburn/report/snapshot.hpp"

namespace boostburn {

DocNode build_snapshot_document(const Snapshot& snapshot, const PricedMetrics& priced,
                                const std::vector<std::string>& verification_errors);

}  // namespace boostburn
