// parse_snapshot_yaml: version dispatch and the schema v2 reader.
#include <map>

#include <fmt/core.h>

#include "boostburn/report/snapshot_fields.hpp"
#include "boostburn/report/snapshot_yaml.hpp"
#include "boostburn/report/snapshot_yaml_readers.hpp"
#include "boostburn/util/nesting_guard.hpp"
#include "boostburn/yaml/yaml_tree.hpp"

namespace boostburn {
namespace {

IssueList read_issue_list(const YamlMap& warnings, std::string_view name, std::uint64_t total) {
  const YamlReader& reader = warnings.reader();
  const std::string list_path = warnings.path_of(name);
  const YamlNode& items = warnings.list(name);
  IssueList issues;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const YamlMap item = reader.map(items[i], item_path(list_path, i));
    RecordIssue issue;
    issue.region = item.text("region");
    issue.object = item.text("object");
    issue.line = item.optional_uint("line").value_or(0);
    issue.request_id = item.optional_text("request_id").value_or("");
    issue.detail = item.optional_text("detail").value_or("");
    issues.add(std::move(issue));
  }
  if (total < issues.total()) {
    reader.fail(items, list_path,
                fmt::format("lists {} items but stats.{} says {}", issues.total(), name, total));
  }
  issues.set_total(total);
  return issues;
}

void check_breakdown(const YamlMap& breakdown, const Aggregate& usage,
                     std::string UsageKey::*dimension) {
  std::map<std::string, Counters> expected;
  for (const auto& [key, counters] : usage.rows()) {
    expected[key.*dimension] += counters;
  }
  std::map<std::string, Counters> written;
  for (const auto& entry : breakdown.entries()) {
    written[entry.first] = read_counters(breakdown.map(entry), CounterSchema::v2);
  }
  if (written != expected) {
    breakdown.reader().fail(breakdown.node(), breakdown.path(),
                            "does not match the sum of metrics.by_usage_key");
  }
}

void read_usage_rows(const YamlMap& metrics, Aggregate& usage) {
  const YamlReader& reader = metrics.reader();
  const std::string list_path = metrics.path_of("by_usage_key");
  const YamlNode& rows = metrics.list("by_usage_key");
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const YamlMap row = reader.map(rows[i], item_path(list_path, i));
    const UsageKey key{row.text("region"), row.text("identity"), row.text("model_id"),
                       row.boolean("long_context")};
    add_usage_row(row, key, read_counters(row, CounterSchema::v2), usage);
  }
  // Totals and breakdowns are derived from the rows when written; a mismatch
  // means the file was edited or damaged, and the rows can no longer be trusted.
  const YamlMap totals = metrics.map("totals");
  if (read_counters(totals, CounterSchema::v2) != usage.totals()) {
    reader.fail(totals.node(), totals.path(), "do not equal the sum of metrics.by_usage_key");
  }
  check_breakdown(metrics.map("by_region"), usage, &UsageKey::region);
  check_breakdown(metrics.map("by_model"), usage, &UsageKey::model_id);
  check_breakdown(metrics.map("by_identity"), usage, &UsageKey::identity);
}

SourceObjects read_sources(const YamlMap& sources) {
  SourceObjects out;
  for (const auto& entry : sources.entries()) {
    const YamlMap objects = sources.map(entry);
    auto& region_objects = out[entry.first];
    for (const auto& [key, etag] : objects.entries()) {
      region_objects.emplace(key, objects.reader().text(*etag, objects.path_of(key)));
    }
  }
  return out;
}

}  // namespace

