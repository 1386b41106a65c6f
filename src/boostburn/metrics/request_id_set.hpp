// The set of requestIds already counted for a day, kept as 128-bit hashes.
//
// A compact open-addressing table of XXH3-128 hashes, not strings: a day of a
// busy account is millions of ids. Two distinct ids share a hash with
// probability ~2^-128 per pair, which is taken as never.
//
// The table is an ordered linear-probing table (Amble and Knuth's "ordered
// hash tables"): a hash's home slot is its high bits scaled to the table, and
// insertion keeps the occupied slots in ascending hash order. The slots can
// therefore be read out sorted, as the request-id file stores them, with no
// sort and no copy: the set is the only per-record memory a day needs. It is
// 16 bytes a slot, between 1/2 and 3/4 full (it grows by half when 3/4 full),
// so 21 to 32 bytes an id. Owns its memory; only std::bad_alloc can escape.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace boostburn {

struct RequestIdHash {
  std::uint64_t high = 0;
  std::uint64_t low = 0;

  friend auto operator<=>(const RequestIdHash&, const RequestIdHash&) = default;
  friend bool operator==(const RequestIdHash&, const RequestIdHash&) = default;
};

RequestIdHash hash_request_id(std::string_view request_id);

class RequestIdSet {
 public:
  // Reads a set's hashes in ascending order. Valid while the set is not changed.
  class SortedCursor {
   public:
    // The next hash into `out`; false when there are no more.
    bool next(RequestIdHash& out);

   private:
    friend class RequestIdSet;
    SortedCursor(const RequestIdSet& set) : m_set(&set), m_zero_pending(set.m_has_zero) {}
    const RequestIdSet* m_set;
    std::size_t m_slot = 0;
    bool m_zero_pending;
  };

  // True when the id (or hash) was not in the set before.
  bool insert(std::string_view request_id) { return insert(hash_request_id(request_id)); }
  bool insert(RequestIdHash hash);
  [[nodiscard]] bool contains(std::string_view request_id) const {
    return contains(hash_request_id(request_id));
  }
  [[nodiscard]] bool contains(RequestIdHash hash) const;

  void merge(const RequestIdSet& other);
  [[nodiscard]] std::size_t size() const { return m_size; }
  [[nodiscard]] bool empty() const { return m_size == 0; }
  // Every hash in ascending order, for persisting the set (e.g. with a day's
  // snapshot) and loading it back with insert(RequestIdHash).
  [[nodiscard]] SortedCursor sorted() const { return SortedCursor(*this); }
  // The same as a vector (a copy: for tests and small sets).
  [[nodiscard]] std::vector<RequestIdHash> sorted_hashes() const;

 private:
  [[nodiscard]] std::size_t home_of(const RequestIdHash& hash) const;
  // Rebuilds the table with at least `buckets` home slots.
  void rebuild(std::size_t buckets);

  // m_buckets home slots, then an overflow tail for the clusters that run
  // past the last home slot. All-zero = empty slot.
  std::vector<RequestIdHash> m_slots;
  std::size_t m_buckets = 0;
  std::size_t m_size = 0;   // hashes held, including the all-zero one
  bool m_has_zero = false;  // the all-zero hash, which cannot sit in a slot
};

}  // namespace boostburn
