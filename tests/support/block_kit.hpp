// Block Kit validator for the Slack incoming-webhook messages Boostburn sends.
// Test-only and header-only: SlackServer (support/slack_server.hpp) answers
// "invalid_blocks" with it, and report tests check rendered payloads with it.
//
// block_kit_violations(payload) returns one message per broken rule, naming
// the JSON path ("blocks[3].text.text: 3012 characters, limit 3000"); an empty
// list means valid. It checks everything (it does not stop at the first
// problem) and never throws. Lengths are Unicode code points of the UTF-8 text,
// not bytes. An ordered_json payload converts implicitly.
//
// The rules: Slack's documented limits, narrowed to the blocks we send.
//   path                 rule
//   (payload)            an object with only these keys: text, blocks, strings channel,
//                        username, icon_emoji, icon_url, booleans unfurl_links, unfurl_media,
//                        mrkdwn
//   text                 required (the notification fallback), a non-empty string,
//                        <= 3000 characters (our limit; Slack truncates at 40,000)
//   blocks               optional; an array of 1..50 block objects
//   blocks[i].type       header | section | divider | context
//   blocks[i].block_id   optional string, <= 255 characters, unique in the message
//   header               keys type, block_id, text; text: a plain_text object, <= 150 characters
//   section              keys type, block_id, text, fields; text and/or fields;
//                        text: a text object, <= 3000; fields: 1..10 text objects, each <= 2000
//   divider              keys type, block_id
//   context              keys type, block_id, elements; elements: 1..10, each a text object
//                        (<= 3000) or an image element {type: image, image_url, alt_text}
//   text object          {type: plain_text | mrkdwn, text: non-empty string};
//                        plain_text may add emoji (boolean), mrkdwn verbatim (boolean)
// The limits are the constants in block_kit_limits; the allowed keys are the
// k_*_keys tables and k_block_rules below.
#pragma once

#include <cstddef>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "boostburn/util/text.hpp"

namespace boostburn::testing {

namespace block_kit_limits {
inline constexpr std::size_t k_max_fallback_text = 3000;  // ours; Slack truncates at 40,000
inline constexpr std::size_t k_max_blocks = 50;
inline constexpr std::size_t k_max_block_id = 255;
inline constexpr std::size_t k_max_header_text = 150;
inline constexpr std::size_t k_max_section_text = 3000;
inline constexpr std::size_t k_max_fields = 10;
inline constexpr std::size_t k_max_field_text = 2000;
inline constexpr std::size_t k_max_context_elements = 10;
inline constexpr std::size_t k_max_context_text = 3000;
}  // namespace block_kit_limits

using boostburn::utf8_length;  // code points, as Slack counts (util/text.hpp)

namespace block_kit_detail {

using Json = nlohmann::json;
using Keys = std::span<const std::string_view>;

class Violations {
 public:
  void add(std::string_view path, std::string_view problem) {
    m_messages.push_back(fmt::format("{}: {}", path, problem));
  }
  std::vector<std::string> take() { return std::move(m_messages); }

