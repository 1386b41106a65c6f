#include "boostburn/ingest/object_reader.hpp"

#include <fmt/format.h>

#include "boostburn/ingest/crc_read_ahead.hpp"
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

// Receives the records of one object and classifies them into the batch.
class ObjectReader::Sink final : public RecordSink {
 public:
  Sink(ObjectReader& reader, ObjectBatch& batch) : m_reader(reader), m_batch(batch) {}

  void on_malformed(const MalformedRecord& malformed) override {
    ++m_batch.malformed_records;
    add_issue(m_batch.warnings.malformed_records, [&] {
      return RecordIssue{m_batch.region, m_batch.key, malformed.line,
                         std::string(malformed.request_id), std::string(malformed.detail)};
    });
    keep_offending(malformed.line, "malformed_records", malformed.detail, malformed.raw);
  }

  void on_record(const ParsedRecord& record) override {
    ++m_batch.records_parsed;
    const std::optional<std::int64_t> epoch = parse_rfc3339(record.timestamp);
    if (!epoch) {
      invalid(record, record.timestamp.empty()
                          ? std::string("missing timestamp")
                          : fmt::format("unparsable timestamp '{}'", record.timestamp));
      return;
    }
    if (const auto& latest = m_reader.m_options.latest_timestamp; latest && *epoch > *latest) {
      invalid(record, fmt::format("timestamp '{}' is in the future (after {}, a day past the "
                                  "run's clock); not counted",
                                  record.timestamp, format_rfc3339(*latest)));
      return;
    }
    if (utc_day_of(*epoch) != m_reader.m_report_day) {
      ++m_batch.records_other_day;
      return;
    }
    DayRecord day;
    day.line = record.line;
    day.key = key_of(record, day.counters);
    day.has_request_id = !record.request_id.empty();
    if (day.has_request_id) {
      day.request_id = hash_request_id(record.request_id);
    }
    day.missing_counts = record.missing_counts;
    if (record.missing_counts) {
      m_batch.missing.push_back(MissingCountsDetail{
          m_batch.records.size(), std::string(record.request_id),
          m_reader.m_options.quarantine_budget_bytes != 0 ? std::string(record.raw)
                                                          : std::string()});
    }
    m_batch.records.push_back(day);
  }

 private:
  void invalid(const ParsedRecord& record, std::string detail) {
    ++m_batch.invalid_records;
    keep_offending(record.line, "invalid_records", detail, record.raw);
    add_issue(m_batch.warnings.invalid_records, [&] {
      return RecordIssue{m_batch.region, m_batch.key, record.line, std::string(record.request_id),
                         std::move(detail)};
    });
  }

  // Keeps the record's bytes for --quarantine, up to the budget per object
  // (the merge applies the budget of the whole run).
  void keep_offending(std::uint64_t line, std::string_view list, std::string_view detail,
                      std::string_view raw) {
    const std::uint64_t budget = m_reader.m_options.quarantine_budget_bytes;
    if (budget == 0) {
      return;
    }
    if (raw.size() > budget - m_kept) {
      ++m_batch.offending_dropped;
      return;
    }
    m_kept += raw.size();
    m_batch.offending.push_back(
        QuarantinedLine{line, fmt::format("{}: {}", list, detail), std::string(raw)});
  }

