// FileLock: an exclusive advisory lock (flock) on a lock file, held for the
// lifetime of the object.
//
// The lock file is created (mode 0644 & ~umask) when missing and never
// removed: its contents are irrelevant, only the lock matters. The path may
// also name an existing directory, which is then locked itself and nothing
// is created (for files that are replaced by rename, which cannot be locked
// themselves). The lock
// belongs to the open file, so it is released when the FileLock is destroyed
// and by the kernel if the process dies, even by SIGKILL; a lock held by a
// crashed run never has to be cleaned up by hand. flock is advisory: it only
// keeps out other FileLocks (in this or any process on this machine) on the
// same file, and on network file systems it may not be honoured at all.
// Two FileLocks on one file in the same thread deadlock (acquire) or
// conflict (try_acquire): do not nest them. A child forked while a lock is
// held shares it until the child exits or execs (the descriptor is
// close-on-exec).
//
// Failure behaviour: never throws. acquire(), try_acquire() and acquire_within() return
// ErrorKind::io naming the path, the step ("open for locking" or "lock") and the
// system's reason; try_acquire() and acquire_within() return
// ErrorKind::conflict when another FileLock holds the file.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>

#include "boostburn/util/result.hpp"

namespace boostburn {

class FileLock {
 public:
  // Waits as long as it takes for the lock (interrupted waits are retried).
  static Result<FileLock> acquire(const std::filesystem::path& path);
  // Takes the lock only if it is free right now.
  static Result<FileLock> try_acquire(const std::filesystem::path& path);
  // Takes the lock when it is free within `timeout` (checked every 100 ms);
  // `on_wait` is called once when the lock was busy at first. After the
  // timeout: ErrorKind::conflict.
  static Result<FileLock> acquire_within(const std::filesystem::path& path,
                                         std::chrono::milliseconds timeout,
                                         const std::function<void()>& on_wait = {});

  FileLock(FileLock&& other) noexcept;
  FileLock& operator=(FileLock&& other) noexcept;
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  ~FileLock();  // releases the lock

  [[nodiscard]] const std::filesystem::path& path() const { return m_path; }

 private:
  FileLock(std::filesystem::path path, int fd);
  static Result<FileLock> lock(const std::filesystem::path& path, bool wait);
  void release() noexcept;

  std::filesystem::path m_path;
  int m_fd = -1;
};

}  // namespace boostburn
