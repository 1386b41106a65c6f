#include "boostburn/metrics/breakdown.hpp"

namespace boostburn {

void rebuild_breakdowns(PricedMetrics& metrics) {
  metrics.totals = {};
  metrics.by_region.clear();
  metrics.by_model.clear();
  metrics.by_identity.clear();
  for (const auto& [key, row] : metrics.by_usage_key) {
    metrics.totals += row;
    metrics.by_region[key.region] += row;
    metrics.by_model[key.model_id] += row;
    metrics.by_identity[key.identity] += row;
  }
}

}  // namespace boostburn
