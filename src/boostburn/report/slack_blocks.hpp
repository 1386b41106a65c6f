// Slack Block Kit building blocks that stay inside Slack's limits.
//
// Every text that goes in is cut to its block's limit (in code points, as
// Slack counts) rather than rejected, so a message built from hostile log
// content is still a valid message. mrkdwn texts are escaped the way Slack
// asks (& < > as entities) and names from the logs go in code spans, so a
// model id or ARN can neither format the message nor mention anyone.
// Pure; never fails.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "boostburn/report/doc_tree.hpp"

namespace boostburn::slack {

// Slack's documented limits (Block Kit reference), and our own for the
// notification text (Slack's own limit is 40,000; a notification shows far less).
inline constexpr std::size_t k_max_blocks = 50;
inline constexpr std::size_t k_max_header_text = 150;
inline constexpr std::size_t k_max_section_text = 3000;
inline constexpr std::size_t k_max_fields = 10;
inline constexpr std::size_t k_max_field_text = 2000;
inline constexpr std::size_t k_max_context_elements = 10;
inline constexpr std::size_t k_max_fallback_text = 3000;
// A name from the logs (model id, ARN, object key) longer than this is cut.
inline constexpr std::size_t k_max_name = 160;

// Printable, with & < > escaped for mrkdwn.
std::string escape(std::string_view text);

// `name` as a mrkdwn code span: printable, escaped, backticks replaced by ',
// cut to k_max_name.
std::string code(std::string_view name);

// Joins `lines` with '\n' within `limit` code points. When they do not all
// fit, the last lines are replaced by "...and N more <noun>" (N counting the
// lines left out plus `hidden`, items the caller already left out).
std::string join_lines(const std::vector<std::string>& lines, std::size_t limit,
                       std::string_view noun, std::size_t hidden = 0);

// Who the message is from and where it goes; legacy webhooks honour both,
// app webhooks ignore them. Empty = the webhook's own settings.
struct Destination {
  std::string channel;
  std::string username;
};

// An ordered list of blocks. Adding a block past k_max_blocks drops it (the
// report never gets near: its layout has a fixed number of blocks).
class Blocks {
 public:
  void header(std::string_view plain_text);
  void section(std::string_view mrkdwn);
  // Up to k_max_fields mrkdwn fields (two columns on screen).
  void fields(const std::vector<std::string>& mrkdwn);
  void context(const std::vector<std::string>& mrkdwn);
  void divider();

  [[nodiscard]] std::size_t size() const { return m_blocks.size(); }

  // The webhook payload: text (the notification fallback, plain mrkdwn),
  // blocks, and the destination's channel/username when set.
  [[nodiscard]] DocNode message(std::string_view fallback_text,
                                const Destination& destination) const;

 private:
  void add(DocNode block);
  std::vector<DocNode> m_blocks;
};

}  // namespace boostburn::slack
