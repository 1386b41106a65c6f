#include "boostburn/metrics/request_id_set.hpp"

#include <algorithm>

#include <xxhash.h>

namespace boostburn {
namespace {

constexpr std::size_t k_initial_slots = 1024;
constexpr RequestIdHash k_empty{};

}  // namespace

RequestIdHash hash_request_id(std::string_view request_id) {
  const XXH128_hash_t hash = XXH3_128bits(request_id.data(), request_id.size());
  return RequestIdHash{hash.high64, hash.low64};
}

std::size_t RequestIdSet::slot_of(RequestIdHash hash) const {
  // XXH3's bits are uniform: the low bits are a fine table index.
  const std::size_t mask = m_slots.size() - 1;
  std::size_t slot = static_cast<std::size_t>(hash.low) & mask;
  while (m_slots[slot] != k_empty && m_slots[slot] != hash) {
    slot = (slot + 1) & mask;
  }
  return slot;
}

bool RequestIdSet::insert(RequestIdHash hash) {
  if (hash == k_empty) {
    const bool inserted = !m_has_zero;
    m_has_zero = true;
    m_size += inserted ? 1 : 0;
    return inserted;
  }
  if ((m_size + 1) * 4 > m_slots.size() * 3) {
    grow();
  }
  const std::size_t slot = slot_of(hash);
  if (m_slots[slot] == hash) {
    return false;
  }
  m_slots[slot] = hash;
  ++m_size;
  return true;
}

bool RequestIdSet::contains(RequestIdHash hash) const {
  if (hash == k_empty) {
    return m_has_zero;
  }
  return !m_slots.empty() && m_slots[slot_of(hash)] == hash;
}

void RequestIdSet::grow() {
  std::vector<RequestIdHash> old = std::move(m_slots);
  m_slots.assign(old.empty() ? k_initial_slots : old.size() * 2, k_empty);
  for (const RequestIdHash& hash : old) {
    if (hash != k_empty) {
      m_slots[slot_of(hash)] = hash;
    }
  }
}

void RequestIdSet::merge(const RequestIdSet& other) {
  if (other.m_has_zero) {
    insert(k_empty);
  }
  for (const RequestIdHash& hash : other.m_slots) {
    if (hash != k_empty) {
      insert(hash);
    }
  }
}

std::vector<RequestIdHash> RequestIdSet::sorted_hashes() const {
  std::vector<RequestIdHash> hashes;
  hashes.reserve(m_size);
  if (m_has_zero) {
    hashes.push_back(k_empty);
  }
  for (const RequestIdHash& hash : m_slots) {
    if (hash != k_empty) {
      hashes.push_back(hash);
    }
  }
  std::sort(hashes.begin(), hashes.end());
  return hashes;
}

}  // namespace boostburn
