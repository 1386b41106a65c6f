// OrderedHashTable: a set of 128-bit hashes in an ordered linear-probing
// table (Amble and Knuth's "ordered hash tables"). A hash's home slot is its
// high bits scaled to the table, and insertion keeps the occupied slots in
// ascending hash order, so the table reads out sorted without a sort or a
// copy. 16 bytes a slot, between 1/2 and 3/4 full (it grows by half when 3/4
// full). The all-zero hash marks an empty slot and cannot be stored: the
// caller keeps it apart. Owns its memory; only std::bad_alloc can escape,
// and it leaves the table as it was.
#pragma once

#include <cstddef>
#include <vector>

#include "boostburn/metrics/request_id_hash.hpp"

namespace boostburn {

class OrderedHashTable {
 public:
  // True when `hash` (never all-zero) was not in the table before.
  bool insert(const RequestIdHash& hash);
  [[nodiscard]] bool contains(const RequestIdHash& hash) const;
  // A hint: starts loading the home slot of `hash`.
  void prefetch(const RequestIdHash& hash) const;
  [[nodiscard]] std::size_t size() const { return m_size; }
  // Empties the table and keeps its slots for reuse.
  void clear();
  // The occupied slots in order, as a range to walk with next_occupied().
  [[nodiscard]] std::size_t slot_count() const { return m_slots.size(); }
  // The first occupied slot at or after `slot` (slot_count() when none);
  // its hash in `out`.
  std::size_t next_occupied(std::size_t slot, RequestIdHash& out) const;

 private:
  [[nodiscard]] std::size_t home_of(const RequestIdHash& hash) const;
  [[nodiscard]] static std::size_t home_among(const RequestIdHash& hash, std::size_t buckets);
  void rebuild(std::size_t buckets);

  // m_buckets home slots, then an overflow tail for the clusters that run
  // past the last home slot. All-zero = empty slot.
  std::vector<RequestIdHash> m_slots;
  std::size_t m_buckets = 0;
  std::size_t m_size = 0;
};

}  // namespace boostburn
