// AppConfig: the regions config file (which buckets hold whose logs).
//
//   account_id: "111122223333"
//   log_prefix: "bedrock/invocation-logs/"     # optional, may be empty
//   regions:
//     us-east-1: file://buckets/us-east-1      # or s3://name, or a bare bucket name
//
// load_app_config() reads and validates it; every problem is ErrorKind::config
// naming the file, line and key. Region order is kept as written.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "boostburn/util/result.hpp"

namespace boostburn {

struct RegionBucket {
  std::string region;
  std::string bucket_url;
};

struct AppConfig {
  std::string account_id;
  std::string log_prefix;
  std::vector<RegionBucket> regions;
  std::filesystem::path base_dir;  // folder of the config file: file:// URLs are relative to it
};

Result<AppConfig> load_app_config(const std::filesystem::path& path);
Result<AppConfig> parse_app_config(std::string_view text, std::string_view source_name,
                                   std::filesystem::path base_dir);

// Why `prefix` cannot be a log_prefix, or nullopt when it can: it must not
// start with '/', contain a '.' or '..' segment, an empty inner segment
// ("a//b") or a control character (NUL included). Empty, and one trailing
// '/', are fine. parse_app_config applies it to the file's log_prefix.
std::optional<std::string> log_prefix_problem(std::string_view prefix);

// "<log_prefix>AWSLogs/<account>/BedrockModelInvocationLogs/<region>/", joining
// log_prefix with one '/' unless it is empty or already ends with '/'.
std::string region_log_root(std::string_view log_prefix, std::string_view account_id,
                            std::string_view region);

}  // namespace boostburn
