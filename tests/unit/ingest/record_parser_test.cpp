#include "boostburn/ingest/record_parser.hpp"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/ingest/ingest_test_support.hpp"

namespace boostburn {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::RecordingSink;

RecordingSink parse(std::string_view text) {
  RecordParser parser;
  RecordingSink sink;
  parser.parse(testing::padded(text), sink);
  return sink;
}

// A record as Bedrock writes it (bodies left out), with request id `id`.
std::string record(std::string_view id) {
  return R"({"timestamp":"2026-04-19T13:28:51Z","requestId":")" + std::string(id) +
         R"(","region":"us-east-1","identity":{"arn":"arn:aws:iam::111122223333:user/dev"},)"
         R"("modelId":"anthropic.claude-3-haiku-20240307-v1:0",)"
         R"("input":{"inputTokenCount":23,"cacheReadInputTokenCount":5,"cacheWriteInputTokenCount":7},)"
         R"("output":{"outputTokenCount":319}})";
}

// A record whose token counts are only in its response body.
std::string body_only(std::string_view body) {
  return R"({"timestamp":"2026-04-19T13:28:51Z","requestId":"r","modelId":"m",)"
         R"("input":{"inputContentType":"application/json"},)"
         R"("output":{"outputBodyJson":)" +
         std::string(body) + "}}";
}

// A ReadAhead that asks to be called again every `piece` bytes, and notes
// every call and every record, in the order they came.
class LoggingAhead final : public ReadAhead, public RecordSink {
 public:
  LoggingAhead(const char* text, std::size_t piece) : m_text(text), m_piece(piece) {}
  std::size_t reached(std::size_t offset) override {
    events.push_back({Event::call, offset, offset + m_piece});
    return offset + m_piece;
  }
  void on_record(const ParsedRecord& record) override {
    events.push_back({Event::record, static_cast<std::size_t>(record.raw.data() - m_text), 0});
  }
  void on_malformed(const MalformedRecord&) override {}

  struct Event {
    enum Kind { call, record } kind;
    std::size_t offset;
    std::size_t again;  // for a call: where it asked to be called again
  };
  std::vector<Event> events;

 private:
  const char* m_text;
  std::size_t m_piece;
};

auto request_ids(const RecordingSink& sink) {
  std::vector<std::string> ids;
  for (const auto& r : sink.records) {
    ids.push_back(r.request_id);
  }
  return ids;
}

auto lines_of(const RecordingSink& sink) {
  std::vector<std::uint64_t> lines;
  for (const auto& r : sink.records) {
    lines.push_back(r.line);
  }
  return lines;
}

TEST(RecordParser, ReadsTheFieldsOfARecord) {
  const RecordingSink sink = parse(record("req-1"));
  ASSERT_THAT(sink.malformed, IsEmpty());
  ASSERT_EQ(sink.records.size(), 1U);
  const auto& r = sink.records[0];
  EXPECT_EQ(r.timestamp, "2026-04-19T13:28:51Z");
  EXPECT_EQ(r.request_id, "req-1");
  EXPECT_EQ(r.region, "us-east-1");
  EXPECT_EQ(r.identity_arn, "arn:aws:iam::111122223333:user/dev");
  EXPECT_EQ(r.model_id, "anthropic.claude-3-haiku-20240307-v1:0");
  EXPECT_EQ(r.tokens, (TokenCounts{23, 319, 5, 7, 0}));
  EXPECT_FALSE(r.missing_counts);
  EXPECT_FALSE(r.counts_from_body);
  EXPECT_EQ(r.line, 1U);
}

