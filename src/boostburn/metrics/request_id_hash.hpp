// RequestIdHash: a requestId as its 128-bit XXH3 hash. Two distinct ids share
// a hash with probability ~2^-128 per pair, which is taken as never.
#pragma once

#include <compare>
#include <cstdint>
#include <string_view>

namespace boostburn {

struct RequestIdHash {
  std::uint64_t high = 0;
  std::uint64_t low = 0;

  friend auto operator<=>(const RequestIdHash&, const RequestIdHash&) = default;
  friend bool operator==(const RequestIdHash&, const RequestIdHash&) = default;
};

RequestIdHash hash_request_id(std::string_view request_id);

}  // namespace boostburn
