#include "boostburn/config/app_config.hpp"

#include <algorithm>
#include <regex>
#include <set>

#include <fmt/format.h>

#include "boostburn/util/atomic_file.hpp"
#include "boostburn/util/nesting_guard.hpp"
#include "boostburn/yaml/yaml_tree.hpp"

namespace boostburn {
namespace {

// `line` 0-based, as the tree's nodes have it.
Error config_error(std::string_view source, std::size_t line, std::string_view key,
                   std::string_view problem) {
  return Error{ErrorKind::config, fmt::format("{}:{}: {}: {}", source, line + 1, key, problem)};
}

bool is_region_name(const std::string& name) {
  static const std::regex k_region(R"(^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]+$)");
  return std::regex_match(name, k_region);
}

bool is_account_id(const std::string& id) {
  static const std::regex k_account(R"(^[0-9]{12}$)");
  return std::regex_match(id, k_account);
}

// A mapping key as text, or an error when it is a list, a mapping or null.
Result<std::string> key_text(std::string_view source, const YamlNode& key, std::string_view where) {
  if (!key.is_scalar()) {
    return tl::unexpected(config_error(
        source, key.line(), where, "every key must be plain text, not a list, mapping or null"));
  }
  return key.scalar();
}

// The value of `key` in `map`, or nullptr.
const YamlNode* find_value(const YamlNode& map, std::string_view key) {
  const std::vector<YamlNode>& pairs = map.children();  // key, value, key, value...
  for (std::size_t i = 0; i + 1 < pairs.size(); i += 2) {
    if (pairs[i].is_scalar() && pairs[i].scalar() == key) {
      return &pairs[i + 1];
    }
  }
  return nullptr;
}

}  // namespace

std::optional<std::string> log_prefix_problem(std::string_view prefix) {
  for (const char c : prefix) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      return fmt::format("must not contain control characters (found byte 0x{:02x})", byte);
    }
  }
  if (prefix.starts_with('/')) {
    return "must not start with '/' (S3 keys and store paths are relative)";
  }
  if (prefix.ends_with('/')) {
    prefix.remove_suffix(1);  // one trailing '/' is allowed: "logs/" joins like "logs"
  }
  if (prefix.empty()) {
    return std::nullopt;
  }
  for (std::size_t start = 0; start <= prefix.size();) {
    const std::size_t end = std::min(prefix.find('/', start), prefix.size());
    const std::string_view segment = prefix.substr(start, end - start);
    if (segment.empty()) {
      return "must not contain an empty segment ('//')";
    }
    if (segment == "." || segment == "..") {
      return fmt::format("must not contain a '{}' segment", segment);
    }
    start = end + 1;
  }
  return std::nullopt;
}

Result<AppConfig> parse_app_config(std::string_view text, std::string_view source_name,
                                   std::filesystem::path base_dir) {
  if (const auto problem = yaml_nesting_problem(text, k_config_file_limits)) {
    return fail(ErrorKind::config,
                fmt::format("{}: (file): {}; not a regions config", source_name, *problem));
  }
  YamlTree tree;
  try {
    tree = parse_yaml_tree(text, YamlAliases::expanded);
  } catch (const YamlSyntaxError& e) {
    return tl::unexpected(config_error(source_name, e.line(), "(file)", e.what()));
  }
  const YamlNode& root = tree.root;
  if (tree.several) {
    return tl::unexpected(config_error(source_name, tree.second_start_line, "(file)",
                                       "holds more than one YAML document; a regions config is "
                                       "one document"));
  }
  if (!root.is_map()) {
    return tl::unexpected(config_error(source_name, root.line(), "(file)",
                                       "expected a mapping with account_id and regions"));
  }
  AppConfig config;
  config.base_dir = std::move(base_dir);
  static const std::set<std::string> k_known{"account_id", "log_prefix", "regions"};
  const std::vector<YamlNode>& top = root.children();  // key, value, key, value...
  std::set<std::string> top_seen;
  for (std::size_t i = 0; i < top.size(); i += 2) {
    const auto key_or = key_text(source_name, top[i], "(top level)");
    if (!key_or) {
      return tl::unexpected(key_or.error());
    }
    const std::string& key = *key_or;
    if (!k_known.contains(key)) {
      return tl::unexpected(config_error(source_name, top[i].line(), key,
                                         "unknown key (expected account_id, log_prefix, regions)"));
    }
    if (!top_seen.insert(key).second) {
      return tl::unexpected(config_error(source_name, top[i].line(), key, "appears twice"));
    }
  }
  const YamlNode* account = find_value(root, "account_id");
  if (account == nullptr || !account->is_scalar() || !is_account_id(account->scalar())) {
    return tl::unexpected(config_error(source_name, (account != nullptr ? *account : root).line(),
                                       "account_id",
                                       "must be a 12-digit AWS account id in quotes"));
  }
  config.account_id = account->scalar();
  if (const YamlNode* prefix = find_value(root, "log_prefix"); prefix != nullptr) {
    if (!prefix->is_scalar() && !prefix->is_null()) {
      return tl::unexpected(
          config_error(source_name, prefix->line(), "log_prefix", "must be text"));
    }
    config.log_prefix = prefix->scalar();  // empty when null
    if (const auto problem = log_prefix_problem(config.log_prefix)) {
      return tl::unexpected(config_error(source_name, prefix->line(), "log_prefix", *problem));
    }
  }
  const YamlNode* regions = find_value(root, "regions");
  if (regions == nullptr || !(regions->is_map() || regions->is_null())) {
    return tl::unexpected(config_error(source_name, (regions != nullptr ? *regions : root).line(),
                                       "regions", "must be a mapping of region: bucket"));
  }
  std::set<std::string> seen;
  const std::vector<YamlNode>& pairs = regions->children();  // none when null
  for (std::size_t i = 0; i + 1 < pairs.size(); i += 2) {
    const YamlNode& region_key = pairs[i];
    const YamlNode& bucket = pairs[i + 1];
    const auto region_or = key_text(source_name, region_key, "regions");
    if (!region_or) {
      return tl::unexpected(region_or.error());
    }
    const std::string& region = *region_or;
    const std::string key = "regions." + region;
    if (!seen.insert(region).second) {
      return tl::unexpected(
          config_error(source_name, region_key.line(), key, "region listed twice"));
    }
    if (!is_region_name(region)) {
      return tl::unexpected(config_error(source_name, region_key.line(), key,
                                         "not an AWS region name (e.g. us-east-1)"));
    }
    if (!bucket.is_scalar() || bucket.scalar().empty()) {
      return tl::unexpected(config_error(source_name, bucket.line(), key,
                                         "bucket must be s3://name, a bucket name or file://path"));
    }
    config.regions.push_back(RegionBucket{region, bucket.scalar()});
  }
  return config;
}

Result<AppConfig> load_app_config(const std::filesystem::path& path) {
  // Stops just past the size limit: enough to refuse it (/dev/zero ends too).
  auto text = read_file(path, k_config_file_limits.max_bytes);
  if (!text) {
    return fail(ErrorKind::config,
                fmt::format("cannot read regions config {}", text.error().message));
  }
  auto base = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  return parse_app_config(*text, path.string(), std::filesystem::absolute(base));
}

std::string region_log_root(std::string_view log_prefix, std::string_view account_id,
                            std::string_view region) {
  std::string root(log_prefix);
  if (!root.empty() && root.back() != '/') {
    root += '/';
  }
  return fmt::format("{}AWSLogs/{}/BedrockModelInvocationLogs/{}/", root, account_id, region);
}

}  // namespace boostburn
