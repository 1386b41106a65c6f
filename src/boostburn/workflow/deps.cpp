#include "boostburn/workflow/deps.hpp"

#include <chrono>
#include <cstdlib>

#include <fmt/format.h>

#include "boostburn/util/time.hpp"

namespace boostburn {

Result<std::function<std::int64_t()>> make_clock() {
  const char* pinned = std::getenv("BOOSTBURN_NOW");
  if (pinned == nullptr || *pinned == '\0') {
    return std::function<std::int64_t()>([] {
      return static_cast<std::int64_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                           std::chrono::system_clock::now().time_since_epoch())
                                           .count());
    });
  }
  const auto now = parse_rfc3339(pinned);
  if (!now) {
    return fail(ErrorKind::usage,
                fmt::format("BOOSTBURN_NOW=\"{}\" is not an RFC 3339 time", pinned));
  }
  return std::function<std::int64_t()>([value = *now] { return value; });
}

}  // namespace boostburn
