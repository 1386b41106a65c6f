// FileStamp: what identifies one version of a file on disk (device, inode,
// size, modification time in nanoseconds), to tell cheaply whether a file
// read earlier may have changed since. An edit, a replacement by rename and
// a truncation all change it. Never throws.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>

namespace boostburn {

struct FileStamp {
  std::uint64_t device = 0;
  std::uint64_t inode = 0;
  std::uint64_t size = 0;
  std::int64_t modified_ns = 0;

  friend bool operator==(const FileStamp&, const FileStamp&) = default;
};

// The stamp of `path` (symbolic links followed); nullopt when it cannot be
// read (missing, no permission), which never equals a stamp.
std::optional<FileStamp> file_stamp(const std::filesystem::path& path);

}  // namespace boostburn
