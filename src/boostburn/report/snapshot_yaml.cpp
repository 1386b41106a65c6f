#include "boostburn/report/snapshot_yaml.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

#include <yaml-cpp/yaml.h>

#include "boostburn/report/snapshot_document.hpp"
#include "boostburn/util/text.hpp"

namespace boostburn {
namespace {

// yaml-cpp quotes what YAML's syntax needs, but writes "true", "2026-11-30"
// or "111122223333" plain, which YAML readers (PyYAML, yq) resolve to a
// bool, a date or a number. Strings that could be read as anything but a
// string are double-quoted.
bool could_read_as_non_string(std::string_view text) {
  if (text.empty()) {
    return true;
  }
  constexpr std::string_view k_risky_first = "0123456789+-.~=<";
  if (k_risky_first.find(text.front()) != std::string_view::npos) {
    return true;
  }
  const std::string lower = ascii_lower(text);
  constexpr std::array<std::string_view, 9> k_special{"y",     "yes", "n",   "no",  "true",
                                                      "false", "on",  "off", "null"};
  return std::find(k_special.begin(), k_special.end(), lower) != k_special.end();
}

void emit_text(YAML::Emitter& out, std::string_view text) {
  const std::string clean = sanitize_utf8(text);
  if (could_read_as_non_string(clean)) {
    out << YAML::DoubleQuoted;
  }
  out << clean;
}

void emit(YAML::Emitter& out, const DocNode& node) {
  switch (node.kind()) {
    case DocNode::Kind::text:
      emit_text(out, node.scalar());
      return;
    case DocNode::Kind::number:
    case DocNode::Kind::boolean:
      out << node.scalar();
      return;
    case DocNode::Kind::map:
      if (node.children().empty()) {
        out << YAML::Flow;
      }
      out << YAML::BeginMap;
      for (std::size_t i = 0; i < node.children().size(); ++i) {
        out << YAML::Key;
        emit_text(out, node.keys()[i]);
        out << YAML::Value;
        emit(out, node.children()[i]);
      }
      out << YAML::EndMap;
      return;
    case DocNode::Kind::list:
      if (node.children().empty()) {
        out << YAML::Flow;
      }
      out << YAML::BeginSeq;
      for (const DocNode& child : node.children()) {
        emit(out, child);
      }
      out << YAML::EndSeq;
      return;
  }
}

}  // namespace

std::string render_snapshot_yaml(const Snapshot& snapshot, const PricedMetrics& priced,
                                 const std::vector<std::string>& verification_errors) {
  YAML::Emitter out;
  out.SetIndent(2);
  emit(out, build_snapshot_document(snapshot, priced, verification_errors));
  std::string text = out.c_str();
  text += '\n';
  return text;
}

}  // namespace boostburn
