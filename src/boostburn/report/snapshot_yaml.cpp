#include "boostburn/report/snapshot_yaml.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "boostburn/report/snapshot_document.hpp"
#include "boostburn/util/text.hpp"

namespace boostburn {
namespace {

// YAML's limit on an implicit (simple) key; a longer key is written explicit.
constexpr std::size_t k_max_simple_key = 1024;

// Strings that could be read as anything but a string: a bool, null, a
// number or a date (PyYAML and yq resolve "true", "2026-11-30" or
// "111122223333" written plain that way). These are double-quoted.
bool could_read_as_non_string(std::string_view text) {
  if (text.empty()) {
    return true;
  }
  constexpr std::string_view k_risky_first = "0123456789+-.~=<";
  if (k_risky_first.find(text.front()) != std::string_view::npos) {
    return true;
  }
  constexpr std::array<std::string_view, 9> k_special{"y",     "yes", "n",   "no",  "true",
                                                      "false", "on",  "off", "null"};
  return text.size() <= 5 &&  // "false", the longest
         std::any_of(k_special.begin(), k_special.end(),
                     [&](std::string_view special) { return ascii_iequals(text, special); });
}

// Whether `text` reads back as itself written plain in block context. A
// conservative subset of YAML's plain scalars: printable ASCII, no indicator
// first, no space at either end, no ": " or " #", no ':' at the end.
bool can_be_plain(std::string_view text) {
  if (could_read_as_non_string(text)) {
    return false;  // also every empty string
  }
  constexpr std::string_view k_indicators = "-?:,[]{}#&*!|>'\"%@` ";
  if (k_indicators.find(text.front()) != std::string_view::npos || text.back() == ' ' ||
      text.back() == ':') {
    return false;
  }
  const auto printable_ascii = [](char c) { return c >= 0x20 && c <= 0x7E; };
  return std::all_of(text.begin(), text.end(), printable_ascii) &&
         text.find(": ") == std::string_view::npos && text.find(" #") == std::string_view::npos;
}

struct CodePoint {
  std::uint32_t value;
  std::size_t utf8_length;
};

// The character at the front of valid UTF-8 `text` when it must be escaped
// even inside double quotes: what YAML does not let a file hold raw (the C1
// controls U+0080 to U+009F, U+FFFE, U+FFFF: PyYAML refuses the whole file)
// and what some readers take for a line break or a byte-order mark (U+0085,
// U+2028, U+2029, U+FEFF).
std::optional<CodePoint> must_escape(std::string_view text) {
  const auto byte = [&](std::size_t i) -> std::uint32_t {
    return static_cast<unsigned char>(text[i]);
  };
  if (text.size() >= 2 && byte(0) == 0xC2 && byte(1) <= 0x9F) {
    return CodePoint{byte(1), 2};  // U+0080 to U+009F
  }
  if (text.size() >= 3 && (byte(0) == 0xE2 || byte(0) == 0xEF)) {
    const std::uint32_t value =
        (byte(0) & 0x0FU) << 12U | (byte(1) & 0x3FU) << 6U | (byte(2) & 0x3FU);
    if (value == 0x2028 || value == 0x2029 || value == 0xFEFF || value >= 0xFFFE) {
      return CodePoint{value, 3};
    }
  }
  return std::nullopt;
}

void append_hex(std::string& out, std::uint32_t value, int digits) {
  constexpr std::string_view k_hex = "0123456789ABCDEF";
  for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) {
    out += k_hex[(value >> static_cast<unsigned>(shift)) & 0xFU];
  }
}

// A double-quoted scalar of valid UTF-8 `text`: quotes, backslashes, control
// characters and must_escape()'s characters escaped; the rest as it is.
void append_double_quoted(std::string& out, std::string_view text) {
  out += '"';
  while (!text.empty()) {
    if (const std::optional<CodePoint> special = must_escape(text)) {
      out += "\\u";
      append_hex(out, special->value, 4);
      text.remove_prefix(special->utf8_length);
      continue;
    }
    const auto c = static_cast<unsigned char>(text.front());
    text.remove_prefix(1);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c < 0x20 || c == 0x7F) {
      out += "\\x";
      append_hex(out, c, 2);
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
}

void append_text(std::string& out, std::string_view raw) {
  // Copied only when it must be cleaned: every key and string of the
  // snapshot comes through here (millions on a day of many identities).
  std::string cleaned;
  const std::string_view text = as_valid_utf8(raw, cleaned);
  if (can_be_plain(text)) {
    out += text;
  } else {
    append_double_quoted(out, text);
  }
}

void append_indent(std::string& out, std::size_t indent) {
  out.append(indent, ' ');
}

bool is_collection(const DocNode& node) {
  return node.kind() == DocNode::Kind::map || node.kind() == DocNode::Kind::list;
}

void append_block(std::string& out, const DocNode& node, std::size_t indent, bool inline_first);

// `node` right after "key:" or "-": a scalar or an empty collection on the
// same line, a collection on the lines below (a list item's own collection
// starts on the dash's line).
void append_value(std::string& out, const DocNode& node, std::size_t indent, bool after_dash) {
  if (!is_collection(node)) {
    out += ' ';
    if (node.kind() == DocNode::Kind::text) {
      append_text(out, node.scalar());
    } else {
      out += node.scalar();  // numbers and booleans as they are
    }
    out += '\n';
    return;
  }
  if (node.children().empty()) {
    out += node.kind() == DocNode::Kind::map ? " {}\n" : " []\n";
    return;
  }
  if (after_dash) {
    out += ' ';
    append_block(out, node, indent + 2, /*inline_first=*/true);
  } else {
    out += '\n';
    append_block(out, node, indent + 2, /*inline_first=*/false);
  }
}

// A non-empty map or list in block style at `indent`; with `inline_first`
// the first entry goes where the output already is (after "- ").
void append_block(std::string& out, const DocNode& node, std::size_t indent, bool inline_first) {
  const auto& children = node.children();
  for (std::size_t i = 0; i < children.size(); ++i) {
    if (i > 0 || !inline_first) {
      append_indent(out, indent);
    }
    if (node.kind() == DocNode::Kind::list) {
      out += '-';
      append_value(out, children[i], indent, /*after_dash=*/true);
      continue;
    }
    const std::size_t key_start = out.size();
    append_text(out, node.keys()[i]);
    if (out.size() - key_start > k_max_simple_key) {
      out.insert(key_start, "? ");  // explicit key, then ':' at the key's indent
      out += '\n';
      append_indent(out, indent);
    }
    out += ':';
    append_value(out, children[i], indent, /*after_dash=*/false);
  }
}

}  // namespace

std::string render_yaml(const DocNode& document) {
  std::string out;
  if (is_collection(document) && !document.children().empty()) {
    append_block(out, document, 0, /*inline_first=*/false);
  } else {
    append_value(out, document, 0, /*after_dash=*/false);
    out.erase(0, 1);  // no key before it: drop the separating space
  }
  return out;
}

std::string render_snapshot_yaml(const Snapshot& snapshot, const PricedMetrics& priced,
                                 const std::vector<std::string>& verification_errors) {
  return render_yaml(build_snapshot_document(snapshot, priced, verification_errors));
}

}  // namespace boostburn
