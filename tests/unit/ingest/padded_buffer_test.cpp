#include "boostburn/ingest/padded_buffer.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include "unit/ingest/ingest_test_support.hpp"

namespace boostburn {
namespace {

using testing::resident_pages;

TEST(PaddedBuffer, KeepsZeroPaddingAfterItsData) {
  PaddedBuffer buffer;
  buffer.assign("abc");
  ASSERT_EQ(buffer.view(), "abc");
  for (std::size_t i = 0; i < PaddedBuffer::k_padding; ++i) {
    EXPECT_EQ(buffer.data()[3 + i], '\0') << i;
  }
}

// A buffer big enough to get pages of its own (over glibc's largest mmap
// threshold, 32 MB, so never memory freed earlier): none of them is resident
// until written or prefaulted, and prefault maps in only those asked for.
TEST(PaddedBuffer, PrefaultMapsInThePagesAskedForAndNoMore) {
  constexpr std::size_t k_capacity = std::size_t{48} << 20;
  constexpr std::size_t k_wanted = std::size_t{4} << 20;
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  PaddedBuffer buffer;
  buffer.reserve(k_capacity);
  ASSERT_LT(resident_pages(buffer.data(), k_capacity), 4U);
  buffer.prefault(k_wanted);
  EXPECT_GE(resident_pages(buffer.data(), k_wanted), k_wanted / page - 1);
  // Where transparent huge pages are "always", the last huge page may run
  // past the bytes asked for.
  const std::size_t past = k_wanted + testing::k_huge_page;
  EXPECT_LT(resident_pages(buffer.data() + past, k_capacity - past), 4U);
  // What it maps in is usable storage: written and read as any other.
  buffer.set_size(k_wanted);
  buffer.data()[k_wanted - 1] = 'x';
  EXPECT_EQ(buffer.view().back(), 'x');
}

TEST(PaddedBuffer, PrefaultIsBoundedByTheCapacity) {
  PaddedBuffer empty;
  empty.prefault(std::size_t{1} << 20);  // no storage: nothing to do
  EXPECT_EQ(empty.capacity(), 0U);
  PaddedBuffer buffer;
  buffer.reserve(std::size_t{1} << 20);
  buffer.prefault(std::size_t{1} << 30);  // more than it holds: its own pages only
  buffer.set_size(buffer.capacity());
  EXPECT_EQ(buffer.size(), std::size_t{1} << 20);
}

}  // namespace
}  // namespace boostburn
