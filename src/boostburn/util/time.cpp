#include "boostburn/util/time.hpp"

#include <fmt/format.h>

namespace boostburn {
namespace {

using std::chrono::day;
using std::chrono::days;
using std::chrono::month;
using std::chrono::sys_days;
using std::chrono::year;
using std::chrono::year_month_day;

constexpr std::int64_t k_seconds_per_day = 86400;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Reads exactly `width` decimal digits at `pos`, advancing it; nullopt otherwise.
std::optional<int> read_digits(std::string_view text, std::size_t& pos, std::size_t width) {
  if (text.size() - pos < width) {
    return std::nullopt;
  }
  int value = 0;
  for (std::size_t i = 0; i < width; ++i) {
    const char c = text[pos + i];
    if (!is_digit(c)) {
      return std::nullopt;
    }
    value = value * 10 + (c - '0');
  }
  pos += width;
  return value;
}

bool read_char(std::string_view text, std::size_t& pos, char expected) {
  if (pos >= text.size() || text[pos] != expected) {
    return false;
  }
  ++pos;
  return true;
}

// Reads YYYY-MM-DD at `pos` and checks it is a real calendar day.
std::optional<sys_days> read_date(std::string_view text, std::size_t& pos) {
  const auto y = read_digits(text, pos, 4);
  if (!y || !read_char(text, pos, '-')) {
    return std::nullopt;
  }
  const auto m = read_digits(text, pos, 2);
  if (!m || !read_char(text, pos, '-')) {
    return std::nullopt;
  }
  const auto d = read_digits(text, pos, 2);
  if (!d) {
    return std::nullopt;
  }
  const year_month_day ymd{year{*y}, month{static_cast<unsigned>(*m)},
                           day{static_cast<unsigned>(*d)}};
  if (!ymd.ok()) {
    return std::nullopt;
  }
  return sys_days{ymd};
}

// Reads the zone designator at `pos`: Z, or +hh:mm / -hh:mm. Returns the
// offset east of UTC in seconds.
std::optional<std::int64_t> read_offset(std::string_view text, std::size_t& pos) {
  if (pos >= text.size()) {
    return std::nullopt;
  }
  const char sign = text[pos++];
  if (sign == 'Z' || sign == 'z') {
    return 0;
  }
  if (sign != '+' && sign != '-') {
    return std::nullopt;
  }
  const auto hh = read_digits(text, pos, 2);
  if (!hh || !read_char(text, pos, ':')) {
    return std::nullopt;
  }
  const auto mm = read_digits(text, pos, 2);
  if (!mm || *hh > 23 || *mm > 59) {
    return std::nullopt;
  }
  const std::int64_t seconds = *hh * 3600 + *mm * 60;
  return sign == '+' ? seconds : -seconds;
}

}  // namespace

std::optional<std::int64_t> parse_rfc3339(std::string_view text) {
  std::size_t pos = 0;
  const auto date = read_date(text, pos);
  if (!date) {
    return std::nullopt;
  }
  if (pos >= text.size() || (text[pos] != 'T' && text[pos] != 't')) {
    return std::nullopt;
  }
  ++pos;
  const auto hh = read_digits(text, pos, 2);
  if (!hh || !read_char(text, pos, ':')) {
    return std::nullopt;
  }
  const auto mm = read_digits(text, pos, 2);
  if (!mm || !read_char(text, pos, ':')) {
    return std::nullopt;
  }
  auto ss = read_digits(text, pos, 2);
  if (!ss || *hh > 23 || *mm > 59 || *ss > 60) {
    return std::nullopt;
  }
  if (*ss == 60) {
    ss = 59;  // leap second: stay within the minute (and the day) it names
  }
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    const std::size_t first_digit = pos;
    while (pos < text.size() && is_digit(text[pos])) {
      ++pos;
    }
    if (pos == first_digit) {
      return std::nullopt;
    }
  }
  const auto offset = read_offset(text, pos);
  if (!offset || pos != text.size()) {
    return std::nullopt;
  }
  const std::int64_t day_seconds =
      static_cast<std::int64_t>(date->time_since_epoch().count()) * k_seconds_per_day;
  return day_seconds + *hh * 3600 + *mm * 60 + *ss - *offset;
}

std::string format_rfc3339(std::int64_t epoch_seconds) {
  const sys_days day_start = utc_day_of(epoch_seconds);
  const std::int64_t second_of_day =
      epoch_seconds -
      static_cast<std::int64_t>(day_start.time_since_epoch().count()) * k_seconds_per_day;
  return fmt::format("{}T{:02}:{:02}:{:02}Z", format_date(day_start), second_of_day / 3600,
                     second_of_day / 60 % 60, second_of_day % 60);
}

Result<sys_days> parse_date(std::string_view text) {
  std::size_t pos = 0;
  const auto date = read_date(text, pos);
  if (!date || pos != text.size()) {
    return fail(ErrorKind::usage, fmt::format("invalid date '{}': expected YYYY-MM-DD", text));
  }
  return *date;
}

std::string format_date(sys_days day_value) {
  const year_month_day ymd{day_value};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

sys_days utc_day_of(std::int64_t epoch_seconds) {
  return std::chrono::floor<days>(std::chrono::sys_seconds{std::chrono::seconds{epoch_seconds}});
}

std::string hour_path(sys_days day_value, int hour) {
  const int day_shift = hour >= 0 ? hour / 24 : -((23 - hour) / 24);
  const int hour_of_day = hour - day_shift * 24;
  const year_month_day ymd{day_value + days{day_shift}};
  return fmt::format("{:04}/{:02}/{:02}/{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                     hour_of_day);
}

}  // namespace boostburn