 private:
  std::vector<std::string> m_messages;
};

inline bool contains(Keys keys, std::string_view key) {
  for (const auto k : keys) {
    if (k == key) {
      return true;
    }
  }
  return false;
}

inline std::string expected(std::string_view what, const Json& got) {
  return fmt::format("expected {}, got {}", what, got.type_name());
}

inline void check_keys(const Json& object, Keys allowed, std::string_view path,
                       std::string_view kind, Violations& out) {
  for (const auto& [key, value] : object.items()) {
    if (!contains(allowed, key)) {
      out.add(path, fmt::format("unknown key \"{}\"{}", key, kind));
    }
  }
}

inline void check_length(std::string_view text, std::size_t limit, std::string_view path,
                         Violations& out) {
  if (const std::size_t length = utf8_length(text); length > limit) {
    out.add(path, fmt::format("{} characters, limit {}", length, limit));
  }
}

// A present, non-empty string of at most `limit` characters.
inline void check_text_value(const Json& object, std::string_view path, std::size_t limit,
                             Violations& out) {
  const auto text = object.find("text");
  const std::string text_path = fmt::format("{}.text", path);
  if (text == object.end()) {
    out.add(text_path, "missing");
  } else if (!text->is_string()) {
    out.add(text_path, expected("a string", *text));
  } else if (text->get_ref<const std::string&>().empty()) {
    out.add(text_path, "empty");
  } else {
    check_length(text->get_ref<const std::string&>(), limit, text_path, out);
  }
}

inline void check_optional_bool(const Json& object, std::string_view key, std::string_view path,
                                Violations& out) {
  if (const auto value = object.find(key); value != object.end() && !value->is_boolean()) {
    out.add(fmt::format("{}.{}", path, key), expected("a boolean", *value));
  }
}

inline constexpr std::string_view k_plain_text_keys[] = {"type", "text", "emoji"};
inline constexpr std::string_view k_mrkdwn_keys[] = {"type", "text", "verbatim"};
inline constexpr std::string_view k_image_element_keys[] = {"type", "image_url", "alt_text"};

enum class TextTypes { plain_text_only, any };

inline void check_text_object(const Json& value, std::string_view path, TextTypes types,
                              std::size_t limit, Violations& out) {
  if (!value.is_object()) {
    out.add(path, expected("a text object", value));
    return;
  }
  const auto type = value.find("type");
  const std::string type_path = fmt::format("{}.type", path);
  if (type == value.end()) {
    out.add(type_path, "missing");
    return;
  }
  const bool plain = *type == "plain_text";
  if (!plain && *type != "mrkdwn") {
    out.add(type_path, fmt::format("{} is not plain_text or mrkdwn", type->dump()));
    return;
  }
  if (types == TextTypes::plain_text_only && !plain) {
    out.add(type_path, "must be plain_text, got \"mrkdwn\"");
  }
  check_keys(value, plain ? Keys(k_plain_text_keys) : Keys(k_mrkdwn_keys), path,
             plain ? " for plain_text" : " for mrkdwn", out);
  check_text_value(value, path, limit, out);
  check_optional_bool(value, plain ? "emoji" : "verbatim", path, out);
}

inline void check_image_element(const Json& element, std::string_view path, Violations& out) {
  check_keys(element, k_image_element_keys, path, " for an image element", out);
  for (const std::string_view key : {"image_url", "alt_text"}) {
    const auto value = element.find(key);
    const std::string value_path = fmt::format("{}.{}", path, key);
    if (value == element.end()) {
      out.add(value_path, "missing");
    } else if (!value->is_string()) {
      out.add(value_path, expected("a string", *value));
    } else if (value->get_ref<const std::string&>().empty()) {
      out.add(value_path, "empty");
    }
  }
}

// An array of `min`..`max` items; false when it is not an array at all.
inline bool check_list(const Json& value, std::string_view path, std::size_t min, std::size_t max,
                       std::string_view noun, Violations& out) {
  if (!value.is_array()) {
    out.add(path, expected("an array", value));
    return false;
  }
  if (value.size() < min) {
    out.add(path, fmt::format("{} {}, needs {} to {}", value.size(), noun, min, max));
  } else if (value.size() > max) {
    out.add(path, fmt::format("{} {}, limit {}", value.size(), noun, max));
  }
  return true;
}

inline void check_header(const Json& block, std::string_view path, Violations& out) {
  const auto text = block.find("text");
  if (text == block.end()) {
    out.add(fmt::format("{}.text", path), "missing");
    return;
  }
  check_text_object(*text, fmt::format("{}.text", path), TextTypes::plain_text_only,
                    block_kit_limits::k_max_header_text, out);
}

inline void check_section(const Json& block, std::string_view path, Violations& out) {
  const auto text = block.find("text");
  const auto fields = block.find("fields");
  if (text == block.end() && fields == block.end()) {
    out.add(path, "a section needs text or fields");
  }
  if (text != block.end()) {
    check_text_object(*text, fmt::format("{}.text", path), TextTypes::any,
                      block_kit_limits::k_max_section_text, out);
  }
  if (fields != block.end()) {
    const std::string fields_path = fmt::format("{}.fields", path);
    if (check_list(*fields, fields_path, 1, block_kit_limits::k_max_fields, "fields", out)) {
      for (std::size_t i = 0; i < fields->size(); ++i) {
        check_text_object((*fields)[i], fmt::format("{}[{}]", fields_path, i), TextTypes::any,
                          block_kit_limits::k_max_field_text, out);
      }
    }
  }
}

inline void check_divider(const Json& /*block*/, std::string_view /*path*/, Violations& /*out*/) {
  // Nothing beyond its keys, which check_block() has checked.
}

inline void check_context(const Json& block, std::string_view path, Violations& out) {
  const std::string elements_path = fmt::format("{}.elements", path);
  const auto elements = block.find("elements");
  if (elements == block.end()) {
    out.add(elements_path, "missing");
    return;
  }
  if (!check_list(*elements, elements_path, 1, block_kit_limits::k_max_context_elements, "elements",
                  out)) {
    return;
  }
  for (std::size_t i = 0; i < elements->size(); ++i) {
    const Json& element = (*elements)[i];
    const std::string element_path = fmt::format("{}[{}]", elements_path, i);
    if (element.is_object() && element.contains("type") && element["type"] == "image") {
      check_image_element(element, element_path, out);
    } else {
      check_text_object(element, element_path, TextTypes::any, block_kit_limits::k_max_context_text,
                        out);
    }
  }
}

inline constexpr std::string_view k_header_keys[] = {"type", "block_id", "text"};
inline constexpr std::string_view k_section_keys[] = {"type", "block_id", "text", "fields"};
inline constexpr std::string_view k_divider_keys[] = {"type", "block_id"};
inline constexpr std::string_view k_context_keys[] = {"type", "block_id", "elements"};

struct BlockRule {
  std::string_view type;
  Keys keys;
  void (*check)(const Json& block, std::string_view path, Violations& out);
};

inline constexpr BlockRule k_block_rules[] = {
    {"header", k_header_keys, check_header},
    {"section", k_section_keys, check_section},
    {"divider", k_divider_keys, check_divider},
    {"context", k_context_keys, check_context},
};

inline const BlockRule* find_block_rule(std::string_view type) {
  for (const BlockRule& rule : k_block_rules) {
    if (rule.type == type) {
      return &rule;
    }
  }
  return nullptr;
}

inline std::string block_types() {
  std::string names;
  for (const BlockRule& rule : k_block_rules) {
    names += names.empty() ? "" : ", ";
    names += rule.type;
  }
  return names;
}

// block_id -> the path of the block that used it first.
using SeenBlockIds = std::map<std::string, std::string, std::less<>>;

inline void check_block_id(const Json& block, std::string_view path, SeenBlockIds& seen,
                           Violations& out) {
  const auto id = block.find("block_id");
  if (id == block.end()) {
    return;
  }
  const std::string id_path = fmt::format("{}.block_id", path);
  if (!id->is_string()) {
    out.add(id_path, expected("a string", *id));
    return;
  }
  const auto& text = id->get_ref<const std::string&>();
  check_length(text, block_kit_limits::k_max_block_id, id_path, out);
  if (const auto [first, inserted] = seen.try_emplace(text, std::string(path)); !inserted) {
    out.add(id_path, fmt::format("\"{}\" repeats {}.block_id", text, first->second));
  }
}

inline void check_block(const Json& block, std::string_view path, SeenBlockIds& seen,
                        Violations& out) {
  if (!block.is_object()) {
    out.add(path, expected("a block object", block));
    return;
  }
  const auto type = block.find("type");
  const std::string type_path = fmt::format("{}.type", path);
  if (type == block.end()) {
    out.add(type_path, "missing");
    return;
  }
  if (!type->is_string()) {
    out.add(type_path, expected("a string", *type));
    return;
  }
  const auto& name = type->get_ref<const std::string&>();
  const BlockRule* rule = find_block_rule(name);
  if (rule == nullptr) {
    out.add(type_path, fmt::format("\"{}\" is not one of {}", name, block_types()));
    return;
  }
  check_keys(block, rule->keys, path, fmt::format(" for a {} block", name), out);
  check_block_id(block, path, seen, out);
  rule->check(block, path, out);
}

// Every top-level key we allow, with the JSON type it must have; "text" and
// "blocks" have further rules of their own.
inline constexpr std::pair<std::string_view, Json::value_t> k_payload_keys[] = {
    {"text", Json::value_t::string},          {"blocks", Json::value_t::array},
    {"channel", Json::value_t::string},       {"username", Json::value_t::string},
    {"icon_emoji", Json::value_t::string},    {"icon_url", Json::value_t::string},
    {"unfurl_links", Json::value_t::boolean}, {"unfurl_media", Json::value_t::boolean},
    {"mrkdwn", Json::value_t::boolean},
};

// False when the key is unknown or has the wrong type (already reported).
inline bool check_payload_key(std::string_view key, const Json& value, Violations& out) {
  for (const auto& [name, type] : k_payload_keys) {
    if (name == key) {
      if (value.type() == type) {
        return true;
      }
      const std::string_view noun = Json(type).type_name();
      out.add(key, expected(fmt::format("{} {}", noun.front() == 'a' ? "an" : "a", noun), value));
      return false;
    }
  }
  out.add("payload", fmt::format("unknown key \"{}\"", key));
  return false;
}

}  // namespace block_kit_detail

// One readable message per violated rule, "<path>: <problem>"; empty = valid.
inline std::vector<std::string> block_kit_violations(const nlohmann::json& payload) {
  using namespace block_kit_detail;
  Violations out;
  if (!payload.is_object()) {
    out.add("payload", expected("an object", payload));
    return out.take();
  }
  for (const auto& [key, value] : payload.items()) {
    check_payload_key(key, value, out);
  }

  if (const auto text = payload.find("text"); text == payload.end()) {
    out.add("text", "missing (required as the notification fallback)");
  } else if (text->is_string()) {
    const auto& fallback = text->get_ref<const std::string&>();
    if (fallback.empty()) {
      out.add("text", "empty");
    }
    check_length(fallback, block_kit_limits::k_max_fallback_text, "text", out);
  }

  if (const auto blocks = payload.find("blocks"); blocks != payload.end() && blocks->is_array()) {
    check_list(*blocks, "blocks", 1, block_kit_limits::k_max_blocks, "blocks", out);
    SeenBlockIds seen;
    for (std::size_t i = 0; i < blocks->size(); ++i) {
      check_block((*blocks)[i], fmt::format("blocks[{}]", i), seen, out);
    }
  }
  return out.take();
}

}  // namespace boostburn::testing
