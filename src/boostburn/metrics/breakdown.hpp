// Builds the breakdowns of PricedMetrics from its usage-key rows.
//
// Pure and infallible. Totals and every breakdown are exact sums (counters
// and femto-dollar cost) of by_usage_key, so verify_metrics can demand exact
// equality. Long-context rows fold into their model and identity.
#pragma once

#include "boostburn/metrics/priced_metrics.hpp"

namespace boostburn {

// Replaces totals, by_region, by_model and by_identity with the sums of
// metrics.by_usage_key. Leaves by_usage_key and the model lists untouched.
void rebuild_breakdowns(PricedMetrics& metrics);

}  // namespace boostburn
