#include "boostburn/pricing/price_file_yaml.hpp"

#include <utility>

#include <fmt/format.h>

namespace boostburn::price_file {
namespace {

std::string describe_found(const YamlNode& node) {
  switch (node.kind()) {
    case YamlNode::Kind::null:
      return "nothing";
    case YamlNode::Kind::scalar:
      return "\"" + node.scalar() + "\"";
    case YamlNode::Kind::list:
      return "a list";
    case YamlNode::Kind::map:
      break;
  }
  return "a mapping";
}

bool all_digits(std::string_view text) {
  if (text.empty()) {
    return false;
  }
  for (const char c : text) {
    if (c < '0' || c > '9') {
      return false;
    }
  }
  return true;
}

bool all_lower(std::string_view text) {
  if (text.empty()) {
    return false;
  }
  for (const char c : text) {
    if (c < 'a' || c > 'z') {
      return false;
    }
  }
  return true;
}

}  // namespace

tl::unexpected<Error> Reader::fail_at(Line line, std::string_view path,
                                      std::string_view what) const {
  std::string message = m_source;
  if (line) {
    message += fmt::format(":{}", *line + 1);
  }
  message += ": ";
  if (!path.empty()) {
    message += path;
    message += ": ";
  }
  message += what;
  return fail(ErrorKind::config, std::move(message));
}

Result<std::vector<Entry>> Reader::entries(const YamlNode& node, Line line,
                                           std::string_view path) const {
  if (!node.is_map()) {
    return fail_at(line, path,
                   "expected a mapping of keys to values, found " + describe_found(node));
  }
  const std::vector<YamlNode>& pairs = node.children();  // key, value, key, value...
  std::vector<Entry> out;
  out.reserve(pairs.size() / 2);
  for (std::size_t i = 0; i + 1 < pairs.size(); i += 2) {
    const YamlNode& key = pairs[i];
    if (!key.is_scalar() || key.scalar().empty()) {
      return fail_at(key.line(), path,
                     "keys must be plain non-empty text, found " + describe_found(key));
    }
    for (const Entry& earlier : out) {
      if (earlier.key == key.scalar()) {
        return fail_at(
            key.line(), path,
            fmt::format("\"{}\" appears twice (first on line {})", key.scalar(), earlier.line + 1));
      }
    }
    std::string child_path = path.empty() ? key.scalar() : fmt::format("{}.{}", path, key.scalar());
    out.push_back(Entry{key.scalar(), key.line(), &pairs[i + 1], std::move(child_path)});
  }
  return out;
}

Result<std::string> Reader::text(const Entry& entry) const {
  if (!entry.value->is_scalar()) {
    return fail_at(entry, "expected a value, found " + describe_found(*entry.value));
  }
  return entry.value->scalar();
}

Result<std::vector<std::string>> Reader::text_list(const Entry& entry) const {
  if (entry.value->is_scalar()) {
    return std::vector<std::string>{entry.value->scalar()};
  }
  if (!entry.value->is_list()) {
    return fail_at(entry, "expected a list of text lines, found " + describe_found(*entry.value));
  }
  std::vector<std::string> out;
  for (const YamlNode& item : entry.value->children()) {
    if (!item.is_scalar()) {
      return fail_at(
          item.line(), entry.path,
          "expected a list of text lines, found an item that is " + describe_found(item));
    }
    out.push_back(item.scalar());
  }
  return out;
}

Result<PricePerMillion> Reader::price(const Entry& entry, Unit unit) const {
  if (!entry.value->is_scalar()) {
    return fail_at(entry, "expected a price in USD, found " + describe_found(*entry.value));
  }
  const std::string& text = entry.value->scalar();
  auto parsed = unit == Unit::per_1k_tokens ? PricePerMillion::parse_per_thousand(text)
                                            : PricePerMillion::parse(text);
  if (!parsed) {
    return fail_at(entry, parsed.error().message);
  }
  return parsed;
}

Result<std::uint64_t> Reader::positive_integer(const Entry& entry) const {
  const std::string found = describe_found(*entry.value);
  if (!entry.value->is_scalar() || !all_digits(entry.value->scalar())) {
    return fail_at(entry, found + " is not a positive whole number of tokens");
  }
  std::uint64_t value = 0;
  for (const char c : entry.value->scalar()) {
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (value > (UINT64_MAX - digit) / 10) {
      return fail_at(entry, found + " is too large");
    }
    value = value * 10 + digit;
  }
  if (value == 0) {
    return fail_at(entry, found + " is not a positive whole number of tokens");
  }
  return value;
}

Status Reader::usd(const Entry& entry) const {
  auto currency = text(entry);
  if (!currency) {
    return tl::unexpected(currency.error());
  }
  if (*currency != "USD") {
    return fail_at(entry, "\"" + *currency + "\" is not supported (only USD is supported)");
  }
  return {};
}

std::string normalize_model_key(std::string_view key) {
  if (key.substr(0, 4) == "arn:") {
    const auto slash = key.rfind('/');
    if (slash != std::string_view::npos) {
      key.remove_prefix(slash + 1);
    }
  }
  const auto colon = key.rfind(':');
  if (colon != std::string_view::npos && all_digits(key.substr(colon + 1))) {
    key = key.substr(0, colon);
  }
  return std::string(key);
}

bool is_region_name(std::string_view key) {
  // Lower-case words joined by '-', at least two of them, then '-' and a number.
  const auto last_dash = key.rfind('-');
  if (last_dash == std::string_view::npos || !all_digits(key.substr(last_dash + 1))) {
    return false;
  }
  std::string_view words = key.substr(0, last_dash);
  int count = 0;
  while (true) {
    const auto dash = words.find('-');
    if (!all_lower(words.substr(0, dash))) {
      return false;
    }
    ++count;
    if (dash == std::string_view::npos) {
      break;
    }
    words.remove_prefix(dash + 1);
  }
  return count >= 2;
}

Status ModelCollector::add(const Reader& reader, const Entry& entry, ModelPricing pricing) {
  std::string key = normalize_model_key(entry.key);
  if (key.empty()) {
    return reader.fail_at(entry, "is not a model id");
  }
  const auto earlier = m_first_seen.find(key);
  if (earlier != m_first_seen.end()) {
    return reader.fail_at(
        entry, fmt::format("names the same model as \"{}\" on line {} ({} once the ARN prefix and "
                           "\":N\" version are dropped)",
                           earlier->second.key, earlier->second.line + 1, key));
  }
  m_first_seen.emplace(key, entry);
  m_models.emplace(std::move(key), std::move(pricing));
  return {};
}

}  // namespace boostburn::price_file
