#include "boostburn/state/snapshot_file.hpp"

#include <system_error>

#include <fmt/format.h>

#include "boostburn/report/snapshot_yaml.hpp"
#include "boostburn/util/atomic_file.hpp"

namespace boostburn {

std::filesystem::path snapshot_path(const std::filesystem::path& state_dir,
                                    std::string_view report_date) {
  return state_dir / fmt::format("bedrock-usage-{}.yaml", report_date);
}

Result<std::optional<Snapshot>> read_snapshot_file(const std::filesystem::path& path) {
  auto text = read_file(path);
  if (!text) {
    if (text.error().kind == ErrorKind::not_found) {
      return std::optional<Snapshot>{};
    }
    return tl::unexpected(text.error());
  }
  auto snapshot = parse_snapshot_yaml(*text, path.string());
  if (!snapshot) {
    return tl::unexpected(snapshot.error().with_context(
        "previous snapshot (left untouched; fix or move it, or use --force-reprocess)"));
  }
  return std::optional<Snapshot>(std::move(*snapshot));
}

Status write_snapshot_file(const std::filesystem::path& path, std::string_view yaml) {
  std::error_code ec;
  if (path.has_parent_path()) {
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) {
      return fail(ErrorKind::io, fmt::format("create state folder {}: {}",
                                             path.parent_path().string(), ec.message()));
    }
  }
  return write_file_atomic(path, yaml);
}

}  // namespace boostburn
