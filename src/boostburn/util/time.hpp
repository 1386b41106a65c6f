// UTC calendar helpers: RFC 3339 timestamps, report dates and hour prefixes.
//
// Everything here is UTC and pure (no clock, no time zone database). Parsing
// is a hand-written fixed-format parser (std::chrono::parse is missing on
// g++ 12) that validates fields with the std::chrono calendar types.
// Parsers never throw: parse_rfc3339 returns nullopt for anything it does not
// accept, parse_date returns an ErrorKind::usage error naming the format.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "boostburn/util/result.hpp"

namespace boostburn {

// Seconds since 1970-01-01T00:00:00Z of an RFC 3339 date-time:
//   YYYY-MM-DDTHH:MM:SS[.fraction](Z | +hh:mm | -hh:mm)
// 'T' and 'Z' may be lowercase; the fraction may have any number of digits
// and is truncated (it never moves a time across a second, so never across a
// day). A leap second (SS = 60) is read as :59 of the same minute, keeping the
// record on the day it names. Out-of-range fields (month 13, Feb 30, hour 24,
// offset 24:00), missing parts and trailing text are rejected.
std::optional<std::int64_t> parse_rfc3339(std::string_view text);

// "2026-04-19T13:28:51Z": the UTC instant, without fraction.
std::string format_rfc3339(std::int64_t epoch_seconds);

// A report date, exactly YYYY-MM-DD (a real calendar day).
// Error: ErrorKind::usage, "invalid date '<text>': expected YYYY-MM-DD".
Result<std::chrono::sys_days> parse_date(std::string_view text);

// "2026-04-19".
std::string format_date(std::chrono::sys_days day);

// The UTC day containing the instant (floor, so -1 is 1969-12-31).
std::chrono::sys_days utc_day_of(std::int64_t epoch_seconds);

// The hour folder of a log key, "YYYY/MM/DD/HH". An hour outside 0..23 is
// taken relative to `day` (25 -> 01 of the next day, -1 -> 23 of the day before).
std::string hour_path(std::chrono::sys_days day, int hour);

}  // namespace boostburn
