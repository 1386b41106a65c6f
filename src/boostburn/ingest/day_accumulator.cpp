#include "boostburn/ingest/day_accumulator.hpp"

#include <fmt/format.h>

#include "boostburn/ingest/model_id.hpp"
#include "boostburn/util/time.hpp"

namespace boostburn {
namespace {

// Adds an issue; once the list keeps no more items, only the count grows and
// the strings are not built.
template <typename MakeIssue>
void add_issue(IssueList& list, MakeIssue&& make_issue) {
  if (list.items().size() >= IssueList::k_max_items) {
    list.add(RecordIssue{});
  } else {
    list.add(make_issue());
  }
}

}  // namespace

// Receives the records of one object and counts them into the accumulator.
class DayAccumulator::ObjectSink final : public RecordSink {
 public:
  ObjectSink(DayAccumulator& day, std::string_view region, std::string_view key,
             ObjectOutcome& outcome)
      : m_day(day), m_region(region), m_key(key), m_outcome(outcome) {}

  void on_malformed(const MalformedRecord& malformed) override {
    ++m_outcome.malformed_records;
    add_issue(m_day.m_warnings.malformed_records, [&] {
      return RecordIssue{std::string(m_region), std::string(m_key), malformed.line,
                         std::string(malformed.request_id), std::string(malformed.detail)};
    });
    quarantine(malformed.line, "malformed_records", malformed.detail, malformed.raw);
  }

  void on_record(const ParsedRecord& record) override {
    ++m_outcome.records_parsed;
    const std::optional<std::int64_t> epoch = parse_rfc3339(record.timestamp);
    if (!epoch) {
      invalid(record, record.timestamp.empty()
                          ? std::string("missing timestamp")
                          : fmt::format("unparsable timestamp '{}'", record.timestamp));
      return;
    }
    if (const auto& latest = m_day.m_options.latest_timestamp; latest && *epoch > *latest) {
      invalid(record, fmt::format("timestamp '{}' is in the future (after {}, a day past the "
                                  "run's clock); not counted",
                                  record.timestamp, format_rfc3339(*latest)));
      return;
    }
    if (utc_day_of(*epoch) != m_day.m_report_day) {
      ++m_outcome.records_other_day;
      return;
    }
    if (!record.request_id.empty() && !m_day.m_seen.insert(record.request_id)) {
      ++m_outcome.duplicate_records;
      return;
    }
    if (record.missing_counts) {
      static constexpr std::string_view k_detail =
          "no token counts in the record or its response body";
      ++m_outcome.missing_token_counts;
      add_issue(m_day.m_warnings.missing_token_counts,
                [&] { return issue(record, std::string(k_detail)); });
      quarantine(record.line, "missing_token_counts", k_detail, record.raw);
    }
    count(record);
    ++m_outcome.records_used;
  }

 private:
  void invalid(const ParsedRecord& record, std::string detail) {
    ++m_outcome.invalid_records;
    quarantine(record.line, "invalid_records", detail, record.raw);
    add_issue(m_day.m_warnings.invalid_records,
              [&] { return issue(record, std::move(detail)); });
  }

  // Keeps the record's bytes for --quarantine while the budget lasts.
  void quarantine(std::uint64_t line, std::string_view list, std::string_view detail,
                  std::string_view raw) {
    const std::uint64_t budget = m_day.m_options.quarantine_budget_bytes;
    if (budget == 0) {
      return;
    }
    if (raw.size() > budget - m_day.m_quarantine_used) {
      ++m_outcome.quarantine_dropped;
      return;
    }
    m_day.m_quarantine_used += raw.size();
    m_outcome.quarantined.push_back(
        QuarantinedLine{line, fmt::format("{}: {}", list, detail), std::string(raw)});
  }

  RecordIssue issue(const ParsedRecord& record, std::string detail) const {
    return RecordIssue{std::string(m_region), std::string(m_key), record.line,
                       std::string(record.request_id), std::move(detail)};
  }

  void count(const ParsedRecord& record) {
    UsageTable& usage = m_day.m_usage;
    InternedKey key;
    key.region = usage.intern(record.region.empty() ? m_region : record.region);
    key.identity = usage.intern(record.identity_arn.empty() ? std::string_view(k_unknown_identity)
                                                            : record.identity_arn);
    key.model = m_day.model_id_for(record.model_id);

    Counters counters;
    counters.requests = 1;
    counters.input_tokens = record.tokens.input_tokens;
    counters.output_tokens = record.tokens.output_tokens;
    counters.cache_read_input_tokens = record.tokens.cache_read_input_tokens;
    counters.cache_write_input_tokens = record.tokens.cache_write_input_tokens;
    counters.cache_write_1h_input_tokens = record.tokens.cache_write_1h_input_tokens;

    const std::optional<std::uint64_t> threshold = m_day.threshold_for(key.region, key.model);
    key.long_context = threshold && counters.context_input_tokens() > *threshold;
    usage.add(key, counters);
  }

  DayAccumulator& m_day;
  std::string_view m_region;
  std::string_view m_key;
  ObjectOutcome& m_outcome;
};

DayAccumulator::DayAccumulator(std::chrono::sys_days report_day, const LongContextPolicy& policy,
                               DayAccumulatorOptions options)
    : m_report_day(report_day),
      m_policy(&policy),
      m_options(options),
      m_gunzipper(options.gunzip),
      m_parser(options.parser) {}

DayAccumulator::~DayAccumulator() = default;
DayAccumulator::DayAccumulator(DayAccumulator&&) noexcept = default;

ObjectOutcome DayAccumulator::add_object(std::string_view region, std::string_view key,
                                         std::string_view raw_bytes) {
  ObjectOutcome outcome;
  const DecodeReport decoded = m_gunzipper.decode(raw_bytes, m_text);
  outcome.bytes_decompressed = m_text.size();
  if (decoded.damage) {
    outcome.corrupt = true;
    add_issue(m_warnings.corrupt_objects, [&] {
      return RecordIssue{std::string(region), std::string(key), 0, {}, *decoded.damage};
    });
  }
  ObjectSink sink(*this, region, key, outcome);
  m_parser.parse(m_text, sink);
  m_usage.flush_into(m_aggregate);

  m_stats.objects_processed += 1;
  m_stats.bytes_decompressed += outcome.bytes_decompressed;
  m_stats.records_parsed += outcome.records_parsed;
  m_stats.records_used += outcome.records_used;
  m_stats.records_other_day += outcome.records_other_day;
  m_stats.duplicate_records += outcome.duplicate_records;
  return outcome;
}

std::uint32_t DayAccumulator::model_id_for(std::string_view raw_model_id) {
  const std::uint32_t raw = m_usage.intern(raw_model_id);
  if (const auto found = m_model_ids.find(raw); found != m_model_ids.end()) {
    return found->second;
  }
  const std::uint32_t normalized = m_usage.intern(normalize_model_id(raw_model_id));
  m_model_ids.emplace(raw, normalized);
  return normalized;
}

std::optional<std::uint64_t> DayAccumulator::threshold_for(std::uint32_t region,
                                                           std::uint32_t model) {
  const std::uint64_t pair = static_cast<std::uint64_t>(region) << 32 | model;
  if (const auto found = m_thresholds.find(pair); found != m_thresholds.end()) {
    return found->second;
  }
  const auto threshold =
      m_policy->long_context_threshold(m_usage.text(region), m_usage.text(model));
  m_thresholds.emplace(pair, threshold);
  return threshold;
}

}  // namespace boostburn
