#include "boostburn/workflow/scan_plan.hpp"

#include <algorithm>

#include "boostburn/util/time.hpp"

namespace boostburn {

ScanPlan plan_scan_hours(std::chrono::sys_days day, int lateness_hours,
                         std::optional<int> last_processed_hour, int lookback_hours,
                         std::int64_t now_epoch_seconds) {
  ScanPlan plan;
  const std::int64_t day_start =
      std::chrono::duration_cast<std::chrono::seconds>(day.time_since_epoch()).count();
  const int window_end = 24 + std::max(lateness_hours, 0);  // exclusive
  int first = 0;
  if (last_processed_hour) {
    first = std::clamp(*last_processed_hour - std::max(lookback_hours, 0), 0, window_end);
  }
  for (int hour = 0; hour < window_end; ++hour) {
    if (day_start + std::int64_t{hour} * 3600 <= now_epoch_seconds) {
      plan.last_hour_begun = hour;
    }
    // Hours that have not begun are listed too: a skewed clock or logs dated
    // ahead must never read as an empty day. Only begun hours are recorded
    // as processed (last_hour_begun), so later runs look at them again.
    if (hour >= first) {
      plan.hours.push_back(hour);
    }
  }
  return plan;
}

std::string hour_prefix(std::string_view log_root, std::chrono::sys_days day, int hour) {
  const auto hour_day = day + std::chrono::days(hour / 24);
  return std::string(log_root) + hour_path(hour_day, hour % 24) + "/";
}

}  // namespace boostburn
