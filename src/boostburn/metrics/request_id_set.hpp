// The set of requestIds already counted for a day, kept as 128-bit hashes.
//
// A compact open-addressing table of XXH3-128 hashes (16 bytes a slot, at
// most 3/4 full), not strings: a day of a busy account is millions of ids.
// Two distinct ids share a hash with probability ~2^-128 per pair, which is
// taken as never. Owns its memory; only std::bad_alloc can escape.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace boostburn {

struct RequestIdHash {
  std::uint64_t high = 0;
  std::uint64_t low = 0;

  friend auto operator<=>(const RequestIdHash&, const RequestIdHash&) = default;
  friend bool operator==(const RequestIdHash&, const RequestIdHash&) = default;
};

RequestIdHash hash_request_id(std::string_view request_id);

class RequestIdSet {
 public:
  // True when the id (or hash) was not in the set before.
  bool insert(std::string_view request_id) { return insert(hash_request_id(request_id)); }
  bool insert(RequestIdHash hash);
  [[nodiscard]] bool contains(std::string_view request_id) const {
    return contains(hash_request_id(request_id));
  }
  [[nodiscard]] bool contains(RequestIdHash hash) const;

  void merge(const RequestIdSet& other);
  [[nodiscard]] std::size_t size() const { return m_size; }
  [[nodiscard]] bool empty() const { return m_size == 0; }
  // Every hash, sorted: for persisting the set (e.g. with a day's snapshot)
  // and loading it back with insert(RequestIdHash).
  [[nodiscard]] std::vector<RequestIdHash> sorted_hashes() const;

 private:
  [[nodiscard]] std::size_t slot_of(RequestIdHash hash) const;
  void grow();

  std::vector<RequestIdHash> m_slots;  // power-of-two size; all-zero = empty slot
  std::size_t m_size = 0;              // hashes held, including the all-zero one
  bool m_has_zero = false;             // the all-zero hash, which cannot sit in a slot
};

}  // namespace boostburn
