// DocNode: a small ordered document tree, the one shape from which both the
// YAML snapshot and its JSON twin are written, so the two cannot drift apart.
//
// Maps keep their keys in insertion order (the writers' order is part of the
// snapshot contract). Scalars keep their text: a `number` is written verbatim
// without quotes (e.g. "82.165727385", "42"), a `text` is always a string.
// Values are owned by their parent; building a tree never fails.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace boostburn {

class DocNode {
 public:
  enum class Kind { text, number, boolean, map, list };

  static DocNode text(std::string value) { return DocNode(Kind::text, std::move(value)); }
  static DocNode integer(std::uint64_t value) {
    return DocNode(Kind::number, std::to_string(value));
  }
  // `digits` must be a plain decimal number, e.g. "0.000000250".
  static DocNode decimal(std::string digits) { return DocNode(Kind::number, std::move(digits)); }
  static DocNode boolean(bool value) { return DocNode(Kind::boolean, value ? "true" : "false"); }
  static DocNode map() { return DocNode(Kind::map, {}); }
  static DocNode list() { return DocNode(Kind::list, {}); }

  // Appends to a map (keys are not checked for uniqueness: callers build from
  // std::map or fixed key sets) and returns the stored child.
  DocNode& set(std::string key, DocNode value) {
    m_keys.push_back(std::move(key));
    m_children.push_back(std::move(value));
    return m_children.back();
  }
  // Appends to a list and returns the stored child.
  DocNode& push(DocNode value) {
    m_children.push_back(std::move(value));
    return m_children.back();
  }

  [[nodiscard]] Kind kind() const { return m_kind; }
  [[nodiscard]] const std::string& scalar() const { return m_scalar; }
  [[nodiscard]] const std::vector<std::string>& keys() const { return m_keys; }  // maps only
  [[nodiscard]] const std::vector<DocNode>& children() const { return m_children; }

 private:
  DocNode(Kind kind, std::string scalar) : m_kind(kind), m_scalar(std::move(scalar)) {}

  Kind m_kind;
  std::string m_scalar;
  std::vector<std::string> m_keys;
  std::vector<DocNode> m_children;
};

}  // namespace boostburn
