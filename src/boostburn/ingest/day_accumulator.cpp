#include "boostburn/ingest/day_accumulator.hpp"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

namespace boostburn {
namespace {

// How many records ahead the de-duplication set's memory is prefetched.
constexpr std::size_t k_prefetch_distance = 8;

constexpr std::string_view k_missing_counts_detail =
    "no token counts in the record or its response body";

}  // namespace

DayAccumulator::DayAccumulator(std::chrono::sys_days report_day, const LongContextPolicy& policy,
                               DayAccumulatorOptions options)
    : m_report_day(report_day),
      m_policy(&policy),
      m_options(options),
      m_reader(report_day, policy, options) {}

DayAccumulator::~DayAccumulator() = default;
DayAccumulator::DayAccumulator(DayAccumulator&&) noexcept = default;

ObjectReader DayAccumulator::make_reader() const {
  return ObjectReader(m_report_day, *m_policy, m_options);
}

ObjectOutcome DayAccumulator::add_object(std::string_view region, std::string_view key,
                                         std::string_view raw_bytes) {
  return merge(m_reader.read(region, key, raw_bytes));
}

ObjectOutcome DayAccumulator::merge(ObjectBatch&& batch) {
  ObjectOutcome outcome;
  outcome.corrupt = batch.corrupt;
  outcome.bytes_decompressed = batch.bytes_decompressed;
  outcome.records_parsed = batch.records_parsed;
  outcome.records_other_day = batch.records_other_day;
  outcome.malformed_records = batch.malformed_records;
  outcome.invalid_records = batch.invalid_records;
  outcome.quarantine_dropped = batch.offending_dropped;

  // Count per distinct key first, then one Aggregate update per key.
  std::vector<Counters> by_key(batch.keys.size());
  std::vector<QuarantinedLine> offending = std::move(batch.offending);
  auto missing = batch.missing.begin();
  for (std::size_t i = 0; i < batch.records.size(); ++i) {
    if (i + k_prefetch_distance < batch.records.size() &&
        batch.records[i + k_prefetch_distance].has_request_id) {
      m_seen.prefetch(batch.records[i + k_prefetch_distance].request_id);
    }
    const DayRecord& record = batch.records[i];
    const bool has_detail = missing != batch.missing.end() && missing->record == i;
    if (record.has_request_id && !m_seen.insert(record.request_id)) {
      ++outcome.duplicate_records;
      missing += has_detail ? 1 : 0;
      continue;
    }
    if (record.missing_counts && has_detail) {
      ++outcome.missing_token_counts;
      if (batch.warnings.missing_token_counts.items().size() < IssueList::k_max_items) {
        batch.warnings.missing_token_counts.add(RecordIssue{batch.region, batch.key, record.line,
                                                            missing->request_id,
                                                            std::string(k_missing_counts_detail)});
      } else {
        batch.warnings.missing_token_counts.add(RecordIssue{});
      }
      if (m_options.quarantine_budget_bytes != 0) {
        offending.push_back(QuarantinedLine{
            record.line, fmt::format("missing_token_counts: {}", k_missing_counts_detail),
            std::move(missing->raw)});
      }
    }
    missing += has_detail ? 1 : 0;
    by_key[record.key] += record.counters;
    ++outcome.records_used;
  }
  for (std::size_t k = 0; k < batch.keys.size(); ++k) {
    if (by_key[k].requests != 0) {
      m_aggregate.add(batch.keys[k], by_key[k]);
    }
  }

  // The run's quarantine budget, spent in line order.
  std::stable_sort(offending.begin(), offending.end(),
                   [](const QuarantinedLine& a, const QuarantinedLine& b) { return a.line < b.line; });
  for (QuarantinedLine& line : offending) {
    quarantine(std::move(line), outcome);
  }

  m_warnings.merge(batch.warnings);
  m_stats.objects_processed += 1;
  m_stats.bytes_decompressed += outcome.bytes_decompressed;
  m_stats.records_parsed += outcome.records_parsed;
  m_stats.records_used += outcome.records_used;
  m_stats.records_other_day += outcome.records_other_day;
  m_stats.duplicate_records += outcome.duplicate_records;
  return outcome;
}

void DayAccumulator::quarantine(QuarantinedLine line, ObjectOutcome& outcome) {
  const std::uint64_t budget = m_options.quarantine_budget_bytes;
  if (line.raw.size() > budget - m_quarantine_used) {
    ++outcome.quarantine_dropped;
    return;
  }
  m_quarantine_used += line.raw.size();
  outcome.quarantined.push_back(std::move(line));
}

}  // namespace boostburn
