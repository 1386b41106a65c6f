// The per-version snapshot readers behind parse_snapshot_yaml (internal to
// report/). They throw SnapshotFormatError; see yaml_reader.hpp.
#pragma once

#include "boostburn/metrics/aggregate.hpp"
#include "boostburn/report/snapshot.hpp"
#include "boostburn/report/yaml_reader.hpp"

namespace boostburn {

enum class CounterSchema {
  v2,  // every counter present, and total_tokens equal to their sum
  v1,  // input_tokens and output_tokens present; the others optional (0)
};

Counters read_counters(const YamlMap& map, CounterSchema schema);

// Adds one usage row; a key that is already there means the file is corrupt.
void add_usage_row(const YamlMap& row, const UsageKey& key, const Counters& counters,
                   Aggregate& usage);

Snapshot read_snapshot_v2(const YamlMap& root);
Snapshot read_snapshot_v1(const YamlMap& root);

}  // namespace boostburn
