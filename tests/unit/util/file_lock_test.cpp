#include "boostburn/util/file_lock.hpp"

#include <chrono>
#include <csignal>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support/temp_dir.hpp"

namespace boostburn {
namespace {

namespace fs = std::filesystem;
using boostburn::testing::TempDir;
using ::testing::HasSubstr;

// True when `fd` has a byte to read within `timeout_ms`; the byte is read.
bool byte_within(int fd, int timeout_ms, char& byte) {
  pollfd entry{fd, POLLIN, 0};
  if (::poll(&entry, 1, timeout_ms) != 1) {
    return false;
  }
  return ::read(fd, &byte, 1) == 1;
}

// A pipe whose ends are closed on destruction.
struct Pipe {
  Pipe() {
    if (::pipe(fds) != 0) {
      fds[0] = fds[1] = -1;
    }
  }
  ~Pipe() {
    close_end(0);
    close_end(1);
  }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
  void close_end(int end) {
    if (fds[end] >= 0) {
      ::close(fds[end]);
      fds[end] = -1;
    }
  }
  [[nodiscard]] int read_end() const { return fds[0]; }
  [[nodiscard]] int write_end() const { return fds[1]; }
  int fds[2] = {-1, -1};
};

void send_byte(int fd, char byte) {
  (void)!::write(fd, &byte, 1);
}

TEST(FileLock, CreatesTheLockFileAndKeepsOthersOut) {
  const TempDir dir;
  const fs::path path = dir / ".boostburn.lock";
  auto held = FileLock::acquire(path);
  ASSERT_TRUE(held) << held.error().message;
  EXPECT_TRUE(fs::is_regular_file(path));
  EXPECT_EQ(held->path(), path);

  auto second = FileLock::try_acquire(path);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().kind, ErrorKind::conflict);
  EXPECT_THAT(second.error().message, HasSubstr(path.string()));
  EXPECT_THAT(second.error().message, HasSubstr("already locked"));
}

TEST(FileLock, DestroyingTheLockReleasesItAndLeavesTheFile) {
  const TempDir dir;
  const fs::path path = dir / "x.lock";
  {
    auto held = FileLock::acquire(path);
    ASSERT_TRUE(held);
  }
  EXPECT_TRUE(FileLock::try_acquire(path));
  EXPECT_TRUE(fs::exists(path));
}

TEST(FileLock, MovingTheLockKeepsItHeldUntilTheLastOwnerGoes) {
  const TempDir dir;
  const fs::path path = dir / "x.lock";
  auto first = FileLock::acquire(path);
  ASSERT_TRUE(first);
  std::optional<FileLock> owner(std::move(*first));
  { auto moved_from = std::move(first); }  // destroying the moved-from lock releases nothing
  EXPECT_FALSE(FileLock::try_acquire(path));

  auto other = FileLock::acquire(dir / "other.lock");
  ASSERT_TRUE(other);
  *owner = std::move(*other);  // assignment releases the lock it replaces
  EXPECT_EQ(owner->path(), dir / "other.lock");
  EXPECT_TRUE(FileLock::try_acquire(path));
  EXPECT_FALSE(FileLock::try_acquire(dir / "other.lock"));
  owner.reset();
  EXPECT_TRUE(FileLock::try_acquire(dir / "other.lock"));
}

TEST(FileLock, ASecondProcessWaitsUntilTheHolderReleases) {
  const TempDir dir;
  const fs::path path = dir / "x.lock";
  Pipe go;
  Pipe done;
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    char byte = 0;
    (void)!::read(go.read_end(), &byte, 1);  // the parent holds the lock now
    auto lock = FileLock::acquire(path);     // blocks until the parent releases it
    send_byte(done.write_end(), lock ? 'y' : 'n');
    ::_exit(0);
  }
  // Locked after the fork, so that the child does not share this lock.
  auto result = FileLock::acquire(path);
  ASSERT_TRUE(result);
  std::optional<FileLock> held(std::move(*result));
  send_byte(go.write_end(), 'g');
  done.close_end(1);

