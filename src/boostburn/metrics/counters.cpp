#include "boostburn/metrics/counters.hpp"

namespace boostburn {

Counters& Counters::operator+=(const Counters& other) {
  for (const CounterField& field : k_counter_fields) {
    this->*field.member += other.*field.member;
  }
  return *this;
}

}  // namespace boostburn