TEST(RecordParser, FieldOrderDoesNotMatter) {
  const RecordingSink sink = parse(
      R"({"output":{"outputTokenCount":319},"input":{"cacheWriteInputTokenCount":7,"inputTokenCount":23,)"
      R"("cacheReadInputTokenCount":5},"modelId":"anthropic.claude-3-haiku-20240307-v1:0",)"
      R"("identity":{"arn":"arn:aws:iam::111122223333:user/dev"},"region":"us-east-1",)"
      R"("requestId":"req-1","timestamp":"2026-04-19T13:28:51Z","schemaType":"ModelInvocationLog"})");
  const RecordingSink expected = parse(record("req-1"));
  ASSERT_EQ(sink.records.size(), 1U);
  EXPECT_EQ(sink.records[0].tokens, expected.records[0].tokens);
  EXPECT_EQ(sink.records[0].identity_arn, expected.records[0].identity_arn);
  EXPECT_EQ(sink.records[0].timestamp, expected.records[0].timestamp);
  EXPECT_EQ(sink.records[0].model_id, expected.records[0].model_id);
}

TEST(RecordParser, SkipsUnneededFieldsAndBodies) {
  const RecordingSink sink = parse(
      R"({"schemaType":"ModelInvocationLog","timestamp":"2026-04-19T13:28:51Z","requestId":"a",)"
      R"("input":{"inputBodyJson":{"messages":[{"role":"user","content":[{"text":"hi {\"x\":1}"}]}]},)"
      R"("inputTokenCount":3},"requestMetadata":{"team":"eng"},"output":{"outputTokenCount":4}})");
  ASSERT_EQ(sink.records.size(), 1U);
  EXPECT_EQ(sink.records[0].tokens, (TokenCounts{3, 4, 0, 0, 0}));
}

TEST(RecordParser, JsonLinesIgnoreBlankLinesAndKeepLineNumbers) {
  const RecordingSink sink =
      parse("\n" + record("a") + "\n\n   \n" + record("b") + "\r\n\t\n" + record("c") + "\n\n");
  EXPECT_THAT(sink.malformed, IsEmpty());
  EXPECT_THAT(request_ids(sink), ElementsAre("a", "b", "c"));
  EXPECT_THAT(lines_of(sink), ElementsAre(2, 5, 7));
}

TEST(RecordParser, AMalformedLineCostsOnlyItself) {
  const RecordingSink sink =
      parse(record("a") + "\n" + R"({"requestId":"broken","input":{"inputTokenCount":1)" + "\n" +
            record("c") + "\n" + R"({"requestId":"unclosed)" + "\n" + record("e") + "\n");
  EXPECT_THAT(request_ids(sink), ElementsAre("a", "c", "e"));
  EXPECT_THAT(lines_of(sink), ElementsAre(1, 3, 5));
  ASSERT_EQ(sink.malformed.size(), 2U);
  EXPECT_EQ(sink.malformed[0].line, 2U);
  EXPECT_EQ(sink.malformed[1].line, 4U);
  EXPECT_THAT(sink.malformed[1].detail, HasSubstr("never closed"));  // simdjson's text
}

TEST(RecordParser, ABrokenFirstLineCostsOnlyItself) {
  const RecordingSink sink = parse(R"({"requestId":"cut","input":{)"
                                   "\n" +
                                   record("b") + "\n" + record("c") + "\n");
  EXPECT_THAT(request_ids(sink), ElementsAre("b", "c"));
  ASSERT_EQ(sink.malformed.size(), 1U);
  EXPECT_EQ(sink.malformed[0].line, 1U);
}

TEST(RecordParser, TruncatedLastLineIsMalformed) {
  const std::string full = record("b");
  const RecordingSink sink = parse(record("a") + "\n" + full.substr(0, full.size() / 2));
  EXPECT_THAT(request_ids(sink), ElementsAre("a"));
  ASSERT_EQ(sink.malformed.size(), 1U);
  EXPECT_EQ(sink.malformed[0].line, 2U);
  EXPECT_FALSE(sink.malformed[0].detail.empty());
}

TEST(RecordParser, LinesThatAreNotObjectsAreMalformed) {
  const RecordingSink sink =
      parse(record("a") + "\n[1,2]\n42\n\"text\"\nnull\n" + record("b") + " {\"x\":1}\n");
  EXPECT_THAT(request_ids(sink), ElementsAre("a"));
  ASSERT_EQ(sink.malformed.size(), 5U);
  EXPECT_THAT(sink.malformed[0].detail, HasSubstr("not a JSON object"));
  EXPECT_EQ(sink.malformed[4].line, 6U);
  EXPECT_THAT(sink.malformed[4].detail, HasSubstr("trailing content"));
}

