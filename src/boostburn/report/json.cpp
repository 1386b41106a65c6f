#include "boostburn/report/json.hpp"

#include <nlohmann/json.hpp>

#include "boostburn/report/snapshot_document.hpp"
#include "boostburn/util/text.hpp"

namespace boostburn {
namespace {

void append_string(std::string& out, const std::string& text) {
  // nlohmann::json does the escaping: quotes, backslashes and control
  // characters escaped, UTF-8 passed through, invalid bytes replaced.
  out += nlohmann::json(sanitize_utf8(text))
             .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void append_indent(std::string& out, int depth) {
  out.append(static_cast<std::size_t>(depth) * 2, ' ');
}

void append_node(std::string& out, const DocNode& node, int depth) {
  switch (node.kind()) {
    case DocNode::Kind::text:
      append_string(out, node.scalar());
      return;
    case DocNode::Kind::number:
    case DocNode::Kind::boolean:
      out += node.scalar();
      return;
    case DocNode::Kind::map:
    case DocNode::Kind::list: {
      const bool is_map = node.kind() == DocNode::Kind::map;
      const auto& children = node.children();
      out += is_map ? '{' : '[';
      for (std::size_t i = 0; i < children.size(); ++i) {
        out += i == 0 ? "\n" : ",\n";
        append_indent(out, depth + 1);
        if (is_map) {
          append_string(out, node.keys()[i]);
          out += ": ";
        }
        append_node(out, children[i], depth + 1);
      }
      if (!children.empty()) {
        out += '\n';
        append_indent(out, depth);
      }
      out += is_map ? '}' : ']';
      return;
    }
  }
}

}  // namespace

std::string render_json(const DocNode& document) {
  std::string out;
  append_node(out, document, 0);
  out += '\n';
  return out;
}

std::string render_snapshot_json(const Snapshot& snapshot, const PricedMetrics& priced,
                                 const std::vector<std::string>& verification_errors) {
  return render_json(build_snapshot_document(snapshot, priced, verification_errors));
}

}  // namespace boostburn
