// Which hour prefixes a run lists for a report day.
//
// Hour index h covers the hour starting at (report day 00:00 UTC + h hours):
// 0..23 are the day itself and 24..24+lateness-1 the next day's first hours,
// where late deliveries of the day's records land. Every hour of the window is
// listed, even one that has not begun by the clock (a skewed clock or logs
// dated ahead must not read as an empty day); last_hour_begun is the highest
// hour that has begun, which is what the manifest records as processed. A
// trusted manifest entry lets a later run start at last_processed_hour -
// lookback instead of hour 0.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace boostburn {

struct ScanPlan {
  std::vector<int> hours;               // ascending hour indexes to list
  std::optional<int> last_hour_begun;   // highest hour index of the window that has begun
};

ScanPlan plan_scan_hours(std::chrono::sys_days day, int lateness_hours,
                         std::optional<int> last_processed_hour, int lookback_hours,
                         std::int64_t now_epoch_seconds);

// "<log_root>YYYY/MM/DD/HH/" for hour index `hour` of `day`.
std::string hour_prefix(std::string_view log_root, std::chrono::sys_days day, int hour);

}  // namespace boostburn
