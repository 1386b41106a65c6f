// verify_results' cross-check of priced metrics against the raw aggregate.
//
// Pure and infallible: returns one human-readable line per problem found
// (empty = consistent), capped at k_max_verification_errors lines plus one
// line counting the rest. Checks, for every counter and the exact cost:
//  - totals equal the aggregate's totals; by_usage_key lists exactly the
//    aggregate's rows, in UsageKey order, with the same counters;
//  - by_region, by_model, by_identity and by_usage_key each sum to totals,
//    and each by_region/by_model/by_identity entry equals the sum of its
//    usage rows (so two swapped entries are caught too);
//  - total_tokens fits in 64 bits for every row and for the totals and the
//    rows' total_tokens add up to the totals';
//  - cache_write_1h_input_tokens <= cache_write_input_tokens for every row and
//    the totals; no cost is negative.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "boostburn/metrics/aggregate.hpp"
#include "boostburn/metrics/priced_metrics.hpp"

namespace boostburn {

inline constexpr std::size_t k_max_verification_errors = 100;

[[nodiscard]] std::vector<std::string> verify_metrics(const Aggregate& usage,
                                                      const PricedMetrics& metrics);

}  // namespace boostburn
