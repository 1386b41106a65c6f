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

}  // namespace boostburn