  // The record's usage key as an index into the batch's keys (strings are
  // copied only the first time the object has this key); fills `counters`.
  std::uint32_t key_of(const ParsedRecord& record, Counters& counters) {
    UsageTable& strings = m_reader.m_strings;
    InternedKey key;
    key.region = m_reader.m_last_region.intern(
        strings, record.region.empty() ? std::string_view(m_batch.region) : record.region);
    key.identity = m_reader.m_last_identity.intern(
        strings,
        record.identity_arn.empty() ? std::string_view(k_unknown_identity) : record.identity_arn);
    key.model = m_reader.model_id_for(record.model_id);

    counters.requests = 1;
    counters.input_tokens = record.tokens.input_tokens;
    counters.output_tokens = record.tokens.output_tokens;
    counters.cache_read_input_tokens = record.tokens.cache_read_input_tokens;
    counters.cache_write_input_tokens = record.tokens.cache_write_input_tokens;
    counters.cache_write_1h_input_tokens = record.tokens.cache_write_1h_input_tokens;
    const std::optional<std::uint64_t> threshold = m_reader.threshold_for(key.region, key.model);
    key.long_context = threshold && counters.context_input_tokens() > *threshold;

    const auto [found, added] =
        m_reader.m_batch_keys.try_emplace(key, static_cast<std::uint32_t>(m_batch.keys.size()));
    if (added) {
      m_batch.keys.push_back(UsageKey{strings.text(key.region), strings.text(key.identity),
                                      strings.text(key.model), key.long_context});
    }
    return found->second;
  }

  ObjectReader& m_reader;
  ObjectBatch& m_batch;
  std::uint64_t m_kept = 0;
};

ObjectReader::ObjectReader(std::chrono::sys_days report_day, const LongContextPolicy& policy,
                           const DayAccumulatorOptions& options)
    : m_report_day(report_day),
      m_policy(&policy),
      m_options(options),
      m_gunzipper(options.gunzip),
      m_parser(options.parser) {}

ObjectReader::~ObjectReader() = default;
ObjectReader::ObjectReader(ObjectReader&&) noexcept = default;

ObjectBatch ObjectReader::read(std::string_view region, std::string_view key,
                               std::string_view raw_bytes, std::vector<DayRecord> storage) {
  ObjectBatch batch = new_batch(region, key, std::move(storage));
  if (!read_into(batch, raw_bytes, CrcCheck::by_caller)) {
    // A member's text is not what its trailer says: read the object again,
    // checking each member as it is inflated, which keeps the text up to the
    // end of that member and names the damage, as any other.
    batch = new_batch(region, key, std::move(batch.records));
    read_into(batch, raw_bytes, CrcCheck::inflating);
  }
  return batch;
}

ObjectBatch ObjectReader::new_batch(std::string_view region, std::string_view key,
                                    std::vector<DayRecord> storage) {
  ObjectBatch batch;
  storage.clear();
  batch.records = std::move(storage);
  batch.region = std::string(region);
  batch.key = std::string(key);
  return batch;
}

bool ObjectReader::read_into(ObjectBatch& batch, std::string_view raw_bytes, CrcCheck check) {
  DecodeReport decoded = m_gunzipper.decode(raw_bytes, m_text, check);
  batch.bytes_decompressed = m_text.size();
  if (decoded.damage) {
    batch.corrupt = true;
    add_issue(batch.warnings.corrupt_objects, [&] {
      return RecordIssue{batch.region, batch.key, 0, {}, *decoded.damage};
    });
  }
  m_batch_keys.clear();
  Sink sink(*this, batch);
  CrcReadAhead crcs(m_text.view(), std::move(decoded.unchecked));
  m_parser.parse(m_text, sink, &crcs);
  return crcs.finish();
}

std::uint32_t ObjectReader::model_id_for(std::string_view raw_model_id) {
  const std::uint32_t raw = m_last_raw_model.intern(m_strings, raw_model_id);
  if (const auto found = m_model_ids.find(raw); found != m_model_ids.end()) {
    return found->second;
  }
  const std::uint32_t normalized = m_strings.intern(normalize_model_id(raw_model_id));
  m_model_ids.emplace(raw, normalized);
  return normalized;
}

std::optional<std::uint64_t> ObjectReader::threshold_for(std::uint32_t region,
                                                         std::uint32_t model) {
  const std::uint64_t pair = static_cast<std::uint64_t>(region) << 32 | model;
  if (const auto found = m_thresholds.find(pair); found != m_thresholds.end()) {
    return found->second;
  }
  const auto threshold =
      m_policy->long_context_threshold(m_strings.text(region), m_strings.text(model));
  m_thresholds.emplace(pair, threshold);
  return threshold;
}

}  // namespace boostburn
