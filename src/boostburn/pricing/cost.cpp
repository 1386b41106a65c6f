#include "boostburn/pricing/cost.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>

namespace boostburn {
namespace {

Money optional_cost(const std::optional<PricePerMillion>& rate, std::uint64_t tokens,
                    bool& unpriced) {
  if (tokens == 0) {
    return {};
  }
  if (!rate) {
    unpriced = true;
    return {};
  }
  return rate->cost_of(tokens);
}

const TokenRates& rates_for_row(const RateCard& card, bool long_context) {
  return long_context && card.long_context ? card.long_context->rates : card.standard;
}

// The 1-hour writes are part of cache_write_input_tokens; clamp so that an
// inconsistent row (caught by verify_metrics) cannot wrap around.
struct CacheWrites {
  std::uint64_t five_minute = 0;
  std::uint64_t one_hour = 0;
};

CacheWrites split_writes(const Counters& counters) {
  const std::uint64_t one_hour =
      std::min(counters.cache_write_1h_input_tokens, counters.cache_write_input_tokens);
  return {counters.cache_write_input_tokens - one_hour, one_hour};
}

// tokens at the input rate minus tokens at `rate`; 0 without a rate.
Money saved(const TokenRates& rates, const std::optional<PricePerMillion>& rate,
            std::uint64_t tokens) {
  if (tokens == 0 || !rate) {
    return {};
  }
  return rates.input.cost_of(tokens) - rate->cost_of(tokens);
}

}  // namespace

Money cost_of(const RateCard& card, const Counters& counters, bool long_context,
              PartialFlags& out) {
  const TokenRates& rates = rates_for_row(card, long_context);
  const CacheWrites writes = split_writes(counters);
  Money cost = rates.input.cost_of(counters.input_tokens);
  cost += rates.output.cost_of(counters.output_tokens);
  cost += optional_cost(rates.cache_read, counters.cache_read_input_tokens, out.cache_read);
  cost += optional_cost(rates.cache_write, writes.five_minute, out.cache_write);
  cost += optional_cost(rates.cache_write_1h, writes.one_hour, out.cache_write_1h);
  return cost;
}

Money cache_savings_of(const RateCard& card, const Counters& counters, bool long_context) {
  const TokenRates& rates = rates_for_row(card, long_context);
  const CacheWrites writes = split_writes(counters);
  return saved(rates, rates.cache_read, counters.cache_read_input_tokens) +
         saved(rates, rates.cache_write, writes.five_minute) +
         saved(rates, rates.cache_write_1h, writes.one_hour);
}

}  // namespace boostburn
