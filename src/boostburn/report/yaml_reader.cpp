#include "boostburn/report/yaml_reader.hpp"

#include <charconv>
#include <set>

#include <fmt/core.h>

#include "boostburn/util/text.hpp"

namespace boostburn {
namespace {

std::string_view type_name(const YamlNode& node) {
  switch (node.kind()) {
    case YamlNode::Kind::null:
      return "null";
    case YamlNode::Kind::scalar:
      return "a scalar";
    case YamlNode::Kind::list:
      return "a list";
    case YamlNode::Kind::map:
      return "a map";
  }
  return "something else";
}

std::string got(const YamlNode& node) {
  if (node.is_scalar()) {
    return fmt::format("got '{}'", node.scalar());
  }
  return fmt::format("got {}", type_name(node));
}

}  // namespace

void YamlReader::fail(const YamlNode& at, std::string_view path, std::string_view what,
                      ErrorKind kind) const {
  std::string where = fmt::format("{}: line {}", m_source, at.line() + 1);
  if (!path.empty()) {
    where += fmt::format(": {}", path);
  }
  throw SnapshotFormatError(kind, fmt::format("{}: {}", where, what));
}

YamlMap YamlReader::map(const YamlNode& node, std::string path) const {
  if (!node.is_map()) {
    fail(node, path, "expected a map, " + got(node));
  }
  YamlMap::Entries entries;
  std::set<std::string, std::less<>> seen;
  const std::vector<YamlNode>& children = node.children();  // key, value, key, value...
  for (std::size_t i = 0; i + 1 < children.size(); i += 2) {
    const YamlNode& name = children[i];
    if (!name.is_scalar()) {
      fail(name, path, "expected a string key, " + got(name));
    }
    std::string key = sanitize_utf8(name.scalar());
    if (!seen.insert(key).second) {
      fail(name, path, fmt::format("duplicate key '{}'", key));
    }
    entries.emplace_back(std::move(key), &children[i + 1]);
  }
  return YamlMap(*this, node, std::move(path), std::move(entries));
}

std::uint64_t YamlReader::uint(const YamlNode& node, std::string_view path) const {
  std::uint64_t value = 0;
  if (node.is_scalar()) {
    const std::string& text = node.scalar();
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (!text.empty() && text.front() != '-' && ec == std::errc() && ptr == end) {
      return value;
    }
  }
  fail(node, path, "expected a non-negative integer, " + got(node));
}

std::string YamlReader::text(const YamlNode& node, std::string_view path) const {
  if (!node.is_scalar()) {
    fail(node, path, "expected a string, " + got(node));
  }
  return sanitize_utf8(node.scalar());
}

bool YamlReader::boolean(const YamlNode& node, std::string_view path) const {
  if (node.is_scalar() && (node.scalar() == "true" || node.scalar() == "false")) {
    return node.scalar() == "true";
  }
  fail(node, path, "expected true or false, " + got(node));
}

const YamlNode& YamlReader::list(const YamlNode& node, std::string_view path) const {
  if (!node.is_list()) {
    fail(node, path, "expected a list, " + got(node));
  }
  return node;
}

const YamlNode* YamlMap::find(std::string_view key) const {
  for (const auto& [name, value] : m_entries) {
    if (name == key) {
      return value;
    }
  }
  return nullptr;
}

const YamlNode& YamlMap::at(std::string_view key) const {
  const YamlNode* value = find(key);
  if (value == nullptr) {
    m_reader->fail(*m_node, m_path, fmt::format("missing key '{}'", key));
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

YamlMap YamlMap::map(const Entries::value_type& entry) const {
  return m_reader->map(*entry.second, path_of(entry.first));
}

const YamlNode& YamlMap::list(std::string_view key) const {
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
