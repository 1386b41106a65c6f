#include "boostburn/aws/credentials.hpp"

#include <cstddef>

namespace boostburn {

namespace {

// Real access key ids are 16 to 128 characters; below this many, the last 4
// would give away too much of the key.
constexpr std::size_t k_min_length_to_show_tail = 12;

}  // namespace

std::string redacted_key_id(const std::string& access_key_id) {
  if (access_key_id.empty()) {
    return "(none)";
  }
  if (access_key_id.size() < k_min_length_to_show_tail) {
    return "****";
  }
  return "\u2026" + access_key_id.substr(access_key_id.size() - 4);
}

}  // namespace boostburn
