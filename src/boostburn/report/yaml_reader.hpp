// Checked reading of a parsed YAML document (yaml_tree.hpp), for the snapshot loader.
//
// Every accessor either returns a value of the expected type or throws
// SnapshotFormatError with a message naming the source file, the line and the
// key path ("state/x.yaml: line 12: metrics.by_usage_key[3].requests:
// expected a non-negative integer, got '1.5'"). The exception never leaves
// report/: parse_snapshot_yaml turns it into an Error at the module boundary.
// Strings (texts and map keys) come back as valid UTF-8: bytes that are not
// are U+FFFD, as the writer would write them, so a loaded snapshot renders
// to the same bytes (and sorts the same) the next time it is loaded.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "boostburn/util/result.hpp"
#include "boostburn/yaml/yaml_tree.hpp"

namespace boostburn {

class SnapshotFormatError : public std::runtime_error {
 public:
  SnapshotFormatError(ErrorKind kind, const std::string& message)
      : std::runtime_error(message), m_kind(kind) {}
  [[nodiscard]] ErrorKind kind() const { return m_kind; }

 private:
  ErrorKind m_kind;
};

class YamlMap;

class YamlReader {
 public:
  explicit YamlReader(std::string_view source_name) : m_source(source_name) {}

  [[noreturn]] void fail(const YamlNode& at, std::string_view path, std::string_view what,
                         ErrorKind kind = ErrorKind::corrupt) const;

  [[nodiscard]] YamlMap map(const YamlNode& node, std::string path) const;
  [[nodiscard]] std::uint64_t uint(const YamlNode& node, std::string_view path) const;
  [[nodiscard]] std::string text(const YamlNode& node, std::string_view path) const;
  [[nodiscard]] bool boolean(const YamlNode& node, std::string_view path) const;
  // Checks that `node` is a list (sequence) and returns it.
  [[nodiscard]] const YamlNode& list(const YamlNode& node, std::string_view path) const;

  [[nodiscard]] const std::string& source() const { return m_source; }

 private:
  std::string m_source;
};

// A map node whose keys are known to be unique strings.
class YamlMap {
 public:
  using Entries = std::vector<std::pair<std::string, const YamlNode*>>;

  YamlMap(const YamlReader& reader, const YamlNode& node, std::string path, Entries entries)
      : m_reader(&reader), m_node(&node), m_path(std::move(path)), m_entries(std::move(entries)) {}

  [[nodiscard]] bool has(std::string_view key) const { return find(key) != nullptr; }
  // The value under `key`; a missing key is an error.
  [[nodiscard]] const YamlNode& at(std::string_view key) const;
  [[nodiscard]] std::string path_of(std::string_view key) const;

  [[nodiscard]] std::string text(std::string_view key) const;
  [[nodiscard]] std::uint64_t uint(std::string_view key) const;
  [[nodiscard]] bool boolean(std::string_view key) const;
  [[nodiscard]] YamlMap map(std::string_view key) const;
  [[nodiscard]] const YamlNode& list(std::string_view key) const;
  [[nodiscard]] std::optional<std::string> optional_text(std::string_view key) const;
  [[nodiscard]] std::optional<std::uint64_t> optional_uint(std::string_view key) const;

  [[nodiscard]] const Entries& entries() const { return m_entries; }
  // The map that is the value of one of entries(): no lookup by key, which
  // is a scan of the entries (reading every entry's map by its key was
  // quadratic: a breakdown of 5,000 identities was 12.5 million compares).
  [[nodiscard]] YamlMap map(const Entries::value_type& entry) const;
  [[nodiscard]] const YamlNode& node() const { return *m_node; }
  [[nodiscard]] const std::string& path() const { return m_path; }
  [[nodiscard]] const YamlReader& reader() const { return *m_reader; }

 private:
  [[nodiscard]] const YamlNode* find(std::string_view key) const;

  const YamlReader* m_reader;
  const YamlNode* m_node;  // the map, in the tree the reader reads
  std::string m_path;
  Entries m_entries;
};

// "<parent>[<index>]", for messages about list items.
std::string item_path(std::string_view list_path, std::size_t index);

}  // namespace boostburn
