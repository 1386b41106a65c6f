// LocalStore: a directory laid out exactly like a bucket (key a/b/c is the
// file <root>/a/b/c). Used for the embedded default, the demo and tests.
//
// Keys that would escape the root ("..", ".", empty segments, a leading '/',
// NUL) are refused with ErrorKind::usage. ETags are "<size hex>-<mtime ns
// hex>" (cheap to list, change on every rewrite). get_into() maps the file
// when the buffer allows it (util/mapped_file.hpp) and reads it otherwise;
// get() always reads. Puts are atomic (temporary file, fsync, rename);
// conditional puts hold an flock on <root>/.boostburn.lock so that the
// compare and the write are one step, even across processes.
//
// Listings read directories (one per folder), build keys from the names read
// (no path resolution) and stat each object they report. They skip the lock
// file, other writers' temporary files (".tmp." in the key) and special files.
// A symbolic link to a file is an object; one to a directory met while listing
// is neither an object nor a folder (no cycles), though a prefix may name a
// path through one.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>

#include "boostburn/store/object_store.hpp"

namespace boostburn {

class LocalStore final : public ObjectStore {
 public:
  explicit LocalStore(std::filesystem::path root);

  [[nodiscard]] std::string describe() const override;
  Result<std::vector<ObjectInfo>> list(std::string_view prefix) override;
  Result<FolderListing> list_folder(std::string_view prefix) override;
  Result<std::string> get(std::string_view key) override;
  Result<std::string_view> get_into(std::string_view key, FetchBuffer& buffer) override;
  Result<ObjectInfo> head(std::string_view key) override;
  Result<std::string> put(std::string_view key, std::string_view body,
                          const PutCondition& condition) override;
  [[nodiscard]] StoreRequestStats request_stats() const override;

  [[nodiscard]] const std::filesystem::path& root() const { return m_root; }

 private:
  Result<std::filesystem::path> path_for(std::string_view key) const;
  // What list() and list_folder() share: the objects below `prefix` (every
  // level when `recursive`, else one level and its folders), sorted.
  Result<FolderListing> read_listing(std::string_view prefix, bool recursive) const;

  std::filesystem::path m_root;
  std::atomic<std::uint64_t> m_list{0};
  std::atomic<std::uint64_t> m_get{0};
  std::atomic<std::uint64_t> m_head{0};
  std::atomic<std::uint64_t> m_put{0};
  std::atomic<std::uint64_t> m_bytes{0};
};

// Checks a key for the local store; exposed for tests. Empty string = valid.
std::string local_key_problem(std::string_view key);

}  // namespace boostburn