TEST(RecordParser, ReadsAJsonArrayOfRecords) {
  const RecordingSink sink = parse("[" + record("a") + "," + record("b") + "]");
  EXPECT_THAT(sink.malformed, IsEmpty());
  EXPECT_THAT(request_ids(sink), ElementsAre("a", "b"));
  EXPECT_THAT(lines_of(sink), ElementsAre(1, 1));
}

TEST(RecordParser, ReadsAPrettyPrintedArrayWithLineNumbers) {
  const RecordingSink sink =
      parse("\n[\n  " + record("a") + ",\n  42,\n\n  " + record("b") + "\n]\n");
  EXPECT_THAT(request_ids(sink), ElementsAre("a", "b"));
  EXPECT_THAT(lines_of(sink), ElementsAre(3, 6));
  ASSERT_EQ(sink.malformed.size(), 1U);
  EXPECT_EQ(sink.malformed[0].line, 4U);
  EXPECT_THAT(sink.malformed[0].detail, HasSubstr("not a JSON object"));
}

TEST(RecordParser, AWrongTypedArrayElementCostsOnlyItself) {
  const RecordingSink sink =
      parse("[" + record("a") + R"(,{"requestId":"bad","output":{"outputTokenCount":"9"}},)" +
            record("c") + "]");
  EXPECT_THAT(request_ids(sink), ElementsAre("a", "c"));
  ASSERT_EQ(sink.malformed.size(), 1U);
  EXPECT_EQ(sink.malformed[0].request_id, "bad");
  EXPECT_THAT(sink.malformed[0].detail, HasSubstr("output.outputTokenCount"));
}

TEST(RecordParser, ATruncatedArrayKeepsTheElementsBeforeTheCut) {
  const std::string cut = record("b").substr(0, 40);
  const RecordingSink sink = parse("[" + record("a") + ",\n" + cut);
  EXPECT_THAT(request_ids(sink), ElementsAre("a"));
  ASSERT_EQ(sink.malformed.size(), 1U);
  EXPECT_EQ(sink.malformed[0].line, 2U);
  EXPECT_EQ(sink.malformed[0].raw, cut);
}

TEST(RecordParser, AnArrayCutBetweenElementsSaysSo) {
  const RecordingSink sink = parse("[" + record("a") + ",\n");
  EXPECT_THAT(request_ids(sink), ElementsAre("a"));
  ASSERT_EQ(sink.malformed.size(), 1U);
  EXPECT_THAT(sink.malformed[0].detail, HasSubstr("not closed"));
}

TEST(RecordParser, ADamagedArrayElementCostsOnlyItself) {
  // Invalid UTF-8 and a syntax error in the middle; brackets inside strings do not count.
  const RecordingSink sink =
      parse("[" + record("a") + ",{\"requestId\":\"\xff\"},{\"requestId\" 5}," + record("b") +
            R"(,{"requestId":"c","note":"]},[{"})" + ",]  ");
  EXPECT_THAT(request_ids(sink), ElementsAre("a", "b", "c"));
  ASSERT_EQ(sink.malformed.size(), 3U);
  EXPECT_THAT(sink.malformed[0].detail, HasSubstr("UTF-8"));
  EXPECT_EQ(sink.malformed[1].raw, R"({"requestId" 5})");
  EXPECT_THAT(sink.malformed[2].detail, HasSubstr("empty array element"));
}

TEST(RecordParser, EmptyArraysHaveNoRecords) {
  EXPECT_THAT(parse("[]").malformed, IsEmpty());
  EXPECT_THAT(parse(" [ \n ] \n").malformed, IsEmpty());
}

TEST(RecordParser, ArrayElementsKeepTheirRawText) {
  const RecordingSink sink = parse("[\n  " + record("a") + " ,\n  7\n] junk");
  ASSERT_EQ(sink.records.size(), 1U);
  EXPECT_EQ(sink.records[0].raw, record("a"));
  ASSERT_EQ(sink.malformed.size(), 2U);
  EXPECT_EQ(sink.malformed[0].raw, "7");
  EXPECT_EQ(sink.malformed[0].line, 3U);
  EXPECT_EQ(sink.malformed[1].raw, "junk");
  EXPECT_EQ(sink.malformed[1].line, 4U);
}

