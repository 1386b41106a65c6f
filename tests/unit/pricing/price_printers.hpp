// GoogleTest printers for the pricing types, so that failures show prices, not bytes.
#pragma once

#include <optional>
#include <ostream>

#include "boostburn/pricing/cost.hpp"
#include "boostburn/pricing/price_table.hpp"

namespace boostburn {

inline void PrintTo(const PricePerMillion& price, std::ostream* out) {
  *out << price.to_decimal_string();
}

inline void PrintTo(const std::optional<PricePerMillion>& price, std::ostream* out) {
  *out << (price ? price->to_decimal_string() : "-");
}

inline void PrintTo(const TokenRates& rates, std::ostream* out) {
  *out << "{input " << rates.input.to_decimal_string() << ", output "
       << rates.output.to_decimal_string() << ", cache_read ";
  PrintTo(rates.cache_read, out);
  *out << ", cache_write ";
  PrintTo(rates.cache_write, out);
  *out << ", cache_write_1h ";
  PrintTo(rates.cache_write_1h, out);
  *out << "}";
}

inline void PrintTo(const RateCard& card, std::ostream* out) {
  PrintTo(card.standard, out);
  if (card.long_context) {
    *out << " long_context above " << card.long_context->threshold_input_tokens << ": ";
    PrintTo(card.long_context->rates, out);
  }
}

inline void PrintTo(const PartialFlags& flags, std::ostream* out) {
  *out << "{cache_read " << flags.cache_read << ", cache_write " << flags.cache_write
       << ", cache_write_1h " << flags.cache_write_1h << "}";
}

inline void PrintTo(const Money& money, std::ostream* out) {
  *out << money.to_decimal_string(15);
}

}  // namespace boostburn
