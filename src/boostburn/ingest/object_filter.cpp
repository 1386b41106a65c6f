#include "boostburn/ingest/object_filter.hpp"

namespace boostburn {
namespace {

constexpr std::string_view k_permission_check_marker = "amazon-bedrock-logs-permission-check";
constexpr std::string_view k_body_folder = "data";

}  // namespace

bool is_record_object(std::string_view key, std::uint64_t size) {
  if (size == 0 || key.empty() || key.back() == '/') {
    return false;
  }
  std::size_t segment_start = 0;
  while (true) {
    const std::size_t slash = key.find('/', segment_start);
    const std::string_view segment = key.substr(segment_start, slash - segment_start);
    if (slash == std::string_view::npos) {
      return segment != k_permission_check_marker;  // the last segment: the file name
    }
    if (segment == k_body_folder) {
      return false;
    }
    segment_start = slash + 1;
  }
}

bool is_body_folder(std::string_view folder) {
  if (folder.ends_with('/')) {
    folder.remove_suffix(1);
  }
  const std::size_t slash = folder.rfind('/');
  return folder.substr(slash == std::string_view::npos ? 0 : slash + 1) == k_body_folder;
}

}  // namespace boostburn
