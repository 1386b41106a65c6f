// Micro-benchmarks of the ingest hot path, on the sample object (sample.hpp):
// gunzip (bytes/s of JSON out), simdjson's own floor, the value-skipping
// floor and the record parser (bytes/s of JSON in), the
// worker half of an object (ObjectReader::read) and the whole of it
// (DayAccumulator::add_object: gunzip + parse + de-duplicate + aggregate),
// in records/s.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include <benchmark/benchmark.h>
#include <simdjson.h>

#include "boostburn/ingest/day_accumulator.hpp"
#include "boostburn/ingest/gunzip.hpp"
#include "boostburn/ingest/json_skip.hpp"
#include "boostburn/ingest/object_reader.hpp"
#include "boostburn/ingest/padded_buffer.hpp"
#include "boostburn/ingest/record_parser.hpp"
#include "boostburn/pricing/price_table.hpp"
#include "sample.hpp"

namespace boostburn::bench {
namespace {

// The shipped price file: its long-context thresholds are looked up per key.
const PriceTable& prices() {
  static const PriceTable table = [] {
    auto loaded = load_price_file(BOOSTBURN_SOURCE_DIR "/config/pricing.yaml");
    if (!loaded) {
      std::fprintf(stderr, "bench_micro: %s\n", loaded.error().message.c_str());
      std::exit(1);
    }
    return std::move(*loaded);
  }();
  return table;
}

void gunzip(benchmark::State& state) {
  const Sample& s = sample();
  Gunzipper gunzipper;
  PaddedBuffer out;
  for (auto _ : state) {
    auto report = gunzipper.decode(s.gzip, out);
    benchmark::DoNotOptimize(report);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * s.text.size()));
}
BENCHMARK(gunzip)->Unit(benchmark::kMillisecond);

class CountingSink final : public RecordSink {
 public:
  void on_record(const ParsedRecord& record) override {
    ++records;
    tokens += record.tokens.input_tokens + record.tokens.output_tokens;
  }
  void on_malformed(const MalformedRecord& /*malformed*/) override { ++malformed; }
  std::uint64_t records = 0;
  std::uint64_t malformed = 0;
  std::uint64_t tokens = 0;
};

// Arg 1: as Boostburn runs it (plain records read by the record scanner,
// others compacted before simdjson reads them); for comparison, arg 0: every
// line parsed whole; arg 2: no record read by the scanner, every one
// compacted.
void record_parser(benchmark::State& state) {
  const Sample& s = sample();
  PaddedBuffer text;
  text.assign(s.text);
  RecordParserOptions options;
  options.skip_unread_values = state.range(0) != 0;
  options.read_plain_records = state.range(0) == 1;
  RecordParser parser(options);
  std::uint64_t records = 0;
  std::uint64_t malformed = 0;
  for (auto _ : state) {
    CountingSink sink;
    parser.parse(text, sink);
    benchmark::DoNotOptimize(sink.tokens);
    records += sink.records;
    malformed += sink.malformed;
  }
  // Should be 0: a sample of malformed lines would measure the error path.
  state.counters["malformed"] = static_cast<double>(malformed);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * s.text.size()));
  state.SetItemsProcessed(static_cast<std::int64_t>(records));
}
BENCHMARK(record_parser)->Arg(1)->Arg(0)->Arg(2)->Unit(benchmark::kMillisecond);

// What any tool built on simdjson must do at the least: find every token of
// every record (stage 1, in batches: iterate_many) and step over each
// record's top-level fields, reading nothing. Not Boostburn's code: the
// floor its record parser is measured against (bench/README.md). On one
// thread, like every other number here: by default iterate_many runs stage 1
// of the next batch on a second thread, which Google Benchmark's CPU time
// does not see and its wall time hides on an idle core.
void simdjson_floor(benchmark::State& state) {
  const Sample& s = sample();
  const simdjson::padded_string text(s.text);
  simdjson::ondemand::parser parser;
  parser.threaded = false;
  std::uint64_t records = 0;
  for (auto _ : state) {
    simdjson::ondemand::document_stream stream;
    if (parser.iterate_many(text, std::size_t{4} << 20).get(stream) != simdjson::SUCCESS) {
      state.SkipWithError("iterate_many failed");
      return;
    }
    std::uint64_t fields = 0;
    for (auto document : stream) {
      simdjson::ondemand::object object;
      if (document.get_object().get(object) != simdjson::SUCCESS) {
        continue;
      }
      for (auto field : object) {
        fields += field.error() == simdjson::SUCCESS ? 1 : 0;
      }
      ++records;
    }
    benchmark::DoNotOptimize(fields);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * s.text.size()));
  state.SetItemsProcessed(static_cast<std::int64_t>(records));
}
BENCHMARK(simdjson_floor)->Unit(benchmark::kMillisecond);

// The least Boostburn's own way of reading records can cost: one pass of
// find_value_end over every record, as if each were one value nobody reads
// (the record scanner steps over each value of a record the same way, and
// reads a plain record itself; simdjson reads only the copies of the others).
// The floor of the record parser now that it no longer tokenises whole
// records (bench/README.md). Argument: 0 for the AVX2 block search, 1 for
// AVX-512BW's.
void value_skip_floor(benchmark::State& state) {
  const Sample& s = sample();
  const json_skip_detail::BlockSearch blocks = state.range(0) == 0
                                                   ? json_skip_detail::avx2_block_search()
                                                   : json_skip_detail::avx512_block_search();
  if (blocks == nullptr) {
    state.SkipWithError(state.range(0) == 0 ? "this CPU lacks AVX2, PCLMULQDQ, POPCNT or BMI1"
                                            : "this CPU lacks AVX-512 BW and VBMI2");
    return;
  }
  PaddedBuffer text;
  text.assign(s.text);
  const char* end = text.data() + text.size();
  std::uint64_t records = 0;
  for (auto _ : state) {
    for (const char* cursor = text.data(); cursor < end;) {
      const ValueEnd value = *cursor == '{' ? find_value_end(cursor, end, blocks) : ValueEnd{};
      const char* next = value.end != nullptr ? value.end : cursor;
      next =
          static_cast<const char*>(std::memchr(next, '\n', static_cast<std::size_t>(end - next)));
      cursor = next != nullptr ? next + 1 : end;
      ++records;
    }
    benchmark::DoNotOptimize(records);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * s.text.size()));
  state.SetItemsProcessed(static_cast<std::int64_t>(records));
}
BENCHMARK(value_skip_floor)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

void object_reader_read(benchmark::State& state) {
  const Sample& s = sample();
  ObjectReader reader(s.day, prices(), DayAccumulatorOptions{});
  std::uint64_t records = 0;
  for (auto _ : state) {
    ObjectBatch batch = reader.read("us-east-1", "bench/object.json.gz", s.gzip);
    records += batch.records_parsed;
    benchmark::DoNotOptimize(batch.records.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(records));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * s.text.size()));
}
BENCHMARK(object_reader_read)->Unit(benchmark::kMillisecond);

// A fresh accumulator per object, so that every record is new (re-adding the
// same object to one accumulator would only count duplicates).
void day_accumulator_add_object(benchmark::State& state) {
  const Sample& s = sample();
  std::uint64_t records = 0;
  for (auto _ : state) {
    DayAccumulator day(s.day, prices());
    ObjectOutcome outcome = day.add_object("us-east-1", "bench/object.json.gz", s.gzip);
    records += outcome.records_parsed;
    benchmark::DoNotOptimize(day.aggregate().rows().size());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(records));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * s.text.size()));
}
BENCHMARK(day_accumulator_add_object)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace boostburn::bench
