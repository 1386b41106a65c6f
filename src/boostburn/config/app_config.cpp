#include "boostburn/config/app_config.hpp"

#include <algorithm>
#include <regex>
#include <set>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "boostburn/util/atomic_file.hpp"
#include "boostburn/util/nesting_guard.hpp"

namespace boostburn {
namespace {

Error config_error(std::string_view source, const YAML::Mark& mark, std::string_view key,
                   std::string_view problem) {
  const int line = mark.line >= 0 ? mark.line + 1 : 0;
  return Error{ErrorKind::config, fmt::format("{}:{}: {}: {}", source, line, key, problem)};
}

bool is_region_name(const std::string& name) {
  static const std::regex k_region(R"(^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]+$)");
  return std::regex_match(name, k_region);
}

bool is_account_id(const std::string& id) {
  static const std::regex k_account(R"(^[0-9]{12}$)");
  return std::regex_match(id, k_account);
}

// A mapping key as text, or an error when it is a list, a mapping or null
// (yaml-cpp would throw converting it).
Result<std::string> key_text(std::string_view source, const YAML::Node& key,
                             std::string_view where) {
  if (!key.IsScalar()) {
    return tl::unexpected(config_error(
        source, key.Mark(), where, "every key must be plain text, not a list, mapping or null"));
  }
  return key.Scalar();
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
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return tl::unexpected(config_error(source_name, e.mark, "(file)", e.msg));
  }
  if (!root.IsMap()) {
    return tl::unexpected(config_error(source_name, root.Mark(), "(file)",
                                       "expected a mapping with account_id and regions"));
  }
  AppConfig config;
  config.base_dir = std::move(base_dir);
  static const std::set<std::string> k_known{"account_id", "log_prefix", "regions"};
  for (const auto& entry : root) {
    const auto key_or = key_text(source_name, entry.first, "(top level)");
    if (!key_or) {
      return tl::unexpected(key_or.error());
    }
    const std::string& key = *key_or;
    if (!k_known.contains(key)) {
      return tl::unexpected(config_error(source_name, entry.first.Mark(), key,
                                         "unknown key (expected account_id, log_prefix, regions)"));
    }
  }
  const YAML::Node account = root["account_id"];
  if (!account || !account.IsScalar() || !is_account_id(account.Scalar())) {
    return tl::unexpected(config_error(source_name, account ? account.Mark() : root.Mark(),
                                       "account_id", "must be a 12-digit AWS account id in quotes"));
  }
  config.account_id = account.Scalar();
  if (const YAML::Node prefix = root["log_prefix"]; prefix) {
    if (!prefix.IsScalar() && !prefix.IsNull()) {
      return tl::unexpected(config_error(source_name, prefix.Mark(), "log_prefix", "must be text"));
    }
    config.log_prefix = prefix.IsNull() ? "" : prefix.Scalar();
    if (const auto problem = log_prefix_problem(config.log_prefix)) {
      return tl::unexpected(config_error(source_name, prefix.Mark(), "log_prefix", *problem));
    }
  }
  const YAML::Node regions = root["regions"];
  if (!regions || !(regions.IsMap() || regions.IsNull())) {
    return tl::unexpected(config_error(source_name, regions ? regions.Mark() : root.Mark(),
                                       "regions", "must be a mapping of region: bucket"));
  }
  if (regions.IsMap()) {
    std::set<std::string> seen;
    for (const auto& entry : regions) {
      const auto region_or = key_text(source_name, entry.first, "regions");
      if (!region_or) {
        return tl::unexpected(region_or.error());
      }
      const std::string& region = *region_or;
      const std::string key = "regions." + region;
      if (!seen.insert(region).second) {
        return tl::unexpected(config_error(source_name, entry.first.Mark(), key,
                                           "region listed twice"));
      }
      if (!is_region_name(region)) {
        return tl::unexpected(config_error(source_name, entry.first.Mark(), key,
                                           "not an AWS region name (e.g. us-east-1)"));
      }
      if (!entry.second.IsScalar() || entry.second.Scalar().empty()) {
        return tl::unexpected(config_error(source_name, entry.second.Mark(), key,
                                           "bucket must be s3://name, a bucket name or file://path"));
      }
      config.regions.push_back(RegionBucket{region, entry.second.Scalar()});
    }
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
