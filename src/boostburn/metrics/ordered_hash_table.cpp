#include "boostburn/metrics/ordered_hash_table.hpp"

#include <algorithm>

namespace boostburn {
namespace {

constexpr std::size_t k_initial_buckets = 1024;
constexpr RequestIdHash k_empty{};

// Overflow slots after the last home slot. At most 3/4 full, a cluster this
// long at the end of the table is practically never seen; if one is, the
// tail is lengthened (so even hashes crafted to share a home cost time, never
// unbounded memory).
std::size_t tail_for(std::size_t buckets) { return 64 + buckets / 64; }

}  // namespace

// The high 64 bits scaled to [0, m_buckets): monotone in the hash, so ordered
// slots are ordered homes. XXH3's bits are uniform.
std::size_t OrderedHashTable::home_of(const RequestIdHash& hash) const {
  return home_among(hash, m_buckets);
}

std::size_t OrderedHashTable::home_among(const RequestIdHash& hash, std::size_t buckets) {
  __extension__ using Wide = unsigned __int128;  // g++ and clang: the high half of a 64x64 product
  return static_cast<std::size_t>((static_cast<Wide>(hash.high) * buckets) >> 64U);
}

bool OrderedHashTable::insert(const RequestIdHash& hash) {
  if ((m_size + 1) * 4 > m_buckets * 3) {
    rebuild(std::max(k_initial_buckets, m_buckets + m_buckets / 2));
  }
  // A cluster holds its hashes in order: the first slot from home that is
  // empty or not smaller than `hash` is where it is, or where it belongs.
  std::size_t slot = home_of(hash);
  while (slot < m_slots.size() && m_slots[slot] != k_empty && m_slots[slot] < hash) {
    ++slot;
  }
  if (slot < m_slots.size() && m_slots[slot] == hash) {
    return false;
  }
  std::size_t gap = slot;
  while (gap < m_slots.size() && m_slots[gap] != k_empty) {
    ++gap;
  }
  if (gap == m_slots.size()) {
    // The cluster ran out of the tail: lengthen it (by a tail, not by doubling).
    m_slots.reserve(m_slots.size() + tail_for(m_buckets));
    m_slots.push_back(k_empty);
  }
  // Shift the larger part of the cluster one slot right, into the gap.
  std::move_backward(m_slots.begin() + static_cast<std::ptrdiff_t>(slot),
                     m_slots.begin() + static_cast<std::ptrdiff_t>(gap),
                     m_slots.begin() + static_cast<std::ptrdiff_t>(gap) + 1);
  m_slots[slot] = hash;
  ++m_size;
  return true;
}

bool OrderedHashTable::contains(const RequestIdHash& hash) const {
  if (m_slots.empty()) {
    return false;
  }
  std::size_t slot = home_of(hash);
  while (slot < m_slots.size() && m_slots[slot] != k_empty && m_slots[slot] < hash) {
    ++slot;
  }
  return slot < m_slots.size() && m_slots[slot] == hash;
}

void OrderedHashTable::prefetch(const RequestIdHash& hash) const {
  if (!m_slots.empty()) {
    __builtin_prefetch(m_slots.data() + home_of(hash));
  }
}

void OrderedHashTable::rebuild(std::size_t buckets) {
  // Into new slots, the old ones kept until the end: if memory runs out, the
  // table is as it was.
  std::vector<RequestIdHash> slots(buckets + tail_for(buckets), k_empty);
  // The old slots come in ascending order, so each hash goes to its home or
  // right after the one placed before it: one pass, no search.
  std::size_t next_free = 0;
  for (const RequestIdHash& hash : m_slots) {
    if (hash == k_empty) {
      continue;
    }
    const std::size_t slot = std::max(home_among(hash, buckets), next_free);
    if (slot >= slots.size()) {
      slots.resize(slot + 1, k_empty);
    }
    slots[slot] = hash;
    next_free = slot + 1;
  }
  m_slots.swap(slots);
  m_buckets = buckets;
}

void OrderedHashTable::clear() {
  std::fill(m_slots.begin(), m_slots.end(), k_empty);
  m_size = 0;
}

std::size_t OrderedHashTable::next_occupied(std::size_t slot, RequestIdHash& out) const {
  while (slot < m_slots.size() && m_slots[slot] == k_empty) {
    ++slot;
  }
  if (slot < m_slots.size()) {
    out = m_slots[slot];
  }
  return slot;
}

}  // namespace boostburn
