#include "boostburn/state/manifest.hpp"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "boostburn/util/nesting_guard.hpp"
#include "boostburn/util/time.hpp"

namespace boostburn {
namespace {

using Json = nlohmann::ordered_json;

constexpr int k_save_attempts = 5;

}  // namespace

void Manifest::merge(const Manifest& other) {
  for (const auto& [date, theirs] : other.days) {
    ManifestDay& ours = days[date];
    ours.processed.insert(theirs.processed.begin(), theirs.processed.end());
    if (theirs.last_processed_hour &&
        (!ours.last_processed_hour || *theirs.last_processed_hour > *ours.last_processed_hour)) {
      ours.last_processed_hour = theirs.last_processed_hour;
    }
  }
}

void Manifest::prune() {
  if (days.empty()) {
    return;
  }
  auto newest = parse_date(days.rbegin()->first);
  if (!newest) {
    return;
  }
  const std::string cutoff =
      format_date(*newest - std::chrono::days(k_manifest_retention_days));
  std::erase_if(days, [&](const auto& entry) { return entry.first < cutoff; });
}

std::string manifest_key(std::string_view manifest_prefix) {
  std::string prefix(manifest_prefix);
  while (!prefix.empty() && prefix.back() == '/') {
    prefix.pop_back();
  }
  return prefix.empty() ? "bedrock-usage/manifest.json" : prefix + "/bedrock-usage/manifest.json";
}

std::string render_manifest_json(const Manifest& manifest) {
  Json days = Json::object();
  for (const auto& [date, day] : manifest.days) {
    Json entry = Json::object();
    entry["last_processed_hour"] =
        day.last_processed_hour ? Json(*day.last_processed_hour) : Json(nullptr);
    entry["processed"] = Json(day.processed);
    days[date] = std::move(entry);
  }
  Json root = Json::object();
  root["schema_version"] = k_manifest_schema_version;
  root["region"] = manifest.region;
  root["lookback_hours"] = manifest.lookback_hours;
  root["updated_at"] = manifest.updated_at;
  root["days"] = std::move(days);
  return root.dump(2) + "\n";
}

Result<Manifest> parse_manifest_json(std::string_view text, std::string_view source_name) {
  const auto corrupt = [&](std::string_view why) {
    return fail(ErrorKind::corrupt,
                fmt::format("manifest {} is unreadable ({}); it was left untouched: fix or delete "
                            "it, or run with --force-reprocess",
                            source_name, why));
  };
  if (const auto problem = json_nesting_problem(text, k_state_file_limits)) {
    return corrupt(*problem);
  }
  Json root;
  try {
    root = Json::parse(text);
  } catch (const Json::exception& e) {
    return corrupt(e.what());
  }
  try {
    if (!root.is_object()) {
      return corrupt("not a JSON object");
    }
    const int version = root.value("schema_version", 1);
    if (version > k_manifest_schema_version) {
      return fail(ErrorKind::corrupt,
                  fmt::format("manifest {} has schema_version {}, written by a newer Boostburn; "
                              "refusing to read or overwrite it",
                              source_name, version));
    }
    Manifest manifest;
    manifest.region = root.value("region", "");
    manifest.lookback_hours = root.value("lookback_hours", 6);
    manifest.updated_at = root.value("updated_at", "");
    if (root.contains("days")) {
      if (!root.at("days").is_object()) {
        return corrupt("\"days\" is not a JSON object");
      }
      for (const auto& [date, entry] : root.at("days").items()) {
        if (!parse_date(date)) {
          return corrupt(fmt::format("day \"{}\" is not YYYY-MM-DD", date));
        }
        if (!entry.is_object()) {
          return corrupt(fmt::format("day \"{}\" is not a JSON object", date));
        }
        ManifestDay day;
        if (entry.contains("last_processed_hour") && !entry.at("last_processed_hour").is_null()) {
          day.last_processed_hour = entry.at("last_processed_hour").get<int>();
        }
        day.processed = entry.value("processed", std::map<std::string, std::string>{});
        manifest.days.emplace(date, std::move(day));
      }
    }
    return manifest;
  } catch (const Json::exception& e) {
    return corrupt(e.what());
  }
}

Result<LoadedManifest> load_manifest(ObjectStore& store, std::string_view key,
                                     std::string_view region) {
  auto info = store.head(key);
  if (!info) {
    if (info.error().kind == ErrorKind::not_found) {
      LoadedManifest fresh;
      fresh.manifest.region = std::string(region);
      return fresh;
    }
    return tl::unexpected(info.error());
  }
  auto body = store.get(key);
  if (!body) {
    return tl::unexpected(body.error());
  }
  auto manifest = parse_manifest_json(*body, store.describe() + "/" + std::string(key));
  if (!manifest) {
    return tl::unexpected(manifest.error());
  }
  // The ETag read with HEAD may predate the body if a writer raced us; a
  // stale ETag only makes our conditional write fail and merge, never lose.
  return LoadedManifest{std::move(*manifest), info->etag};
}

Result<std::string> save_manifest(ObjectStore& store, std::string_view key, Manifest manifest,
                                  std::optional<std::string> etag) {
  for (int attempt = 1;; ++attempt) {
    manifest.prune();
    const auto condition =
        etag ? PutCondition::if_match(*etag) : PutCondition::create_only();
    auto written = store.put(key, render_manifest_json(manifest), condition);
    if (written) {
      return written;
    }
    if (written.error().kind != ErrorKind::conflict || attempt == k_save_attempts) {
      return tl::unexpected(written.error().with_context(
          attempt == k_save_attempts ? fmt::format("manifest still contended after {} attempts",
                                                   attempt)
                                     : std::string("save manifest")));
    }
    auto theirs = load_manifest(store, key, manifest.region);
    if (!theirs) {
      return tl::unexpected(theirs.error());
    }
    manifest.merge(theirs->manifest);
    etag = theirs->etag;
  }
}

}  // namespace boostburn
