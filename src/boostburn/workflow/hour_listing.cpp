#include "boostburn/workflow/hour_listing.hpp"

#include <algorithm>
#include <iterator>
#include <string>

#include <fmt/format.h>

#include "boostburn/ingest/object_filter.hpp"

namespace boostburn {

Result<std::vector<ObjectInfo>> list_hour_objects(ObjectStore& store,
                                                  std::string_view hour_prefix) {
  std::vector<ObjectInfo> objects;
  std::vector<std::string> pending{std::string(hour_prefix)};
  while (!pending.empty()) {
    const std::string prefix = std::move(pending.back());
    pending.pop_back();
    auto level = store.list_folder(prefix);
    if (!level) {
      return tl::unexpected(level.error());
    }
    objects.insert(objects.end(), std::make_move_iterator(level->objects.begin()),
                   std::make_move_iterator(level->objects.end()));
    for (std::string& folder : level->folders) {
      if (folder.size() <= prefix.size() || !folder.starts_with(prefix)) {
        return fail(ErrorKind::service,
                    fmt::format("list {}/{}: the listing names folder \"{}\", which is not below "
                                "the prefix",
                                store.describe(), prefix, folder));
      }
      if (!is_body_folder(folder)) {
        pending.push_back(std::move(folder));
      }
    }
  }
  std::sort(objects.begin(), objects.end(),
            [](const ObjectInfo& a, const ObjectInfo& b) { return a.key < b.key; });
  return objects;
}

}  // namespace boostburn
