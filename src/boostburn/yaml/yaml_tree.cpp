#include "boostburn/yaml/yaml_tree.hpp"

#include <algorithm>
#include <new>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>
#include <yaml.h>

#include "boostburn/yaml/yaml_documents.hpp"

namespace boostburn {
namespace {

// libyaml refused what yaml-cpp read (see parse_yaml_tree).
struct LibyamlRefuses {};

// libyaml scans anchor and alias names as letters, digits, '_' and '-';
// yaml-cpp took any characters up to a space ("&claude-3.5").
bool is_anchor_name_error(const yaml_parser_t& parser) {
  if (parser.error != YAML_SCANNER_ERROR || parser.context == nullptr) {
    return false;
  }
  const std::string_view context = parser.context;
  return context == "while scanning an anchor" || context == "while scanning an alias";
}

// libyaml's parser and its current event, released on every path.
class EventReader {
 public:
  explicit EventReader(std::string_view text) {
    if (yaml_parser_initialize(&m_parser) == 0) {
      throw std::bad_alloc();
    }
    yaml_parser_set_input_string(&m_parser, reinterpret_cast<const unsigned char*>(text.data()),
                                 text.size());
  }
  ~EventReader() {
    release_event();
    yaml_parser_delete(&m_parser);
  }
  EventReader(const EventReader&) = delete;
  EventReader& operator=(const EventReader&) = delete;

  const yaml_event_t& next() {
    release_event();
    if (yaml_parser_parse(&m_parser, &m_event) == 0) {
      if (m_parser.error == YAML_MEMORY_ERROR) {
        throw std::bad_alloc();
      }
      if (m_parser.error == YAML_READER_ERROR || is_anchor_name_error(m_parser)) {
        throw LibyamlRefuses{};
      }
      std::string what = m_parser.problem != nullptr ? m_parser.problem : "not YAML";
      if (m_parser.context != nullptr) {
        what += fmt::format(" ({})", m_parser.context);
      }
      throw YamlSyntaxError(m_parser.problem_mark.line, m_parser.problem_mark.column, what);
    }
    m_has_event = true;
    return m_event;
  }

 private:
  void release_event() {
    if (m_has_event) {
      yaml_event_delete(&m_event);
      m_has_event = false;
    }
  }

  yaml_parser_t m_parser{};
  yaml_event_t m_event{};
  bool m_has_event = false;
};

// A scalar event YAML reads as null: plain (unquoted), untagged, and "",
// "~", "null", "Null" or "NULL", as yaml-cpp reads it (a tag, `!!str null`,
// makes it a string).
bool is_plain_null(const yaml_event_t& scalar) {
  const std::string_view text(reinterpret_cast<const char*>(scalar.data.scalar.value),
                              scalar.data.scalar.length);
  return scalar.data.scalar.style == YAML_PLAIN_SCALAR_STYLE && scalar.data.scalar.tag == nullptr &&
         (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL");
}

// Whether the UTF-8 text holds U+0085, U+2028 or U+2029.
bool has_yaml11_line_break(std::string_view text) {
  return text.find("\xC2\x85") != std::string_view::npos ||
         text.find("\xE2\x80\xA8") != std::string_view::npos ||
         text.find("\xE2\x80\xA9") != std::string_view::npos;
}

}  // namespace

// What only the tree's builder may change in a node.
class YamlTreeBuilder {
 public:
  static void set_scalar(YamlNode& node, std::string_view text) { node.m_scalar.assign(text); }
  static void append(YamlNode& parent, YamlNode child) {
    parent.m_children.push_back(std::move(child));
  }
};

namespace {

// What a node costs a copy: itself and its text.
std::size_t copy_bytes(const YamlNode& node) {
  return sizeof(YamlNode) + node.scalar().size();
}

// The copies an expanded alias makes, checked against what a text may make
// (k_yaml_alias_copy_limit bytes in all, k_yaml_max_depth levels deep).
class CopyBudget {
 public:
  explicit CopyBudget(std::size_t bytes) : m_left(bytes) {}

  void spend(std::size_t bytes, std::size_t line, std::size_t column) {
    if (bytes > m_left) {
      throw YamlSyntaxError(line, column,
                            fmt::format("aliases that copy more than {} MiB of nodes",
                                        k_yaml_alias_copy_limit >> 20));
    }
    m_left -= bytes;
  }

  // A node `depth` levels deep, aliases expanded (every reader's nesting
  // guard refuses deep text before this; the tree's own destructor
  // recurses, so it never holds more).
  static void check_depth(std::size_t depth, std::size_t line, std::size_t column) {
    if (depth > k_yaml_max_depth) {
      throw YamlSyntaxError(line, column,
                            fmt::format("nests more than {} levels deep", k_yaml_max_depth));
    }
  }

