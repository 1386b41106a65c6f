#include "boostburn/workflow/ingest_progress.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

namespace boostburn {
namespace {

constexpr std::string_view k_erase_line = "\r\033[K";

// Columns of the terminal behind `out`, or 0 when it is not one (a file in tests).
std::size_t terminal_columns(std::FILE* out) {
  winsize size{};
  if (::ioctl(::fileno(out), TIOCGWINSZ, &size) != 0) {
    return 0;
  }
  return size.ws_col;
}

// The region name as configured, with anything but printable ASCII shown as
// '?': the line stays one byte per column, and cannot carry terminal codes.
std::string printable_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte > 0x7e) {
      c = '?';
    }
  }
  return out;
}

}  // namespace

std::string format_bytes(std::uint64_t bytes) {
  if (bytes < 1000) {
    return fmt::format("{} B", bytes);
  }
  static constexpr std::array<std::string_view, 6> k_units{"B", "kB", "MB", "GB", "TB", "PB"};
  // Not money: a rounded display value, so floating point is fine here.
  auto value = static_cast<double>(bytes);
  std::size_t unit = 0;
  while (value >= 999.5 && unit + 1 < k_units.size()) {
    value /= 1000;
    ++unit;
  }
  return value < 99.95 ? fmt::format("{:.1f} {}", value, k_units[unit])
                       : fmt::format("{:.0f} {}", value, k_units[unit]);
}

std::string format_duration(std::uint64_t seconds) {
  if (seconds < 60) {
    return fmt::format("{} s", seconds);
  }
  if (seconds < 3600) {
    return fmt::format("{} min {} s", seconds / 60, seconds % 60);
  }
  return fmt::format("{} h {} min", seconds / 3600, seconds % 3600 / 60);
}

IngestProgress::IngestProgress(std::FILE* out, bool enabled, Clock clock)
    : m_out(out), m_enabled(enabled && out != nullptr), m_clock(std::move(clock)) {}

IngestProgress::~IngestProgress() {
  finish();
}

void IngestProgress::start(std::string_view region, std::size_t objects,
                           std::uint64_t total_bytes) {
  finish();
  m_region = printable_ascii(region);
  m_objects = objects;
  m_objects_done = 0;
  m_total_bytes = total_bytes;
  m_bytes_done = 0;
  if (m_enabled) {
    m_columns = terminal_columns(m_out);
    m_started = m_clock();
  }
}

void IngestProgress::advance(std::uint64_t bytes_fetched) {
  ++m_objects_done;
  m_bytes_done += bytes_fetched;
  if (!m_enabled) {
    return;
  }
  const auto now = m_clock();
  if (now - m_started < k_progress_delay ||
      (m_last_draw && now - *m_last_draw < k_progress_interval)) {
    return;
  }
  draw(now);
}

void IngestProgress::finish() {
  if (m_last_draw) {
    std::fwrite(k_erase_line.data(), 1, k_erase_line.size(), m_out);
    std::fflush(m_out);
    m_last_draw.reset();
  }
}

std::string IngestProgress::line(std::chrono::steady_clock::duration elapsed) const {
  // Object sizes come from the listing; a fetched body may differ slightly.
  const std::uint64_t total = std::max(m_total_bytes, m_bytes_done);
  std::string text = fmt::format("ingest {}: {}/{} objects, {} of {}", m_region, m_objects_done,
                                 m_objects, format_bytes(m_bytes_done), format_bytes(total));
  const double seconds = std::chrono::duration<double>(elapsed).count();
  if (m_bytes_done == 0 || seconds <= 0) {
    return text;
  }
  const double rate = static_cast<double>(m_bytes_done) / seconds;  // bytes per second
  text += fmt::format(", {}/s", format_bytes(static_cast<std::uint64_t>(rate)));
  if (total > m_bytes_done) {
    const auto left = static_cast<double>(total - m_bytes_done) / rate;
    text += fmt::format(", ~{} left", format_duration(static_cast<std::uint64_t>(left + 0.999)));
  }
  return text;
}

void IngestProgress::draw(std::chrono::steady_clock::time_point now) {
  std::string text = line(now - m_started);
  if (m_columns > 1 && text.size() >= m_columns) {
    text.resize(m_columns - 1);  // never into the last column, which would wrap
  }
  fmt::print(m_out, "{}{}", k_erase_line, text);
  std::fflush(m_out);
  m_last_draw = now;
}

}  // namespace boostburn
