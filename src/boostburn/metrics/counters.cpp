#include "boostburn/metrics/counters.hpp"

namespace boostburn {

Counters& Counters::operator+=(const Counters& other) {
  requests += other.requests;
  input_tokens += other.input_tokens;
  output_tokens += other.output_tokens;
  cache_read_input_tokens += other.cache_read_input_tokens;
  cache_write_input_tokens += other.cache_write_input_tokens;
  cache_write_1h_input_tokens += other.cache_write_1h_input_tokens;
  return *this;
}

}  // namespace boostburn
