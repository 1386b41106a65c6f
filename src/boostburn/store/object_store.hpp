// ObjectStore: the one narrow interface to where logs and manifests live.
//
// Implementations: a local directory laid out like a bucket (local_store.hpp),
// and S3 (s3_store.hpp). Choose one by URL with StoreFactory. Keys are
// S3-style ('/'-separated, no leading '/'). Every method reports failures as
// Result errors and never throws; wrapping stores (fault injection, request
// counting) forward to an inner store.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "boostburn/store/fetch_buffer.hpp"
#include "boostburn/util/result.hpp"

namespace boostburn {

struct ObjectInfo {
  std::string key;
  std::uint64_t size = 0;
  std::string etag;  // opaque version tag; changes whenever the content does

  friend bool operator==(const ObjectInfo&, const ObjectInfo&) = default;
};

// One level of a bucket below a prefix, as S3 lists it with delimiter=/.
struct FolderListing {
  std::vector<ObjectInfo> objects;   // keys with no '/' after the prefix, sorted by key
  std::vector<std::string> folders;  // full prefixes ending in '/' (S3 CommonPrefixes), sorted

  friend bool operator==(const FolderListing&, const FolderListing&) = default;
};

// Precondition of a put, as S3 conditional writes express it.
struct PutCondition {
  enum class Kind { none, if_none_match_any, if_match };
  Kind kind = Kind::none;
  std::string etag;  // for if_match

  static PutCondition none() { return {}; }
  static PutCondition create_only() { return {Kind::if_none_match_any, {}}; }
  static PutCondition if_match(std::string etag) { return {Kind::if_match, std::move(etag)}; }
};

// Requests a store made so far: HTTP requests for S3 (a listing of many
// pages is many LIST requests), calls for a local folder. Retries are
// counted apart from the requests they repeat.
struct StoreRequestStats {
  std::uint64_t list_requests = 0;
  std::uint64_t get_requests = 0;
  std::uint64_t head_requests = 0;
  std::uint64_t put_requests = 0;
  std::uint64_t retries = 0;
  std::uint64_t bytes_downloaded = 0;

  friend bool operator==(const StoreRequestStats&, const StoreRequestStats&) = default;
};

class ObjectStore {
 public:
  virtual ~ObjectStore() = default;

  // For messages, e.g. "file:///srv/logs/us-east-1" or "s3://bucket". Never secrets.
  [[nodiscard]] virtual std::string describe() const = 0;
  // True when each request crosses a network (S3): ingest then keeps many
  // fetches in flight (--s3-concurrency). list(), list_folder(), get() and
  // head() must be safe to call from several threads at once.
  [[nodiscard]] virtual bool is_remote() const { return false; }
  // Thread-safe.
  [[nodiscard]] virtual StoreRequestStats request_stats() const = 0;
  // Every object whose key starts with `prefix`, sorted by key. A prefix that
  // matches nothing (a missing hour folder) lists as empty, not as an error.
  virtual Result<std::vector<ObjectInfo>> list(std::string_view prefix) = 0;
  // One level below `prefix`: the objects whose key starts with `prefix` and
  // has no '/' after it, and the sub-folders (`prefix` + name + '/') that hold
  // the rest. `prefix` usually ends in '/' but need not. Counted, failing and
  // filtered like list() (one LIST per S3 page; a missing folder lists empty).
  // A local store may report a folder that holds no object (an empty directory);
  // S3 never does.
  virtual Result<FolderListing> list_folder(std::string_view prefix) = 0;
  // The whole object. ErrorKind::not_found when it does not exist.
  virtual Result<std::string> get(std::string_view key) = 0;
  // The same, into `buffer` (fetch_buffer.hpp): read into its memory, which a
  // store may reuse from call to call (a worker fetching object after object
  // then allocates, zero-fills and page-faults it once, not per object), or
  // mapped when the store has the object as a file and `buffer` may map. The
  // view is valid until `buffer` changes. Counted and failing like get().
  virtual Result<std::string_view> get_into(std::string_view key, FetchBuffer& buffer) {
    buffer.release();  // not two objects held while this one downloads
    auto bytes = get(key);
    if (!bytes) {
      return tl::unexpected(bytes.error());
    }
    std::string& memory = buffer.memory();
    memory = std::move(*bytes);
    return std::string_view(memory);
  }
  // Size and ETag. ErrorKind::not_found when it does not exist.
  virtual Result<ObjectInfo> head(std::string_view key) = 0;
  // Writes the whole object when `condition` holds and returns its new ETag;
  // ErrorKind::conflict when it does not (someone else wrote first).
  virtual Result<std::string> put(std::string_view key, std::string_view body,
                                  const PutCondition& condition) = 0;
};

// Builds the local store for a file:// URL from the regions config:
//   file://relative/dir  -> relative to `base_dir` (the config file's folder)
//   file:///abs/dir      -> absolute
// Any scheme but file:// and s3:// is an ErrorKind::config error. S3 buckets
// need a region and credentials: see store/store_factory.hpp.
Result<std::unique_ptr<ObjectStore>> make_object_store(std::string_view url,
                                                       const std::filesystem::path& base_dir);

}  // namespace boostburn