TEST(RecordParser, JsonLinesRawIsThePhysicalLine) {
  const RecordingSink sink = parse("  " + record("a") + " \r\nnot json\r\n");
  ASSERT_EQ(sink.records.size(), 1U);
  EXPECT_EQ(sink.records[0].raw, "  " + record("a") + " \r");
  ASSERT_EQ(sink.malformed.size(), 1U);
  EXPECT_EQ(sink.malformed[0].raw, "not json\r");
}

TEST(RecordParser, ALineOverTheCapIsMalformedAndItsNeighboursCount) {
  RecordParser parser(RecordParserOptions{.max_line_bytes = 1024});
  const std::string long_line =
      R"({"requestId":"long","pad":")" + std::string(2000, 'x') + R"("})";
  const PaddedBuffer text =
      testing::padded(record("a") + "\n" + long_line + "\n" + record("b") + "\n");
  RecordingSink sink;
  parser.parse(text, sink);
  EXPECT_THAT(request_ids(sink), ElementsAre("a", "b"));
  ASSERT_EQ(sink.malformed.size(), 1U);
  EXPECT_EQ(sink.malformed[0].line, 2U);
  EXPECT_THAT(sink.malformed[0].detail, HasSubstr("over the cap of 1024 bytes (--max-line-bytes)"));
  EXPECT_EQ(sink.malformed[0].raw, long_line);
}

TEST(RecordParser, DeepNestingInsideARecordIsHarmless) {
  const std::string deep(100000, '[');
  const std::string closed = deep + std::string(100000, ']');
  // Skipped deep value: the record still counts; a deep body is read without recursion.
  const RecordingSink sink =
      parse(R"({"requestId":"a","timestamp":"2026-11-30T10:00:00Z","x":)" + closed +
            R"(,"input":{"inputTokenCount":5}})" + "\n" +
            R"({"requestId":"b","output":{"outputBodyJson":)" + closed + "}}\n" +
            R"({"requestId":"c","input":)" + deep + "\n");
  EXPECT_THAT(request_ids(sink), ElementsAre("a", "b"));
  ASSERT_EQ(sink.malformed.size(), 1U);
  EXPECT_EQ(sink.malformed[0].line, 3U);
}

TEST(RecordParser, ReadsOneObjectOnOneLine) {
  const RecordingSink sink = parse("  " + record("solo") + "  \n\n");
  EXPECT_THAT(request_ids(sink), ElementsAre("solo"));
}

TEST(RecordParser, ReadsOnePrettyPrintedObject) {
  const RecordingSink sink = parse(R"(
{
  "timestamp": "2026-04-19T13:28:51Z",
  "requestId": "pretty",
  "identity": {
    "arn": "arn:aws:iam::111122223333:user/dev"
  },
  "input": {
    "inputTokenCount": 10
  },
  "output": {"outputTokenCount": 2}
}
)");
  EXPECT_THAT(sink.malformed, IsEmpty());
  ASSERT_EQ(sink.records.size(), 1U);
  EXPECT_EQ(sink.records[0].request_id, "pretty");
  EXPECT_EQ(sink.records[0].identity_arn, "arn:aws:iam::111122223333:user/dev");
  EXPECT_EQ(sink.records[0].tokens, (TokenCounts{10, 2, 0, 0, 0}));
  EXPECT_EQ(sink.records[0].line, 2U);
}

TEST(RecordParser, TwoPrettyPrintedObjectsAreNotOneRecord) {
  const RecordingSink sink = parse("{\n\"requestId\": \"a\"\n}\n{\n\"requestId\": \"b\"\n}\n");
  EXPECT_THAT(sink.records, IsEmpty());
  EXPECT_FALSE(sink.malformed.empty());
}

TEST(RecordParser, EmptyAndBlankTextHaveNoRecords) {
  EXPECT_THAT(parse("").records, IsEmpty());
  EXPECT_THAT(parse(" \n\r\n\t").malformed, IsEmpty());
}

