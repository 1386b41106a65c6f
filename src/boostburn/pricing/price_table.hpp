// The price table: exact per-token rates per (model, region), loaded from a
// price file (docs/pricing.md describes the format).
//
// Loading is all-or-nothing: a malformed file is an ErrorKind::config error
// that names the file, the 1-based line and the key path, e.g.
//   config/pricing.yaml:14: rates.anthropic.claude-3-haiku-20240307-v1.default.input:
//   "abc" is not a decimal number
// No exception leaves this module. Prices are read from the YAML scalar text
// as exact decimals, never through a double. A loaded table is immutable and
// safe to share between threads.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "boostburn/metrics/long_context_policy.hpp"
#include "boostburn/metrics/money.hpp"
#include "boostburn/util/result.hpp"

namespace boostburn {

// Rates of one rate class. A cache rate that is absent (nullopt) prices its
// tokens at 0 and marks the model as partially priced; an explicit 0 is a
// real price.
struct TokenRates {
  PricePerMillion input;
  PricePerMillion output;
  std::optional<PricePerMillion> cache_read;
  std::optional<PricePerMillion> cache_write;     // 5-minute writes
  std::optional<PricePerMillion> cache_write_1h;  // 1-hour writes

  friend bool operator==(const TokenRates&, const TokenRates&) = default;
};

// Rates for a whole request whose context input (uncached + cache read +
// cache write) is strictly greater than threshold_input_tokens.
struct LongContextRates {
  std::uint64_t threshold_input_tokens = 0;
  TokenRates rates;

  friend bool operator==(const LongContextRates&, const LongContextRates&) = default;
};

struct RateCard {
  TokenRates standard;
  std::optional<LongContextRates> long_context;

  friend bool operator==(const RateCard&, const RateCard&) = default;
};

// Everything the file says about one model id.
struct ModelPricing {
  bool not_token_priced = false;  // billed per image/second/query: never $0, never unpriced
  std::optional<RateCard> default_rates;
  std::map<std::string, RateCard, std::less<>> by_region;  // replaces default_rates entirely
};

// What the file says about itself.
struct PriceFileInfo {
  std::string source_name;  // file name as given, used in messages
  int schema_version = 2;   // 1 = the original's input_per_1k format
  std::string unit = "per_1m_tokens";
  std::string currency = "USD";
  std::vector<std::string> sources;  // v2 `sources`, or the v1 `source`
  std::string updated;               // v2 `updated`, or the v1 `generated_at`
};

class PriceTable final : public LongContextPolicy {
 public:
  using Models = std::map<std::string, ModelPricing, std::less<>>;

  PriceTable() = default;
  PriceTable(PriceFileInfo info, Models models);

  // Rates for a normalised model id (ARN prefix and trailing ":N" dropped,
  // scope kept) called from `region`: the region's entry, else the default,
  // else null (unpriced; also null for not-token-priced models).
  [[nodiscard]] const RateCard* rates_for(std::string_view model_id, std::string_view region) const;
  [[nodiscard]] bool is_not_token_priced(std::string_view model_id) const;

  // LongContextPolicy: the threshold of the rate card rates_for() picks.
  [[nodiscard]] std::optional<std::uint64_t> long_context_threshold(
      std::string_view region, std::string_view model_id) const override;

  [[nodiscard]] const PriceFileInfo& info() const { return m_info; }
  [[nodiscard]] const Models& models() const { return m_models; }

 private:
  PriceFileInfo m_info;
  Models m_models;
};

// Reads and parses a price file; a missing or unreadable file is a config
// error naming the path.
Result<PriceTable> load_price_file(const std::filesystem::path& path);

// Parses price-file text; source_name is used in error messages and info().
Result<PriceTable> load_price_text(std::string_view text, std::string_view source_name);

}  // namespace boostburn
