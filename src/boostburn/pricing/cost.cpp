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

}  // namespace

Money cost_of(const RateCard& card, const Counters& counters, bool long_context,
              PartialFlags& out) {
  const TokenRates& rates =
      long_context && card.long_context ? card.long_context->rates : card.standard;
  // The 1-hour writes are part of cache_write_input_tokens; clamp so that an
  // inconsistent row (caught by verify_metrics) cannot wrap around.
  const std::uint64_t writes_1h =
      std::min(counters.cache_write_1h_input_tokens, counters.cache_write_input_tokens);
  const std::uint64_t writes_5m = counters.cache_write_input_tokens - writes_1h;

  Money cost = rates.input.cost_of(counters.input_tokens);
  cost += rates.output.cost_of(counters.output_tokens);
  cost += optional_cost(rates.cache_read, counters.cache_read_input_tokens, out.cache_read);
  cost += optional_cost(rates.cache_write, writes_5m, out.cache_write);
  cost += optional_cost(rates.cache_write_1h, writes_1h, out.cache_write_1h);
  return cost;
}

}  // namespace boostburn
