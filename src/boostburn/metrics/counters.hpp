// Usage counters and the key they are aggregated under.
//
// Counters are plain integers: tokens are never stored in floating point.
// cache_write_1h_input_tokens is the part of cache_write_input_tokens that a
// response body showed as a 1-hour write; it is *included* in
// cache_write_input_tokens, so total_tokens() does not add it again.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <string>

namespace boostburn {

struct Counters {
  std::uint64_t requests = 0;
  std::uint64_t input_tokens = 0;             // uncached input
  std::uint64_t output_tokens = 0;
  std::uint64_t cache_read_input_tokens = 0;
  std::uint64_t cache_write_input_tokens = 0;  // 5-minute + 1-hour writes
  std::uint64_t cache_write_1h_input_tokens = 0;  // subset of the above

  [[nodiscard]] std::uint64_t total_tokens() const {
    return input_tokens + output_tokens + cache_read_input_tokens + cache_write_input_tokens;
  }
  // Input as the long-context rule counts it: uncached + cache read + cache write.
  [[nodiscard]] std::uint64_t context_input_tokens() const {
    return input_tokens + cache_read_input_tokens + cache_write_input_tokens;
  }
  Counters& operator+=(const Counters& other);
  friend bool operator==(const Counters&, const Counters&) = default;
};

// The stored counters by name, in the order every output writes them
// (total_tokens and cost_usd are derived and written after them).
struct CounterField {
  const char* name;
  std::uint64_t Counters::*member;
};

inline constexpr std::array<CounterField, 6> k_counter_fields{{
    {"requests", &Counters::requests},
    {"input_tokens", &Counters::input_tokens},
    {"output_tokens", &Counters::output_tokens},
    {"cache_read_input_tokens", &Counters::cache_read_input_tokens},
    {"cache_write_input_tokens", &Counters::cache_write_input_tokens},
    {"cache_write_1h_input_tokens", &Counters::cache_write_1h_input_tokens},
}};

// Identity used when a record carries no identity.arn.
inline constexpr const char* k_unknown_identity = "unknown";

// The finest grain of the metrics. long_context marks requests whose input
// exceeded the model's long-context threshold: they are priced at the
// long-context rates, so they are kept apart from the standard ones.
struct UsageKey {
  std::string region;
  std::string identity;
  std::string model_id;  // normalised, see ingest/model_id.hpp
  bool long_context = false;

  friend auto operator<=>(const UsageKey&, const UsageKey&) = default;
  friend bool operator==(const UsageKey&, const UsageKey&) = default;
};

}  // namespace boostburn
