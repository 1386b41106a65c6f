// The daily snapshot file: <state-dir>/bedrock-usage-<YYYY-MM-DD>.yaml.
//
// Schema v2 is documented field by field in docs/snapshot.md; it is a
// contract other tools rely on. Rendering is deterministic (same input, same
// bytes) and never fails. Parsing is strict and never throws:
//   - a file written by a newer Boostburn (schema_version > 2) is refused
//     with ErrorKind::config ("written by a newer Boostburn");
//   - anything malformed (bad YAML, a missing key, a wrong type, counters that
//     do not add up) is ErrorKind::corrupt, naming `source_name`, the line and
//     the key;
//   - v1 snapshots (the original Python tool's, no schema_version or 1) load
//     as described in docs/snapshot.md.
// Costs in the file are ignored on load: they are recomputed from the
// counters and the current price table.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "boostburn/metrics/priced_metrics.hpp"
#include "boostburn/report/doc_tree.hpp"
#include "boostburn/report/snapshot.hpp"
#include "boostburn/util/result.hpp"

namespace boostburn {

// See snapshot_document.hpp for where each number comes from.
std::string render_snapshot_yaml(const Snapshot& snapshot, const PricedMetrics& priced,
                                 const std::vector<std::string>& verification_errors);

// Any document tree as block-style YAML (two-space indents, one entry per
// line, "{}" and "[]" for empty collections), ending with a newline. A text
// is written plain when it reads back as the same string, else double-quoted
// with escapes; numbers and booleans as they are. Never fails.
std::string render_yaml(const DocNode& document);

Result<Snapshot> parse_snapshot_yaml(std::string_view text, std::string_view source_name);

}  // namespace boostburn
