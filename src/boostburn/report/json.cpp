#include "boostburn/report/json.hpp"

#include <fmt/format.h>

#include "boostburn/report/snapshot_document.hpp"
#include "boostburn/util/text.hpp"

namespace boostburn {
namespace {

// A JSON string as nlohmann::json dumps it (without ensure_ascii): quotes,
// backslashes and control characters escaped (\b \f \n \r \t, else \u00xx),
// UTF-8 passed through; bytes that are not UTF-8 are U+FFFD first. Written
// here, a run of plain bytes at a time: through nlohmann::json each string
// cost a json value and a dump, 1.3 s of a run whose JSON is 84 MB.
void append_string(std::string& out, std::string_view raw) {
  std::string cleaned;
  const std::string_view text = as_valid_utf8(raw, cleaned);
  out += '"';
  std::size_t plain_from = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') {
      continue;
    }
    out.append(text, plain_from, i - plain_from);
    plain_from = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += fmt::format("\\u{:04x}", c);
    }
  }
  out.append(text, plain_from, text.size() - plain_from);
  out += '"';
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
