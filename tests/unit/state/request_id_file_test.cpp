#include "boostburn/state/request_id_file.hpp"

#include <algorithm>
#include <cstdint>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <xxhash.h>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace boostburn {
namespace {

RequestIdSet sample_ids() {
  RequestIdSet ids;
  for (const char* id : {"0f9c-1", "081f-2", "a-3", ""}) {
    ids.insert(id);
  }
  return ids;
}

TEST(RequestIdFile, RoundTripsTheSet) {
  testing::TempDir dir;
  auto ref = write_request_id_file(dir / "state", "2026-11-30", sample_ids());
  ASSERT_TRUE(ref) << ref.error().message;
  EXPECT_EQ(ref->count, 4U);
  EXPECT_TRUE(ref->file.starts_with("bedrock-usage-2026-11-30.request-ids."));
  auto loaded = read_request_id_file(dir / "state", *ref);
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_EQ(loaded->size(), 4U);
  EXPECT_TRUE(loaded->contains("081f-2"));
  EXPECT_FALSE(loaded->contains("other"));
}

// Many chunks of the streamed writer, with ids in both parts of the set: the
// file is the header and the ids in ascending order, named by its checksum.
TEST(RequestIdFile, ALargeSetIsWrittenSortedAndReadsBack) {
  testing::TempDir dir;
  RequestIdSet ids;
  for (int i = 0; i < 30000; ++i) {
    ids.insert("req-" + std::to_string(i));
  }
  auto ref = write_request_id_file(dir.path(), "2026-11-30", ids);
  ASSERT_TRUE(ref) << ref.error().message;
  EXPECT_EQ(ref->count, 30000U);
  const std::string bytes = testing::slurp(dir / ref->file);
  ASSERT_EQ(bytes.size(), 16U + 30000U * 16U);
  EXPECT_EQ(bytes.substr(0, 8), "BBRIDS1\n");
  std::string expected_ids;
  for (const RequestIdHash& hash : ids.sorted_hashes()) {
    for (const std::uint64_t word : {hash.high, hash.low}) {
      for (int b = 0; b < 8; ++b) {
        expected_ids.push_back(static_cast<char>((word >> (8 * b)) & 0xFFU));
      }
    }
  }
  EXPECT_TRUE(bytes.substr(16) == expected_ids) << "ids not in ascending little-endian order";
  auto loaded = read_request_id_file(dir.path(), *ref);
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_EQ(loaded->sorted_hashes(), ids.sorted_hashes());
}

TEST(RequestIdFile, SameSetSameNameDifferentSetNewName) {
  testing::TempDir dir;
  auto first = write_request_id_file(dir.path(), "2026-11-30", sample_ids());
  auto again = write_request_id_file(dir.path(), "2026-11-30", sample_ids());
  RequestIdSet more = sample_ids();
  more.insert("new");
  auto grown = write_request_id_file(dir.path(), "2026-11-30", more);
  ASSERT_TRUE(first && again && grown);
  EXPECT_EQ(first->file, again->file);
  EXPECT_NE(first->file, grown->file);
  remove_stale_request_id_files(dir.path(), "2026-11-30", grown->file);
  EXPECT_FALSE(std::filesystem::exists(dir / first->file));
  EXPECT_TRUE(std::filesystem::exists(dir / grown->file));
}

// A later run passes the file its set was seeded from: a set that gained no
// id keeps that file's name without hashing the set again; one that grew is
// written under a new name.
TEST(RequestIdFile, ASetSeededFromAFileKeepsItsNameUntilItGrows) {
  testing::TempDir dir;
  auto first = write_request_id_file(dir.path(), "2026-11-30", sample_ids());
  ASSERT_TRUE(first);
  auto seeded = read_request_id_file(dir.path(), *first);
  ASSERT_TRUE(seeded);
  const auto written_at = std::filesystem::last_write_time(dir / first->file);
  auto unchanged = write_request_id_file(dir.path(), "2026-11-30", *seeded, &*first);
  ASSERT_TRUE(unchanged);
  EXPECT_EQ(*unchanged, *first);
  EXPECT_EQ(std::filesystem::last_write_time(dir / first->file), written_at);

  // Trusted by its count alone: a reference of the same count and the
  // day's form of name is taken as it is (the caller's promise).
  const RequestIdsRef same_count{"bedrock-usage-2026-11-30.request-ids.0123456789abcdef",
                                 first->count};
  auto trusted = write_request_id_file(dir.path(), "2026-11-30", *seeded, &same_count);
  ASSERT_TRUE(trusted);
  EXPECT_EQ(*trusted, same_count);

  // Another day's file, or a set that grew, is named by its content again.
  const RequestIdsRef other_day{"bedrock-usage-2026-11-29.request-ids.0123456789abcdef",
                                first->count};
  auto renamed = write_request_id_file(dir.path(), "2026-11-30", *seeded, &other_day);
  ASSERT_TRUE(renamed);
  EXPECT_EQ(*renamed, *first);
  seeded->insert("new");
  auto grown = write_request_id_file(dir.path(), "2026-11-30", *seeded, &*first);
  ASSERT_TRUE(grown);
  EXPECT_NE(grown->file, first->file);
  EXPECT_EQ(grown->count, first->count + 1);
  auto reread = read_request_id_file(dir.path(), *grown);
  ASSERT_TRUE(reread) << reread.error().message;
  EXPECT_EQ(reread->size(), grown->count);
}

// A file whose name matches its content but whose ids are not in ascending
// order was not written by Boostburn: corrupt, not read into a wrong set.
TEST(RequestIdFile, IdsOutOfOrderAreCorrupt) {
  testing::TempDir dir;
  auto ref = write_request_id_file(dir.path(), "2026-11-30", sample_ids());
  ASSERT_TRUE(ref);
  std::string bytes = testing::slurp(dir / ref->file);
  ASSERT_EQ(bytes.size(), 16U + 4U * 16U);
  std::swap_ranges(bytes.begin() + 32, bytes.begin() + 48, bytes.begin() + 48);  // ids 2 and 3
  const RequestIdsRef swapped{fmt::format("bedrock-usage-2026-11-30.request-ids.{:016x}",
                                          XXH3_64bits(bytes.data(), bytes.size())),
                              ref->count};
  dir.write(swapped.file, bytes);
  auto loaded = read_request_id_file(dir.path(), swapped);
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().kind, ErrorKind::corrupt);
  EXPECT_NE(loaded.error().message.find("not in ascending order (id 3 of 4)"), std::string::npos)
      << loaded.error().message;
}

TEST(RequestIdFile, MissingOrAlteredFileIsCorrupt) {
  testing::TempDir dir;
  auto ref = write_request_id_file(dir.path(), "2026-11-30", sample_ids());
  ASSERT_TRUE(ref);
  RequestIdsRef wrong_count = *ref;
  wrong_count.count = 3;
  EXPECT_EQ(read_request_id_file(dir.path(), wrong_count).error().kind, ErrorKind::corrupt);

  std::string bytes = testing::slurp(dir / ref->file);
  bytes[20] = static_cast<char>(bytes[20] ^ 1);
  dir.write(ref->file, bytes);
  auto altered = read_request_id_file(dir.path(), *ref);
  ASSERT_FALSE(altered);
  EXPECT_NE(altered.error().message.find("checksum"), std::string::npos);

  std::filesystem::remove(dir / ref->file);
  auto missing = read_request_id_file(dir.path(), *ref);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("missing"), std::string::npos);
  EXPECT_NE(missing.error().message.find("--force-reprocess"), std::string::npos);

  EXPECT_FALSE(read_request_id_file(dir.path(), RequestIdsRef{"../escape", 0}));
}

}  // namespace
}  // namespace boostburn
