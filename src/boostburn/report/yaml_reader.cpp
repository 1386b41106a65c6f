#include "boostburn/report/yaml_reader.hpp"

#include <charconv>
#include <set>

#include <fmt/core.h>

#include "boostburn/util/text.hpp"

namespace boostburn {
namespace {

std::string_view type_name(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
      return "nothing";
    case YAML::NodeType::Null:
      return "null";
    case YAML::NodeType::Scalar:
      return "a scalar";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a map";
  }
  return "something else";
}

std::string got(const YAML::Node& node) {
  if (node.IsScalar()) {
    return fmt::format("got '{}'", node.Scalar());
  }
  return fmt::format("got {}", type_name(node));
}

}  // namespace

void YamlReader::fail(const YAML::Node& at, std::string_view path, std::string_view what,
                      ErrorKind kind) const {
  std::string where = m_source;
  if (at.IsDefined() && !at.Mark().is_null()) {
    where += fmt::format(": line {}", at.Mark().line + 1);
  }
  if (!path.empty()) {
    where += fmt::format(": {}", path);
  }
  throw SnapshotFormatError(kind, fmt::format("{}: {}", where, what));
}

YamlMap YamlReader::map(const YAML::Node& node, std::string path) const {
  if (!node.IsMap()) {
    fail(node, path, "expected a map, " + got(node));
  }
  YamlMap::Entries entries;
  std::set<std::string, std::less<>> seen;
  for (const auto& entry : node) {
    if (!entry.first.IsScalar()) {
      fail(entry.first, path, "expected a string key, " + got(entry.first));
    }
    std::string key = sanitize_utf8(entry.first.Scalar());
    if (!seen.insert(key).second) {
      fail(entry.first, path, fmt::format("duplicate key '{}'", key));
    }
    entries.emplace_back(std::move(key), entry.second);
  }
  return YamlMap(*this, node, std::move(path), std::move(entries));
}

std::uint64_t YamlReader::uint(const YAML::Node& node, std::string_view path) const {
  std::uint64_t value = 0;
  if (node.IsScalar()) {
    const std::string& text = node.Scalar();
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (!text.empty() && text.front() != '-' && ec == std::errc() && ptr == end) {
      return value;
    }
  }
  fail(node, path, "expected a non-negative integer, " + got(node));
}

std::string YamlReader::text(const YAML::Node& node, std::string_view path) const {
  if (!node.IsScalar()) {
    fail(node, path, "expected a string, " + got(node));
  }
  return sanitize_utf8(node.Scalar());
}

bool YamlReader::boolean(const YAML::Node& node, std::string_view path) const {
  if (node.IsScalar() && (node.Scalar() == "true" || node.Scalar() == "false")) {
    return node.Scalar() == "true";
  }
  fail(node, path, "expected true or false, " + got(node));
}

YAML::Node YamlReader::list(const YAML::Node& node, std::string_view path) const {
  if (!node.IsSequence()) {
    fail(node, path, "expected a list, " + got(node));
  }
  return node;
}

const YAML::Node* YamlMap::find(std::string_view key) const {
  for (const auto& [name, value] : m_entries) {
    if (name == key) {
      return &value;
    }
  }
  return nullptr;
}

const YAML::Node& YamlMap::at(std::string_view key) const {
  const YAML::Node* value = find(key);
  if (value == nullptr) {
    m_reader->fail(m_node, m_path, fmt::format("missing key '{}'", key));
  }
  return *value;
}

std::string YamlMap::path_of(std::string_view key) const {
  return m_path.empty() ? std::string(key) : fmt::format("{}.{}", m_path, key);
}

std::string YamlMap::text(std::string_view key) const {
  return m_reader->text(at(key), path_of(key));
}

std::uint64_t YamlMap::uint(std::string_view key) const {
  return m_reader->uint(at(key), path_of(key));
}

bool YamlMap::boolean(std::string_view key) const {
  return m_reader->boolean(at(key), path_of(key));
}

YamlMap YamlMap::map(std::string_view key) const {
  return m_reader->map(at(key), path_of(key));
}

YAML::Node YamlMap::list(std::string_view key) const {
  return m_reader->list(at(key), path_of(key));
}

std::optional<std::string> YamlMap::optional_text(std::string_view key) const {
  if (!has(key)) {
    return std::nullopt;
  }
  return text(key);
}

std::optional<std::uint64_t> YamlMap::optional_uint(std::string_view key) const {
  if (!has(key)) {
    return std::nullopt;
  }
  return uint(key);
}

std::string item_path(std::string_view list_path, std::size_t index) {
  return fmt::format("{}[{}]", list_path, index);
}

}  // namespace boostburn
