// Hot-path usage counters keyed by interned strings.
//
// A record's region, identity and model are string_views that die with the
// record; interning them once (a hash lookup, no allocation after the first
// time a string is seen) keeps the per-record cost to a few hash lookups.
// flush_into() moves the counters into an Aggregate (one UsageKey built per
// distinct key, not per record). Owns its strings; only std::bad_alloc can
// escape.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "boostburn/metrics/aggregate.hpp"

namespace boostburn {

struct InternedKey {
  std::uint32_t region = 0;
  std::uint32_t identity = 0;
  std::uint32_t model = 0;
  bool long_context = false;

  friend bool operator==(const InternedKey&, const InternedKey&) = default;
};

struct InternedKeyHash {
  std::size_t operator()(const InternedKey& key) const;
};

class UsageTable {
 public:
  // The id of `text`, stable for the table's life.
  std::uint32_t intern(std::string_view text);
  [[nodiscard]] const std::string& text(std::uint32_t id) const { return *m_texts[id]; }

  void add(const InternedKey& key, const Counters& counters) { m_counters[key] += counters; }
  // Adds every row to `aggregate` and empties the counters (interned strings stay).
  void flush_into(Aggregate& aggregate);

 private:
  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const {
      return std::hash<std::string_view>{}(text);
    }
  };
  std::unordered_map<std::string, std::uint32_t, TextHash, std::equal_to<>> m_ids;
  std::vector<const std::string*> m_texts;  // id -> text (map nodes never move)
  std::unordered_map<InternedKey, Counters, InternedKeyHash> m_counters;
};

// One field's last interned text. Records in a row mostly repeat their
// region, model and often identity; comparing with the last text is cheaper
// than hashing it. Owns a copy of the last text.
class InternMemo {
 public:
  std::uint32_t intern(UsageTable& table, std::string_view text) {
    if (!m_valid || text != m_text) {
      m_id = table.intern(text);
      m_text.assign(text);
      m_valid = true;
    }
    return m_id;
  }

 private:
  std::string m_text;
  std::uint32_t m_id = 0;
  bool m_valid = false;
};

}  // namespace boostburn
