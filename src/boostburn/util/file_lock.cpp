#include "boostburn/util/file_lock.hpp"

#include <cerrno>
#include <system_error>
#include <thread>
#include <utility>

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

namespace boostburn {
namespace {

std::string system_reason(int error_number) {
  return std::error_code(error_number, std::generic_category()).message();
}

}  // namespace

Result<FileLock> FileLock::acquire(const std::filesystem::path& path) {
  return lock(path, true);
}

Result<FileLock> FileLock::try_acquire(const std::filesystem::path& path) {
  return lock(path, false);
}

Result<FileLock> FileLock::acquire_within(const std::filesystem::path& path,
                                          std::chrono::milliseconds timeout,
                                          const std::function<void()>& on_wait) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto lock = try_acquire(path);
  if (lock || lock.error().kind != ErrorKind::conflict) {
    return lock;
  }
  if (on_wait) {
    on_wait();
  }
  while (std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    lock = try_acquire(path);
    if (lock || lock.error().kind != ErrorKind::conflict) {
      return lock;
    }
  }
  return lock;
}

Result<FileLock> FileLock::lock(const std::filesystem::path& path, bool wait) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0 && errno == EISDIR) {
    fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  }
  if (fd < 0) {
    return fail(ErrorKind::io,
                fmt::format("{}: open for locking: {}", path.string(), system_reason(errno)));
  }
  const int operation = wait ? LOCK_EX : LOCK_EX | LOCK_NB;
  int result = 0;
  do {
    result = ::flock(fd, operation);
  } while (result != 0 && errno == EINTR);
  if (result != 0) {
    const int error_number = errno;
    ::close(fd);
    if (error_number == EWOULDBLOCK) {
      return fail(ErrorKind::conflict,
                  fmt::format("{}: already locked (by another run?)", path.string()));
    }
    return fail(ErrorKind::io,
                fmt::format("{}: lock: {}", path.string(), system_reason(error_number)));
  }
  return FileLock(path, fd);
}

FileLock::FileLock(std::filesystem::path path, int fd) : m_path(std::move(path)), m_fd(fd) {}

FileLock::FileLock(FileLock&& other) noexcept
    : m_path(std::move(other.m_path)), m_fd(std::exchange(other.m_fd, -1)) {}

FileLock& FileLock::operator=(FileLock&& other) noexcept {
  if (this != &other) {
    release();
    m_path = std::move(other.m_path);
    m_fd = std::exchange(other.m_fd, -1);
  }
  return *this;
}

FileLock::~FileLock() {
  release();
}

void FileLock::release() noexcept {
  if (m_fd >= 0) {
    ::close(m_fd);  // closing the last descriptor of the open file drops the lock
    m_fd = -1;
  }
}

}  // namespace boostburn
