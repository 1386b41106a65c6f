// Fuzzes load_price_text (price files, schema v1 and v2) with arbitrary text.
//
// Invariants, beyond "no crash, no exception out, no leak, no UB":
//  - a refused file is an ErrorKind::config error that names the file;
//  - a loaded table keeps its promises: only USD, non-empty model keys, no
//    rates on not-token-priced models, region entries under region names,
//    rates_for/long_context_threshold pick the region's card, else the
//    default; long-context thresholds are positive;
//  - every price is non-negative and survives its decimal text exactly;
//  - pricing a day's worth of tokens at any loaded card costs >= 0 without
//    overflow (UBSan checks the 128-bit arithmetic).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "boostburn/metrics/counters.hpp"
#include "boostburn/pricing/cost.hpp"
#include "boostburn/pricing/price_file_yaml.hpp"
#include "boostburn/pricing/price_table.hpp"
#include "fuzz_check.hpp"

namespace boostburn {
namespace {

constexpr std::string_view k_source = "fuzz/pricing.yaml";
// A region name that no file is likely to list: rates_for must fall back to `default`.
constexpr std::string_view k_other_region = "zz-fuzz-9";

void check_price(const PricePerMillion& price) {
  FUZZ_CHECK(price.nano() >= 0);
  const auto reparsed = PricePerMillion::parse(price.to_decimal_string());
  FUZZ_CHECK_MSG(reparsed && *reparsed == price, price.to_decimal_string());
}

void check_optional_price(const std::optional<PricePerMillion>& price) {
  if (price) {
    check_price(*price);
  }
}

void check_rates(const TokenRates& rates) {
  check_price(rates.input);
  check_price(rates.output);
  check_optional_price(rates.cache_read);
  check_optional_price(rates.cache_write);
  check_optional_price(rates.cache_write_1h);
}

void check_card(const RateCard& card) {
  check_rates(card.standard);
  if (card.long_context) {
    FUZZ_CHECK(card.long_context->threshold_input_tokens > 0);
    check_rates(card.long_context->rates);
  }
  // 2^40 of every token type: far beyond a real day, well within 128 bits.
  constexpr std::uint64_t k_many = std::uint64_t{1} << 40;
  const Counters counters{k_many, k_many, k_many, k_many, k_many, k_many / 2};
  for (const bool long_context : {false, true}) {
    PartialFlags flags;
    FUZZ_CHECK(cost_of(card, counters, long_context, flags) >= Money{});
    (void)cache_savings_of(card, counters, long_context);
  }
}

void check_table(const PriceTable& table) {
  const PriceFileInfo& info = table.info();
  FUZZ_CHECK(info.source_name == k_source);
  FUZZ_CHECK(info.schema_version == 1 || info.schema_version == 2);
  FUZZ_CHECK(info.currency == "USD");
  for (const auto& [model, pricing] : table.models()) {
    FUZZ_CHECK(!model.empty());
    if (pricing.not_token_priced) {
      FUZZ_CHECK(!pricing.default_rates && pricing.by_region.empty());
      FUZZ_CHECK(table.is_not_token_priced(model));
    }
    for (const auto& [region, card] : pricing.by_region) {
      FUZZ_CHECK_MSG(price_file::is_region_name(region), region);
      FUZZ_CHECK(table.rates_for(model, region) == &card);
      FUZZ_CHECK(table.long_context_threshold(region, model) ==
                 (card.long_context ? std::optional(card.long_context->threshold_input_tokens)
                                    : std::nullopt));
      check_card(card);
    }
    const RateCard* fallback = table.rates_for(model, k_other_region);
    if (pricing.by_region.count(k_other_region) == 0) {
      FUZZ_CHECK(fallback == (pricing.default_rates ? &*pricing.default_rates : nullptr));
    }
    if (pricing.default_rates) {
      check_card(*pricing.default_rates);
    }
  }
}

}  // namespace
}  // namespace boostburn

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace boostburn;
  const auto loaded = load_price_text(fuzz::as_text(data, size), k_source);
  if (!loaded) {
    FUZZ_CHECK(loaded.error().kind == ErrorKind::config);
    FUZZ_CHECK_MSG(loaded.error().message.rfind(k_source, 0) == 0, loaded.error().message);
    return 0;
  }
  check_table(*loaded);
  return 0;
}
