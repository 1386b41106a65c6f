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
// Holds a reference to the policy, which must outlive it. Not thread-safe:
// for parallel ingest, worker threads read objects with their own
// ObjectReader (make_reader()) and one thread merge()s the batches in the
// objects' order (workflow/parallel_ingest.hpp).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "boostburn/ingest/object_reader.hpp"
#include "boostburn/metrics/aggregate.hpp"
#include "boostburn/metrics/data_warnings.hpp"
#include "boostburn/metrics/long_context_policy.hpp"

namespace boostburn {

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
  // The same as merge(reader().read(region, key, raw_bytes)).
  ObjectOutcome add_object(std::string_view region, std::string_view key,
                           std::string_view raw_bytes);

  // A reader with this accumulator's day, policy and options, for a worker
  // thread (parallel ingest: workers read, one thread merges in order).
  [[nodiscard]] ObjectReader make_reader() const;

  // De-duplicates and counts a batch read by any reader of this day. Merging
  // the batches of a day's objects in one fixed order gives the same result
  // whichever readers (threads) read them.
  ObjectOutcome merge(ObjectBatch&& batch);

  // Continues de-duplication from an earlier run of the same day: ids in
  // `seen` count as already counted (taken over whole before any merge).
  void seed_request_ids(RequestIdSet seen) {
    if (m_seen.empty()) {
      m_seen = std::move(seen);
    } else {
      m_seen.merge(seen);
    }
  }

  [[nodiscard]] std::chrono::sys_days report_day() const { return m_report_day; }
  [[nodiscard]] const Aggregate& aggregate() const { return m_aggregate; }
  [[nodiscard]] const DataWarnings& warnings() const { return m_warnings; }
  [[nodiscard]] const IngestStats& stats() const { return m_stats; }
  // Everything counted so far plus the seed: persist it to continue later.
  [[nodiscard]] const RequestIdSet& seen_request_ids() const { return m_seen; }

 private:
  // Keeps `line` for --quarantine while the run's budget lasts.
  void quarantine(QuarantinedLine line, ObjectOutcome& outcome);

  std::chrono::sys_days m_report_day;
  const LongContextPolicy* m_policy;
  DayAccumulatorOptions m_options;
  std::uint64_t m_quarantine_used = 0;
  ObjectReader m_reader;  // for add_object()
  RequestIdSet m_seen;
  Aggregate m_aggregate;
  DataWarnings m_warnings;
  IngestStats m_stats;
};

}  // namespace boostburn
