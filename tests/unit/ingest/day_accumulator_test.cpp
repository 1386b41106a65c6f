#include "boostburn/ingest/day_accumulator.hpp"

#include <map>
#include <string>
#include <utility>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/ingest/ingest_test_support.hpp"

namespace boostburn {
namespace {

using namespace std::chrono;
using testing::gzip;
using ::testing::HasSubstr;

constexpr sys_days k_day{2026y / April / 19};
constexpr const char* k_key =
    "AWSLogs/1/BedrockModelInvocationLogs/us-east-1/2026/04/19/13/a.json.gz";
constexpr const char* k_dev = "arn:aws:iam::111122223333:user/dev";
constexpr const char* k_haiku = "anthropic.claude-3-haiku-20240307-v1";

// One log record; an empty string leaves the field out.
struct Rec {
  std::string id = "req";
  std::string ts = "2026-04-19T12:00:00Z";
  std::string region = "us-east-1";
  std::string arn = k_dev;
  std::string model = "anthropic.claude-3-haiku-20240307-v1:0";
  int input = 10;
  int output = 5;
  int cache_read = 0;
  int cache_write = 0;

  [[nodiscard]] std::string json() const {
    std::string out = "{";
    const auto add = [&out](std::string_view name, std::string_view value) {
      if (!value.empty()) {
        out += "\"" + std::string(name) + "\":\"" + std::string(value) + "\",";
      }
    };
    add("timestamp", ts);
    add("requestId", id);
    add("region", region);
    add("modelId", model);
    if (!arn.empty()) {
      out += R"("identity":{"arn":")" + arn + "\"},";
    }
    out += R"("input":{"inputTokenCount":)" + std::to_string(input) +
           R"(,"cacheReadInputTokenCount":)" + std::to_string(cache_read) +
           R"(,"cacheWriteInputTokenCount":)" + std::to_string(cache_write) +
           R"(},"output":{"outputTokenCount":)" + std::to_string(output) + "}}";
    return out;
  }
};

std::string jsonl(std::initializer_list<Rec> records) {
  std::string text;
  for (const Rec& r : records) {
    text += r.json() + "\n";
  }
  return text;
}

class FixedThresholds final : public LongContextPolicy {
 public:
  void set(std::string region, std::string model, std::uint64_t threshold) {
    m_thresholds[{std::move(region), std::move(model)}] = threshold;
  }
  [[nodiscard]] std::optional<std::uint64_t> long_context_threshold(
      std::string_view region, std::string_view model_id) const override {
    const auto found = m_thresholds.find({std::string(region), std::string(model_id)});
    if (found == m_thresholds.end()) {
      return std::nullopt;
    }
    return found->second;
  }

