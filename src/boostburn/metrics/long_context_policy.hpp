// Which requests are long-context requests, as far as ingest needs to know.
//
// Implemented by the price table (pricing/), consumed by ingest: a request
// whose uncached + cache read + cache write input is strictly greater than
// the threshold for its (region, model) is aggregated under a UsageKey with
// long_context = true. Pure interface so that ingest never depends on pricing.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace boostburn {

class LongContextPolicy {
 public:
  virtual ~LongContextPolicy() = default;
  [[nodiscard]] virtual std::optional<std::uint64_t> long_context_threshold(
      std::string_view region, std::string_view model_id) const = 0;
};

// No model has a long-context tier.
class NoLongContext final : public LongContextPolicy {
 public:
  [[nodiscard]] std::optional<std::uint64_t> long_context_threshold(
      std::string_view /*region*/, std::string_view /*model_id*/) const override {
    return std::nullopt;
  }
};

}  // namespace boostburn
