#include "boostburn/util/file_stamp.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "support/temp_dir.hpp"

namespace boostburn {
namespace {

namespace fs = std::filesystem;
using boostburn::testing::TempDir;

void write(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

// Sets the modification time explicitly, so the test does not depend on
// the clock ticking between two writes.
void set_mtime(const fs::path& path, long seconds) {
  const struct timespec times[2] = {{seconds, 0}, {seconds, 0}};
  ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, 0), 0);
}

TEST(FileStamp, TheSameFileUntouchedKeepsItsStamp) {
  TempDir dir;
  const fs::path file = dir.path() / "prices.yaml";
  write(file, "a: 1\n");
  const auto first = file_stamp(file);
  ASSERT_TRUE(first);
  EXPECT_EQ(file_stamp(file), first);
  EXPECT_EQ(first->size, 5U);
}

TEST(FileStamp, AnEditAReplacementOrAMissingFileChangesIt) {
  TempDir dir;
  const fs::path file = dir.path() / "prices.yaml";
  write(file, "a: 1\n");
  set_mtime(file, 1'000'000);
  const auto original = file_stamp(file);
  ASSERT_TRUE(original);

  write(file, "a: 2\n");  // same size, new content and time
  set_mtime(file, 1'000'001);
  EXPECT_NE(file_stamp(file), original);

  const fs::path replacement = dir.path() / "new.yaml";
  write(replacement, "a: 1\n");
  set_mtime(replacement, 1'000'000);
  fs::rename(replacement, file);  // same size and time, another inode
  EXPECT_NE(file_stamp(file), original);

  fs::remove(file);
  EXPECT_FALSE(file_stamp(file));
  EXPECT_NE(file_stamp(file), original);
}

}  // namespace
}  // namespace boostburn
