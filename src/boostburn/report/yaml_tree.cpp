#include "boostburn/report/yaml_tree.hpp"

#include <new>
#include <optional>
#include <string>
#include <utility>

#include <fmt/format.h>
#include <yaml.h>

#include "boostburn/util/yaml_documents.hpp"

namespace boostburn {
namespace {

// libyaml's reader refused a character of the text (see parse_yaml_tree).
struct CharactersRefused {};

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
      if (m_parser.error == YAML_READER_ERROR) {
        throw CharactersRefused{};
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

bool reads_as_null(std::string_view plain) {
  return plain.empty() || plain == "~" || plain == "null" || plain == "Null" || plain == "NULL";
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

// Reads the events of the document just started, up to its root's end, into
// nodes, with a stack of the open maps and lists (no recursion: however deep
// the text, the stack is on the heap).
YamlNode read_document(EventReader& events) {
  std::vector<YamlNode> open;
  std::optional<YamlNode> root;
  const auto add = [&](YamlNode node) {
    if (open.empty()) {
      root = std::move(node);
    } else {
      YamlTreeBuilder::append(open.back(), std::move(node));
    }
  };
  while (!root) {
    const yaml_event_t& event = events.next();
    const std::size_t line = event.start_mark.line;
    switch (event.type) {
      case YAML_SCALAR_EVENT: {
        const std::string_view value(reinterpret_cast<const char*>(event.data.scalar.value),
                                     event.data.scalar.length);
        // As yaml-cpp: a tag (`!!str null`) makes it a scalar.
        const bool null = event.data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
                          event.data.scalar.tag == nullptr && reads_as_null(value);
        YamlNode node(null ? YamlNode::Kind::null : YamlNode::Kind::scalar, line);
        if (!null) {
          YamlTreeBuilder::set_scalar(node, value);
        }
        add(std::move(node));
        break;
      }
      case YAML_MAPPING_START_EVENT:
        open.emplace_back(YamlNode::Kind::map, line);
        break;
      case YAML_SEQUENCE_START_EVENT:
        open.emplace_back(YamlNode::Kind::list, line);
        break;
      case YAML_MAPPING_END_EVENT:
      case YAML_SEQUENCE_END_EVENT: {
        YamlNode node = std::move(open.back());
        open.pop_back();
        add(std::move(node));
        break;
      }
      case YAML_ALIAS_EVENT:
        throw YamlSyntaxError(line, event.start_mark.column,
                              fmt::format("an alias (*{}): a snapshot has none",
                                          reinterpret_cast<const char*>(event.data.alias.anchor)));
      default:  // the stream's and documents' own events never come inside a root node
        throw YamlSyntaxError(line, event.start_mark.column, "a document cut short");
    }
  }
  return std::move(*root);
}

YamlTree parse_with_libyaml(std::string_view text) {
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
        tree.several = true;
        tree.second_start_line = event.start_mark.line;
        break;
      }
      in_first = true;
      tree.root = read_document(events);
    }
  }
  return tree;
}

// Copies a yaml-cpp node into the tree, counting the nodes made against
// `budget`: yaml-cpp shares an aliased node, and a copy of an alias bomb
// would be exponential. A text without aliases has fewer nodes than bytes.
YamlNode copy_node(const YAML::Node& node, std::size_t& budget) {
  if (budget == 0) {
    throw YamlSyntaxError(node.Mark().line, node.Mark().column,
                          "aliases that expand past the text's size: a snapshot has none");
  }
  --budget;
  const std::size_t line = node.Mark().is_null() ? 0 : static_cast<std::size_t>(node.Mark().line);
  switch (node.Type()) {
    case YAML::NodeType::Scalar: {
      YamlNode copy(YamlNode::Kind::scalar, line);
      YamlTreeBuilder::set_scalar(copy, node.Scalar());
      return copy;
    }
    case YAML::NodeType::Sequence: {
      YamlNode copy(YamlNode::Kind::list, line);
      for (const YAML::Node& item : node) {
        YamlTreeBuilder::append(copy, copy_node(item, budget));
      }
      return copy;
    }
    case YAML::NodeType::Map: {
      YamlNode copy(YamlNode::Kind::map, line);
      for (const auto& entry : node) {
        YamlTreeBuilder::append(copy, copy_node(entry.first, budget));
        YamlTreeBuilder::append(copy, copy_node(entry.second, budget));
      }
      return copy;
    }
    default:
      return YamlNode(YamlNode::Kind::null, line);
  }
}

// The tree as yaml-cpp reads the text (the snapshot reader before libyaml).
YamlTree parse_with_yaml_cpp(std::string_view text) {
  try {
    const YamlDocuments documents = load_yaml_documents(std::string(text));
    YamlTree tree;
    std::size_t budget = 2 * text.size() + 16;
    tree.root = copy_node(documents.first, budget);
    tree.several = documents.several;
    tree.second_start_line = documents.several ? documents.second_start.line : 0;
    return tree;
  } catch (const YAML::Exception& error) {
    const bool at = !error.mark.is_null();
    throw YamlSyntaxError(at ? error.mark.line : 0, at ? error.mark.column : 0, error.msg);
  }
}

}  // namespace

YamlTree parse_yaml_tree(std::string_view text) {
  try {
    return parse_with_libyaml(text);
  } catch (const CharactersRefused&) {
    // Bytes that are not UTF-8, control characters (raw in the snapshots
    // of earlier builds), or UTF-16: yaml-cpp read all of these, and the
    // reader makes the bytes that are not UTF-8 U+FFFD. Rare, so yaml-cpp's
    // speed does not matter here.
    return parse_with_yaml_cpp(text);
  }
}

}  // namespace boostburn
