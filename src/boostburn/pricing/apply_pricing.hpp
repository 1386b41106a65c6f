// apply_pricing: the day's aggregate priced with a price table.
//
// Pure and infallible. Every usage-key row is priced exactly (cost_of); the
// totals and by_region/by_model/by_identity are exact sums of those rows
// (long-context rows fold into their model and identity), so verify_metrics
// can demand exact equality. Rows without a rate card cost 0 and name their
// model in unpriced_models; models marked not_token_priced cost 0 and go to
// not_token_priced_models instead (never reported as $0 usage); rows with
// tokens of a type without a rate name their model in partial_pricing_models.
// All three lists are sorted and unique. cache_savings sums cache_savings_of
// over the priced rows.
#pragma once

#include "boostburn/metrics/aggregate.hpp"
#include "boostburn/metrics/priced_metrics.hpp"
#include "boostburn/pricing/price_table.hpp"

namespace boostburn {

[[nodiscard]] PricedMetrics apply_pricing(const Aggregate& usage, const PriceTable& prices);

}  // namespace boostburn
