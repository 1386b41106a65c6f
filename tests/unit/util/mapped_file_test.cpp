#include "boostburn/util/mapped_file.hpp"

#include <csignal>
#include <iterator>
#include <string>
#include <vector>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "support/temp_dir.hpp"

namespace boostburn {
namespace {

const std::size_t k_page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));

// Reads every byte, as a reader would; returns how many were 'x'.
std::size_t count_x(std::string_view bytes) {
  std::size_t count = 0;
  for (const char c : bytes) {
    count += c == 'x' ? 1 : 0;
  }
  return count;
}

TEST(MappedFile, MapsTheWholeFile) {
  testing::TempDir dir;
  const std::string content = std::string(3 * k_page + 100, 'x') + "end";
  dir.write("a.json", content);
  auto mapped = MappedFile::open(dir / "a.json");
  ASSERT_TRUE(mapped);
  EXPECT_EQ(mapped->bytes(), content);
  EXPECT_TRUE(mapped->intact());
}

TEST(MappedFile, WhatIsBetterReadIsNotMapped) {
  testing::TempDir dir;
  dir.write("empty", "");
  std::filesystem::create_directories(dir / "folder");
  ASSERT_EQ(::mkfifo((dir / "fifo").c_str(), 0600), 0);
  EXPECT_FALSE(MappedFile::open(dir / "empty"));
  EXPECT_FALSE(MappedFile::open(dir / "folder"));
  EXPECT_FALSE(MappedFile::open(dir / "fifo"));  // not opened either: no writer, no hang
  EXPECT_FALSE(MappedFile::open(dir / "missing"));
}

// A file cut short while mapped: the pages past its new end read as zeros
// instead of raising SIGBUS, and the mapping says so.
TEST(MappedFile, AFileThatShrinksReadsAsZerosAndIsNoLongerIntact) {
  testing::TempDir dir;
  dir.write("a.json", std::string(4 * k_page, 'x'));
  auto mapped = MappedFile::open(dir / "a.json");
  ASSERT_TRUE(mapped);
  EXPECT_EQ(count_x(mapped->bytes().substr(0, k_page)), k_page);  // the first page is in
  ASSERT_EQ(::truncate((dir / "a.json").c_str(), static_cast<off_t>(k_page + 10)), 0);

  EXPECT_EQ(count_x(mapped->bytes()), k_page + 10);
  EXPECT_EQ(mapped->bytes().size(), 4 * k_page);
  EXPECT_FALSE(mapped->intact());

  // Another mapping of the file as it is now is whole.
  auto again = MappedFile::open(dir / "a.json");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->bytes(), std::string(k_page + 10, 'x'));
  EXPECT_TRUE(again->intact());
}

// A file cut within its last page raises no SIGBUS, but the mapping is no
// longer whole either.
TEST(MappedFile, AFileCutWithinItsLastPageIsNoLongerIntact) {
  testing::TempDir dir;
  dir.write("a.json", std::string(3 * k_page + 100, 'x'));
  auto mapped = MappedFile::open(dir / "a.json");
  ASSERT_TRUE(mapped);
  ASSERT_EQ(::truncate((dir / "a.json").c_str(), static_cast<off_t>(3 * k_page + 50)), 0);
  EXPECT_EQ(count_x(mapped->bytes()), 3 * k_page + 50);
  EXPECT_FALSE(mapped->intact());
}

// The handler's own state is per process: each of these runs in a fresh one
// (the "threadsafe" death-test style re-runs the test binary), with the
// SIGBUS disposition the test sets before the first mapping. The child
// removes its own folder before it dies or exits (it never returns to
// TempDir's destructor), and an alarm ends a child that hangs, so that a
// broken chain fails the test rather than loops on the fault.
class MappedFileDeathTest : public ::testing::Test {
 protected:
  MappedFileDeathTest() { GTEST_FLAG_SET(death_test_style, "threadsafe"); }

  // The disposition our handler will find (and the alarm).
  static void set_previous(void (*handler)(int), int flags = 0) {
    struct sigaction action {};
    action.sa_handler = handler;
    action.sa_flags = flags;
    set_previous(action);
  }
  static void set_previous(void (*handler)(int, siginfo_t*, void*)) {
    struct sigaction action {};
    action.sa_sigaction = handler;
    action.sa_flags = SA_SIGINFO;
    set_previous(action);
  }
  static void set_previous(struct sigaction& action) {
    ::alarm(20);
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGBUS, &action, nullptr);
  }

  // Maps a file (installing the handler), then touches a page of another
  // file cut short under a mapping the handler does not know.
  static void fault_outside_the_mappings() {
    testing::TempDir dir;  // the child's own
    dir.write("known", "x");
    dir.write("other", std::string(4 * k_page, 'x'));
    auto known = MappedFile::open(dir / "known");
    const int fd = ::open((dir / "other").c_str(), O_RDWR);
    const auto* raw = static_cast<const volatile char*>(
        ::mmap(nullptr, 4 * k_page, PROT_READ, MAP_SHARED, fd, 0));
    const bool ready = known && raw != MAP_FAILED && ::ftruncate(fd, 1) == 0;
    ::close(fd);
    std::filesystem::remove_all(dir.path());  // the mappings keep their files
    if (!ready) {
      std::_Exit(3);  // the set-up failed
    }
    const char last = raw[4 * k_page - 1];
    (void)last;
    std::_Exit(0);  // not reached
  }

  // Maps a file (installing the handler), then sends itself a SIGBUS.
  static void signal_itself() {
    testing::TempDir dir;
    dir.write("known", "x");
    auto known = MappedFile::open(dir / "known");
    std::filesystem::remove_all(dir.path());
    ::raise(SIGBUS);
    std::_Exit(known ? 0 : 3);
  }
};

