#include "boostburn/util/mapped_file.hpp"

#include <numeric>
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

// The handler only answers for the mappings it knows: any other SIGBUS still
// ends the process, as it would without the handler.
TEST(MappedFileDeathTest, AFaultOutsideItsMappingsStillKillsTheProcess) {
  testing::TempDir dir;
  dir.write("known", "x");
  dir.write("other", std::string(4 * k_page, 'x'));
  EXPECT_DEATH(
      {
        auto known = MappedFile::open(dir / "known");  // the handler is installed
        const int fd = ::open((dir / "other").c_str(), O_RDONLY);
        const auto* raw = static_cast<const volatile char*>(
            ::mmap(nullptr, 4 * k_page, PROT_READ, MAP_PRIVATE, fd, 0));
        if (!known || ::truncate((dir / "other").c_str(), 1) != 0) {
          std::abort();
        }
        const char last = raw[4 * k_page - 1];
        (void)last;
        std::_Exit(0);  // not reached
      },
      "");
}

TEST(MappedFile, ManyAtOnceAreMappedUpToTheTableThenRead) {
  testing::TempDir dir;
  dir.write("a.json", "x");
  std::vector<MappedFile> held;
  std::size_t refused = 0;
  for (int i = 0; i < 300; ++i) {
    if (auto mapped = MappedFile::open(dir / "a.json")) {
      held.push_back(std::move(*mapped));
    } else {
      ++refused;
    }
  }
  EXPECT_GE(held.size(), 200U);  // a run holds one per worker
  EXPECT_EQ(held.size() + refused, 300U);
  if (refused > 0) {
    held.pop_back();  // gives its entry back
    EXPECT_TRUE(MappedFile::open(dir / "a.json"));
  }
  for (const MappedFile& mapped : held) {
    EXPECT_EQ(mapped.bytes(), "x");  // moved into the vector, still registered and mapped
    EXPECT_TRUE(mapped.intact());
  }
}

}  // namespace
}  // namespace boostburn
