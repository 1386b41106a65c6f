#include "boostburn/util/fault_point.hpp"

#include <atomic>
#include <charconv>
#include <cstdlib>
#include <string>

#include <signal.h>
#include <unistd.h>

namespace boostburn {
namespace {

struct KillAt {
  std::string point;  // empty = no fault injection
  unsigned long hit = 1;
};

KillAt parse_kill_at() {
  const char* value = std::getenv("BOOSTBURN_TEST_KILL_AT");
  if (value == nullptr) {
    return {};
  }
  std::string_view text(value);
  KillAt kill_at;
  if (const auto at = text.rfind('@'); at != std::string_view::npos) {
    const std::string_view count = text.substr(at + 1);
    unsigned long hit = 0;
    const auto [end, error] = std::from_chars(count.data(), count.data() + count.size(), hit);
    if (error == std::errc{} && end == count.data() + count.size() && hit > 0) {
      kill_at.hit = hit;
      text = text.substr(0, at);
    }
  }
  kill_at.point = std::string(text);
  return kill_at;
}

}  // namespace

void fault_point(std::string_view point) {
  static const KillAt k_kill_at = parse_kill_at();
  static std::atomic<unsigned long> hits{0};
  if (k_kill_at.point.empty() || point != k_kill_at.point) {
    return;
  }
  if (hits.fetch_add(1) + 1 == k_kill_at.hit) {
    ::kill(::getpid(), SIGKILL);
  }
}

}  // namespace boostburn
