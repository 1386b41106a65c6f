#include "boostburn/report/csv.hpp"

#include <cerrno>
#include <system_error>
#include <utility>

#include <fcntl.h>
#include <fmt/core.h>
#include <sys/file.h>
#include <unistd.h>

#include "boostburn/util/atomic_file.hpp"

namespace boostburn {
namespace {

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i != 0) {
      out += separator;
    }
    out += items[i];
  }
  return out;
}

std::string join_fields(const std::vector<std::string>& cells) {
  std::string out;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i != 0) {
      out += ',';
    }
    out += csv_field(cells[i]);
  }
  return out;
}

std::string system_reason(int error_number) {
  return std::error_code(error_number, std::generic_category()).message();
}

// Holds an exclusive flock on a directory for its lifetime.
class DirectoryLock {
 public:
  static Result<DirectoryLock> acquire(const std::filesystem::path& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
      return fail(ErrorKind::io, fmt::format("{}: open: {}", dir.string(), system_reason(errno)));
    }
    while (::flock(fd, LOCK_EX) != 0) {
      if (errno != EINTR) {
        const int error_number = errno;
        ::close(fd);
        return fail(ErrorKind::io,
                    fmt::format("{}: lock: {}", dir.string(), system_reason(error_number)));
      }
    }
    return DirectoryLock(fd);
  }
  DirectoryLock(DirectoryLock&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}
  DirectoryLock(const DirectoryLock&) = delete;
  DirectoryLock& operator=(const DirectoryLock&) = delete;
  DirectoryLock& operator=(DirectoryLock&&) = delete;
  ~DirectoryLock() {
    if (m_fd >= 0) {
      ::close(m_fd);  // releases the lock
    }
  }

 private:
  explicit DirectoryLock(int fd) : m_fd(fd) {}
  int m_fd;
};

std::string_view first_line(std::string_view text) {
  std::string_view line = text.substr(0, text.find('\n'));
  if (!line.empty() && line.back() == '\r') {
    line.remove_suffix(1);
  }
  return line;
}

}  // namespace

std::string csv_header() {
  return join_fields({"report_date", "generated_at", "requests", "input_tokens", "output_tokens",
                      "cache_read_input_tokens", "cache_write_input_tokens", "total_tokens",
                      "cost_usd", "unpriced_models", "warnings"});
}

std::string csv_row(const Snapshot& snapshot, const PricedMetrics& priced,
                    const std::vector<std::string>& verification_errors) {
  const Counters& totals = priced.totals.counters;
  const DataWarnings& data = snapshot.warnings;
  const std::uint64_t warnings = data.malformed_records.total() + data.invalid_records.total() +
                                 data.missing_token_counts.total() + data.corrupt_objects.total() +
                                 priced.unpriced_models.size() +
                                 priced.partial_pricing_models.size() +
                                 priced.not_token_priced_models.size() + verification_errors.size();
  return join_fields({
      snapshot.report_date,
      snapshot.generated_at,
      std::to_string(totals.requests),
      std::to_string(totals.input_tokens),
      std::to_string(totals.output_tokens),
      std::to_string(totals.cache_read_input_tokens),
      std::to_string(totals.cache_write_input_tokens),
      std::to_string(totals.total_tokens()),
      priced.totals.cost.to_decimal_string(9),
      join(priced.unpriced_models, ";"),
      std::to_string(warnings),
  });
}

std::string csv_field(std::string_view cell) {
  std::string value;
  // Costs and counts are never negative, so no number is ever caught here.
  if (!cell.empty() && std::string_view("=+-@\t\r").find(cell.front()) != std::string_view::npos) {
    value += '\'';
  }
  value += cell;
  if (value.find_first_of(",\"\r\n") == std::string::npos) {
    return value;
  }
  std::string quoted = "\"";
  for (char c : value) {
    quoted += c;
    if (c == '"') {
      quoted += '"';
    }
  }
  quoted += '"';
  return quoted;
}

Status append_csv_row(const std::filesystem::path& path, std::string_view header,
                      std::string_view row) {
  std::filesystem::path dir = path.parent_path();
  if (dir.empty()) {
    dir = ".";
  }
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    return fail(ErrorKind::io,
                fmt::format("{}: create directory: {}", dir.string(), error.message()));
  }
  auto lock = DirectoryLock::acquire(dir);
  if (!lock) {
    return tl::unexpected(lock.error());
  }

  auto existing = read_file(path);
  if (!existing && existing.error().kind != ErrorKind::not_found) {
    return tl::unexpected(existing.error());
  }
  std::string contents = existing ? std::move(*existing) : std::string();
  if (contents.empty()) {
    contents.append(header).append("\n");
  } else {
    if (first_line(contents) != header) {
      return fail(ErrorKind::config,
                  fmt::format("{}: its first line is not Boostburn's CSV header (a file from an "
                              "older version, or another file?); move it aside or choose "
                              "another --csv path",
                              path.string()));
    }
    if (contents.back() != '\n') {
      contents += '\n';
    }
  }
  contents.append(row).append("\n");
  return write_file_atomic(path, contents);
}

}  // namespace boostburn
