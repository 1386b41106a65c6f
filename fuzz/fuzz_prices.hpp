// A fixed price table for the fuzz targets that price what they read; a
// table that does not load is a broken harness, reported like an invariant.
#pragma once

#include <string>
#include <string_view>

#include "boostburn/pricing/price_table.hpp"
#include "fuzz_check.hpp"

namespace boostburn::fuzz {

inline PriceTable load_prices(std::string_view yaml) {
  auto loaded = load_price_text(yaml, "fuzz prices");
  FUZZ_CHECK_MSG(loaded.has_value(), loaded ? std::string() : loaded.error().message);
  return *std::move(loaded);
}

}  // namespace boostburn::fuzz