TEST(RecordParser, ToleratesAByteOrderMark) {
  EXPECT_THAT(request_ids(parse("\xEF\xBB\xBF" + record("a") + "\n" + record("b"))),
              ElementsAre("a", "b"));
}

TEST(RecordParser, UnescapesStrings) {
  const RecordingSink sink = parse(
      R"({"requestId":"req-\u0041","identity":{"arn":"arn:aws:iam::1:user\/dev"},"timestamp":"t"})");
  ASSERT_EQ(sink.records.size(), 1U);
  EXPECT_EQ(sink.records[0].request_id, "req-A");
  EXPECT_EQ(sink.records[0].identity_arn, "arn:aws:iam::1:user/dev");
}

TEST(RecordParser, AbsentOrNullFieldsAreEmpty) {
  const RecordingSink sink =
      parse(R"({"timestamp":null,"requestId":null,"identity":null,"input":{"inputTokenCount":1}})"
            "\n"
            R"({"identity":{"type":"AssumedRole"},"output":{"outputTokenCount":1}})");
  ASSERT_EQ(sink.records.size(), 2U);
  for (const auto& r : sink.records) {
    EXPECT_EQ(r.timestamp, "");
    EXPECT_EQ(r.request_id, "");
    EXPECT_EQ(r.identity_arn, "");
    EXPECT_EQ(r.model_id, "");
    EXPECT_FALSE(r.missing_counts);
  }
}

TEST(RecordParser, ANonStringTimestampIsPassedOnAsItsJsonText) {
  const RecordingSink sink = parse(R"({"timestamp": 1776605331 ,"requestId":"x"})");
  ASSERT_EQ(sink.records.size(), 1U);
  EXPECT_EQ(sink.records[0].timestamp, "1776605331");
}

TEST(RecordParser, MissingCountsAreFlaggedAndZero) {
  const RecordingSink sink = parse(body_only(R"({"output":{"message":{}},"stopReason":"x"})") +
                                   "\n" + R"({"requestId":"bare"})");
  ASSERT_EQ(sink.records.size(), 2U);
  for (const auto& r : sink.records) {
    EXPECT_TRUE(r.missing_counts);
    EXPECT_FALSE(r.counts_from_body);
    EXPECT_EQ(r.tokens, TokenCounts{});
  }
}

TEST(RecordParser, CountsFromAConverseBody) {
  const RecordingSink sink = parse(body_only(
      R"({"output":{"message":{"role":"assistant"}},"usage":{"inputTokens":23,"outputTokens":319,)"
      R"("cacheReadInputTokens":100,"cacheWriteInputTokens":50,"totalTokens":492}})"));
  ASSERT_EQ(sink.records.size(), 1U);
  EXPECT_TRUE(sink.records[0].counts_from_body);
  EXPECT_FALSE(sink.records[0].missing_counts);
  EXPECT_EQ(sink.records[0].tokens, (TokenCounts{23, 319, 100, 50, 0}));
}

TEST(RecordParser, ConverseCacheDetailsGiveTheOneHourWrite) {
  const RecordingSink sink = parse(body_only(
      R"({"usage":{"inputTokens":3,"outputTokens":9,"cacheWriteInputTokens":500,)"
      R"("cacheDetails":[{"ttl":"5m","inputTokens":200},{"inputTokens":300,"ttl":"1h"}]}})"));
  ASSERT_EQ(sink.records.size(), 1U);
  EXPECT_EQ(sink.records[0].tokens, (TokenCounts{3, 9, 0, 500, 300}));
}

TEST(RecordParser, CountsFromAnAnthropicBodyWithOneHourWrite) {
  const RecordingSink sink = parse(body_only(
      R"({"id":"msg_1","type":"message","content":[{"type":"text","text":"hi"}],)"
      R"("usage":{"input_tokens":12,"cache_creation_input_tokens":800,"cache_read_input_tokens":40,)"
      R"("output_tokens":77,"cache_creation":{"ephemeral_5m_input_tokens":600,)"
      R"("ephemeral_1h_input_tokens":200}}})"));
  ASSERT_EQ(sink.records.size(), 1U);
  EXPECT_TRUE(sink.records[0].counts_from_body);
  EXPECT_EQ(sink.records[0].tokens, (TokenCounts{12, 77, 40, 800, 200}));
}

