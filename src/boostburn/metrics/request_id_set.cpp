#include "boostburn/metrics/request_id_set.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>
#include <new>
#include <utility>

#include <sanitizer/asan_interface.h>
#include <sys/mman.h>
#include <unistd.h>
#include <xxhash.h>

namespace boostburn {
namespace {

constexpr RequestIdHash k_zero{};
// The recent table holds at most max(this, array size / k_recent_share).
// Each flush moves about the whole array, so an id is moved about
// k_recent_share times in all, and below k_min_recent * k_recent_share ids,
// once per k_min_recent inserts. From 16,384 and 1/32 to these, inserting
// 300,000 random hashes went from 29.2 to 21.4 ms, 3,000,000 from 574 to
// 339 ms (best of 5), for about 3.5 bytes an id more at the peak (the
// table: 16-byte slots at least half full, up to 4 bytes an id instead of 1;
// during a flush, the copy of the recent hashes: up to 2 bytes instead of 0.5).
constexpr std::size_t k_min_recent = 65536;
constexpr std::size_t k_recent_share = 8;
// About this many array hashes per directory bucket.
constexpr std::size_t k_hashes_per_bucket = 8;

unsigned bucket_of(const RequestIdHash& hash, unsigned bits) {
  return bits == 0 ? 0U : static_cast<unsigned>(hash.high >> (64U - bits));
}

// The array lives in an anonymous mapping of its own, grown with mremap: its
// pages move, nothing is copied and no old copy stays resident. realloc does
// that only for blocks malloc chose to map, which glibc stops doing for
// blocks under the size of the largest one freed so far (its dynamic mmap
// threshold): growing in the heap then left the old arrays resident, about
// 16 more bytes an id at the peak (make bench, 1.8 KB records).
std::size_t mapped_bytes(std::size_t hashes) {
  static const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  return (hashes * sizeof(RequestIdHash) + page - 1) / page * page;
}

// Under ASan, the bytes of the last page past the array are poisoned, as a
// malloc'd array's end would be; unpoisoned before the pages move or go.
void poison_tail(RequestIdHash* array, std::size_t hashes) {
  ASAN_POISON_MEMORY_REGION(array + hashes, mapped_bytes(hashes) - hashes * sizeof(RequestIdHash));
}

void unpoison(RequestIdHash* array, std::size_t hashes) {
  ASAN_UNPOISON_MEMORY_REGION(array, mapped_bytes(hashes));
}

RequestIdHash* map_array(RequestIdHash* old, std::size_t old_hashes, std::size_t hashes) {
  if (old != nullptr) {
    unpoison(old, old_hashes);
  }
  void* mapped = old == nullptr ? ::mmap(nullptr, mapped_bytes(hashes), PROT_READ | PROT_WRITE,
                                         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
                                : ::mremap(old, mapped_bytes(old_hashes), mapped_bytes(hashes),
                                           MREMAP_MAYMOVE);
  if (mapped == MAP_FAILED) {
    if (old != nullptr) {
      poison_tail(old, old_hashes);  // still the array
    }
    throw std::bad_alloc();
  }
  auto* array = static_cast<RequestIdHash*>(mapped);
  poison_tail(array, hashes);
  return array;
}

void unmap_array(RequestIdHash* array, std::size_t hashes) noexcept {
  if (array != nullptr) {
    unpoison(array, hashes);
    ::munmap(array, mapped_bytes(hashes));
  }
}

}  // namespace

RequestIdHash hash_request_id(std::string_view request_id) {
  const XXH128_hash_t hash = XXH3_128bits(request_id.data(), request_id.size());
  return RequestIdHash{hash.high64, hash.low64};
}

RequestIdSet::RequestIdSet(const RequestIdSet& other)
    : m_directory(other.m_directory),
      m_directory_bits(other.m_directory_bits),
      m_recent(other.m_recent),
      m_has_zero(other.m_has_zero) {
  if (other.m_array_size > 0) {
    m_array = map_array(nullptr, 0, other.m_array_size);
    std::memcpy(m_array, other.m_array, other.m_array_size * sizeof(RequestIdHash));
    m_array_size = other.m_array_size;
  }
}

RequestIdSet& RequestIdSet::operator=(const RequestIdSet& other) {
  if (this != &other) {
    RequestIdSet copy(other);
    *this = std::move(copy);
  }
  return *this;
}

RequestIdSet::RequestIdSet(RequestIdSet&& other) noexcept
    : m_array(std::exchange(other.m_array, nullptr)),
      m_array_size(std::exchange(other.m_array_size, 0)),
      m_directory(std::move(other.m_directory)),
      m_directory_bits(std::exchange(other.m_directory_bits, 0)),
      m_recent(std::move(other.m_recent)),
      m_has_zero(std::exchange(other.m_has_zero, false)) {
  other.m_directory.clear();
  other.m_recent = OrderedHashTable();
}

RequestIdSet& RequestIdSet::operator=(RequestIdSet&& other) noexcept {
  if (this != &other) {
    release();
    m_array = std::exchange(other.m_array, nullptr);
    m_array_size = std::exchange(other.m_array_size, 0);
    m_directory = std::move(other.m_directory);
    other.m_directory.clear();
    m_directory_bits = std::exchange(other.m_directory_bits, 0);
    m_recent = std::move(other.m_recent);
    other.m_recent = OrderedHashTable();
    m_has_zero = std::exchange(other.m_has_zero, false);
  }
  return *this;
}

RequestIdSet::~RequestIdSet() {
  release();
}

void RequestIdSet::release() noexcept {
  unmap_array(m_array, m_array_size);
  m_array = nullptr;
  m_array_size = 0;
}

bool RequestIdSet::insert(RequestIdHash hash) {
  if (hash == k_zero) {
    const bool inserted = !m_has_zero;
    m_has_zero = true;
    return inserted;
  }
  if (array_contains(hash) || !m_recent.insert(hash)) {
    return false;
  }
  if (m_recent.size() >= std::max(k_min_recent, m_array_size / k_recent_share)) {
    flush_recent();
  }
  return true;
}

bool RequestIdSet::contains(RequestIdHash hash) const {
  if (hash == k_zero) {
    return m_has_zero;
  }
  return m_recent.contains(hash) || array_contains(hash);
}

void RequestIdSet::prefetch(const RequestIdHash& hash) const {
  m_recent.prefetch(hash);
  if (m_array_size != 0) {
    // The bucket's middle, where the binary search looks first.
    const std::size_t middle =
        m_directory[bucket_of(hash, m_directory_bits)] + k_hashes_per_bucket / 2;
    __builtin_prefetch(m_array + std::min(middle, m_array_size - 1));
  }
}

bool RequestIdSet::array_contains(const RequestIdHash& hash) const {
  if (m_array_size == 0) {
    return false;
  }
  const unsigned bucket = bucket_of(hash, m_directory_bits);
  const RequestIdHash* first = m_array + m_directory[bucket];
  const RequestIdHash* last = m_array + m_directory[bucket + 1];
  const RequestIdHash* found = std::lower_bound(first, last, hash);
  return found != last && *found == hash;
}

void RequestIdSet::flush_recent() {
  const std::size_t added = m_recent.size();
  if (added == 0) {
    return;
  }
  const std::size_t total = m_array_size + added;
  if (total > std::numeric_limits<std::uint32_t>::max()) {
    throw std::bad_alloc();  // four billion ids in a day: beyond any real account
  }
  // Whatever can fail comes first, while the set is as it was: the copy of
  // the recent hashes, the new directory, the array's growth. A failure
  // after the merge had begun would leave a directory that no longer fits
  // the array, and hashes in it that lookups miss.
  std::vector<RequestIdHash> recent;
  recent.reserve(added);
  RequestIdHash hash;
  for (std::size_t slot = m_recent.next_occupied(0, hash); slot < m_recent.slot_count();
       slot = m_recent.next_occupied(slot + 1, hash)) {
    recent.push_back(hash);
  }
  const unsigned bits = directory_bits_for(total);
  std::vector<std::uint32_t> directory((std::size_t{1} << bits) + 1);
  // Moves the pages, never copies them: growing never holds the old and the
  // new array at once.
  m_array = map_array(m_array, m_array_size, total);
  // Merge from the back, in place: the array's free tail fills from the end.
  std::size_t from_array = m_array_size;
  std::size_t from_recent = added;
  for (std::size_t to = total; from_recent > 0;) {
    if (from_array > 0 && m_array[from_array - 1] > recent[from_recent - 1]) {
      m_array[--to] = m_array[--from_array];
    } else {
      m_array[--to] = recent[--from_recent];
    }
  }
  m_array_size = total;
  m_recent.clear();
  fill_directory(directory, bits);
  m_directory.swap(directory);
  m_directory_bits = bits;
}

unsigned RequestIdSet::directory_bits_for(std::size_t hashes) {
  const std::size_t wanted_buckets = std::max<std::size_t>(1, hashes / k_hashes_per_bucket);
  return static_cast<unsigned>(std::bit_width(wanted_buckets) - 1);
}

void RequestIdSet::fill_directory(std::vector<std::uint32_t>& directory,
                                  unsigned bits) const noexcept {
  const std::size_t buckets = directory.size() - 1;
  std::size_t index = 0;
  for (std::size_t bucket = 0; bucket < buckets; ++bucket) {
    directory[bucket] = static_cast<std::uint32_t>(index);
    while (index < m_array_size && bucket_of(m_array[index], bits) == bucket) {
      ++index;
    }
  }
  directory[buckets] = static_cast<std::uint32_t>(m_array_size);
}

void RequestIdSet::merge(const RequestIdSet& other) {
  if (other.empty()) {
    return;
  }
  if (empty()) {
    *this = other;
    return;
  }
  // Both sets read out in ascending order: their union is built in one pass.
  AscendingBuilder both(size() + other.size());
  SortedCursor mine = sorted();
  SortedCursor theirs = other.sorted();
  RequestIdHash a;
  RequestIdHash b;
  bool more_a = mine.next(a);
  bool more_b = theirs.next(b);
  while (more_a || more_b) {
    if (more_a && (!more_b || a < b)) {
      both.add(a);
      more_a = mine.next(a);
    } else {
      if (more_a && a == b) {
        more_a = mine.next(a);
      }
      both.add(b);
      more_b = theirs.next(b);
    }
  }
  *this = both.build();
}

RequestIdSet::AscendingBuilder::AscendingBuilder(std::size_t expected) {
  if (expected > 0) {
    m_array = map_array(nullptr, 0, expected);
    m_capacity = expected;
  }
}

RequestIdSet::AscendingBuilder::~AscendingBuilder() {
  unmap_array(m_array, m_capacity);
}

bool RequestIdSet::AscendingBuilder::add(const RequestIdHash& hash) {
  if (hash == k_zero) {
    // The smallest hash: only ever first.
    const bool first = m_size == 0 && !m_has_zero;
    m_has_zero = m_has_zero || first;
    return first;
  }
  if (m_size > 0 && !(m_array[m_size - 1] < hash)) {
    return false;
  }
  if (m_size >= std::numeric_limits<std::uint32_t>::max()) {
    throw std::bad_alloc();  // as flush_recent: beyond any real account (and the directory)
  }
  if (m_size == m_capacity) {
    const std::size_t grown = std::max<std::size_t>(1024, m_capacity * 2);
    m_array = map_array(m_array, m_capacity, grown);
    m_capacity = grown;
  }
  m_array[m_size++] = hash;
  return true;
}

RequestIdSet RequestIdSet::AscendingBuilder::build() {
  RequestIdSet set;
  std::vector<std::uint32_t> directory;
  unsigned bits = 0;
  if (m_size > 0) {
    bits = directory_bits_for(m_size);
    directory.resize((std::size_t{1} << bits) + 1);
    if (m_capacity != m_size) {
      // Give back the room never used (the mapping shrinks in place).
      m_array = map_array(m_array, m_capacity, m_size);
      m_capacity = m_size;
    }
    set.m_array = std::exchange(m_array, nullptr);
    set.m_array_size = std::exchange(m_size, 0);
    m_capacity = 0;
    set.fill_directory(directory, bits);
  }
  set.m_directory.swap(directory);
  set.m_directory_bits = bits;
  set.m_has_zero = std::exchange(m_has_zero, false);
  return set;
}

RequestIdSet::SortedCursor::SortedCursor(const RequestIdSet& set)
    : m_set(&set), m_zero_pending(set.m_has_zero) {
  m_recent_slot = set.m_recent.next_occupied(0, m_recent_head);
}

bool RequestIdSet::SortedCursor::next(RequestIdHash& out) {
  if (m_zero_pending) {
    m_zero_pending = false;
    out = k_zero;
    return true;
  }
  const bool array_left = m_array_index < m_set->m_array_size;
  const bool recent_left = m_recent_slot < m_set->m_recent.slot_count();
  if (!array_left && !recent_left) {
    return false;
  }
  // The two levels never hold the same hash: take the smaller head.
  if (array_left && (!recent_left || m_set->m_array[m_array_index] < m_recent_head)) {
    out = m_set->m_array[m_array_index++];
  } else {
    out = m_recent_head;
    m_recent_slot = m_set->m_recent.next_occupied(m_recent_slot + 1, m_recent_head);
  }
  return true;
}

std::vector<RequestIdHash> RequestIdSet::sorted_hashes() const {
  std::vector<RequestIdHash> hashes;
  hashes.reserve(size());
  SortedCursor cursor = sorted();
  for (RequestIdHash hash; cursor.next(hash);) {
    hashes.push_back(hash);
  }
  return hashes;
}

}  // namespace boostburn
