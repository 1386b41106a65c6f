#include "boostburn/util/mapped_file.hpp"

#include <csignal>
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
// SIGBUS disposition the test sets before the first mapping.
class MappedFileDeathTest : public ::testing::Test {
 protected:
  MappedFileDeathTest() { GTEST_FLAG_SET(death_test_style, "threadsafe"); }

  // Maps a file (installing the handler), then touches a page of another
  // file cut short under a mapping the handler does not know.
  static void fault_outside_the_mappings(const std::filesystem::path& dir) {
    auto known = MappedFile::open(dir / "known");
    const int fd = ::open((dir / "other").c_str(), O_RDONLY);
    const auto* raw = static_cast<const volatile char*>(
        ::mmap(nullptr, 4 * k_page, PROT_READ, MAP_PRIVATE, fd, 0));
    if (!known || raw == MAP_FAILED || ::truncate((dir / "other").c_str(), 1) != 0) {
      std::_Exit(3);  // the set-up failed
    }
    const char last = raw[4 * k_page - 1];
    (void)last;
    std::_Exit(0);  // not reached
  }
};

// The handler only answers for the mappings it knows: any other fault still
// ends the process, as it would without the handler.
TEST_F(MappedFileDeathTest, AFaultOutsideItsMappingsStillKillsTheProcess) {
  testing::TempDir dir;
  dir.write("known", "x");
  dir.write("other", std::string(4 * k_page, 'x'));
  EXPECT_EXIT(
      {
        std::signal(SIGBUS, SIG_DFL);
        fault_outside_the_mappings(dir.path());
      },
      ::testing::KilledBySignal(SIGBUS), "");
}

void chained(int, siginfo_t* info, void*) {
  std::_Exit(info->si_code == BUS_ADRERR ? 7 : 8);
}

// ... or goes to the handler that was there before.
TEST_F(MappedFileDeathTest, AFaultOutsideItsMappingsGoesToThePreviousHandler) {
  testing::TempDir dir;
  dir.write("known", "x");
  dir.write("other", std::string(4 * k_page, 'x'));
  EXPECT_EXIT(
      {
        struct sigaction action {};
        action.sa_sigaction = chained;
        action.sa_flags = SA_SIGINFO;
        sigemptyset(&action.sa_mask);
        ::sigaction(SIGBUS, &action, nullptr);
        fault_outside_the_mappings(dir.path());
      },
      ::testing::ExitedWithCode(7), "");
}

// A SIGBUS sent with kill() that the process ignored before still is.
TEST_F(MappedFileDeathTest, AnIgnoredSignalSentByKillStaysIgnored) {
  testing::TempDir dir;
  dir.write("known", "x");
  EXPECT_EXIT(
      {
        std::signal(SIGBUS, SIG_IGN);
        auto known = MappedFile::open(dir.path() / "known");
        ::kill(::getpid(), SIGBUS);
        std::_Exit(known ? 0 : 3);
      },
      ::testing::ExitedWithCode(0), "");
}

// Once someone replaces the handler, nothing is mapped any more: the files
// are read, and a file cut short cannot kill the process.
TEST_F(MappedFileDeathTest, NothingIsMappedOnceTheHandlerIsReplaced) {
  testing::TempDir dir;
  dir.write("known", "x");
  EXPECT_EXIT(
      {
        const bool mapped_before = MappedFile::open(dir.path() / "known").has_value();
        std::signal(SIGBUS, SIG_DFL);
        const bool mapped_after = MappedFile::open(dir.path() / "known").has_value();
        std::_Exit(mapped_before && !mapped_after ? 0 : 3);
      },
      ::testing::ExitedWithCode(0), "");
}

TEST(MappedFile, ManyAtOnceAreMappedUpToTheTableThenRead) {
  testing::TempDir dir;
  dir.write("a.json", "x");
  std::vector<MappedFile> held;
  std::size_t refused = 0;
  for (int i = 0; i < 1100; ++i) {
    if (auto mapped = MappedFile::open(dir / "a.json")) {
      held.push_back(std::move(*mapped));
    } else {
      ++refused;
    }
  }
  EXPECT_GE(held.size(), 1000U);  // one per worker, and --threads is at most 1024
  ASSERT_GT(refused, 0U);         // no entry is shared
  held.pop_back();                // gives its entry back
  EXPECT_TRUE(MappedFile::open(dir / "a.json"));
  for (const MappedFile& mapped : held) {
    EXPECT_EQ(mapped.bytes(), "x");  // moved into the vector, still registered and mapped
    EXPECT_TRUE(mapped.intact());
  }
}

}  // namespace
}  // namespace boostburn