TEST(RecordParser, CountsFromAnthropicStreamInvocationMetrics) {
  const RecordingSink sink = parse(body_only(
      R"([{"type":"message_start","message":{"usage":{"input_tokens":5,"output_tokens":1,)"
      R"("cache_creation_input_tokens":90,"cache_creation":{"ephemeral_1h_input_tokens":90}}}},)"
      R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"usage"}},)"
      R"({"type":"message_delta","usage":{"output_tokens":326}},)"
      R"({"type":"message_stop","amazon-bedrock-invocationMetrics":{"inputTokenCount":1,)"
      R"("outputTokenCount":326,"invocationLatency":9000,"firstByteLatency":500,)"
      R"("cacheReadInputTokenCount":129709,"cacheWriteInputTokenCount":411}}])"));
  ASSERT_EQ(sink.records.size(), 1U);
  EXPECT_TRUE(sink.records[0].counts_from_body);
  // Bedrock's metrics win; the 1-hour part is capped by the cache write.
  EXPECT_EQ(sink.records[0].tokens, (TokenCounts{1, 326, 129709, 411, 90}));
}

TEST(RecordParser, CountsFromAnthropicStreamEventsWithoutMetrics) {
  const RecordingSink sink = parse(body_only(
      R"([{"type":"message_start","message":{"id":"m","usage":{"input_tokens":25,)"
      R"("cache_read_input_tokens":7,"output_tokens":1}}},)"
      R"({"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":42}},)"
      R"({"type":"message_stop"}])"));
  ASSERT_EQ(sink.records.size(), 1U);
  EXPECT_EQ(sink.records[0].tokens, (TokenCounts{25, 42, 7, 0, 0}));
}

TEST(RecordParser, CountsFromAConverseStream) {
  const RecordingSink sink = parse(body_only(
      R"([{"messageStart":{"role":"assistant"}},{"contentBlockDelta":{"delta":{"text":"x"}}},)"
      R"({"messageStop":{"stopReason":"end_turn"}},)"
      R"({"metadata":{"usage":{"inputTokens":30,"outputTokens":8,"cacheReadInputTokens":2,)"
      R"("cacheWriteInputTokens":4,"cacheDetails":[{"ttl":"1h","inputTokens":4}]},)"
      R"("metrics":{"latencyMs":120}}}])"));
  ASSERT_EQ(sink.records.size(), 1U);
  EXPECT_EQ(sink.records[0].tokens, (TokenCounts{30, 8, 2, 4, 4}));
}

TEST(RecordParser, MetadataCountsWinButTheBodyGivesTheOneHourPart) {
  const RecordingSink sink = parse(
      R"({"requestId":"r","input":{"inputTokenCount":10,"cacheWriteInputTokenCount":300},)"
      R"("output":{"outputBodyJson":{"usage":{"input_tokens":999,"output_tokens":999,)"
      R"("cache_creation_input_tokens":300,"cache_creation":{"ephemeral_1h_input_tokens":250}}},)"
      R"("outputTokenCount":20}})"
      "\n"
      // The 1-hour part can never exceed the cache write it is part of.
      R"({"requestId":"capped","input":{"inputTokenCount":10,"cacheWriteInputTokenCount":100},)"
      R"("output":{"outputTokenCount":20,"outputBodyJson":{"usage":{"cacheDetails":)"
      R"([{"ttl":"1h","inputTokens":150}]}}}})");
  ASSERT_EQ(sink.records.size(), 2U);
  EXPECT_FALSE(sink.records[0].counts_from_body);
  EXPECT_EQ(sink.records[0].tokens, (TokenCounts{10, 20, 0, 300, 250}));
  EXPECT_EQ(sink.records[1].tokens, (TokenCounts{10, 20, 0, 100, 100}));
}

