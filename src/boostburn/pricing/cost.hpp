// The exact cost of a set of counters at one rate card.
//
// Pure and infallible. cost = input x in + output x out + cache_read x read
// + (cache_write - cache_write_1h) x write_5m + cache_write_1h x write_1h, all
// in femto-dollars. Long-context rows use every rate of the long_context block
// (a card without one prices them at its standard rates). A token type with
// tokens but no rate is priced 0 and flagged in PartialFlags.
#pragma once

#include "boostburn/metrics/counters.hpp"
#include "boostburn/metrics/money.hpp"
#include "boostburn/pricing/price_table.hpp"

namespace boostburn {

// Which token types had tokens but no rate. cost_of only ever sets flags.
struct PartialFlags {
  bool cache_read = false;
  bool cache_write = false;     // 5-minute writes
  bool cache_write_1h = false;  // 1-hour writes

  [[nodiscard]] bool any() const { return cache_read || cache_write || cache_write_1h; }
  friend bool operator==(const PartialFlags&, const PartialFlags&) = default;
};

[[nodiscard]] Money cost_of(const RateCard& card, const Counters& counters, bool long_context,
                            PartialFlags& out);

// What prompt caching saved: the cached tokens (reads and writes) priced at
// the card's uncached input rate, minus what they cost at their cache rates.
// Net of the write premium, so it is negative when writes cost more than the
// reads saved. Token types without a rate are left out (they cost 0 here).
[[nodiscard]] Money cache_savings_of(const RateCard& card, const Counters& counters,
                                     bool long_context);

}  // namespace boostburn