 private:
  std::size_t m_left;
};

// A node anchored (&name) in the text, kept for the aliases after it.
struct Anchored {
  YamlNode node;
  std::size_t bytes = 0;  // copy_bytes of every node in it
  std::size_t depth = 0;  // levels, 1 for a scalar
};

// Reads the events of the document just started, up to its root's end, into
// nodes, with a stack of the open maps and lists (no recursion: however deep
// the text, the stack is on the heap).
class DocumentReader {
 public:
  DocumentReader(EventReader& events, YamlAliases aliases)
      : m_events(events), m_aliases(aliases), m_budget(k_yaml_alias_copy_limit) {}

  YamlNode read() {
    while (!m_root) {
      const yaml_event_t& event = m_events.next();
      const std::size_t line = event.start_mark.line;
      switch (event.type) {
        case YAML_SCALAR_EVENT: {
          CopyBudget::check_depth(m_open.size() + 1, line, event.start_mark.column);
          const bool null = is_plain_null(event);
          Open node{YamlNode(null ? YamlNode::Kind::null : YamlNode::Kind::scalar, line),
                    anchor_of(event.data.scalar.anchor), 0, 1};
          if (!null) {
            YamlTreeBuilder::set_scalar(
                node.node, std::string_view(reinterpret_cast<const char*>(event.data.scalar.value),
                                            event.data.scalar.length));
          }
          node.bytes = copy_bytes(node.node);
          close(std::move(node), event);
          break;
        }
        case YAML_MAPPING_START_EVENT:
          CopyBudget::check_depth(m_open.size() + 1, line, event.start_mark.column);
          m_open.push_back(Open{YamlNode(YamlNode::Kind::map, line),
                                anchor_of(event.data.mapping_start.anchor), sizeof(YamlNode), 1});
          break;
        case YAML_SEQUENCE_START_EVENT:
          CopyBudget::check_depth(m_open.size() + 1, line, event.start_mark.column);
          m_open.push_back(Open{YamlNode(YamlNode::Kind::list, line),
                                anchor_of(event.data.sequence_start.anchor), sizeof(YamlNode), 1});
          break;
        case YAML_MAPPING_END_EVENT:
        case YAML_SEQUENCE_END_EVENT: {
          Open node = std::move(m_open.back());
          m_open.pop_back();
          close(std::move(node), event);
          break;
        }
        case YAML_ALIAS_EVENT:
          add_alias(event);
          break;
        default:  // the stream's and documents' own events never come inside a root node
          throw YamlSyntaxError(line, event.start_mark.column, "a document cut short");
      }
    }
    return std::move(*m_root);
  }

 private:
  // A node being read, with what an alias to it would cost.
  struct Open {
    YamlNode node;
    std::string anchor;  // empty when it has none
    std::size_t bytes;
    std::size_t depth;
  };

  static std::string anchor_of(const yaml_char_t* anchor) {
    return anchor == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(anchor));
  }

  // A complete node: kept for aliases if anchored, then added to its parent.
  void close(Open node, const yaml_event_t& event) {
    if (!node.anchor.empty() && m_aliases == YamlAliases::expanded) {
      // The copy kept costs as much as the one each alias makes.
      m_budget.spend(node.bytes, event.start_mark.line, event.start_mark.column);
      m_anchored.insert_or_assign(std::move(node.anchor),
                                  Anchored{node.node, node.bytes, node.depth});
    }
    add(std::move(node.node), node.bytes, node.depth);
  }

  void add(YamlNode node, std::size_t bytes, std::size_t depth) {
    if (m_open.empty()) {
      m_root = std::move(node);
      return;
    }
    Open& parent = m_open.back();
    YamlTreeBuilder::append(parent.node, std::move(node));
    parent.bytes += bytes;
    parent.depth = std::max(parent.depth, depth + 1);
  }

  void add_alias(const yaml_event_t& event) {
    const std::string name = anchor_of(event.data.alias.anchor);
    const std::size_t line = event.start_mark.line;
    const std::size_t column = event.start_mark.column;
    if (m_aliases == YamlAliases::refused) {
      throw YamlSyntaxError(line, column,
                            fmt::format("an alias (*{}), which Boostburn never writes", name));
    }
    const auto anchored = m_anchored.find(name);
    if (anchored == m_anchored.end()) {
      throw YamlSyntaxError(
          line, column, fmt::format("an alias (*{}) with no anchor (&{}) before it", name, name));
    }
    const Anchored& target = anchored->second;
    CopyBudget::check_depth(m_open.size() + target.depth, line, column);
    m_budget.spend(target.bytes, line, column);
    add(target.node, target.bytes, target.depth);
  }