 private:
  std::map<std::pair<std::string, std::string>, std::uint64_t> m_thresholds;
};

Counters counters_of(const DayAccumulator& day, const UsageKey& key) {
  const auto found = day.aggregate().rows().find(key);
  return found == day.aggregate().rows().end() ? Counters{} : found->second;
}

UsageKey key_of(std::string region, std::string identity, std::string model,
                bool long_context = false) {
  return UsageKey{std::move(region), std::move(identity), std::move(model), long_context};
}

class DayAccumulatorTest : public ::testing::Test {
 protected:
  NoLongContext m_no_long_context;
  DayAccumulator m_day{k_day, m_no_long_context};
};

TEST_F(DayAccumulatorTest, SumsRecordsOfTheDayUnderTheirUsageKey) {
  const ObjectOutcome outcome = m_day.add_object(
      "us-east-1", k_key,
      gzip(jsonl({Rec{.id = "a", .input = 10, .output = 5, .cache_read = 100, .cache_write = 7},
                  Rec{.id = "b", .input = 1, .output = 2},
                  Rec{.id = "c", .model = "us.anthropic.claude-sonnet-4-6"}})));
  EXPECT_EQ(outcome.records_used, 3U);
  EXPECT_FALSE(outcome.corrupt);
  ASSERT_EQ(m_day.aggregate().rows().size(), 2U);
  const Counters haiku = counters_of(m_day, key_of("us-east-1", k_dev, k_haiku));
  EXPECT_EQ(haiku.requests, 2U);
  EXPECT_EQ(haiku.input_tokens, 11U);
  EXPECT_EQ(haiku.output_tokens, 7U);
  EXPECT_EQ(haiku.cache_read_input_tokens, 100U);
  EXPECT_EQ(haiku.cache_write_input_tokens, 7U);
  EXPECT_EQ(
      counters_of(m_day, key_of("us-east-1", k_dev, "us.anthropic.claude-sonnet-4-6")).requests,
      1U);
}

TEST_F(DayAccumulatorTest, RegionComesFromTheRecordElseTheBucket) {
  m_day.add_object("us-east-1", k_key,
                   jsonl({Rec{.id = "a", .region = "eu-west-1"}, Rec{.id = "b", .region = ""}}));
  EXPECT_EQ(counters_of(m_day, key_of("eu-west-1", k_dev, k_haiku)).requests, 1U);
  EXPECT_EQ(counters_of(m_day, key_of("us-east-1", k_dev, k_haiku)).requests, 1U);
}

TEST_F(DayAccumulatorTest, MissingIdentityAndModelAreUnknown) {
  m_day.add_object("us-east-1", k_key, jsonl({Rec{.arn = "", .model = ""}}));
  EXPECT_EQ(counters_of(m_day, key_of("us-east-1", "unknown", "unknown")).requests, 1U);
}

TEST_F(DayAccumulatorTest, RecordsOfOtherDaysAreLeftOut) {
  const ObjectOutcome outcome =
      m_day.add_object("us-east-1", k_key,
                       jsonl({Rec{.id = "before", .ts = "2026-04-18T23:59:59Z"},
                              Rec{.id = "in", .ts = "2026-04-19T00:00:00Z"},
                              Rec{.id = "after", .ts = "2026-04-20T00:00:00Z"}}));
  EXPECT_EQ(outcome.records_used, 1U);
  EXPECT_EQ(outcome.records_other_day, 2U);
  EXPECT_EQ(m_day.aggregate().totals().requests, 1U);
  EXPECT_EQ(m_day.stats().records_other_day, 2U);
}

TEST_F(DayAccumulatorTest, OffsetsDecideTheUtcDay) {
  m_day.add_object("us-east-1", k_key,
                   jsonl({
                       // 2026-04-20T01:30Z: the next UTC day.
                       Rec{.id = "late-local", .ts = "2026-04-19T23:30:00-02:00", .input = 1},
                       // 2026-04-19T20:30Z: this UTC day although it says the 20th.
                       Rec{.id = "early-local", .ts = "2026-04-20T01:30:00+05:00", .input = 20},
                       // 2026-04-18T22:00Z: the day before.
                       Rec{.id = "east", .ts = "2026-04-19T00:30:00+02:30", .input = 300},
                   }));
  EXPECT_EQ(m_day.aggregate().totals().requests, 1U);
  EXPECT_EQ(m_day.aggregate().totals().input_tokens, 20U);
}

TEST_F(DayAccumulatorTest, FractionalSecondsNeverMoveARecordAcrossMidnight) {
  m_day.add_object("us-east-1", k_key,
                   jsonl({Rec{.id = "a", .ts = "2026-04-18T23:59:59.999999Z", .input = 1},
                          Rec{.id = "b", .ts = "2026-04-19T00:00:00.000001Z", .input = 20},
                          Rec{.id = "c", .ts = "2026-04-19T23:59:59.9999999Z", .input = 300}}));
  EXPECT_EQ(m_day.aggregate().totals().input_tokens, 320U);
}

TEST_F(DayAccumulatorTest, ARequestIdCountsOnceAcrossObjects) {
  m_day.add_object("us-east-1", "first.json.gz",
                   gzip(jsonl({Rec{.id = "a", .input = 1}, Rec{.id = "b", .input = 10}})));
  const ObjectOutcome second =
      m_day.add_object("us-east-1", "second.json.gz",
                       gzip(jsonl({Rec{.id = "b", .input = 10}, Rec{.id = "c", .input = 100},
                                   Rec{.id = "c", .input = 100}})));
  EXPECT_EQ(second.duplicate_records, 2U);
  EXPECT_EQ(second.records_used, 1U);
  EXPECT_EQ(m_day.aggregate().totals().requests, 3U);
  EXPECT_EQ(m_day.aggregate().totals().input_tokens, 111U);
  EXPECT_EQ(m_day.stats().duplicate_records, 2U);
}

// A merged batch's records storage, handed to the next read, is emptied and
// reused: its old records never count again, and no fresh memory is needed.
TEST_F(DayAccumulatorTest, ARecycledRecordsStorageStartsEmpty) {
  ObjectReader reader = m_day.make_reader();
  ObjectBatch first = reader.read(
      "us-east-1", "first.json.gz",
      jsonl({Rec{.id = "a", .input = 1}, Rec{.id = "b", .input = 2}, Rec{.id = "c", .input = 4}}));
  ASSERT_EQ(first.records.size(), 3U);
  std::vector<DayRecord> storage = std::move(first.records);
  const DayRecord* const reused = storage.data();
  ObjectBatch second = reader.read("us-east-1", "second.json.gz",
                                   jsonl({Rec{.id = "d", .input = 8}}), std::move(storage));
  ASSERT_EQ(second.records.size(), 1U);
  EXPECT_EQ(second.records.data(), reused);
  m_day.merge(std::move(second));
  EXPECT_EQ(m_day.aggregate().totals().requests, 1U);
  EXPECT_EQ(m_day.aggregate().totals().input_tokens, 8U);
}

TEST_F(DayAccumulatorTest, RecordsWithoutRequestIdAreNeverDeduplicated) {
  m_day.add_object("us-east-1", k_key, jsonl({Rec{.id = ""}, Rec{.id = ""}}));
  m_day.add_object("us-east-1", k_key, jsonl({Rec{.id = ""}}));
  EXPECT_EQ(m_day.aggregate().totals().requests, 3U);
  EXPECT_EQ(m_day.stats().duplicate_records, 0U);
}

TEST_F(DayAccumulatorTest, OnlyCountedRecordsEnterTheSeenSet) {
  m_day.add_object("us-east-1", k_key,
                   jsonl({Rec{.id = "x", .ts = "2026-04-20T00:00:01Z"},
                          Rec{.id = "x", .ts = "2026-04-19T23:00:00Z"}}));
  EXPECT_EQ(m_day.aggregate().totals().requests, 1U);
  EXPECT_EQ(m_day.seen_request_ids().size(), 1U);
}

TEST(DayAccumulator, ContinuesDeduplicationFromASeededSet) {
  NoLongContext policy;
  DayAccumulator earlier(k_day, policy);
  earlier.add_object("us-east-1", k_key, jsonl({Rec{.id = "a"}, Rec{.id = "b"}}));

  DayAccumulator later(k_day, policy);
  later.seed_request_ids(earlier.seen_request_ids());
  later.add_object("us-east-1", k_key, jsonl({Rec{.id = "b"}, Rec{.id = "c"}}));
  EXPECT_EQ(later.aggregate().totals().requests, 1U);
  EXPECT_EQ(later.stats().duplicate_records, 1U);
  EXPECT_TRUE(later.seen_request_ids().contains("a"));
  EXPECT_TRUE(later.seen_request_ids().contains("c"));
  EXPECT_EQ(later.seen_request_ids().size(), 3U);
}

TEST(DayAccumulator, LongContextIsStrictlyAboveTheThreshold) {
  FixedThresholds policy;
  policy.set("us-east-1", "anthropic.claude-sonnet-4-6", 200000);
  DayAccumulator day(k_day, policy);
  const std::string sonnet = "anthropic.claude-sonnet-4-6";
  day.add_object(
      "us-east-1", k_key,
      jsonl({
          // input + cache read + cache write == 200000: standard.
          Rec{.id = "at",
              .model = sonnet,
              .input = 100000,
              .cache_read = 60000,
              .cache_write = 40000},
          // 200001: long context.
          Rec{.id = "over", .model = sonnet, .input = 1, .cache_read = 200000},
          // Output does not count toward the threshold.
          Rec{.id = "output", .model = sonnet, .input = 10, .output = 300000},
          // No threshold for this region.
          Rec{.id = "other-region", .region = "eu-west-1", .model = sonnet, .input = 300000},
      }));
  const Counters standard = counters_of(day, key_of("us-east-1", k_dev, sonnet, false));
  const Counters long_context = counters_of(day, key_of("us-east-1", k_dev, sonnet, true));
  EXPECT_EQ(standard.requests, 2U);
  EXPECT_EQ(long_context.requests, 1U);
  EXPECT_EQ(long_context.cache_read_input_tokens, 200000U);
  EXPECT_EQ(counters_of(day, key_of("eu-west-1", k_dev, sonnet, false)).requests, 1U);
}

TEST_F(DayAccumulatorTest, OneHourCacheWritesFromTheBodyAreKept) {
  m_day.add_object(
      "us-east-1", k_key,
      R"({"timestamp":"2026-04-19T10:00:00Z","requestId":"r","modelId":"m",)"
      R"("input":{"inputTokenCount":3,"cacheWriteInputTokenCount":1000},"output":{"outputTokenCount":4,)"
      R"("outputBodyJson":{"usage":{"cache_creation":{"ephemeral_1h_input_tokens":600}}}}})");
  const Counters totals = m_day.aggregate().totals();
  EXPECT_EQ(totals.cache_write_input_tokens, 1000U);
  EXPECT_EQ(totals.cache_write_1h_input_tokens, 600U);
  EXPECT_EQ(totals.total_tokens(), 1007U);
}

TEST_F(DayAccumulatorTest, MalformedLinesAreNamedAndTheRestCounts) {
  const ObjectOutcome outcome =
      m_day.add_object("us-west-2", k_key,
                       Rec{.id = "a"}.json() + "\n{\"requestId\":\"b\",\n" + Rec{.id = "c"}.json());
  EXPECT_EQ(outcome.malformed_records, 1U);
  EXPECT_EQ(m_day.aggregate().totals().requests, 2U);
  const IssueList& malformed = m_day.warnings().malformed_records;
  ASSERT_EQ(malformed.total(), 1U);
  EXPECT_EQ(malformed.items()[0].region, "us-west-2");
  EXPECT_EQ(malformed.items()[0].object, k_key);
  EXPECT_EQ(malformed.items()[0].line, 2U);
  EXPECT_FALSE(malformed.items()[0].detail.empty());
}

TEST_F(DayAccumulatorTest, RecordsWithoutAUsableTimestampAreInvalid) {
  const ObjectOutcome outcome =
      m_day.add_object("us-east-1", k_key,
                       jsonl({Rec{.id = "no-ts", .ts = ""},
                              Rec{.id = "bad-ts", .ts = "19/04/2026 12:00"}, Rec{.id = "ok"}}));
  EXPECT_EQ(outcome.invalid_records, 2U);
  EXPECT_EQ(m_day.aggregate().totals().requests, 1U);
  const IssueList& invalid = m_day.warnings().invalid_records;
  ASSERT_EQ(invalid.total(), 2U);
  EXPECT_EQ(invalid.items()[0].request_id, "no-ts");
  EXPECT_THAT(invalid.items()[0].detail, HasSubstr("missing timestamp"));
  EXPECT_EQ(invalid.items()[1].line, 2U);
  EXPECT_THAT(invalid.items()[1].detail, HasSubstr("19/04/2026 12:00"));
}

TEST_F(DayAccumulatorTest, RecordsWithoutCountsAreOneRequestAndAWarning) {
  const ObjectOutcome outcome = m_day.add_object(
      "us-east-1", k_key,
      R"({"timestamp":"2026-04-19T10:00:00Z","requestId":"nothing","modelId":"m","output":{}})");
  EXPECT_EQ(outcome.missing_token_counts, 1U);
  const Counters totals = m_day.aggregate().totals();
  EXPECT_EQ(totals.requests, 1U);
  EXPECT_EQ(totals.total_tokens(), 0U);
  const IssueList& missing = m_day.warnings().missing_token_counts;
  ASSERT_EQ(missing.total(), 1U);
  EXPECT_EQ(missing.items()[0].request_id, "nothing");
  EXPECT_EQ(missing.items()[0].object, k_key);
}

TEST_F(DayAccumulatorTest, CorruptObjectsAreNamedAndTheirGoodLinesCount) {
  std::string text;
  for (int i = 0; i < 2000; ++i) {
    text += Rec{.id = "r" + std::to_string(i), .input = 1}.json() + "\n";
  }
  const std::string bytes = gzip(text);
  const ObjectOutcome outcome =
      m_day.add_object("us-east-1", k_key, bytes.substr(0, bytes.size() / 2));
  EXPECT_TRUE(outcome.corrupt);
  const IssueList& corrupt = m_day.warnings().corrupt_objects;
  ASSERT_EQ(corrupt.total(), 1U);
  EXPECT_EQ(corrupt.items()[0].object, k_key);
  EXPECT_EQ(corrupt.items()[0].line, 0U);
  EXPECT_THAT(corrupt.items()[0].detail, HasSubstr("truncated"));
  // Every complete line before the damage counted; the cut one is malformed.
  EXPECT_GT(m_day.aggregate().totals().requests, 100U);
  EXPECT_LT(m_day.aggregate().totals().requests, 2000U);
  EXPECT_EQ(m_day.aggregate().totals().input_tokens, m_day.aggregate().totals().requests);
  EXPECT_LE(m_day.warnings().malformed_records.total(), 1U);
}

// A member whose text does not match its CRC-32 (checked while parsing)
// makes the object corrupt as if it had been checked while inflating: the
// text up to that member's end counts, what follows does not, and no record
// counts twice.
TEST_F(DayAccumulatorTest, ACrcMismatchCountsTheTextBeforeItOnce) {
  std::string first;
  std::string second;
  std::string third;
  for (int i = 0; i < 3000; ++i) {
    first += Rec{.id = "a" + std::to_string(i), .input = 1}.json() + "\n";
    second += Rec{.id = "b" + std::to_string(i), .input = 10}.json() + "\n";
    third += Rec{.id = "c" + std::to_string(i), .input = 100}.json() + "\n";
  }
  std::string bad = gzip(second);
  bad[bad.size() - 8] = static_cast<char>(bad[bad.size() - 8] ^ 1);
  const ObjectOutcome outcome =
      m_day.add_object("us-east-1", k_key, gzip(first) + bad + gzip(third));
  EXPECT_TRUE(outcome.corrupt);
  const IssueList& corrupt = m_day.warnings().corrupt_objects;
  ASSERT_EQ(corrupt.total(), 1U);
  EXPECT_THAT(corrupt.items()[0].detail, HasSubstr("incorrect data check"));
  EXPECT_EQ(m_day.aggregate().totals().requests, 6000U);
  EXPECT_EQ(m_day.aggregate().totals().input_tokens, 3000U * 11U);
  EXPECT_EQ(outcome.records_parsed, 6000U);
  EXPECT_EQ(m_day.stats().duplicate_records, 0U);
  EXPECT_EQ(m_day.warnings().malformed_records.total(), 0U);

  // The same object with its CRC-32 right counts all three members.
  DayAccumulator whole(k_day, m_no_long_context);
  whole.add_object("us-east-1", k_key, gzip(first) + gzip(second) + gzip(third));
  EXPECT_EQ(whole.aggregate().totals().requests, 9000U);
  EXPECT_EQ(whole.warnings().corrupt_objects.total(), 0U);
}

// Whatever the text's form (some are parsed without a call ahead, some
// after one over the whole text), a member whose CRC-32 does not match is
// found, and the object counts as zlib keeps it: here all of its one member.
TEST(DayAccumulator, ACrcMismatchIsFoundInEveryFormOfText) {
  const std::string lines = jsonl({Rec{.id = "a", .input = 1}, Rec{.id = "b", .input = 2}});
  const std::string array = "[\n" + Rec{.id = "a", .input = 1}.json() + ",\n" +
                            Rec{.id = "b", .input = 2}.json() + "\n]\n";
  const std::string pretty =
      "{\n  \"timestamp\": \"2026-04-19T12:00:00Z\",\n  \"requestId\": \"p\",\n"
      "  \"input\": {\"inputTokenCount\": 4}\n}\n";
  const std::string bom = "\xEF\xBB\xBF";
  for (const std::string& text :
       {lines, array, pretty, std::string("\n\n  \n"), bom, bom + lines, std::string()}) {
    NoLongContext policy;
    DayAccumulator plain(k_day, policy);
    plain.add_object("us-east-1", k_key, text);
    std::string bytes = gzip(text);
    bytes[bytes.size() - 8] = static_cast<char>(bytes[bytes.size() - 8] ^ 1);
    DayAccumulator day(k_day, policy);
    const ObjectOutcome outcome = day.add_object("us-east-1", k_key, bytes);
    EXPECT_TRUE(outcome.corrupt) << text;
    ASSERT_EQ(day.warnings().corrupt_objects.total(), 1U) << text;
    EXPECT_THAT(day.warnings().corrupt_objects.items()[0].detail, HasSubstr("incorrect data check"))
        << text;
    EXPECT_TRUE(day.aggregate().rows() == plain.aggregate().rows()) << text;
    EXPECT_EQ(day.stats().records_parsed, plain.stats().records_parsed) << text;
    EXPECT_EQ(day.warnings().malformed_records, plain.warnings().malformed_records) << text;
  }
}

TEST_F(DayAccumulatorTest, StatsAddUp) {
  m_day.add_object("us-east-1", "a.json",
                   jsonl({Rec{.id = "a"}, Rec{.id = "b", .ts = "2026-04-01T00:00:00Z"},
                          Rec{.id = "c", .ts = "junk"}}) +
                       "junk line\n");
  const std::string second = jsonl({Rec{.id = "a"}, Rec{.id = "d"}});
  m_day.add_object("us-east-1", "b.json.gz", gzip(second));
  const IngestStats& stats = m_day.stats();
  EXPECT_EQ(stats.objects_processed, 2U);
  EXPECT_EQ(stats.records_parsed, 5U);
  EXPECT_EQ(stats.records_used, 2U);
  EXPECT_EQ(stats.records_other_day, 1U);
  EXPECT_EQ(stats.duplicate_records, 1U);
  EXPECT_EQ(stats.records_parsed, stats.records_used + stats.records_other_day +
                                      stats.duplicate_records +
                                      m_day.warnings().invalid_records.total());
  EXPECT_EQ(m_day.warnings().malformed_records.total(), 1U);
  EXPECT_GT(stats.bytes_decompressed, second.size());
}

TEST(DayAccumulator, TheDecompressedSizeCapIsACorruptObject) {
  NoLongContext policy;
  DayAccumulatorOptions options;
  options.gunzip.max_output_bytes = 10;
  DayAccumulator day(k_day, policy, options);
  const ObjectOutcome outcome = day.add_object("us-east-1", k_key, gzip(jsonl({Rec{}})));
  EXPECT_TRUE(outcome.corrupt);
  EXPECT_EQ(outcome.bytes_decompressed, 10U);
  ASSERT_EQ(day.warnings().corrupt_objects.total(), 1U);
  EXPECT_THAT(day.warnings().corrupt_objects.items()[0].detail,
              HasSubstr("decompressed size exceeds the cap"));
  EXPECT_EQ(day.aggregate().totals().requests, 0U);
}

TEST(DayAccumulator, AnObjectOverTheCapCountsItsKeptPartAndIsNamed) {
  NoLongContext policy;
  const std::string first = jsonl({Rec{.id = "a"}, Rec{.id = "b"}});
  DayAccumulatorOptions options;
  options.gunzip.max_output_bytes = first.size() + 20;  // cuts the third record
  DayAccumulator day(k_day, policy, options);
  const std::string text = first + jsonl({Rec{.id = "c"}});
  for (const std::string& bytes : {text, gzip(text)}) {
    DayAccumulator fresh(k_day, policy, options);
    const ObjectOutcome outcome = fresh.add_object("us-east-1", k_key, bytes);
    EXPECT_TRUE(outcome.corrupt);
    EXPECT_EQ(outcome.records_used, 2U);
    EXPECT_EQ(outcome.malformed_records, 1U);  // the cut third line
    ASSERT_EQ(fresh.warnings().corrupt_objects.total(), 1U);
    EXPECT_EQ(fresh.warnings().corrupt_objects.items()[0].object, k_key);
    EXPECT_THAT(fresh.warnings().corrupt_objects.items()[0].detail,
                HasSubstr("--max-object-bytes"));
    EXPECT_EQ(fresh.aggregate().totals().requests, 2U);
  }
}

TEST(DayAccumulator, ALineOverTheLineCapIsAMalformedRecordNamedByLine) {
  NoLongContext policy;
  DayAccumulatorOptions options;
  options.parser.max_line_bytes = 1024;
  DayAccumulator day(k_day, policy, options);
  const std::string text =
      jsonl({Rec{.id = "a"}, Rec{.id = std::string(2000, 'x')}, Rec{.id = "c"}});
  day.add_object("us-east-1", k_key, text);
  EXPECT_EQ(day.aggregate().totals().requests, 2U);
  ASSERT_EQ(day.warnings().malformed_records.total(), 1U);
  const RecordIssue& issue = day.warnings().malformed_records.items()[0];
  EXPECT_EQ(issue.object, k_key);
  EXPECT_EQ(issue.line, 2U);
  EXPECT_THAT(issue.detail, HasSubstr("over the cap of 1024 bytes (--max-line-bytes)"));
}

TEST(DayAccumulator, RecordsFromTheFutureAreInvalidNotCounted) {
  NoLongContext policy;
  DayAccumulatorOptions options;
  // The clock says 2026-04-19T12:00:00Z; a day later is the latest plausible time.
  options.latest_timestamp = 1776600000 + 86400;
  DayAccumulator day(k_day, policy, options);
  day.add_object("us-east-1", k_key,
                 jsonl({Rec{.id = "now"}, Rec{.id = "far", .ts = "2099-01-01T00:00:00Z"},
                        Rec{.id = "next-day", .ts = "2026-04-20T11:00:00Z"},
                        Rec{.id = "too-late", .ts = "2026-04-20T12:00:01Z"}}));
  EXPECT_EQ(day.aggregate().totals().requests, 1U);
  EXPECT_EQ(day.stats().records_other_day, 1U);  // within a day of the clock: another day, fine
  ASSERT_EQ(day.warnings().invalid_records.total(), 2U);
  EXPECT_EQ(day.warnings().invalid_records.items()[0].request_id, "far");
  EXPECT_EQ(day.warnings().invalid_records.items()[0].line, 2U);
  EXPECT_THAT(day.warnings().invalid_records.items()[0].detail,
              HasSubstr("is in the future (after 2026-04-20T12:00:00Z"));
  EXPECT_EQ(day.warnings().invalid_records.items()[1].request_id, "too-late");
}

TEST(DayAccumulator, RecordsOfTheReportDayInTheFutureAreInvalidToo) {
  NoLongContext policy;
  DayAccumulatorOptions options;
  options.latest_timestamp = 1776556800 - 86400 - 1;  // clock more than a day behind the day
  DayAccumulator day(k_day, policy, options);
  day.add_object("us-east-1", k_key, jsonl({Rec{}}));
  EXPECT_EQ(day.aggregate().totals().requests, 0U);
  EXPECT_EQ(day.warnings().invalid_records.total(), 1U);
}

TEST(DayAccumulator, QuarantineKeepsTheOffendingBytesInLineOrder) {
  NoLongContext policy;
  DayAccumulatorOptions options;
  options.quarantine_budget_bytes = 1 << 20;
  options.latest_timestamp = 1776600000 + 86400;
  DayAccumulator day(k_day, policy, options);
  const std::string no_counts = R"({"timestamp":"2026-04-19T12:00:00Z","requestId":"m"})";
  const std::string future = Rec{.id = "f", .ts = "2099-01-01T00:00:00Z"}.json();
  const std::string no_time = Rec{.id = "t", .ts = ""}.json();
  const std::string text = Rec{.id = "a"}.json() + "\n" + "not json \r\n" + no_counts + "\n" +
                           future + "\n" + no_time + "\n" +
                           Rec{.id = "z", .ts = "2026-04-18T01:00:00Z"}.json() + "\n";
  const ObjectOutcome outcome = day.add_object("us-east-1", k_key, text);
  ASSERT_EQ(outcome.quarantined.size(), 4U);
  EXPECT_EQ(outcome.quarantined[0],
            (QuarantinedLine{2, "malformed_records: line is not a JSON object", "not json \r"}));
  EXPECT_EQ(outcome.quarantined[1].line, 3U);
  EXPECT_EQ(outcome.quarantined[1].raw, no_counts);
  EXPECT_THAT(outcome.quarantined[1].reason, HasSubstr("missing_token_counts: "));
  EXPECT_EQ(outcome.quarantined[2].raw, future);
  EXPECT_THAT(outcome.quarantined[2].reason, HasSubstr("invalid_records: timestamp"));
  EXPECT_EQ(outcome.quarantined[3].raw, no_time);
  EXPECT_EQ(outcome.quarantined[3].reason, "invalid_records: missing timestamp");
  EXPECT_EQ(outcome.quarantine_dropped, 0U);
  // Counting is unchanged by the quarantine: "a" and "m" (zero tokens) count.
  EXPECT_EQ(day.aggregate().totals().requests, 2U);
}

TEST(DayAccumulator, WithoutAQuarantineNothingIsKept) {
  const ObjectOutcome outcome = [] {
    NoLongContext policy;
    DayAccumulator day(k_day, policy);
    return day.add_object("us-east-1", k_key, "junk\n");
  }();
  EXPECT_TRUE(outcome.quarantined.empty());
  EXPECT_EQ(outcome.quarantine_dropped, 0U);
}

TEST(DayAccumulator, TheQuarantineBudgetLastsTheAccumulatorsLife) {
  NoLongContext policy;
  DayAccumulatorOptions options;
  options.quarantine_budget_bytes = 25;
  DayAccumulator day(k_day, policy, options);
  const ObjectOutcome first = day.add_object("us-east-1", k_key, "0123456789\n0123456789\n");
  EXPECT_EQ(first.quarantined.size(), 2U);
  // 5 bytes left: the 4-byte line fits, the 10-byte one does not, nor anything after it
  // that is larger than what is left.
  const ObjectOutcome second = day.add_object("us-east-1", "b", "0123456789\nabcd\nxy\n");
  ASSERT_EQ(second.quarantined.size(), 1U);
  EXPECT_EQ(second.quarantined[0].raw, "abcd");
  EXPECT_EQ(second.quarantine_dropped, 2U);
  EXPECT_EQ(day.add_object("us-east-1", "c", "xy\n").quarantine_dropped, 1U);
  EXPECT_EQ(day.warnings().malformed_records.total(), 6U);  // all named, kept or not
}

TEST(DayAccumulator, TheObjectCapComesFromTheOptions) {
  NoLongContext policy;
  const std::string text = jsonl({Rec{.id = "a"}, Rec{.id = "b"}});
  DayAccumulatorOptions options;
  options.gunzip.max_output_bytes = 10;
  DayAccumulator capped(k_day, policy, options);
  EXPECT_TRUE(capped.add_object("us-east-1", "x", text).corrupt);
  DayAccumulator uncapped(k_day, policy);
  EXPECT_FALSE(uncapped.add_object("us-east-1", "y", text).corrupt);
}

}  // namespace
}  // namespace boostburn
