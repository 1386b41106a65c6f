// ObjectReader: the per-worker half of ingest. It decodes (gunzip) and
// parses one log object and classifies every record against the report day,
// into an ObjectBatch; DayAccumulator::merge() then de-duplicates and counts
// the batches, one after another in the objects' order, so the result is the
// same whatever the number of workers.
//
// What the reader decides alone: malformed lines (and lines over the cap),
// records without a usable timestamp or dated in the future (invalid),
// records of another day, a corrupt or oversized object, each record's usage
// key (region, identity, normalised model id, long context). What it leaves
// to the merge: whether a requestId was already counted, and therefore the
// "missing token counts" warning and the counters themselves.
//
// Hot path: per record a few hash lookups (interning), no allocation, no
// lock and no string copy (strings are copied once per distinct usage key per
// object); records of the day are 80-byte PODs. One reader per thread: not
// thread-safe. The policy must outlive the reader and be safe to call from
// several threads (PriceTable is: it is read-only).
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
#include "boostburn/ingest/usage_table.hpp"
#include "boostburn/metrics/aggregate.hpp"
#include "boostburn/metrics/data_warnings.hpp"
#include "boostburn/metrics/long_context_policy.hpp"
#include "boostburn/metrics/request_id_set.hpp"

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

// A record of the report day, before de-duplication.
struct DayRecord {
  RequestIdHash request_id;  // valid when has_request_id
  Counters counters;         // requests = 1
  std::uint64_t line = 0;
  std::uint32_t key = 0;  // index into ObjectBatch::keys
  bool has_request_id = false;
  bool missing_counts = false;
};

// For a day record without token counts: what its warning and quarantine
// entry need (rare, so kept apart from the POD records).
struct MissingCountsDetail {
  std::size_t record = 0;  // index into ObjectBatch::records
  std::string request_id;
  std::string raw;  // empty without a quarantine
};

// Everything one object contributes, before the merge.
struct ObjectBatch {
  std::string region;                        // the bucket's region
  std::string key;                           // object key
  std::vector<UsageKey> keys;                // the object's distinct usage keys
  std::vector<DayRecord> records;            // of the report day, in line order
  std::vector<MissingCountsDetail> missing;  // in line order
  // Malformed and invalid records and a corrupt object, named; their raw
  // bytes (with a quarantine, in line order) for --quarantine.
  DataWarnings warnings;
  std::vector<QuarantinedLine> offending;
  std::uint64_t offending_dropped = 0;  // over the budget within this object already
  bool corrupt = false;
  std::uint64_t bytes_decompressed = 0;
  std::uint64_t records_parsed = 0;
  std::uint64_t records_other_day = 0;
  std::uint64_t malformed_records = 0;
  std::uint64_t invalid_records = 0;
};

class ObjectReader {
 public:
  ObjectReader(std::chrono::sys_days report_day, const LongContextPolicy& policy,
               const DayAccumulatorOptions& options);
  ~ObjectReader();
  ObjectReader(ObjectReader&&) noexcept;
  ObjectReader& operator=(ObjectReader&&) = delete;
  ObjectReader(const ObjectReader&) = delete;
  ObjectReader& operator=(const ObjectReader&) = delete;

  // Never fails: damage becomes warnings in the batch. With a quarantine
  // budget, the raw bytes of offending records are copied into the batch.
  // `storage`: the records vector of a batch already merged, emptied here and
  // reused for this batch's records, so that object after object writes to
  // memory already faulted in rather than to fresh pages.
  ObjectBatch read(std::string_view region, std::string_view key, std::string_view raw_bytes,
                   std::vector<DayRecord> storage = {});

 private:
  class Sink;

  static ObjectBatch new_batch(std::string_view region, std::string_view key,
                               std::vector<DayRecord> storage);
  // Decodes and parses into `batch`; false when a member's CRC-32, checked
  // by the caller (CrcCheck::by_caller), does not match its text.
  bool read_into(ObjectBatch& batch, std::string_view raw_bytes, CrcCheck check);
  std::uint32_t model_id_for(std::string_view raw_model_id);
  std::optional<std::uint64_t> threshold_for(std::uint32_t region, std::uint32_t model);

  std::chrono::sys_days m_report_day;
  const LongContextPolicy* m_policy;
  DayAccumulatorOptions m_options;
  Gunzipper m_gunzipper;
  RecordParser m_parser;
  PaddedBuffer m_text;   // decoded object, reused
  UsageTable m_strings;  // interned regions, identities, model ids
  InternMemo m_last_region;
  InternMemo m_last_identity;
  InternMemo m_last_raw_model;
  std::unordered_map<std::uint32_t, std::uint32_t> m_model_ids;  // raw -> normalised
  std::unordered_map<std::uint64_t, std::optional<std::uint64_t>> m_thresholds;
  std::unordered_map<InternedKey, std::uint32_t, InternedKeyHash> m_batch_keys;  // per object
};

}  // namespace boostburn
