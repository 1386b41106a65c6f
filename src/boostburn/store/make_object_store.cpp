#include <fmt/format.h>

#include "boostburn/store/local_store.hpp"
#include "boostburn/store/object_store.hpp"

namespace boostburn {

Result<std::unique_ptr<ObjectStore>> make_object_store(std::string_view url,
                                                       const std::filesystem::path& base_dir) {
  constexpr std::string_view k_file = "file://";
  if (url.starts_with(k_file)) {
    const std::string_view rest = url.substr(k_file.size());
    if (rest.empty()) {
      return fail(ErrorKind::config, fmt::format("bucket URL \"{}\" names no folder", url));
    }
    std::filesystem::path root(std::string{rest});
    if (root.is_relative()) {
      root = base_dir / root;
    }
    return std::make_unique<LocalStore>(root.lexically_normal());
  }
  if (url.empty()) {
    return fail(ErrorKind::config, "empty bucket URL");
  }
  if (url.find("://") != std::string_view::npos && !url.starts_with("s3://")) {
    return fail(ErrorKind::config,
                fmt::format("unsupported bucket URL \"{}\": use file://path, s3://bucket or a bare "
                            "bucket name",
                            url));
  }
  return fail(ErrorKind::config,
              fmt::format("bucket \"{}\" is on S3: open it through StoreFactory, which knows "
                          "its region and credentials",
                          url));
}

}  // namespace boostburn
