#include "boostburn/report/slack_blocks.hpp"

#include <fmt/format.h>

#include "boostburn/report/format.hpp"
#include "boostburn/util/text.hpp"

namespace boostburn::slack {
namespace {

DocNode text_object(std::string_view type, std::string text) {
  DocNode node = DocNode::map();
  node.set("type", DocNode::text(std::string(type)));
  node.set("text", DocNode::text(std::move(text)));
  return node;
}

// Slack refuses empty texts; a single space would be trimmed, so use a dash.
std::string non_empty(std::string text) {
  return text.empty() ? "-" : text;
}

}  // namespace

std::string escape(std::string_view text) {
  std::string out;
  for (const char c : printable_text(text)) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string code(std::string_view name) {
  std::string plain = truncate_utf8(printable_text(name), k_max_name);
  for (char& c : plain) {
    if (c == '`') {
      c = '\'';
    }
  }
  return "`" + escape(plain) + "`";
}

std::string join_lines(const std::vector<std::string>& lines, std::size_t limit,
                       std::string_view noun, std::size_t hidden) {
  const auto more = [&](std::size_t count) {
    return fmt::format("...and {} more {}", format_count(count), noun);
  };
  std::string out;
  std::size_t length = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::size_t left_after = lines.size() - i - 1 + hidden;
    // Room for this line, and for the "more" line that would follow it.
    const std::size_t need = (i == 0 ? 0 : 1) + utf8_length(lines[i]) +
                             (left_after == 0 ? 0 : 1 + utf8_length(more(left_after)));
    if (length + need > limit) {
      const std::string tail = more(lines.size() - i + hidden);
      return out.empty() ? truncate_utf8(tail, limit) : out + "\n" + tail;
    }
    if (i != 0) {
      out += '\n';
      ++length;
    }
    out += lines[i];
    length += utf8_length(lines[i]);
  }
  if (hidden != 0) {
    out += (out.empty() ? "" : "\n") + more(hidden);
  }
  return truncate_utf8(out, limit);
}

void Blocks::header(std::string_view plain_text) {
  DocNode block = DocNode::map();
  block.set("type", DocNode::text("header"));
  block.set("text", text_object("plain_text", non_empty(truncate_utf8(
                                                  printable_text(plain_text), k_max_header_text))));
  add(std::move(block));
}

void Blocks::section(std::string_view mrkdwn) {
  DocNode block = DocNode::map();
  block.set("type", DocNode::text("section"));
  block.set("text",
            text_object("mrkdwn", non_empty(truncate_utf8(mrkdwn, k_max_section_text))));
  add(std::move(block));
}

void Blocks::fields(const std::vector<std::string>& mrkdwn) {
  if (mrkdwn.empty()) {
    return;
  }
  DocNode block = DocNode::map();
  block.set("type", DocNode::text("section"));
  DocNode& list = block.set("fields", DocNode::list());
  for (std::size_t i = 0; i < mrkdwn.size() && i < k_max_fields; ++i) {
    list.push(text_object("mrkdwn", non_empty(truncate_utf8(mrkdwn[i], k_max_field_text))));
  }
  add(std::move(block));
}

void Blocks::context(const std::vector<std::string>& mrkdwn) {
  if (mrkdwn.empty()) {
    return;
  }
  DocNode block = DocNode::map();
  block.set("type", DocNode::text("context"));
  DocNode& list = block.set("elements", DocNode::list());
  for (std::size_t i = 0; i < mrkdwn.size() && i < k_max_context_elements; ++i) {
    list.push(text_object("mrkdwn", non_empty(truncate_utf8(mrkdwn[i], k_max_section_text))));
  }
  add(std::move(block));
}

void Blocks::divider() {
  DocNode block = DocNode::map();
  block.set("type", DocNode::text("divider"));
  add(std::move(block));
}

void Blocks::add(DocNode block) {
  if (m_blocks.size() < k_max_blocks) {
    m_blocks.push_back(std::move(block));
  }
}

DocNode Blocks::message(std::string_view fallback_text, const Destination& destination) const {
  DocNode payload = DocNode::map();
  if (!destination.channel.empty()) {
    payload.set("channel", DocNode::text(printable_text(destination.channel)));
  }
  if (!destination.username.empty()) {
    payload.set("username", DocNode::text(printable_text(destination.username)));
  }
  payload.set("text",
              DocNode::text(non_empty(truncate_utf8(fallback_text, k_max_fallback_text))));
  DocNode& blocks = payload.set("blocks", DocNode::list());
  for (const DocNode& block : m_blocks) {
    blocks.push(block);
  }
  return payload;
}

}  // namespace boostburn::slack