// The handler only answers for the mappings it knows: any other fault still
// ends the process, as it would without the handler, whatever flags the
// default disposition was saved with.
TEST_F(MappedFileDeathTest, AFaultOutsideItsMappingsStillKillsTheProcess) {
  for (const int flags : {0, SA_SIGINFO}) {
    EXPECT_EXIT(
        {
          set_previous(SIG_DFL, flags);
          fault_outside_the_mappings();
        },
        ::testing::KilledBySignal(SIGBUS), "")
        << flags;
  }
}

void chained(int, siginfo_t* info, void*) {
  std::_Exit(info->si_code == BUS_ADRERR ? 7 : 8);
}

// ... or goes to the handler that was there before.
TEST_F(MappedFileDeathTest, AFaultOutsideItsMappingsGoesToThePreviousHandler) {
  EXPECT_EXIT(
      {
        set_previous(chained);
        fault_outside_the_mappings();
      },
      ::testing::ExitedWithCode(7), "");
}

// A SIGBUS sent by the process to itself that it ignored before still is;
// by default it still ends the process.
TEST_F(MappedFileDeathTest, ASignalSentByKillIsIgnoredOrFatalAsBefore) {
  for (const int flags : {0, SA_SIGINFO}) {
    EXPECT_EXIT(
        {
          set_previous(SIG_IGN, flags);
          signal_itself();
        },
        ::testing::ExitedWithCode(0), "")
        << flags;
  }
  EXPECT_EXIT(
      {
        set_previous(SIG_DFL);
        signal_itself();
      },
      ::testing::KilledBySignal(SIGBUS), "");
}

// Once someone replaces the handler, nothing is mapped any more: the files
// are read, and a file cut short cannot kill the process.
TEST_F(MappedFileDeathTest, NothingIsMappedOnceTheHandlerIsReplaced) {
  EXPECT_EXIT(
      {
        testing::TempDir dir;
        dir.write("known", "x");
        const bool mapped_before = MappedFile::open(dir / "known").has_value();
        std::signal(SIGBUS, SIG_DFL);
        const bool mapped_after = MappedFile::open(dir / "known").has_value();
        std::filesystem::remove_all(dir.path());
        std::_Exit(mapped_before && !mapped_after ? 0 : 3);
      },
      ::testing::ExitedWithCode(0), "");
}

std::size_t open_fds() {
  return static_cast<std::size_t>(std::distance(
      std::filesystem::directory_iterator("/proc/self/fd"), std::filesystem::directory_iterator()));
}

// Only the table limits how many are mapped at once; a mapping holds no fd.
TEST(MappedFile, ManyAtOnceAreMappedUpToTheTableThenRead) {
  testing::TempDir dir;
  dir.write("a.json", "x");
  const std::size_t fds = open_fds();
  std::vector<MappedFile> held;
  std::size_t refused = 0;
  for (int i = 0; i < 1100; ++i) {
    if (auto mapped = MappedFile::open(dir / "a.json")) {
      held.push_back(std::move(*mapped));
    } else {
      ++refused;
    }
  }
  EXPECT_EQ(open_fds(), fds);
  EXPECT_EQ(held.size(), 1024U);  // one per worker, and --threads is at most 1024
  EXPECT_EQ(refused, 1100U - 1024U);
  held.pop_back();  // gives its entry back
  EXPECT_TRUE(MappedFile::open(dir / "a.json"));
  for (const MappedFile& mapped : held) {
    EXPECT_EQ(mapped.bytes(), "x");  // moved into the vector, still registered and mapped
    EXPECT_TRUE(mapped.intact());
  }
}

// A file replaced by a rename leaves the mapped one as it was: still intact.
TEST(MappedFile, AFileReplacedByARenameLeavesTheMappingIntact) {
  testing::TempDir dir;
  dir.write("a.json", std::string(2 * k_page, 'x'));
  auto mapped = MappedFile::open(dir / "a.json");
  ASSERT_TRUE(mapped);
  dir.write("b.json", "y");
  std::filesystem::rename(dir / "b.json", dir / "a.json");
  EXPECT_EQ(count_x(mapped->bytes()), 2 * k_page);
  EXPECT_TRUE(mapped->intact());
}

}  // namespace
}  // namespace boostburn
