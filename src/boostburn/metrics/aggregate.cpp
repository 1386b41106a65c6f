#include "boostburn/metrics/aggregate.hpp"

namespace boostburn {

void Aggregate::add(const UsageKey& key, const Counters& counters) {
  m_rows[key] += counters;
}

void Aggregate::merge(const Aggregate& other) {
  for (const auto& [key, counters] : other.m_rows) {
    m_rows[key] += counters;
  }
}

Counters Aggregate::totals() const {
  Counters sum;
  for (const auto& [key, counters] : m_rows) {
    sum += counters;
  }
  return sum;
}

}  // namespace boostburn
