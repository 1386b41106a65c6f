// Whole-file reads and crash-safe whole-file writes on the local file system.
//
// write_file_atomic() never leaves a half-written file behind: it writes a
// temporary file in the same directory, fsyncs it, renames it over the target
// and fsyncs the directory. A reader (or a run after a crash or kill) sees
// either the old contents or the new ones, never a mix. On failure before the
// rename the temporary file is removed and the old file is untouched.
// Errors are ErrorKind::io (ErrorKind::not_found for read_file of a missing
// file), with the path, the step that failed and the system's reason.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <limits>
#include <string>
#include <string_view>

#include "boostburn/util/result.hpp"

namespace boostburn {

// Replaces (or creates) `path` with `contents`. The parent directory must
// exist. A new file gets the usual 0666 & ~umask mode; a replaced file keeps
// its mode.
Status write_file_atomic(const std::filesystem::path& path, std::string_view contents);

// The next bytes of a file being written; an empty view when there are no
// more. A view must stay valid until the next call.
using ChunkSource = std::function<std::string_view()>;

// write_file_atomic() for contents produced piece by piece, so that a large
// file need not be held in memory whole (e.g. a day's request ids).
Status write_file_atomic_chunks(const std::filesystem::path& path, const ChunkSource& next_chunk);

// The contents of `path`, but never more than max_bytes + 1 bytes: a longer
// file (or an endless one, such as /dev/zero) comes back cut there, so the
// caller can tell it is over its limit without reading all of it.
Result<std::string> read_file(const std::filesystem::path& path,
                              std::size_t max_bytes = std::numeric_limits<std::size_t>::max() - 1);

// The same into `buffer`, whose memory is reused: returns how many bytes were
// read into its front. `buffer` only grows (its size is its usable room, its
// old bytes are not kept), with room to spare, so reading file after file of
// about the same size into one buffer allocates and zero-fills once.
Result<std::size_t> read_file_into(const std::filesystem::path& path, std::string& buffer,
                                   std::size_t max_bytes = std::numeric_limits<std::size_t>::max() -
                                                           1);

}  // namespace boostburn
