#include "boostburn/metrics/request_id_set.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <initializer_list>
#include <limits>
#include <new>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace boostburn {
namespace {

TEST(RequestIdSet, RemembersWhatWasInserted) {
  RequestIdSet set;
  EXPECT_TRUE(set.insert("0f9c1b2a-0000-4000-8000-000000000001"));
  EXPECT_FALSE(set.insert("0f9c1b2a-0000-4000-8000-000000000001"));
  EXPECT_TRUE(set.contains("0f9c1b2a-0000-4000-8000-000000000001"));
  EXPECT_FALSE(set.contains("0f9c1b2a-0000-4000-8000-000000000002"));
  EXPECT_EQ(set.size(), 1U);
}

TEST(RequestIdSet, HoldsManyIdsThroughGrowth) {
  RequestIdSet set;
  for (int i = 0; i < 100000; ++i) {
    ASSERT_TRUE(set.insert("req-" + std::to_string(i)));
  }
  EXPECT_EQ(set.size(), 100000U);
  for (int i = 0; i < 100000; i += 7) {
    ASSERT_FALSE(set.insert("req-" + std::to_string(i)));
  }
  EXPECT_FALSE(set.contains("req-100000"));
}

TEST(RequestIdSet, MergesAndExportsSortedHashes) {
  RequestIdSet a;
  a.insert("x");
  a.insert("y");
  RequestIdSet b;
  b.insert("y");
  b.insert("z");
  b.insert(RequestIdHash{});  // the all-zero hash is a member like any other
  a.merge(b);
  EXPECT_EQ(a.size(), 4U);
  const auto hashes = a.sorted_hashes();
  ASSERT_EQ(hashes.size(), 4U);
  EXPECT_TRUE(std::is_sorted(hashes.begin(), hashes.end()));

  RequestIdSet reloaded;
  for (const RequestIdHash& hash : hashes) {
    reloaded.insert(hash);
  }
  EXPECT_TRUE(reloaded.contains("x"));
  EXPECT_TRUE(reloaded.contains("z"));
  EXPECT_TRUE(reloaded.contains(RequestIdHash{}));
  EXPECT_FALSE(reloaded.contains("w"));
}

std::vector<RequestIdHash> read_cursor(const RequestIdSet& set) {
  std::vector<RequestIdHash> hashes;
  RequestIdSet::SortedCursor cursor = set.sorted();
  for (RequestIdHash hash; cursor.next(hash);) {
    hashes.push_back(hash);
  }
  return hashes;
}

// Insertions in random order, with repeats, through several growths: the set
// answers like std::set and reads out in the same (ascending) order.
TEST(RequestIdSet, AgreesWithStdSetAndReadsOutSorted) {
  std::mt19937_64 random(20261204);
  RequestIdSet set;
  set.prefetch(RequestIdHash{1, 2});  // an empty set has nothing to load
  std::set<RequestIdHash> reference;
  std::vector<RequestIdHash> inserted;
  for (int i = 0; i < 200000; ++i) {
    RequestIdHash hash{random(), random()};
    if (i % 5 == 4) {
      hash = inserted[random() % inserted.size()];  // a repeat
    }
    inserted.push_back(hash);
    set.prefetch(hash);  // a hint, whatever the set's size: changes nothing
    ASSERT_EQ(set.insert(hash), reference.insert(hash).second) << "insert " << i;
  }
  EXPECT_EQ(set.size(), reference.size());
  for (const RequestIdHash& edge :
       {RequestIdHash{~0ULL, ~0ULL}, RequestIdHash{0, 1}, RequestIdHash{}}) {
    set.prefetch(edge);  // the first and last buckets: its directory read stays in bounds (ASan)
    EXPECT_EQ(set.contains(edge), reference.contains(edge));
  }
  for (int i = 0; i < 1000; ++i) {
    const RequestIdHash absent{random(), random()};
    EXPECT_EQ(set.contains(absent), reference.contains(absent));
    EXPECT_TRUE(set.contains(inserted[random() % inserted.size()]));
  }
  const std::vector<RequestIdHash> expected(reference.begin(), reference.end());
  EXPECT_EQ(read_cursor(set), expected);
  EXPECT_EQ(set.sorted_hashes(), expected);
}

RequestIdSet build_ascending(const std::vector<RequestIdHash>& sorted) {
  RequestIdSet::AscendingBuilder builder(sorted.size() / 2);  // a hint too small: it grows
  for (const RequestIdHash& hash : sorted) {
    EXPECT_TRUE(builder.add(hash));
  }
  return builder.build();
}

// A set read back in ascending order (a request-id file) is the set that was
// written, and goes on as a set: lookups, inserts and flushes as before.
TEST(RequestIdSet, AscendingBuilderGivesBackTheSetAndItGoesOn) {
  std::mt19937_64 random(20261206);
  std::set<RequestIdHash> reference{RequestIdHash{}};  // the zero hash too
  while (reference.size() < 150000) {
    reference.insert(RequestIdHash{random(), random()});
  }
  const std::vector<RequestIdHash> sorted(reference.begin(), reference.end());
  RequestIdSet set = build_ascending(sorted);
  EXPECT_EQ(set.size(), reference.size());
  EXPECT_EQ(read_cursor(set), sorted);
  for (std::size_t i = 0; i < sorted.size(); i += 13) {
    ASSERT_TRUE(set.contains(sorted[i])) << i;
  }
  for (const RequestIdHash& edge : {RequestIdHash{~0ULL, ~0ULL}, RequestIdHash{0, 1}}) {
    set.prefetch(edge);
    EXPECT_EQ(set.contains(edge), reference.contains(edge));
  }
  for (int i = 0; i < 100000; ++i) {  // past a flush into the array that was built
    const RequestIdHash hash{random(), random()};
    ASSERT_EQ(set.insert(hash), reference.insert(hash).second) << i;
    ASSERT_FALSE(set.insert(sorted[random() % sorted.size()])) << i;
  }
  EXPECT_EQ(read_cursor(set), std::vector<RequestIdHash>(reference.begin(), reference.end()));

  RequestIdSet::AscendingBuilder nothing;
  EXPECT_TRUE(nothing.build().empty());
  RequestIdSet only_zero = build_ascending({RequestIdHash{}});
  EXPECT_EQ(only_zero.size(), 1U);
  EXPECT_TRUE(only_zero.contains(RequestIdHash{}));
  EXPECT_FALSE(only_zero.contains(RequestIdHash{0, 1}));
}

// Anything but a step up is refused and changes nothing: a repeat, a step
// back, and the zero hash (the smallest) after any other.
TEST(RequestIdSet, AscendingBuilderTakesOnlyStepsUp) {
  RequestIdSet::AscendingBuilder builder;
  EXPECT_TRUE(builder.add(RequestIdHash{}));
  EXPECT_FALSE(builder.add(RequestIdHash{}));
  EXPECT_TRUE(builder.add(RequestIdHash{5, 0}));
  EXPECT_FALSE(builder.add(RequestIdHash{5, 0}));
  EXPECT_FALSE(builder.add(RequestIdHash{4, 9}));
  EXPECT_FALSE(builder.add(RequestIdHash{}));
  EXPECT_TRUE(builder.add(RequestIdHash{5, 1}));
  const RequestIdSet set = builder.build();
  EXPECT_EQ(set.sorted_hashes(), (std::vector<RequestIdHash>{RequestIdHash{}, RequestIdHash{5, 0},
                                                             RequestIdHash{5, 1}}));
  EXPECT_TRUE(builder.build().empty());  // the builder gave everything away
}

// merge() is the union, whatever each side holds: overlapping sets (both
// levels of each, the zero hash on either side), an empty side, itself.
TEST(RequestIdSet, MergeIsTheUnion) {
  std::mt19937_64 random(20261207);
  std::vector<RequestIdHash> shared;
  for (int i = 0; i < 20000; ++i) {
    shared.push_back(RequestIdHash{random(), random()});
  }
  for (const bool zero_in_a : {false, true}) {
    RequestIdSet a;
    RequestIdSet b;
    std::set<RequestIdHash> reference;
    const auto add = [&](RequestIdSet& set, const RequestIdHash& hash) {
      set.insert(hash);
      reference.insert(hash);
    };
    for (int i = 0; i < 90000; ++i) {  // past a flush: a has an array and a recent table
      add(a, RequestIdHash{random(), random()});
    }
    for (int i = 0; i < 30000; ++i) {
      add(b, RequestIdHash{random(), random()});
    }
    for (const RequestIdHash& hash : shared) {
      add(a, hash);
      add(b, hash);
    }
    add(zero_in_a ? a : b, RequestIdHash{});
    a.merge(b);
    const std::vector<RequestIdHash> expected(reference.begin(), reference.end());
    EXPECT_EQ(a.size(), expected.size());
    EXPECT_EQ(read_cursor(a), expected);
    for (std::size_t i = 0; i < expected.size(); i += 11) {
      ASSERT_TRUE(a.contains(expected[i])) << i;
    }
    a.merge(a);
    a.merge(RequestIdSet());
    EXPECT_EQ(read_cursor(a), expected);
    RequestIdSet empty;
    empty.merge(a);
    EXPECT_EQ(read_cursor(empty), expected);
    EXPECT_TRUE(empty.insert(RequestIdHash{1, 1}) != reference.contains(RequestIdHash{1, 1}));
  }
}

// Past 65,536 ids the recent table is flushed at an eighth of the array:
// through many flushes of either kind, nothing is lost or counted twice.
TEST(RequestIdSet, StaysASetThroughManyFlushes) {
  std::mt19937_64 random(20261205);
  RequestIdSet set;
  std::vector<RequestIdHash> inserted;
  constexpr std::size_t k_ids = 700000;
  inserted.reserve(k_ids);
  for (std::size_t i = 0; i < k_ids; ++i) {
    inserted.push_back(RequestIdHash{random() | 1U, random()});
    set.prefetch(inserted.back());
    ASSERT_TRUE(set.insert(inserted.back())) << i;
    if (i % 1000 == 999) {
      ASSERT_FALSE(set.insert(inserted[random() % inserted.size()])) << i;
    }
  }
  EXPECT_EQ(set.size(), k_ids);
  for (std::size_t i = 0; i < k_ids; i += 97) {
    EXPECT_TRUE(set.contains(inserted[i])) << i;
  }
  std::sort(inserted.begin(), inserted.end());
  EXPECT_EQ(read_cursor(set), inserted);
}

// Hashes crafted to share one home slot (the first or the last) pile up in
// one cluster that runs past the table's end: still a set, still sorted.
TEST(RequestIdSet, HashesSharingAHomeStayCorrect) {
  RequestIdSet set;
  std::set<RequestIdHash> reference;
  for (std::uint64_t i = 3000; i > 0; --i) {
    for (const RequestIdHash hash : {RequestIdHash{std::numeric_limits<std::uint64_t>::max(), i},
                                     RequestIdHash{0, i}, RequestIdHash{i, 0}}) {
      ASSERT_TRUE(set.insert(hash));
      reference.insert(hash);
    }
  }
  // Enough random ones besides to move everything into the sorted array.
  std::mt19937_64 random(7);
  for (int i = 0; i < 40000; ++i) {
    const RequestIdHash hash{random(), random()};
    ASSERT_EQ(set.insert(hash), reference.insert(hash).second);
  }
  ASSERT_FALSE(set.insert(RequestIdHash{std::numeric_limits<std::uint64_t>::max(), 17}));
  ASSERT_FALSE(set.insert(RequestIdHash{0, 17}));
  EXPECT_TRUE(set.contains(RequestIdHash{std::numeric_limits<std::uint64_t>::max(), 1}));
  EXPECT_FALSE(set.contains(RequestIdHash{std::numeric_limits<std::uint64_t>::max(), 3001}));
  EXPECT_EQ(set.size(), reference.size());
  EXPECT_EQ(read_cursor(set), std::vector<RequestIdHash>(reference.begin(), reference.end()));
}

TEST(RequestIdSet, CopiesAndMovesKeepEveryHash) {
  RequestIdSet original;
  for (int i = 0; i < 50000; ++i) {  // past the first merges into the sorted array
    original.insert("req-" + std::to_string(i));
  }
  original.insert(RequestIdHash{});
  const RequestIdSet copy = original;  // NOLINT(performance-unnecessary-copy-initialization)
  EXPECT_EQ(copy.size(), 50001U);
  EXPECT_EQ(copy.sorted_hashes(), original.sorted_hashes());
  RequestIdSet moved = std::move(original);
  EXPECT_EQ(moved.size(), 50001U);
  EXPECT_TRUE(moved.contains("req-49999"));
  EXPECT_TRUE(moved.contains("req-0"));
  EXPECT_TRUE(moved.contains(RequestIdHash{}));
  RequestIdSet assigned;
  assigned.insert("other");
  assigned = copy;
  EXPECT_EQ(assigned.sorted_hashes(), copy.sorted_hashes());
  EXPECT_FALSE(assigned.contains("other"));
}

TEST(RequestIdSet, CursorStartsWithTheZeroHashAndEndsEmptyHanded) {
  RequestIdSet set;
  EXPECT_TRUE(read_cursor(set).empty());
  set.insert(RequestIdHash{5, 5});
  set.insert(RequestIdHash{});
  set.insert(RequestIdHash{1, 9});
  const std::vector<RequestIdHash> expected{RequestIdHash{}, RequestIdHash{1, 9},
                                            RequestIdHash{5, 5}};
  EXPECT_EQ(read_cursor(set), expected);
}

// The address space this process has mapped, in bytes (/proc/self/statm).
std::size_t mapped_bytes() {
  FILE* statm = std::fopen("/proc/self/statm", "r");
  unsigned long pages = 0;
  if (statm != nullptr) {
    if (std::fscanf(statm, "%lu", &pages) != 1) {
      pages = 0;
    }
    std::fclose(statm);
  }
  return pages * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

// Defined when a sanitizer with its own allocator is linked in (LeakSanitizer
// comes with AddressSanitizer): that allocator aborts the process at an
// address-space limit instead of failing the allocation.
extern "C" {
__attribute__((weak)) void __lsan_do_leak_check();
__attribute__((weak)) void __tsan_init();
__attribute__((weak)) void __msan_init();
}

bool sanitizer_allocator_linked() {
  return __lsan_do_leak_check != nullptr || __tsan_init != nullptr || __msan_init != nullptr;
}

// An address-space limit `headroom` bytes above what is mapped now, lifted
// when it goes out of scope (for a child process: the limit is per process).
class AddressSpaceLimit {
 public:
  explicit AddressSpaceLimit(std::size_t headroom) {
    ::getrlimit(RLIMIT_AS, &m_original);
    rlimit limited = m_original;
    limited.rlim_cur = mapped_bytes() + headroom;
    m_set = ::setrlimit(RLIMIT_AS, &limited) == 0;
  }
  ~AddressSpaceLimit() { lift(); }
  AddressSpaceLimit(const AddressSpaceLimit&) = delete;
  AddressSpaceLimit& operator=(const AddressSpaceLimit&) = delete;

  [[nodiscard]] bool set() const { return m_set; }
  void lift() {
    if (m_set) {
      ::setrlimit(RLIMIT_AS, &m_original);
      m_set = false;
    }
  }

 private:
  rlimit m_original{};
  bool m_set = false;
};

// Runs `check` at each headroom (KiB) in a child process, so that each runs
// out of memory at a different step of a set's growth, and returns the first
// problem it reports ("" when there was none).
std::string at_every_headroom(const std::function<std::string(std::size_t)>& check,
                              std::initializer_list<std::size_t> headrooms_kib = {
                                  1024, 2048, 3072, 4096, 5120, 6144, 8192, 10240, 12288, 16384}) {
  int pipe_ends[2];
  if (::pipe(pipe_ends) != 0) {
    return "pipe failed";
  }
  const pid_t child = ::fork();
  if (child < 0) {
    return "fork failed";
  }
  if (child == 0) {
    ::close(pipe_ends[0]);
    std::string problem;
    for (const std::size_t kib : headrooms_kib) {
      problem = check(kib << 10);
      if (!problem.empty()) {
        problem = "with " + std::to_string(kib) + " KiB more: " + problem;
        break;
      }
    }
    if (!problem.empty()) {
      [[maybe_unused]] const auto written = ::write(pipe_ends[1], problem.data(), problem.size());
    }
    ::_exit(problem.empty() ? 0 : 1);
  }
  ::close(pipe_ends[1]);
  std::string problem;
  char buffer[256];
  for (ssize_t got; (got = ::read(pipe_ends[0], buffer, sizeof buffer)) > 0;) {
    problem.append(buffer, static_cast<std::size_t>(got));
  }
  ::close(pipe_ends[0]);
  int status = 0;
  if (::waitpid(child, &status, 0) != child) {
    return "waitpid failed";
  }
  if (problem.empty() && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
    return "the child died (status " + std::to_string(status) + ")";
  }
  return problem;
}

// Inserts into `set` until memory runs out under an address-space limit
// `headroom` bytes above what is mapped: the set's growth (malloc for its
// recent table and directory, mmap/mremap for its array) fails somewhere.
// Every id inserted before must still be there, and once the limit is lifted
// the set goes on growing. Returns what went wrong, or "" (run in a child:
// the limit is per process).
std::string fill_until_memory_runs_out(std::size_t headroom) {
  RequestIdSet set;
  int inserted = 0;
  for (; inserted < 200000; ++inserted) {
    set.insert("before-" + std::to_string(inserted));
  }
  AddressSpaceLimit limit(headroom);
  if (!limit.set()) {
    return "setrlimit failed";
  }
  bool ran_out = false;
  try {
    for (; inserted < 5'000'000; ++inserted) {
      set.insert("before-" + std::to_string(inserted));
    }
  } catch (const std::bad_alloc&) {
    ran_out = true;
  }
  limit.lift();
  if (!ran_out) {
    return "5,000,000 ids fitted in " + std::to_string(headroom) + " bytes more";
  }
  // The id being inserted when memory ran out may or may not be in.
  for (int i = 0; i < inserted; ++i) {
    if (!set.contains("before-" + std::to_string(i))) {
      return "lost id " + std::to_string(i) + " of " + std::to_string(inserted);
    }
  }
  for (int i = 0; i < 100000; ++i) {
    if (!set.insert("after-" + std::to_string(i))) {
      return "a new id was taken for a known one";
    }
  }
  RequestIdHash previous{};
  std::size_t read = 0;
  RequestIdSet::SortedCursor cursor = set.sorted();
  for (RequestIdHash hash; cursor.next(hash); ++read) {
    if (read > 0 && !(previous < hash)) {
      return "not sorted after the failure";
    }
    previous = hash;
  }
  if (read != set.size() || read < static_cast<std::size_t>(inserted) + 100000) {
    return "read " + std::to_string(read) + " hashes of " + std::to_string(set.size());
  }
  return "";
}

TEST(RequestIdSet, RunningOutOfMemoryWhileGrowingLosesNothing) {
  if (sanitizer_allocator_linked()) {
    GTEST_SKIP() << "a sanitizer's allocator aborts at an address-space limit";
  }
  EXPECT_EQ(at_every_headroom(fill_until_memory_runs_out), "");
}

// A merge that runs out of memory leaves both sets as they were; once memory
// is back, the same merge gives the union (as does a merge that fitted).
std::string merge_until_memory_runs_out(std::size_t headroom) {
  RequestIdSet mine;
  RequestIdSet theirs;
  // 1,200,000 ids in all: the union's array (19 MB) fits no headroom tried.
  for (int i = 0; i < 600000; ++i) {
    mine.insert("mine-" + std::to_string(i));
    theirs.insert("theirs-" + std::to_string(i));
  }
  for (int i = 0; i < 1000; ++i) {
    theirs.insert("mine-" + std::to_string(i));  // in both
  }
  const std::vector<RequestIdHash> mine_before = mine.sorted_hashes();
  const std::vector<RequestIdHash> theirs_before = theirs.sorted_hashes();
  AddressSpaceLimit limit(headroom);
  if (!limit.set()) {
    return "setrlimit failed";
  }
  bool ran_out = false;
  try {
    mine.merge(theirs);
  } catch (const std::bad_alloc&) {
    ran_out = true;
  }
  limit.lift();
  if (!ran_out && headroom < (std::size_t{16} << 20)) {
    return "the merge fitted";  // the union's array alone is 19 MB
  }
  if (ran_out) {
    if (mine.sorted_hashes() != mine_before || theirs.sorted_hashes() != theirs_before) {
      return "a set changed";
    }
    mine.merge(theirs);
  }
  if (mine.size() != 1200000) {
    return "the union holds " + std::to_string(mine.size()) + " ids";
  }
  for (int i = 0; i < 600000; i += 7) {
    if (!mine.contains("theirs-" + std::to_string(i)) ||
        !mine.contains("mine-" + std::to_string(i))) {
      return "the union lacks id " + std::to_string(i);
    }
  }
  return "";
}

TEST(RequestIdSet, AMergeThatRunsOutOfMemoryChangesNothing) {
  if (sanitizer_allocator_linked()) {
    GTEST_SKIP() << "a sanitizer's allocator aborts at an address-space limit";
  }
  // Out of memory for the union's array (19,200,000 bytes), or not at all:
  // what the merge allocates after the array (the directory, a few hundred
  // KB) comes from malloc's free space here, and runs out at no headroom
  // tried from 18,700 to 18,800 KiB.
  EXPECT_EQ(at_every_headroom(merge_until_memory_runs_out, {1024, 8192, 20480}), "");
}

// A builder that runs out of memory keeps every hash it took, and goes on
// once memory is back (loading a day's request-id file).
std::string build_until_memory_runs_out(std::size_t headroom) {
  std::vector<RequestIdHash> hashes;
  hashes.reserve(2'000'000);
  for (int i = 0; i < 2'000'000; ++i) {
    hashes.push_back(hash_request_id("id-" + std::to_string(i)));
  }
  std::sort(hashes.begin(), hashes.end());
  RequestIdSet::AscendingBuilder builder;
  std::size_t added = 0;
  for (; added < 100000; ++added) {
    builder.add(hashes[added]);
  }
  AddressSpaceLimit limit(headroom);
  if (!limit.set()) {
    return "setrlimit failed";
  }
  bool ran_out = false;
  try {
    for (; added < hashes.size(); ++added) {
      builder.add(hashes[added]);
    }
  } catch (const std::bad_alloc&) {
    ran_out = true;
  }
  limit.lift();
  if (!ran_out) {
    return "2,000,000 hashes fitted";
  }
  for (; added < hashes.size(); ++added) {  // the one that failed was not added
    if (!builder.add(hashes[added])) {
      return "hash " + std::to_string(added) + " was refused after the failure";
    }
  }
  const RequestIdSet set = builder.build();
  if (set.sorted_hashes() != hashes) {
    return "the set built holds " + std::to_string(set.size()) + " hashes, not the 2,000,000 added";
  }
  return "";
}

TEST(RequestIdSet, ABuilderThatRunsOutOfMemoryKeepsWhatItTook) {
  if (sanitizer_allocator_linked()) {
    GTEST_SKIP() << "a sanitizer's allocator aborts at an address-space limit";
  }
  EXPECT_EQ(at_every_headroom(build_until_memory_runs_out), "");
}

TEST(RequestIdSet, HashesAre128BitXxh3) {
  EXPECT_NE(hash_request_id("a"), hash_request_id("b"));
  EXPECT_EQ(hash_request_id("a"), hash_request_id(std::string("a")));
  // The empty id is a valid input (records without one never reach the set).
  EXPECT_NE(hash_request_id(""), RequestIdHash{});
}

}  // namespace
}  // namespace boostburn
