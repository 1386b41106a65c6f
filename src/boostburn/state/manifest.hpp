// The per-region manifest: which log objects were already processed for which
// report day, so that a later run need not download them again.
//
// Stored as JSON in the region's own bucket at
//   <manifest-prefix>/bedrock-usage/manifest.json
// Entries are per report day because one object can hold records of two days
// (late delivery): the run for day D reading an object in D+1's first hour
// must not hide that object's D+1 records from the run for D+1.
// The manifest only saves downloads; the snapshot is the record of what was
// counted (see docs/commit-protocol.md).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "boostburn/store/object_store.hpp"
#include "boostburn/util/result.hpp"

namespace boostburn {

inline constexpr int k_manifest_schema_version = 2;
// Days older than this (relative to the newest day in the manifest) are pruned.
inline constexpr int k_manifest_retention_days = 62;

struct ManifestDay {
  // Highest hour index (0..23 the day itself, 24.. the next day's hours) that a
  // run has listed completely; a later run re-lists from this minus lookback.
  std::optional<int> last_processed_hour;
  std::map<std::string, std::string> processed;  // object key -> ETag

  friend bool operator==(const ManifestDay&, const ManifestDay&) = default;
};

struct Manifest {
  std::string region;
  int lookback_hours = 6;
  std::string updated_at;
  std::map<std::string, ManifestDay> days;  // YYYY-MM-DD -> entry

  // Union of processed keys and max of last hours: used to merge with a
  // concurrent writer's version instead of overwriting it.
  void merge(const Manifest& other);
  // Drops days more than k_manifest_retention_days before the newest.
  void prune();

  friend bool operator==(const Manifest&, const Manifest&) = default;
};

std::string manifest_key(std::string_view manifest_prefix);

std::string render_manifest_json(const Manifest& manifest);
// ErrorKind::corrupt for unreadable JSON or a newer schema (never overwritten).
Result<Manifest> parse_manifest_json(std::string_view text, std::string_view source_name);

struct LoadedManifest {
  Manifest manifest;
  std::optional<std::string> etag;  // none when the manifest does not exist yet
};

Result<LoadedManifest> load_manifest(ObjectStore& store, std::string_view key,
                                     std::string_view region);
// Writes with If-None-Match: * (first write) or If-Match: <etag read>. When
// another writer got there first, re-reads, merges and retries a few times;
// returns the new ETag, or ErrorKind::conflict if it keeps losing.
Result<std::string> save_manifest(ObjectStore& store, std::string_view key, Manifest manifest,
                                  std::optional<std::string> etag);

}  // namespace boostburn
