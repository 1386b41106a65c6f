// Micro-benchmarks of the per-record arithmetic: exact money (Money +=,
// PricePerMillion::cost_of, pricing's cost_of of a rate card) in operations/s,
// and aggregation into a UsageTable (three interned strings + one add per
// record) in records/s, on the usage keys of the sample object; the day's
// de-duplication set: inserting ids, and reading a set back in ascending
// order (as a later run of the day does from the request-id file), in ids/s.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "boostburn/ingest/padded_buffer.hpp"
#include "boostburn/ingest/record_parser.hpp"
#include "boostburn/ingest/usage_table.hpp"
#include "boostburn/metrics/counters.hpp"
#include "boostburn/metrics/money.hpp"
#include "boostburn/metrics/request_id_set.hpp"
#include "boostburn/pricing/cost.hpp"
#include "boostburn/pricing/price_table.hpp"
#include "sample.hpp"

namespace boostburn::bench {
namespace {

constexpr std::size_t k_batch = 4096;

// xorshift64: varied, reproducible numbers.
std::uint64_t next_random(std::uint64_t& x) {
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  return x;
}

std::vector<std::uint64_t> token_counts() {
  std::vector<std::uint64_t> counts(k_batch);
  std::uint64_t x = 88172645463325252u;
  for (auto& count : counts) {
    count = next_random(x) % 200'000;
  }
  return counts;
}

void money_add_cost_of(benchmark::State& state) {
  const auto counts = token_counts();
  const auto price = PricePerMillion::parse("3.75");
  for (auto _ : state) {
    Money total;
    for (std::uint64_t tokens : counts)
      total += price->cost_of(tokens);
    benchmark::DoNotOptimize(total);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * k_batch));
}
BENCHMARK(money_add_cost_of);

void cost_of_rate_card(benchmark::State& state) {
  auto table = load_price_file(BOOSTBURN_SOURCE_DIR "/config/pricing.yaml");
  if (!table) {
    state.SkipWithError(table.error().message.c_str());
    return;
  }
  const RateCard* card =
      table->rates_for("us.anthropic.claude-sonnet-4-5-20250929-v1", "us-east-1");
  if (card == nullptr) {
    state.SkipWithError("no rate card for us.anthropic.claude-sonnet-4-5-20250929-v1");
    return;
  }
  const auto counts = token_counts();
  for (auto _ : state) {
    Money total;
    PartialFlags flags;
    for (std::size_t i = 0; i + 3 < counts.size(); i += 4) {
      Counters c{1, counts[i], counts[i + 1], counts[i + 2], counts[i + 3], counts[i + 3] / 4};
      total += cost_of(*card, c, false, flags);
    }
    benchmark::DoNotOptimize(total);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * (k_batch / 4)));
}
BENCHMARK(cost_of_rate_card);

// The usage keys and counts of the sample's records, copied out of the parser.
struct KeyedRecord {
  std::string region, identity, model;
  Counters counters;
};

class CollectingSink final : public RecordSink {
 public:
  void on_record(const ParsedRecord& r) override {
    records.push_back({std::string(r.region), std::string(r.identity_arn), std::string(r.model_id),
                       Counters{1, r.tokens.input_tokens, r.tokens.output_tokens,
                                r.tokens.cache_read_input_tokens, r.tokens.cache_write_input_tokens,
                                r.tokens.cache_write_1h_input_tokens}});
  }
  void on_malformed(const MalformedRecord& /*malformed*/) override {}
  std::vector<KeyedRecord> records;
};

void usage_table_add(benchmark::State& state) {
  PaddedBuffer text;
  text.assign(sample().text);
  CollectingSink sink;
  RecordParser().parse(text, sink);
  UsageTable table;
  for (auto _ : state) {
    for (const KeyedRecord& r : sink.records) {
      table.add(InternedKey{table.intern(r.region), table.intern(r.identity), table.intern(r.model),
                            false},
                r.counters);
    }
  }
  Aggregate aggregate;
  table.flush_into(aggregate);
  benchmark::DoNotOptimize(aggregate.rows().size());
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * sink.records.size()));
}
BENCHMARK(usage_table_add)->Unit(benchmark::kMillisecond);

// A day of a busy account: 300,000 distinct ids, as random as XXH3 makes them.
constexpr std::size_t k_day_ids = 300'000;

std::vector<RequestIdHash> day_hashes() {
  std::vector<RequestIdHash> hashes(k_day_ids);
  std::uint64_t x = 0x9E3779B97F4A7C15u;
  for (auto& hash : hashes) {
    hash.high = next_random(x);
    hash.low = next_random(x);
  }
  return hashes;
}

void request_id_set_insert(benchmark::State& state) {
  const auto hashes = day_hashes();
  for (auto _ : state) {
    RequestIdSet set;
    for (const RequestIdHash& hash : hashes) {
      set.insert(hash);
    }
    benchmark::DoNotOptimize(set.size());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * hashes.size()));
}
BENCHMARK(request_id_set_insert)->Unit(benchmark::kMillisecond);

// What load_snapshot does with the day's request-id file (ascending hashes).
void request_id_set_load_sorted(benchmark::State& state) {
  RequestIdSet source;
  for (const RequestIdHash& hash : day_hashes()) {
    source.insert(hash);
  }
  const std::vector<RequestIdHash> sorted = source.sorted_hashes();
  for (auto _ : state) {
    RequestIdSet::AscendingBuilder builder(sorted.size());
    for (const RequestIdHash& hash : sorted) {
      builder.add(hash);
    }
    RequestIdSet set = builder.build();
    benchmark::DoNotOptimize(set.size());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * sorted.size()));
}
BENCHMARK(request_id_set_load_sorted)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace boostburn::bench
