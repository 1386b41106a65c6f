// Ingest of one UTC report day: log objects in, usage + warnings + stats out.
//
// add_object() decodes (gunzip), parses and aggregates one object. It never
// fails: a corrupt object or one over the size cap (the part kept still
// counts), a malformed line or one over the line cap, a record without a
// timestamp, dated in the future (after DayAccumulatorOptions::
// latest_timestamp) or without token counts becomes a named entry in
// warnings() (region, object key, line) and a count in stats(), and the rest
// goes on. A record counts only toward the UTC day of its own timestamp, and
// only once per requestId among everything this accumulator (and the set it
// was seeded with) counted for the day; records without a requestId are
// never de-duplicated. With a quarantine budget, the raw bytes of every
// malformed, invalid and count-less record are handed back in ObjectOutcome
// (up to the budget, for the accumulator's whole life) for --quarantine.
//
// Usage key: the record's `region` (else the bucket's region), identity.arn
// (else "unknown"), the normalised model id, and long_context = the policy
// has a threshold for (region, model) and input + cache read + cache write
// is strictly greater than it.
//
// Holds a reference to the policy, which must outlive it. Not thread-safe.
// Note for parallel ingest: two accumulators cannot simply be merged, since
// each may have counted the same requestId; workers need one shared
// de-duplication set (or objects partitioned so that duplicates cannot span
// workers).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "boostburn/ingest/gunzip.hpp"
#include "boostburn/ingest/padded_buffer.hpp"
#include "boostburn/ingest/record_parser.hpp"
#include "boostburn/metrics/request_id_set.hpp"
#include "boostburn/ingest/usage_table.hpp"
#include "boostburn/metrics/aggregate.hpp"
#include "boostburn/metrics/data_warnings.hpp"
#include "boostburn/metrics/long_context_policy.hpp"

namespace boostburn {

// The default budget of raw bytes kept for --quarantine per run (64 MiB).
inline constexpr std::uint64_t k_default_quarantine_budget_bytes = std::uint64_t{64} << 20;

struct DayAccumulatorOptions {
  GunzipOptions gunzip;        // max_output_bytes: --max-object-bytes
  RecordParserOptions parser;  // max_line_bytes: --max-line-bytes
  // UTC epoch seconds; a record dated later cannot have been logged yet (a
  // forged or corrupt timestamp, or a clock far behind): it is an invalid
  // record, named and not counted, instead of silently belonging to a day
  // that no run will ever read it for. Unset: no such check.
  std::optional<std::int64_t> latest_timestamp;
  // Raw bytes of offending records kept for the quarantine over the
  // accumulator's life; 0 keeps none (no --quarantine).
  std::uint64_t quarantine_budget_bytes = 0;
};

// One offending record kept for --quarantine.
struct QuarantinedLine {
  std::uint64_t line = 0;  // as in the warning
  std::string reason;      // "<warning list>: <detail>", e.g. "malformed_records: ..."
  std::string raw;         // the record's bytes exactly (see ParsedRecord::raw)

  friend bool operator==(const QuarantinedLine&, const QuarantinedLine&) = default;
};

// What one object contributed (its share of the stats and warnings).
struct ObjectOutcome {
  bool corrupt = false;  // the object could not be fully decoded; the rest was used
  std::uint64_t bytes_decompressed = 0;
  std::uint64_t records_parsed = 0;
  std::uint64_t records_used = 0;
  std::uint64_t records_other_day = 0;
  std::uint64_t duplicate_records = 0;
  std::uint64_t malformed_records = 0;
  std::uint64_t invalid_records = 0;
  std::uint64_t missing_token_counts = 0;
  // With a quarantine budget: the object's offending records in line order,
  // and how many more were not kept because the budget ran out.
  std::vector<QuarantinedLine> quarantined;
  std::uint64_t quarantine_dropped = 0;
};

class DayAccumulator {
 public:
  DayAccumulator(std::chrono::sys_days report_day, const LongContextPolicy& policy,
                 DayAccumulatorOptions options = {});
  ~DayAccumulator();
  DayAccumulator(DayAccumulator&&) noexcept;
  DayAccumulator& operator=(DayAccumulator&&) = delete;
  DayAccumulator(const DayAccumulator&) = delete;
  DayAccumulator& operator=(const DayAccumulator&) = delete;

  // `region`: the region whose bucket held the object; `key`: its key (for
  // warnings); `raw_bytes`: its content as downloaded (gzip or plain).
  ObjectOutcome add_object(std::string_view region, std::string_view key,
                           std::string_view raw_bytes);

  // Continues de-duplication from an earlier run of the same day: ids in
  // `seen` count as already counted.
  void seed_request_ids(const RequestIdSet& seen) { m_seen.merge(seen); }

  [[nodiscard]] std::chrono::sys_days report_day() const { return m_report_day; }
  [[nodiscard]] const Aggregate& aggregate() const { return m_aggregate; }
  [[nodiscard]] const DataWarnings& warnings() const { return m_warnings; }
  [[nodiscard]] const IngestStats& stats() const { return m_stats; }
  // Everything counted so far plus the seed: persist it to continue later.
  [[nodiscard]] const RequestIdSet& seen_request_ids() const { return m_seen; }

 private:
  class ObjectSink;

  std::uint32_t model_id_for(std::string_view raw_model_id);
  std::optional<std::uint64_t> threshold_for(std::uint32_t region, std::uint32_t model);

  std::chrono::sys_days m_report_day;
  const LongContextPolicy* m_policy;
  DayAccumulatorOptions m_options;
  std::uint64_t m_quarantine_used = 0;
  Gunzipper m_gunzipper;
  RecordParser m_parser;
  PaddedBuffer m_text;  // decoded object, reused
  RequestIdSet m_seen;
  UsageTable m_usage;
  // Interned raw modelId -> interned normalised id; (region, model) -> threshold.
  std::unordered_map<std::uint32_t, std::uint32_t> m_model_ids;
  std::unordered_map<std::uint64_t, std::optional<std::uint64_t>> m_thresholds;
  Aggregate m_aggregate;
  DataWarnings m_warnings;
  IngestStats m_stats;
};

}  // namespace boostburn
