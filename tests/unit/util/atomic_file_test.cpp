#include "boostburn/util/atomic_file.hpp"

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace boostburn {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class AtomicFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "bb-atomic-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    m_dir = pattern;
  }
  void TearDown() override { fs::remove_all(m_dir); }

  [[nodiscard]] std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(m_dir)) {
      names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }

  static void put(const fs::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
  }

  // Runs `write` in a child whose files may not grow past `max_bytes` (so
  // that the test runner's own files are safe); true when the write reported
  // an I/O error naming the failed write.
  template <typename Write>
  static bool fails_to_write_past(rlim_t max_bytes, Write&& write) {
    const pid_t child = ::fork();
    if (child < 0) {
      return false;
    }
    if (child == 0) {
      std::signal(SIGXFSZ, SIG_IGN);
      rlimit limit{};
      ::getrlimit(RLIMIT_FSIZE, &limit);
      limit.rlim_cur = max_bytes;
      ::setrlimit(RLIMIT_FSIZE, &limit);
      const Status status = write();
      const bool as_expected = !status && status.error().kind == ErrorKind::io &&
                               status.error().message.find("write") != std::string::npos;
      ::_exit(as_expected ? 0 : 1);
    }
    int wait_status = 0;
    return ::waitpid(child, &wait_status, 0) == child && WIFEXITED(wait_status) &&
           WEXITSTATUS(wait_status) == 0;
  }

  fs::path m_dir;
};

TEST_F(AtomicFileTest, CreatesAFileThatReadsBack) {
  const fs::path path = m_dir / "snapshot.yaml";
  ASSERT_TRUE(write_file_atomic(path, "a: 1\n"));

  const auto text = read_file(path);
  ASSERT_TRUE(text) << text.error().message;
  EXPECT_EQ(*text, "a: 1\n");
  EXPECT_THAT(entries(), ElementsAre("snapshot.yaml"));
}

TEST_F(AtomicFileTest, ReplacesContentsAndLeavesNoTemporaryFiles) {
  const fs::path path = m_dir / "snapshot.yaml";
  put(path, "old contents that are longer than the new ones\n");

  ASSERT_TRUE(write_file_atomic(path, "new\n"));

  EXPECT_EQ(read_file(path).value(), "new\n");
  EXPECT_THAT(entries(), ElementsAre("snapshot.yaml"));
}

TEST_F(AtomicFileTest, WritesEmptyAndBinaryContents) {
  const fs::path path = m_dir / "f";
  ASSERT_TRUE(write_file_atomic(path, ""));
  EXPECT_EQ(read_file(path).value(), "");

  const std::string binary("\0\x01\xff\n", 4);
  ASSERT_TRUE(write_file_atomic(path, binary));
  EXPECT_EQ(read_file(path).value(), binary);
}

TEST_F(AtomicFileTest, KeepsTheModeOfAReplacedFile) {
  const fs::path path = m_dir / "report.csv";
  put(path, "x\n");
  ASSERT_EQ(::chmod(path.c_str(), 0640), 0);

  ASSERT_TRUE(write_file_atomic(path, "y\n"));

  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0640u);
}

TEST_F(AtomicFileTest, FailsWhenTheParentIsARegularFile) {
  const fs::path not_a_dir = m_dir / "plain";
  put(not_a_dir, "I am a file\n");
  const fs::path path = not_a_dir / "snapshot.yaml";

  const auto status = write_file_atomic(path, "data");

  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().kind, ErrorKind::io);
  EXPECT_THAT(status.error().message, HasSubstr(path.string()));
  EXPECT_THAT(status.error().message, HasSubstr("Not a directory"));
  EXPECT_EQ(read_file(not_a_dir).value(), "I am a file\n");
  EXPECT_THAT(entries(), ElementsAre("plain"));
}

TEST_F(AtomicFileTest, FailsWhenTheDirectoryIsMissing) {
  const auto status = write_file_atomic(m_dir / "missing" / "x.yaml", "data");
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().kind, ErrorKind::io);
}

TEST_F(AtomicFileTest, AFailedRenameRemovesTheTemporaryFile) {
  // A non-empty directory in the way: everything succeeds up to the rename.
  const fs::path path = m_dir / "snapshot.yaml";
  fs::create_directory(path);
  put(path / "keep", "k");

  const auto status = write_file_atomic(path, "data");

  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().kind, ErrorKind::io);
  EXPECT_THAT(status.error().message, HasSubstr("rename"));
  EXPECT_TRUE(fs::is_directory(path));
  EXPECT_THAT(entries(), ElementsAre("snapshot.yaml"));
}

// A write that fails half way (here: the file size limit, as a full disk
// would) must leave the old file exactly as it was and no temporary file.
TEST_F(AtomicFileTest, AWriteFailingHalfWayKeepsTheOldFile) {
  const fs::path path = m_dir / "snapshot.yaml";
  const std::string old_contents = "old: contents\n";
  put(path, old_contents);

  EXPECT_TRUE(fails_to_write_past(4096, [&] {
    return write_file_atomic(path, std::string(64 * 1024, 'x'));
  })) << "write_file_atomic did not report the failed write";

  EXPECT_EQ(read_file(path).value(), old_contents);
  EXPECT_THAT(entries(), ElementsAre("snapshot.yaml"));
}

