// The set of requestIds already counted for a day, kept as 128-bit hashes
// (request_id_hash.hpp), not strings: a day of a busy account is millions of
// ids.
//
// Two levels, so that the set costs little more than 16 bytes an id (16 to
// 20 at rest, up to about 22 during a flush): a
// sorted array of every hash but the most recent ones (exactly 16 bytes each,
// grown in place with mremap, found through a directory of the hashes' top
// bits), and a small ordered hash table of the recent ones (at most 1/8 of
// the array, at least 65,536). When the table is full it is merged into the
// array from the back, in place. Both levels read out in ascending order, so
// the set is written sorted (the request-id file's layout) without a sort or
// a copy. Owns its memory; only std::bad_alloc can escape, and it leaves the
// set as it was, but for the hash being inserted, which may or may not be in.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "boostburn/metrics/ordered_hash_table.hpp"
#include "boostburn/metrics/request_id_hash.hpp"

namespace boostburn {

class RequestIdSet {
 public:
  // Reads a set's hashes in ascending order. Valid while the set is not changed.
  class SortedCursor {
   public:
    // The next hash into `out`; false when there are no more.
    bool next(RequestIdHash& out);

   private:
    friend class RequestIdSet;
    explicit SortedCursor(const RequestIdSet& set);
    const RequestIdSet* m_set;
    bool m_zero_pending;
    std::size_t m_array_index = 0;
    std::size_t m_recent_slot = 0;
    RequestIdHash m_recent_head;  // valid while m_recent_slot < the table's slot count
  };

  // Builds a set from hashes given in ascending order, as sorted() reads
  // them out (a request-id file), in one pass straight into the sorted array.
  // insert() must not be used for that: ascending hashes all land in one
  // cluster of the recent table, each after all the others, which takes
  // quadratic time (300,000 ids: seven seconds). Owns what it has built until
  // build(); only std::bad_alloc can escape.
  class AscendingBuilder {
   public:
    // `expected`: how many hashes will come (a hint: room for them up front).
    explicit AscendingBuilder(std::size_t expected = 0);
    ~AscendingBuilder();
    AscendingBuilder(const AscendingBuilder&) = delete;
    AscendingBuilder& operator=(const AscendingBuilder&) = delete;

    // Adds `hash`; false, and nothing added, unless it is greater than every
    // hash added before (so a repeat or a step back is refused).
    bool add(const RequestIdHash& hash);
    // The set of the hashes added; the builder is left empty.
    RequestIdSet build();

   private:
    RequestIdHash* m_array = nullptr;  // mapped for m_capacity hashes
    std::size_t m_size = 0;
    std::size_t m_capacity = 0;
    bool m_has_zero = false;
  };

  RequestIdSet() = default;
  RequestIdSet(const RequestIdSet& other);
  RequestIdSet& operator=(const RequestIdSet& other);
  RequestIdSet(RequestIdSet&& other) noexcept;
  RequestIdSet& operator=(RequestIdSet&& other) noexcept;
  ~RequestIdSet();

  // True when the id (or hash) was not in the set before.
  bool insert(std::string_view request_id) { return insert(hash_request_id(request_id)); }
  bool insert(RequestIdHash hash);
  [[nodiscard]] bool contains(std::string_view request_id) const {
    return contains(hash_request_id(request_id));
  }
  [[nodiscard]] bool contains(RequestIdHash hash) const;
  // A hint: starts loading the memory a later insert() or contains() of
  // `hash` reads. A large set is mostly cache misses, one after another;
  // prefetching a few hashes ahead of the inserts overlaps them.
  void prefetch(const RequestIdHash& hash) const;

  // Adds every hash of `other`: in one pass over both sets (a sorted union,
  // never one insert() per hash: see AscendingBuilder), or a copy of `other`
  // when this set is empty.
  void merge(const RequestIdSet& other);
  [[nodiscard]] std::size_t size() const {
    return m_array_size + m_recent.size() + (m_has_zero ? 1 : 0);
  }
  [[nodiscard]] bool empty() const { return size() == 0; }
  // Every hash in ascending order, for persisting the set (e.g. with a day's
  // snapshot) and loading it back with AscendingBuilder.
  [[nodiscard]] SortedCursor sorted() const { return SortedCursor(*this); }
  // The same as a vector (a copy: for tests and small sets).
  [[nodiscard]] std::vector<RequestIdHash> sorted_hashes() const;

 private:
  [[nodiscard]] bool array_contains(const RequestIdHash& hash) const;
  // The directory's size in bits for an array of `hashes`.
  [[nodiscard]] static unsigned directory_bits_for(std::size_t hashes);
  // Merges the recent table into the array and rebuilds the directory; on
  // std::bad_alloc the set is as it was.
  void flush_recent();
  // `directory` (2^bits + 1 entries) for the array as it is.
  void fill_directory(std::vector<std::uint32_t>& directory, unsigned bits) const noexcept;
  void release() noexcept;

  RequestIdHash* m_array = nullptr;  // its own mapping, grown with mremap: never copied
  std::size_t m_array_size = 0;
  // m_directory[b] is the index of the first array hash whose top
  // m_directory_bits bits are >= b; one entry past the last bucket.
  std::vector<std::uint32_t> m_directory;
  unsigned m_directory_bits = 0;
  OrderedHashTable m_recent;
  bool m_has_zero = false;  // the all-zero hash, which the table cannot hold
};

}  // namespace boostburn
