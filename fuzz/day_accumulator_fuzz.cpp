// Fuzzes the whole ingest path, DayAccumulator::add_object (gunzip, parse,
// aggregate), with arbitrary bytes as one log object of report day 2026-11-30.
//
// Invariants, beyond "no crash, no exception, no leak, no UB":
//  - every parsed record is accounted for exactly once (used, other day,
//    duplicate or invalid), and warnings, stats and the aggregate agree with
//    the object's outcome (one request per used record);
//  - the decoded size respects the object cap (plain text too), and an
//    object over it is reported corrupt;
//  - every malformed, invalid or count-less record is quarantined, or counted
//    as dropped once the (small) budget is spent; a plain object's quarantined
//    bytes are its own;
//  - every usage row is consistent: its long_context flag matches the price
//    table's threshold (each request above it, or none), 1-hour cache writes
//    are part of the cache writes, and the priced metrics verify cleanly;
//  - adding the same object again counts no requestId twice: only records
//    without one are counted again, everything else becomes a duplicate.
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "boostburn/ingest/day_accumulator.hpp"
#include "boostburn/metrics/verify.hpp"
#include "boostburn/pricing/apply_pricing.hpp"
#include "boostburn/pricing/price_table.hpp"
#include "fuzz_check.hpp"
#include "fuzz_prices.hpp"

namespace boostburn {
namespace {

using namespace std::chrono;

constexpr sys_days k_report_day{year{2026} / November / 30};
constexpr std::size_t k_cap = std::size_t{1} << 20;
constexpr std::uint64_t k_quarantine_budget = 4096;
constexpr std::string_view k_region = "us-east-1";
constexpr std::string_view k_key =
    "AWSLogs/111122223333/BedrockModelInvocationLogs/us-east-1/"
    "2026/11/30/10/20261130T100500000Z_fuzz.json.gz";

// Low long-context thresholds, so that fuzzed counts cross them.
constexpr std::string_view k_prices = R"(schema_version: 2
rates:
  anthropic.claude-3-haiku-20240307-v1:
    default:
      input: 0.25
      output: 1.25
      cache_read: 0.03
      cache_write: 0.30
      long_context: {threshold_input_tokens: 1000, input: 0.5, output: 2.5}
    eu-west-1: {input: 0.27, output: 1.35}
  us.anthropic.claude-sonnet-4-5-20250929-v1:
    default:
      input: 3.30
      output: 16.50
      long_context: {threshold_input_tokens: 200000, input: 6.60, output: 24.75}
  stability.sd3-large-v1: {billing: not_token_priced}
)";

const PriceTable& prices() {
  static const PriceTable table = fuzz::load_prices(k_prices);
  return table;
}

void check_outcome(const ObjectOutcome& outcome, std::string_view raw) {
  FUZZ_CHECK(outcome.records_parsed == outcome.records_used + outcome.records_other_day +
                                           outcome.duplicate_records + outcome.invalid_records);
  FUZZ_CHECK(outcome.missing_token_counts <= outcome.records_used);
  FUZZ_CHECK(outcome.bytes_decompressed <= k_cap);
  if (!is_gzip(raw)) {
    FUZZ_CHECK(outcome.bytes_decompressed == std::min(raw.size(), k_cap));
    FUZZ_CHECK(outcome.corrupt == (raw.size() > k_cap));
  }
  FUZZ_CHECK(outcome.quarantined.size() + outcome.quarantine_dropped ==
             outcome.malformed_records + outcome.invalid_records + outcome.missing_token_counts);
  for (const QuarantinedLine& line : outcome.quarantined) {
    FUZZ_CHECK(line.raw.size() <= k_quarantine_budget && !line.reason.empty());
    if (!is_gzip(raw)) {
      FUZZ_CHECK(raw.find(line.raw) != std::string_view::npos);
    }
  }
}

void check_rows(const Aggregate& aggregate) {
  for (const auto& [key, counters] : aggregate.rows()) {
    FUZZ_CHECK(counters.requests > 0);
    FUZZ_CHECK(!key.region.empty() && !key.identity.empty() && !key.model_id.empty());
    FUZZ_CHECK(counters.cache_write_1h_input_tokens <= counters.cache_write_input_tokens);
    const auto threshold = prices().long_context_threshold(key.region, key.model_id);
    if (key.long_context) {
      FUZZ_CHECK(threshold.has_value());
      FUZZ_CHECK(counters.context_input_tokens() / counters.requests >= *threshold + 1);
    } else if (threshold) {
      FUZZ_CHECK(counters.context_input_tokens() <= counters.requests * *threshold);
    }
  }
  const std::vector<std::string> problems =
      verify_metrics(aggregate, apply_pricing(aggregate, prices()));
  FUZZ_CHECK_MSG(problems.empty(), problems.front());
}

}  // namespace
}  // namespace boostburn

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace boostburn;
  const std::string_view raw = fuzz::as_text(data, size);
  DayAccumulatorOptions options;
  options.gunzip.max_output_bytes = k_cap;
  options.quarantine_budget_bytes = k_quarantine_budget;
  DayAccumulator day(k_report_day, prices(), options);

  const ObjectOutcome first = day.add_object(k_region, k_key, raw);
  check_outcome(first, raw);
  const IngestStats& stats = day.stats();
  FUZZ_CHECK(stats.objects_processed == 1);
  FUZZ_CHECK(stats.bytes_decompressed == first.bytes_decompressed);
  FUZZ_CHECK(stats.records_parsed == first.records_parsed);
  FUZZ_CHECK(stats.records_used == first.records_used);
  FUZZ_CHECK(stats.records_other_day == first.records_other_day);
  FUZZ_CHECK(stats.duplicate_records == first.duplicate_records);
  const DataWarnings& warnings = day.warnings();
  FUZZ_CHECK(warnings.malformed_records.total() == first.malformed_records);
  FUZZ_CHECK(warnings.invalid_records.total() == first.invalid_records);
  FUZZ_CHECK(warnings.missing_token_counts.total() == first.missing_token_counts);
  FUZZ_CHECK(warnings.corrupt_objects.total() == (first.corrupt ? 1u : 0u));
  FUZZ_CHECK(day.aggregate().totals().requests == first.records_used);
  FUZZ_CHECK(day.seen_request_ids().size() <= first.records_used);
  check_rows(day.aggregate());

  const std::size_t ids = day.seen_request_ids().size();
  const ObjectOutcome second = day.add_object(k_region, k_key, raw);
  check_outcome(second, raw);
  FUZZ_CHECK(second.records_parsed == first.records_parsed);
  FUZZ_CHECK(second.records_other_day == first.records_other_day);
  FUZZ_CHECK(second.invalid_records == first.invalid_records);
  FUZZ_CHECK(second.malformed_records == first.malformed_records);
  FUZZ_CHECK(second.records_used + second.duplicate_records ==
             first.records_used + first.duplicate_records);
  // Only the records without a requestId are counted again.
  FUZZ_CHECK(second.records_used == first.records_used - ids);
  FUZZ_CHECK(day.seen_request_ids().size() == ids);
  FUZZ_CHECK(day.aggregate().totals().requests == first.records_used + second.records_used);
  check_rows(day.aggregate());
  return 0;
}