  char byte = 0;
  EXPECT_FALSE(byte_within(done.read_end(), 300, byte)) << "the child got the lock while held";
  held.reset();
  EXPECT_TRUE(byte_within(done.read_end(), 10'000, byte)) << "the child never got the lock";
  EXPECT_EQ(byte, 'y');
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
}

TEST(FileLock, TheKernelReleasesTheLockOfAKilledProcess) {
  const TempDir dir;
  const fs::path path = dir / "x.lock";
  Pipe held;
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto lock = FileLock::acquire(path);
    send_byte(held.write_end(), lock ? 'y' : 'n');
    for (;;) {
      ::pause();
    }
  }
  held.close_end(1);
  char byte = 0;
  ASSERT_TRUE(byte_within(held.read_end(), 10'000, byte));
  ASSERT_EQ(byte, 'y');
  auto while_alive = FileLock::try_acquire(path);
  EXPECT_FALSE(while_alive);

  ::kill(child, SIGKILL);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  auto after_death = FileLock::try_acquire(path);
  EXPECT_TRUE(after_death) << after_death.error().message;
}

TEST(FileLock, FailuresAreIoErrorsNamingThePathAndTheReason) {
  const TempDir dir;
  auto missing_dir = FileLock::acquire(dir / "no-such-dir" / "x.lock");
  ASSERT_FALSE(missing_dir);
  EXPECT_EQ(missing_dir.error().kind, ErrorKind::io);
  EXPECT_THAT(missing_dir.error().message, HasSubstr((dir / "no-such-dir" / "x.lock").string()));
  EXPECT_THAT(missing_dir.error().message,
              HasSubstr("open for locking: No such file or directory"));

  // Without search permission on its folder, the lock file cannot be opened.
  if (::geteuid() != 0) {
    fs::create_directory(dir / "closed");
    fs::permissions(dir / "closed", fs::perms::none);
    auto denied = FileLock::acquire(dir / "closed" / "x.lock");
    fs::permissions(dir / "closed", fs::perms::owner_all);
    ASSERT_FALSE(denied);
    EXPECT_EQ(denied.error().kind, ErrorKind::io);
    EXPECT_THAT(denied.error().message, HasSubstr("open for locking: Permission denied"));
  }
}

TEST(FileLock, LocksADirectoryWithoutCreatingAnything) {
  const TempDir dir;
  auto held = FileLock::acquire(dir.path());
  ASSERT_TRUE(held) << held.error().message;
  EXPECT_TRUE(fs::is_empty(dir.path()));
  auto second = FileLock::try_acquire(dir.path());
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().kind, ErrorKind::conflict);
  { auto released = std::move(*held); }
  EXPECT_TRUE(FileLock::try_acquire(dir.path()));
}

TEST(FileLock, AcquireWithinTakesTheLockOnceTheHolderLetsGo) {
  TempDir dir;
  const fs::path path = dir / "day.lock";
  std::optional<FileLock> holder;
  holder.emplace(FileLock::acquire(path).value());
  int waits = 0;
  std::thread release([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    holder.reset();
  });
  auto lock = FileLock::acquire_within(path, std::chrono::seconds(5), [&] { ++waits; });
  release.join();
  EXPECT_TRUE(lock) << (lock ? "" : lock.error().message);
  EXPECT_EQ(waits, 1);
}

TEST(FileLock, AcquireWithinGivesUpWithAConflictAfterTheTimeout) {
  TempDir dir;
  const fs::path path = dir / "day.lock";
  auto holder = FileLock::acquire(path);
  ASSERT_TRUE(holder);
  const auto started = std::chrono::steady_clock::now();
  auto lock = FileLock::acquire_within(path, std::chrono::milliseconds(300));
  ASSERT_FALSE(lock);
  EXPECT_EQ(lock.error().kind, ErrorKind::conflict);
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(300));
  // A free lock is taken at once, and a zero timeout still tries once.
  holder = tl::unexpected(Error{ErrorKind::internal, "released"});
  EXPECT_TRUE(FileLock::acquire_within(path, std::chrono::milliseconds(0)));
}

}  // namespace
}  // namespace boostburn