TEST_F(AtomicFileTest, ChunksAreWrittenInOrderAsOneFile) {
  const fs::path path = m_dir / "ids.bin";
  const std::vector<std::string> chunks{"header|", std::string(100000, 'a'), "|", "tail"};
  std::size_t next = 0;
  ASSERT_TRUE(write_file_atomic_chunks(path, [&]() -> std::string_view {
    return next < chunks.size() ? std::string_view(chunks[next++]) : std::string_view();
  }));
  EXPECT_EQ(read_file(path).value(), "header|" + std::string(100000, 'a') + "|tail");
  EXPECT_EQ(next, chunks.size());
  EXPECT_THAT(entries(), ElementsAre("ids.bin"));

  ASSERT_TRUE(write_file_atomic_chunks(path, [] { return std::string_view(); }));
  EXPECT_EQ(read_file(path).value(), "");
}

// A write failing after the first chunks (a full disk, say) keeps the old
// file and leaves no temporary file.
TEST_F(AtomicFileTest, AChunkFailingToWriteKeepsTheOldFile) {
  const fs::path path = m_dir / "ids.bin";
  put(path, "old");
  const std::string chunk(4096, 'x');
  int calls = 0;
  EXPECT_TRUE(fails_to_write_past(10000, [&] {
    return write_file_atomic_chunks(path, [&]() -> std::string_view {
      return ++calls <= 8 ? std::string_view(chunk) : std::string_view();
    });
  })) << "the failed chunk was not reported";
  EXPECT_EQ(read_file(path).value(), "old");
  EXPECT_THAT(entries(), ElementsAre("ids.bin"));
}

TEST_F(AtomicFileTest, ReadingAMissingFileIsNotFound) {
  const auto text = read_file(m_dir / "nope.yaml");
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().kind, ErrorKind::not_found);
  EXPECT_THAT(text.error().message, HasSubstr("nope.yaml"));
}

TEST_F(AtomicFileTest, ReadingADirectoryIsAnIoError) {
  const auto text = read_file(m_dir);
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().kind, ErrorKind::io);
}

TEST(ReadFile, StopsJustPastItsLimitEvenOnAnEndlessFile) {
  auto endless = read_file("/dev/zero", 100'000);
  ASSERT_TRUE(endless);
  EXPECT_EQ(endless->size(), 100'001U);
}

TEST_F(AtomicFileTest, ReadingIntoABufferReusesItAndReadsOnlyTheFile) {
  const auto big = m_dir / "big.json";
  const auto small = m_dir / "small.json";
  ASSERT_TRUE(write_file_atomic(big, std::string(200'000, 'b')));
  ASSERT_TRUE(write_file_atomic(small, "small\n"));
  std::string buffer;
  auto read = read_file_into(big, buffer);
  ASSERT_TRUE(read);
  EXPECT_EQ(std::string_view(buffer.data(), *read), std::string(200'000, 'b'));
  const char* const storage = buffer.data();
  read = read_file_into(small, buffer);  // smaller: same memory, only its bytes counted
  ASSERT_TRUE(read);
  EXPECT_EQ(std::string_view(buffer.data(), *read), "small\n");
  EXPECT_EQ(buffer.data(), storage);
  read = read_file_into(big, buffer, 1000);  // a buffer bigger than the limit: still cut there
  ASSERT_TRUE(read);
  EXPECT_EQ(*read, 1001U);
  read = read_file_into("/dev/zero", buffer, 300'000);  // grows past its first size
  ASSERT_TRUE(read);
  EXPECT_EQ(*read, 300'001U);
  const auto missing = read_file_into(m_dir / "nope.json", buffer);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::not_found);
}

TEST_F(AtomicFileTest, ABufferGrowsWithRoomToSpare) {
  const auto first = m_dir / "first.json";
  const auto bigger = m_dir / "bigger.json";
  ASSERT_TRUE(write_file_atomic(first, std::string(100'000, 'a')));
  ASSERT_TRUE(write_file_atomic(bigger, std::string(110'000, 'b')));
  std::string buffer = "old bytes";
  ASSERT_TRUE(read_file_into(first, buffer));
  const char* const storage = buffer.data();
  // A file a little bigger than the biggest so far: the same memory.
  auto read = read_file_into(bigger, buffer);
  ASSERT_TRUE(read);
  EXPECT_EQ(std::string_view(buffer.data(), *read), std::string(110'000, 'b'));
  EXPECT_EQ(buffer.data(), storage);
  // Never more room than the limit allows.
  std::string capped;
  read = read_file_into(bigger, capped, 105'000);
  ASSERT_TRUE(read);
  EXPECT_EQ(*read, 105'001U);
  EXPECT_EQ(capped.size(), 105'001U);
  EXPECT_LE(capped.capacity(), 105'001U + 32U);  // the allocator may round up a little
}

}  // namespace
}  // namespace boostburn
