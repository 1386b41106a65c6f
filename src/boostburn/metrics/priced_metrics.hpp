// The metrics of a day with their exact cost: what apply_pricing produces and
// every output (snapshot, text, CSV, JSON, Slack) renders.
//
// Each PricedCounters' cost is exact (femto-dollars); breakdowns are sums of
// the per-usage-key costs, so verify_results can demand exact equality.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "boostburn/metrics/counters.hpp"
#include "boostburn/metrics/money.hpp"

namespace boostburn {

struct PricedCounters {
  Counters counters;
  Money cost;

  PricedCounters& operator+=(const PricedCounters& other) {
    counters += other.counters;
    cost += other.cost;
    return *this;
  }
  friend bool operator==(const PricedCounters&, const PricedCounters&) = default;
};

struct PricedMetrics {
  PricedCounters totals;
  std::map<std::string, PricedCounters> by_region;
  std::map<std::string, PricedCounters> by_model;     // long-context rows folded into their model
  std::map<std::string, PricedCounters> by_identity;  // ARN exactly as logged, or "unknown"
  std::vector<std::pair<UsageKey, PricedCounters>> by_usage_key;  // in UsageKey order

  // Net saving from prompt caching over the priced rows: cached tokens at the
  // uncached input rate minus their cache-rate cost (negative when the write
  // premium outweighed the reads). Shown in the reports, not in the snapshot.
  Money cache_savings;

  std::vector<std::string> unpriced_models;          // sorted, unique: no price entry at all
  std::vector<std::string> partial_pricing_models;   // sorted, unique: tokens of a type without a rate
  std::vector<std::string> not_token_priced_models;  // sorted, unique: billed per image/second/query
};

}  // namespace boostburn
