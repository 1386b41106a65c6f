// The snapshot as JSON (`--json`): the same content, key names and order as
// the YAML snapshot (docs/snapshot.md), pretty-printed with two-space indents.
// Counters are JSON integers, cost_usd a JSON number with exactly 9 decimals
// (written from the exact decimal, never through a double). Strings are valid
// UTF-8 JSON strings (invalid bytes become U+FFFD). Never fails.
#pragma once

#include <string>
#include <vector>

#include "boostburn/metrics/priced_metrics.hpp"
#include "boostburn/report/doc_tree.hpp"
#include "boostburn/report/snapshot.hpp"

namespace boostburn {

std::string render_snapshot_json(const Snapshot& snapshot, const PricedMetrics& priced,
                                 const std::vector<std::string>& verification_errors);

// Any document tree as JSON, ending with a newline.
std::string render_json(const DocNode& document);

}  // namespace boostburn
