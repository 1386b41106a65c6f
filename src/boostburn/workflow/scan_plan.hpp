// Which hour prefixes a run lists for a report day.
//
// Hour index h covers the hour starting at (report day 00:00 UTC + h hours):
// 0..23 are the day itself and 24..24+lateness-1 the next day's first hours,
// where late deliveries of the day's records land. Hours that have not begun
// yet (start > now) are not listed. A manifest entry for the day lets a later
// run start at last_processed_hour - lookback instead of hour 0.
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
