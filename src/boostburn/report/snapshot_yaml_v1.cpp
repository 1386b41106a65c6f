// read_snapshot_v1: snapshots of the original (Python) tool, schema_version 1
// or none. What is accepted is documented in docs/snapshot.md.
#include <fmt/core.h>

#include "boostburn/report/snapshot_fields.hpp"
#include "boostburn/report/snapshot_yaml_readers.hpp"

namespace boostburn {
namespace {

constexpr const char* k_unknown_model = "unknown";

// metrics.by_usage_key as a list of {region, identity, model_id, counters...}.
void read_usage_key_list(const YamlMap& metrics, Aggregate& usage) {
  const std::string list_path = metrics.path_of("by_usage_key");
  const YamlNode& rows = metrics.list("by_usage_key");
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const YamlMap row = metrics.reader().map(rows[i], item_path(list_path, i));
    const bool long_context = row.has("long_context") && row.boolean("long_context");
    const UsageKey key{row.text("region"), row.text("identity"), row.text("model_id"),
                       long_context};
    add_usage_row(row, key, read_counters(row, CounterSchema::v1), usage);
  }
}

// metrics.by_usage_key as a map {"region|identity|model_id": counters}.
void read_usage_key_map(const YamlMap& metrics, Aggregate& usage) {
  const YamlMap rows = metrics.map("by_usage_key");
  for (const auto& entry : rows.entries()) {
    const std::string& name = entry.first;
    const auto first = name.find('|');
    const auto second = first == std::string::npos ? first : name.find('|', first + 1);
    if (second == std::string::npos || name.find('|', second + 1) != std::string::npos) {
      rows.reader().fail(*entry.second, rows.path_of(name),
                         "expected a key 'region|identity|model_id'");
    }
    const YamlMap row = rows.map(entry);
    const UsageKey key{name.substr(0, first), name.substr(first + 1, second - first - 1),
                       name.substr(second + 1), false};
    add_usage_row(row, key, read_counters(row, CounterSchema::v1), usage);
  }
}

// metrics.by_region_identity: {region: {identity: counters}}; the model is unknown.
void read_region_identity(const YamlMap& metrics, Aggregate& usage) {
  const YamlMap regions = metrics.map("by_region_identity");
  for (const auto& by_region : regions.entries()) {
    const YamlMap identities = regions.map(by_region);
    for (const auto& by_identity : identities.entries()) {
      const YamlMap row = identities.map(by_identity);
      add_usage_row(row, UsageKey{by_region.first, by_identity.first, k_unknown_model, false},
                    read_counters(row, CounterSchema::v1), usage);
    }
  }
}

void read_usage(const YamlMap& metrics, Aggregate& usage) {
  if (metrics.has("by_usage_key")) {
    if (metrics.at("by_usage_key").is_map()) {
      read_usage_key_map(metrics, usage);
    } else {
      read_usage_key_list(metrics, usage);
    }
  } else if (metrics.has("by_region_identity")) {
    read_region_identity(metrics, usage);
  } else if (metrics.has("totals") &&
             read_counters(metrics.map("totals"), CounterSchema::v1) != Counters{}) {
    metrics.reader().fail(metrics.node(), metrics.path(),
                          "has usage in totals but neither by_usage_key nor by_region_identity "
                          "to rebuild it from");
  }
}

}  // namespace

Snapshot read_snapshot_v1(const YamlMap& root) {
  Snapshot snapshot;
  snapshot.schema_version = 1;
  snapshot.report_date = root.text("report_date");
  snapshot.generated_at = root.optional_text("generated_at").value_or("");
  snapshot.runs = root.optional_uint("runs").value_or(1);
  snapshot.account_id = root.optional_text("account_id").value_or("");

  read_usage(root.map("metrics"), snapshot.usage);

  if (root.has("warnings")) {
    // v1 kept counts only; the lists of named records are new in v2.
    const YamlMap warnings = root.map("warnings");
    snapshot.warnings.missing_token_counts.set_total(
        warnings.optional_uint("missing_token_counts").value_or(0));
    snapshot.warnings.invalid_records.set_total(
        warnings.optional_uint("records_skipped").value_or(0));
  }
  if (root.has("stats")) {
    const YamlMap stats = root.map("stats");
    for (const auto& field : k_stat_fields) {
      snapshot.stats.*field.member = stats.optional_uint(field.name).value_or(0);
    }
    // v1 named the skipped (data/ and marker) objects "objects_filtered".
    snapshot.stats.objects_skipped += stats.optional_uint("objects_filtered").value_or(0);
  }
  return snapshot;
}

}  // namespace boostburn
