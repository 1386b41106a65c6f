#include "boostburn/util/atomic_file.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <system_error>

#include <fcntl.h>
#include <fmt/core.h>
#include <sys/stat.h>
#include <unistd.h>

#include "boostburn/util/fault_point.hpp"

namespace boostburn {
namespace {

std::string reason(int error_number) {
  return std::error_code(error_number, std::generic_category()).message();
}

tl::unexpected<Error> io_error(const std::filesystem::path& path, std::string_view step,
                               int error_number, ErrorKind kind = ErrorKind::io) {
  return fail(kind, fmt::format("{}: {}: {}", path.string(), step, reason(error_number)));
}

// Closes a file descriptor on scope exit unless released.
class FdGuard {
 public:
  explicit FdGuard(int fd) : m_fd(fd) {}
  FdGuard(const FdGuard&) = delete;
  FdGuard& operator=(const FdGuard&) = delete;
  ~FdGuard() {
    if (m_fd >= 0) {
      ::close(m_fd);
    }
  }
  [[nodiscard]] int get() const { return m_fd; }
  // Closes now and reports close()'s own failure (it can carry a deferred write error).
  int close_now() {
    const int fd = m_fd;
    m_fd = -1;
    return ::close(fd) == 0 ? 0 : errno;
  }

 private:
  int m_fd;
};

// Writes all of `data`, retrying short writes and EINTR. Returns 0 or errno.
int write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t written = ::write(fd, data.data(), data.size());
    if (written < 0) {
      if (errno == EINTR) {
        continue;
      }
      return errno;
    }
    data.remove_prefix(static_cast<std::size_t>(written));
  }
  return 0;
}

// Creates a new, uniquely named file next to `target`. Returns the fd (or -errno).
int create_temp_next_to(const std::filesystem::path& target, std::filesystem::path& temp_path) {
  static std::atomic<unsigned> counter{0};
  const std::filesystem::path dir = target.parent_path();
  for (int attempt = 0; attempt < 100; ++attempt) {
    temp_path = dir / fmt::format(".{}.tmp.{}.{}", target.filename().string(), ::getpid(),
                                  counter.fetch_add(1));
    const int fd = ::open(temp_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0 || errno != EEXIST) {
      return fd >= 0 ? fd : -errno;
    }
  }
  return -EEXIST;
}

// fsyncs the directory holding `path`, so that a rename into it is durable.
int sync_parent_directory(const std::filesystem::path& path) {
  std::filesystem::path dir = path.parent_path();
  if (dir.empty()) {
    dir = ".";
  }
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    return errno;
  }
  FdGuard guard(fd);
  // Some file systems cannot sync a directory; they say EINVAL and need not.
  if (::fsync(fd) != 0 && errno != EINVAL) {
    return errno;
  }
  return guard.close_now();
}

}  // namespace

Status write_file_atomic_chunks(const std::filesystem::path& path, const ChunkSource& next_chunk) {
  std::filesystem::path temp_path;
  const int fd = create_temp_next_to(path, temp_path);
  if (fd < 0) {
    return io_error(path, "create temporary file", -fd);
  }
  FdGuard guard(fd);
  const auto abandon = [&](std::string_view step, int error_number) {
    if (guard.get() >= 0) {
      guard.close_now();
    }
    ::unlink(temp_path.c_str());
    return io_error(path, step, error_number);
  };

  struct stat existing {};
  if (::stat(path.c_str(), &existing) == 0 && S_ISREG(existing.st_mode) &&
      ::fchmod(fd, existing.st_mode & 07777) != 0) {
    return abandon("keep file mode", errno);
  }
  // The crash tests can kill a run after the first chunk, with a partly
  // written temporary file (fault points "atomic-write:partial" and ":written").
  bool first = true;
  for (std::string_view chunk = next_chunk(); !chunk.empty() || first; chunk = next_chunk()) {
    if (const int error_number = write_all(fd, chunk); error_number != 0) {
      return abandon("write", error_number);
    }
    if (first) {
      fault_point("atomic-write:partial");
      first = false;
    }
  }
  if (::fsync(fd) != 0) {
    return abandon("fsync", errno);
  }
  fault_point("atomic-write:written");
  if (const int error_number = guard.close_now(); error_number != 0) {
    return abandon("close", error_number);
  }
  if (::rename(temp_path.c_str(), path.c_str()) != 0) {
    return abandon("rename into place", errno);
  }
  fault_point("atomic-write:renamed");
  if (const int error_number = sync_parent_directory(path); error_number != 0) {
    // The new contents are in place; only their durability is in doubt.
    return io_error(path, "fsync directory", error_number);
  }
  return {};
}

Status write_file_atomic(const std::filesystem::path& path, std::string_view contents) {
  // Two halves: a kill at "atomic-write:partial" leaves half of it written.
  const std::size_t half = contents.size() / 2;
  std::array<std::string_view, 2> halves{contents.substr(0, half), contents.substr(half)};
  std::size_t next = 0;
  return write_file_atomic_chunks(path, [&]() -> std::string_view {
    return next < halves.size() ? halves[next++] : std::string_view();
  });
}

Result<std::size_t> read_file_into(const std::filesystem::path& path, std::string& buffer,
                                   std::size_t max_bytes) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int error_number = errno;
    return io_error(path, "open", error_number,
                    error_number == ENOENT ? ErrorKind::not_found : ErrorKind::io);
  }
  FdGuard guard(fd);
  // Straight into the buffer: room for the size fstat gives (plus one byte
  // to see the end), then more if the file grew or is not a regular file.
  const std::size_t limit = max_bytes + 1;
  constexpr std::size_t k_min_chunk = 64 * 1024;
  std::size_t wanted = k_min_chunk;
  struct stat info {};
  if (::fstat(fd, &info) == 0 && info.st_size > 0) {
    wanted = static_cast<std::size_t>(info.st_size) + 1;
  }
  std::size_t filled = 0;
  if (wanted = std::min(wanted, limit); buffer.size() < wanted) {
    if (wanted > buffer.capacity()) {
      // A buffer read into file after file gets a quarter more room than
      // asked, and its old bytes are not copied: a file a little bigger than
      // the biggest so far must not cost a fresh buffer and a copy of the old
      // one (measured while ingest workers still read each log object this
      // way, before local objects were mapped: twice per worker on a day of
      // 24 objects of about 3 MB, page faults a run 5,218 -> 3,645). Room
      // never written costs no memory.
      buffer.clear();
      buffer.reserve(std::min(wanted + wanted / 4, limit));
    }
    buffer.resize(wanted);
  }
  while (filled < limit) {
    if (filled == buffer.size()) {
      buffer.resize(std::min(std::max(filled * 2, filled + k_min_chunk), limit));
    }
    const ssize_t got = ::read(fd, buffer.data() + filled, std::min(buffer.size(), limit) - filled);
    if (got < 0) {
      if (errno == EINTR) {
        continue;
      }
      return io_error(path, "read", errno);
    }
    if (got == 0) {
      break;
    }
    filled += static_cast<std::size_t>(got);
  }
  return filled;
}

Result<std::string> read_file(const std::filesystem::path& path, std::size_t max_bytes) {
  std::string contents;
  auto filled = read_file_into(path, contents, max_bytes);
  if (!filled) {
    return tl::unexpected(filled.error());
  }
  contents.resize(*filled);
  return contents;
}

}  // namespace boostburn
