// A YAML text parsed with libyaml into a plain tree: every YAML file
// Boostburn reads (regions config, price file, snapshot) is read this way.
//
// yaml-cpp parses about 4 MB/s, and twice per file (yaml_documents.hpp): a
// day with many caller identities has a snapshot of megabytes (5,000
// identities: 9.5 MB), which took every later run of that day 2.5 s to read
// back, and the shipped price file (17 KB) took 3.2 ms of every run. libyaml
// parses the 9.5 MB in about 0.1 s and the price file in 0.2 ms, in one pass
// that also sees whether a second document follows.
//
// Scalars keep their text, and a plain (unquoted) untagged scalar that YAML
// reads as null ("", "~", "null", "Null", "NULL") is a null node, as yaml-cpp
// reads it. Other tags are ignored. Aliases are refused or expanded
// (YamlAliases). A document after the first that holds nothing (a trailing
// "---") is no second document. What libyaml reads otherwise than yaml-cpp
// did, or refuses where yaml-cpp read it, is read with yaml-cpp as before, and
// its nodes copied into the tree: bytes that are not UTF-8, control
// characters, UTF-16, anchor names with other characters than letters,
// digits, '_' and '-', and U+0085, U+2028 or U+2029 (line breaks to libyaml's
// YAML 1.1, text to yaml-cpp and YAML 1.2: in a comment, the rest of the line
// would become part of the file). Throws YamlSyntaxError for text that is not
// YAML; std::bad_alloc as any container.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace boostburn {

class YamlNode {
 public:
  enum class Kind { null, scalar, map, list };

  YamlNode(Kind kind, std::size_t line) : m_kind(kind), m_line(line) {}

  [[nodiscard]] Kind kind() const { return m_kind; }
  [[nodiscard]] bool is_null() const { return m_kind == Kind::null; }
  [[nodiscard]] bool is_scalar() const { return m_kind == Kind::scalar; }
  [[nodiscard]] bool is_map() const { return m_kind == Kind::map; }
  [[nodiscard]] bool is_list() const { return m_kind == Kind::list; }
  // 0-based line where the node starts in the text.
  [[nodiscard]] std::size_t line() const { return m_line; }
  [[nodiscard]] const std::string& scalar() const { return m_scalar; }

  // A list's items; a map's entries as key, value, key, value...
  [[nodiscard]] const std::vector<YamlNode>& children() const { return m_children; }
  // List items.
  [[nodiscard]] std::size_t size() const { return m_children.size(); }
  [[nodiscard]] const YamlNode& operator[](std::size_t index) const { return m_children[index]; }

 private:
  friend class YamlTreeBuilder;

  Kind m_kind;
  std::size_t m_line;
  std::string m_scalar;
  std::vector<YamlNode> m_children;
};

class YamlSyntaxError : public std::runtime_error {
 public:
  // `line` and `column` 0-based.
  YamlSyntaxError(std::size_t line, std::size_t column, const std::string& what)
      : std::runtime_error(what), m_line(line), m_column(column) {}
  [[nodiscard]] std::size_t line() const { return m_line; }
  [[nodiscard]] std::size_t column() const { return m_column; }

 private:
  std::size_t m_line;
  std::size_t m_column;
};

struct YamlTree {
  YamlNode root{YamlNode::Kind::null, 0};  // null when the text holds no document
  bool several = false;                    // the text holds a second document
  std::size_t second_start_line = 0;       // 0-based, when several
};

// How an alias (*name) is read.
enum class YamlAliases {
  // A YamlSyntaxError: the files Boostburn writes (snapshots) have none, and
  // an alias bomb then costs nothing.
  refused,
  // A copy of the node last anchored (&name) before it, as yaml-cpp reads
  // it: the files people write (the shipped price file keeps each price in
  // one place this way). An alias bomb is refused: the copies a text makes
  // may hold k_yaml_alias_copy_limit bytes in all.
  expanded,
};

inline constexpr std::size_t k_yaml_alias_copy_limit = std::size_t{64} << 20;
// A tree nests at most this many levels, aliases expanded or not (the
// readers' nesting guard, util/nesting_guard.hpp, refuses deeper text first).
inline constexpr std::size_t k_yaml_max_depth = 256;

// The first document of `text`, and whether another follows (which is not
// parsed any further).
YamlTree parse_yaml_tree(std::string_view text, YamlAliases aliases);

}  // namespace boostburn
