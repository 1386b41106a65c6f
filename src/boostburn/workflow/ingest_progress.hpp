// IngestProgress: the live progress line of a long ingest on a terminal, e.g.
//   ingest us-east-1: 12/40 objects, 312 MB of 1.1 GB, 180 MB/s, ~4 s left
// redrawn in place ("\r\033[K" then the line, no newline). The line first
// appears once the ingest has run for k_progress_delay (a short ingest shows
// nothing), is redrawn at most once per k_progress_interval, and is cut to the
// terminal's width so that it never wraps. finish(), or the destructor when an
// ingest fails half-way, erases it, so that whatever is printed next starts on
// a clean line. Disabled (stderr is not a terminal), it writes nothing at all.
//
// Borrows `out` (it must outlive the object); write errors are ignored, as the
// line is cosmetic. Not thread-safe: one coordinating thread drives it.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace boostburn {

inline constexpr std::chrono::milliseconds k_progress_delay{1000};
inline constexpr std::chrono::milliseconds k_progress_interval{100};

class IngestProgress {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  IngestProgress(std::FILE* out, bool enabled, Clock clock = &std::chrono::steady_clock::now);
  ~IngestProgress();
  IngestProgress(const IngestProgress&) = delete;
  IngestProgress& operator=(const IngestProgress&) = delete;

  // A new ingest of `objects` objects of `total_bytes` bytes in `region`
  // (erasing the line of an unfinished earlier one).
  void start(std::string_view region, std::size_t objects, std::uint64_t total_bytes);
  // One more object done, `bytes_fetched` bytes of it downloaded.
  void advance(std::uint64_t bytes_fetched);
  // Erases the line if it is shown. Safe to call more than once.
  void finish();

 private:
  [[nodiscard]] std::string line(std::chrono::steady_clock::duration elapsed) const;
  void draw(std::chrono::steady_clock::time_point now);

  std::FILE* m_out;
  bool m_enabled;
  Clock m_clock;
  std::string m_region;
  std::size_t m_objects = 0;
  std::size_t m_objects_done = 0;
  std::uint64_t m_total_bytes = 0;
  std::uint64_t m_bytes_done = 0;
  std::size_t m_columns = 0;  // the terminal's width; 0 when unknown
  std::chrono::steady_clock::time_point m_started;
  std::optional<std::chrono::steady_clock::time_point> m_last_draw;  // set while shown
};

// For the progress line: 999 -> "999 B", 312'400'000 -> "312 MB",
// 1'100'000'000 -> "1.1 GB" (decimal units; one decimal below 100).
std::string format_bytes(std::uint64_t bytes);

// For the progress line: 4 -> "4 s", 150 -> "2 min 30 s", 7300 -> "2 h 1 min".
std::string format_duration(std::uint64_t seconds);

}  // namespace boostburn