TEST(RecordParser, TokenCountsOfTheWrongTypeMakeTheRecordMalformed) {
  struct Case {
    const char* count;
    const char* detail;
  };
  for (const Case& c : {Case{R"("12")", "a string"}, Case{"-5", "-5"}, Case{"12.0", "12.0"},
                        Case{"1e3", "1e3"}, Case{"true", "a boolean"}, Case{"{}", "an object"}}) {
    const RecordingSink sink =
        parse(std::string(R"({"requestId":"bad","input":{"inputTokenCount":)") + c.count +
              R"(},"output":{"outputTokenCount":1}})");
    EXPECT_THAT(sink.records, IsEmpty()) << c.count;
    ASSERT_EQ(sink.malformed.size(), 1U) << c.count;
    EXPECT_THAT(sink.malformed[0].detail, HasSubstr("input.inputTokenCount")) << c.count;
    EXPECT_THAT(sink.malformed[0].detail, HasSubstr(c.detail)) << c.count;
    EXPECT_EQ(sink.malformed[0].request_id, "bad");
  }
}

TEST(RecordParser, TheLargestPlausibleCountIsAccepted) {
  const RecordingSink sink = parse(R"({"output":{"outputTokenCount":4294967295}})");
  ASSERT_EQ(sink.records.size(), 1U);
  EXPECT_EQ(sink.records[0].tokens.output_tokens, 4294967295ULL);
}

// Counts that would let a day's uint64 sums wrap are refused, not added.
TEST(RecordParser, ImplausibleTokenCountsMakeTheRecordMalformed) {
  for (const char* count : {"4294967296", "9007199254740992", "18446744073709551615",
                            "18446744073709551616", "123456789012345678901234567890"}) {
    const RecordingSink sink =
        parse(std::string(R"({"requestId":"big","input":{"inputTokenCount":1},)") +
              R"("output":{"outputTokenCount":)" + count + "}}");
    EXPECT_THAT(sink.records, IsEmpty()) << count;
    ASSERT_EQ(sink.malformed.size(), 1U) << count;
    EXPECT_THAT(sink.malformed[0].detail,
                HasSubstr(std::string("output.outputTokenCount: implausible token count ") + count))
        << count;
    EXPECT_EQ(sink.malformed[0].request_id, "big");
  }
}

TEST(RecordParser, ImplausibleBodyCountsMakeTheRecordMalformed) {
  const RecordingSink sink =
      parse(body_only(R"({"usage":{"input_tokens":3,"output_tokens":4294967296}})"));
  EXPECT_THAT(sink.records, IsEmpty());
  ASSERT_EQ(sink.malformed.size(), 1U);
  EXPECT_THAT(sink.malformed[0].detail,
              HasSubstr("usage.output_tokens: implausible token count 4294967296"));
}

TEST(RecordParser, StringFieldsOfTheWrongTypeMakeTheRecordMalformed) {
  const RecordingSink sink = parse(R"({"requestId":12,"input":{"inputTokenCount":1}})"
                                   "\n"
                                   R"({"identity":"arn:aws:iam::1:user/x"})"
                                   "\n"
                                   R"({"identity":{"arn":["x"]}})"
                                   "\n"
                                   R"({"input":[1]})");
  EXPECT_THAT(sink.records, IsEmpty());
  ASSERT_EQ(sink.malformed.size(), 4U);
  EXPECT_THAT(sink.malformed[0].detail, HasSubstr("requestId: expected a string, got a number"));
  EXPECT_THAT(sink.malformed[1].detail, HasSubstr("identity: expected an object"));
  EXPECT_THAT(sink.malformed[2].detail, HasSubstr("identity.arn"));
  EXPECT_THAT(sink.malformed[3].detail, HasSubstr("input: expected an object"));
}