Counters read_counters(const YamlMap& map, CounterSchema schema) {
  Counters counters;
  for (const auto& field : k_counter_fields) {
    const std::string_view name = field.name;
    const bool required =
        schema == CounterSchema::v2 || name == "input_tokens" || name == "output_tokens";
    counters.*field.member = required ? map.uint(name) : map.optional_uint(name).value_or(0);
  }
  if (counters.cache_write_1h_input_tokens > counters.cache_write_input_tokens) {
    map.reader().fail(map.at("cache_write_1h_input_tokens"),
                      map.path_of("cache_write_1h_input_tokens"),
                      "is larger than cache_write_input_tokens, of which it is a part");
  }
  if (schema == CounterSchema::v2 && map.uint("total_tokens") != counters.total_tokens()) {
    map.reader().fail(
        map.at("total_tokens"), map.path_of("total_tokens"),
        fmt::format("is not the sum of the four token counters ({})", counters.total_tokens()));
  }
  return counters;
}

void add_usage_row(const YamlMap& row, const UsageKey& key, const Counters& counters,
                   Aggregate& usage) {
  if (usage.rows().count(key) != 0) {
    row.reader().fail(row.node(), row.path(),
                      fmt::format("a second row for region '{}', identity '{}', model '{}'",
                                  key.region, key.identity, key.model_id));
  }
  usage.add(key, counters);
}

Snapshot read_snapshot_v2(const YamlMap& root) {
  Snapshot snapshot;
  snapshot.schema_version = 2;
  snapshot.report_date = root.text("report_date");
  snapshot.generated_at = root.text("generated_at");
  snapshot.runs = root.uint("runs");
  snapshot.account_id = root.text("account_id");

  read_usage_rows(root.map("metrics"), snapshot.usage);

  const YamlMap stats = root.map("stats");
  for (const auto& field : k_stat_fields) {
    snapshot.stats.*field.member = field.required || stats.has(field.name) ? stats.uint(field.name) : 0;
  }
  const YamlMap warnings = root.map("warnings");
  for (const auto& field : k_issue_list_fields) {
    snapshot.warnings.*field.member = read_issue_list(warnings, field.name, stats.uint(field.name));
  }
  snapshot.sources = read_sources(root.map("sources"));
  if (root.has("request_ids")) {  // absent in snapshots written before it existed
    const YamlMap request_ids = root.map("request_ids");
    snapshot.request_ids.file = request_ids.text("file");
    snapshot.request_ids.count = request_ids.uint("count");
  }
  return snapshot;
}

Result<Snapshot> parse_snapshot_yaml(std::string_view text, std::string_view source_name) {
  const YamlReader reader(source_name);
  if (const auto problem = yaml_nesting_problem(text, k_state_file_limits)) {
    return fail(ErrorKind::corrupt,
                fmt::format("{}: {}; not a snapshot Boostburn wrote", source_name, *problem));
  }
  try {
    const YamlTree documents = parse_yaml_tree(text, YamlAliases::refused);
    if (documents.root.is_null()) {
      return fail(ErrorKind::corrupt, fmt::format("{}: the snapshot is empty", source_name));
    }
    if (documents.several) {
      return fail(ErrorKind::corrupt, fmt::format("{}: line {}: holds more than one YAML document",
                                                  source_name, documents.second_start_line + 1));
    }
    const YamlMap root = reader.map(documents.root, "");
    const std::uint64_t version = root.optional_uint("schema_version").value_or(1);
    if (version == 0) {
      reader.fail(root.at("schema_version"), "schema_version", "0 is not a snapshot version");
    }
    if (version > k_snapshot_schema_version) {
      reader.fail(root.at("schema_version"), "schema_version",
                  fmt::format("{} was written by a newer Boostburn (this one reads versions 1 "
                              "to {}); upgrade Boostburn to read it",
                              version, k_snapshot_schema_version),
                  ErrorKind::config);
    }
    return version == 1 ? read_snapshot_v1(root) : read_snapshot_v2(root);
  } catch (const SnapshotFormatError& error) {
    return fail(error.kind(), error.what());
  } catch (const YamlSyntaxError& error) {
    return fail(ErrorKind::corrupt,
                fmt::format("{}: line {}, column {}: {}", source_name, error.line() + 1,
                            error.column() + 1, error.what()));
  } catch (const std::exception& error) {
    return fail(ErrorKind::corrupt, fmt::format("{}: {}", source_name, error.what()));
  }
}

}  // namespace boostburn
