// The human report printed to stdout at the end of a run: totals, breakdowns
// by region, model and identity, every warning with what to do about it, and
// what the numbers do not cover. Text without colours or other escape codes,
// lines end in '\n'; the totals and breakdowns are plain columns or, for a
// terminal, boxed tables (report/table.hpp). Control characters in names from
// the logs are shown as '?'. Never fails.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "boostburn/metrics/priced_metrics.hpp"
#include "boostburn/report/snapshot.hpp"
#include "boostburn/report/table.hpp"

namespace boostburn {

struct ReportContext {
  std::string pricing_path;              // the price file the costs came from, named in advice
  std::string currency = "USD";          // from the price file
  TableStyle style = TableStyle::plain;  // boxed when stdout is a terminal
};

// How many named records a data-warning section shows before "... and N more".
inline constexpr std::size_t k_report_examples = 5;

// Counters and warnings come from `snapshot`, amounts and breakdowns from
// `priced` (its pricing).
std::string render_text_report(const ReportContext& context, const Snapshot& snapshot,
                               const PricedMetrics& priced,
                               const std::vector<std::string>& verification_errors);

}  // namespace boostburn
