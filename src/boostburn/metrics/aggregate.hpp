// A mergeable aggregate of usage: UsageKey -> Counters.
//
// Ordered so that every output built from it (snapshot, CSV, report) is
// deterministic. Merging is associative and commutative, which is what lets
// several runs of one day (and, later, several workers) add up to one total.
#pragma once

#include <map>

#include "boostburn/metrics/counters.hpp"

namespace boostburn {

class Aggregate {
 public:
  using Map = std::map<UsageKey, Counters>;

  void add(const UsageKey& key, const Counters& counters);
  void merge(const Aggregate& other);

  [[nodiscard]] const Map& rows() const { return m_rows; }
  [[nodiscard]] Counters totals() const;
  [[nodiscard]] bool empty() const { return m_rows.empty(); }
  void clear() { m_rows.clear(); }

 private:
  Map m_rows;
};

}  // namespace boostburn
