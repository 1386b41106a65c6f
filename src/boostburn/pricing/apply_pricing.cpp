#include "boostburn/pricing/apply_pricing.hpp"

#include <set>
#include <string>
#include <vector>

#include "boostburn/metrics/breakdown.hpp"
#include "boostburn/pricing/cost.hpp"

namespace boostburn {

PricedMetrics apply_pricing(const Aggregate& usage, const PriceTable& prices) {
  PricedMetrics metrics;
  std::set<std::string> unpriced;
  std::set<std::string> partial;
  std::set<std::string> not_token_priced;
  metrics.by_usage_key.reserve(usage.rows().size());
  for (const auto& [key, counters] : usage.rows()) {
    PricedCounters row{counters, Money()};
    if (prices.is_not_token_priced(key.model_id)) {
      not_token_priced.insert(key.model_id);
    } else if (const RateCard* card = prices.rates_for(key.model_id, key.region); card == nullptr) {
      unpriced.insert(key.model_id);
    } else {
      PartialFlags flags;
      row.cost = cost_of(*card, counters, key.long_context, flags);
      metrics.cache_savings += cache_savings_of(*card, counters, key.long_context);
      if (flags.any()) {
        partial.insert(key.model_id);
      }
    }
    metrics.by_usage_key.emplace_back(key, row);
  }
  rebuild_breakdowns(metrics);
  metrics.unpriced_models.assign(unpriced.begin(), unpriced.end());
  metrics.partial_pricing_models.assign(partial.begin(), partial.end());
  metrics.not_token_priced_models.assign(not_token_priced.begin(), not_token_priced.end());
  return metrics;
}

}  // namespace boostburn