TEST(RecordParser, BodyTypeErrorsMatterOnlyWhenTheBodyIsTheSource) {
  const std::string bad_body = R"({"usage":{"input_tokens":"many","output_tokens":3}})";
  const RecordingSink from_body = parse(body_only(bad_body));
  EXPECT_THAT(from_body.records, IsEmpty());
  ASSERT_EQ(from_body.malformed.size(), 1U);
  EXPECT_THAT(from_body.malformed[0].detail, HasSubstr("usage.input_tokens"));

  const RecordingSink with_metadata =
      parse(R"({"input":{"inputTokenCount":4},"output":{"outputTokenCount":5,"outputBodyJson":)" +
            bad_body + "}}");
  ASSERT_EQ(with_metadata.records.size(), 1U);
  EXPECT_EQ(with_metadata.records[0].tokens, (TokenCounts{4, 5, 0, 0, 0}));
}

TEST(RecordParser, ReadsLongRecords) {
  const std::string text(300000, 'x');
  const RecordingSink sink = parse(
      record("a") + "\n" + R"({"requestId":"long","input":{"inputBodyJson":{"text":")" + text +
      R"("},"inputTokenCount":70000},"output":{"outputTokenCount":1}})" + "\n" + record("c"));
  EXPECT_THAT(request_ids(sink), ElementsAre("a", "long", "c"));
  EXPECT_EQ(sink.records[1].tokens.input_tokens, 70000U);
}

TEST(RecordParser, OneParserServesManyObjects) {
  RecordParser parser;
  RecordingSink first;
  parser.parse(testing::padded(record("a") + "\nnot json\n"), first);
  RecordingSink second;
  parser.parse(testing::padded(record("b")), second);
  EXPECT_THAT(request_ids(first), ElementsAre("a"));
  EXPECT_EQ(first.malformed.size(), 1U);
  EXPECT_THAT(request_ids(second), ElementsAre("b"));
  EXPECT_THAT(second.malformed, IsEmpty());
}

// Reading JSON Lines, the parser calls ahead for the first line at or past
// where it was asked to, before it reads the line: each record starts inside
// a piece announced before it.
TEST(RecordParser, CallsAheadBeforeTheLinesOfEachPiece) {
  std::string text;
  for (int i = 0; i < 40; ++i) {
    text += record("r" + std::to_string(i)) + "\n";
  }
  const PaddedBuffer padded = testing::padded(text);
  LoggingAhead ahead(padded.data(), 1000);
  RecordParser parser;
  parser.parse(padded, ahead, &ahead);
  std::size_t records = 0;
  std::size_t calls = 0;
  std::size_t announced_from = 0;
  std::size_t announced_to = 0;
  for (const auto& event : ahead.events) {
    if (event.kind == LoggingAhead::Event::call) {
      ++calls;
      EXPECT_GE(event.offset, announced_to) << "called again before it was asked to";
      announced_from = event.offset;
      announced_to = event.again;
    } else {
      ++records;
      EXPECT_GE(event.offset, announced_from);
      EXPECT_LT(event.offset, announced_to) << "record at " << event.offset;
    }
  }
  EXPECT_EQ(records, 40U);
  EXPECT_GE(calls, text.size() / 1000 / 2);  // about one per piece: lines run past pieces
}

// A JSON array (or a pretty-printed object) is read whole: the whole text is
// announced before its first record.
TEST(RecordParser, CallsAheadOverTheWholeTextBeforeAnArray) {
  std::string text = "[\n";
  for (int i = 0; i < 20; ++i) {
    text += (i == 0 ? "" : ",\n") + record("r" + std::to_string(i));
  }
  text += "\n]\n";
  const PaddedBuffer padded = testing::padded(text);
  LoggingAhead ahead(padded.data(), 500);
  RecordParser parser;
  parser.parse(padded, ahead, &ahead);
  ASSERT_FALSE(ahead.events.empty());
  std::size_t announced_to = 0;
  bool seen_record = false;
  std::size_t records = 0;
  for (const auto& event : ahead.events) {
    if (event.kind == LoggingAhead::Event::call) {
      EXPECT_FALSE(seen_record) << "called after the first record";
      EXPECT_EQ(event.offset, announced_to);
      announced_to = event.again;
    } else {
      seen_record = true;
      ++records;
    }
  }
  EXPECT_GE(announced_to, text.size());
  EXPECT_EQ(records, 20U);
}

}  // namespace
}  // namespace boostburn
