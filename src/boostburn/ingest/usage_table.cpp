#include "boostburn/ingest/usage_table.hpp"

namespace boostburn {

std::size_t InternedKeyHash::operator()(const InternedKey& key) const {
  // Ids are small dense integers: spread them with a 64-bit multiplicative mix.
  std::uint64_t mixed =
      (static_cast<std::uint64_t>(key.region) << 32 | key.model) * 0x9E3779B97F4A7C15ULL;
  mixed ^= (static_cast<std::uint64_t>(key.identity) << 1 | (key.long_context ? 1U : 0U)) *
           0xC2B2AE3D27D4EB4FULL;
  return static_cast<std::size_t>(mixed ^ (mixed >> 29));
}

std::uint32_t UsageTable::intern(std::string_view text) {
  if (const auto found = m_ids.find(text); found != m_ids.end()) {
    return found->second;
  }
  const auto id = static_cast<std::uint32_t>(m_texts.size());
  const auto [inserted, ignored] = m_ids.emplace(std::string(text), id);
  m_texts.push_back(&inserted->first);
  return id;
}

void UsageTable::flush_into(Aggregate& aggregate) {
  for (const auto& [key, counters] : m_counters) {
    aggregate.add(UsageKey{text(key.region), text(key.identity), text(key.model), key.long_context},
                  counters);
  }
  m_counters.clear();
}

}  // namespace boostburn