  EventReader& m_events;
  YamlAliases m_aliases;
  CopyBudget m_budget;
  std::vector<Open> m_open;
  std::optional<YamlNode> m_root;
  std::unordered_map<std::string, Anchored> m_anchored;
};

// Whether the document just started holds nothing but a null (a trailing
// "---", say), reading it to its end if so.
bool document_is_empty(EventReader& events) {
  const yaml_event_t& event = events.next();
  if (event.type != YAML_SCALAR_EVENT || event.data.scalar.anchor != nullptr ||
      !is_plain_null(event)) {
    return false;
  }
  return events.next().type == YAML_DOCUMENT_END_EVENT;
}

YamlTree parse_with_libyaml(std::string_view text, YamlAliases aliases) {
  EventReader events(text);
  YamlTree tree;
  bool in_first = false;
  for (;;) {
    const yaml_event_t& event = events.next();
    if (event.type == YAML_STREAM_END_EVENT) {
      break;
    }
    if (event.type == YAML_DOCUMENT_START_EVENT) {
      if (in_first) {
        const std::size_t start_line = event.start_mark.line;
        if (!document_is_empty(events)) {
          tree.several = true;
          tree.second_start_line = start_line;
          break;
        }
        continue;
      }
      in_first = true;
      tree.root = DocumentReader(events, aliases).read();
    }
  }
  return tree;
}

// Copies a yaml-cpp node into the tree. yaml-cpp shares an aliased node
// between its uses, and a copy of an alias bomb would be exponential: the
// copies are counted against a budget, as DocumentReader counts aliases.
YamlNode copy_node(const YAML::Node& node, CopyBudget& budget, std::size_t depth) {
  const YAML::Mark mark = node.Mark();
  const std::size_t line = mark.is_null() ? 0 : static_cast<std::size_t>(mark.line);
  const std::size_t column = mark.is_null() ? 0 : static_cast<std::size_t>(mark.column);
  CopyBudget::check_depth(depth, line, column);
  switch (node.Type()) {
    case YAML::NodeType::Scalar: {
      YamlNode copy(YamlNode::Kind::scalar, line);
      YamlTreeBuilder::set_scalar(copy, node.Scalar());
      budget.spend(copy_bytes(copy), line, column);
      return copy;
    }
    case YAML::NodeType::Sequence: {
      budget.spend(sizeof(YamlNode), line, column);
      YamlNode copy(YamlNode::Kind::list, line);
      for (const YAML::Node& item : node) {
        YamlTreeBuilder::append(copy, copy_node(item, budget, depth + 1));
      }
      return copy;
    }
    case YAML::NodeType::Map: {
      budget.spend(sizeof(YamlNode), line, column);
      YamlNode copy(YamlNode::Kind::map, line);
      for (const auto& entry : node) {
        YamlTreeBuilder::append(copy, copy_node(entry.first, budget, depth + 1));
        YamlTreeBuilder::append(copy, copy_node(entry.second, budget, depth + 1));
      }
      return copy;
    }
    default:
      return YamlNode(YamlNode::Kind::null, line);
  }
}

// The tree as yaml-cpp reads the text (every reader before libyaml).
YamlTree parse_with_yaml_cpp(std::string_view text, YamlAliases aliases) {
  try {
    const YamlDocuments documents = load_yaml_documents(std::string(text));
    if (documents.first_alias && aliases == YamlAliases::refused) {
      throw YamlSyntaxError(static_cast<std::size_t>(documents.first_alias->line),
                            static_cast<std::size_t>(documents.first_alias->column),
                            "an alias, which Boostburn never writes");
    }
    YamlTree tree;
    // The text's own nodes and scalars are copied too: the budget is what
    // they take on top of what aliases may copy.
    CopyBudget budget(k_yaml_alias_copy_limit + documents.first_nodes * sizeof(YamlNode) +
                      text.size());
    tree.root = copy_node(documents.first, budget, 1);
    tree.several = documents.several;
    tree.second_start_line = documents.several ? documents.second_start.line : 0;
    return tree;
  } catch (const YAML::Exception& error) {
    const bool at = !error.mark.is_null();
    throw YamlSyntaxError(at ? error.mark.line : 0, at ? error.mark.column : 0, error.msg);
  }
}

}  // namespace

YamlTree parse_yaml_tree(std::string_view text, YamlAliases aliases) {
  // libyaml reads YAML 1.1, where U+0085, U+2028 and U+2029 break lines:
  // one in a comment would make the rest of its line part of the file.
  // yaml-cpp (and YAML 1.2) read them as text, as every earlier build did.
  if (has_yaml11_line_break(text)) {
    return parse_with_yaml_cpp(text, aliases);
  }
  try {
    return parse_with_libyaml(text, aliases);
  } catch (const LibyamlRefuses&) {
    // Bytes that are not UTF-8, control characters (raw in the snapshots
    // of earlier builds), UTF-16, anchor names with other characters than
    // letters, digits, '_' and '-': yaml-cpp read all of these, and the
    // reader makes the bytes that are not UTF-8 U+FFFD. Rare, so yaml-cpp's
    // speed does not matter here.
    return parse_with_yaml_cpp(text, aliases);
  }
}

}  // namespace boostburn
