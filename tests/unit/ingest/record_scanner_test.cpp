#include "boostburn/ingest/record_scanner.hpp"

#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "boostburn/ingest/json_skip.hpp"
#include "boostburn/ingest/record_parser.hpp"
#include "unit/ingest/ingest_test_support.hpp"

namespace boostburn {
namespace {

using testing::RecordingSink;

class RecordScannerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!value_skipping_available()) {
      GTEST_SKIP() << "this CPU lacks AVX2, PCLMULQDQ, POPCNT or BMI1";
    }
  }

  // The compacted copy of the line's record, or nullopt; `line_end` gets
  // the offset of the line's end.
  std::optional<std::string> compact(std::string_view text, std::size_t* line_end = nullptr) {
    ParsedRecord record;
    const auto line = scan(text, record);
    if (!line) {
      return std::nullopt;
    }
    if (line_end != nullptr) {
      *line_end = static_cast<std::size_t>(line->end - m_buffer.data());
    }
    return std::string(m_scanner.compacted());
  }

  // Whether the scan read the record itself.
  bool reads_it(std::string_view text) {
    ParsedRecord record;
    const auto line = scan(text, record);
    return line && line->complete;
  }

  std::optional<RecordScanner::Line> scan(std::string_view text, ParsedRecord& record) {
    m_buffer.assign(text);
    const char* begin = m_buffer.data() + text.find('{');
    return m_scanner.scan(begin, m_buffer.data() + m_buffer.size(), record);
  }

 private:
  PaddedBuffer m_buffer;
  RecordScanner m_scanner;
};

std::string big(char fill) {
  return std::string(100, fill);
}

TEST_F(RecordScannerTest, LeavesOutTheBigValuesItNeverReads) {
  const std::string body =
      R"({"messages":[{"role":"user","content":[{"text":")" + big('q') + R"("}]}]})";
  const std::string text =
      R"({"schemaType":"ModelInvocationLog","timestamp":"2026-04-19T13:28:51Z","requestId":"r1",)"
      R"("identity":{"arn":"arn:aws:iam::1:user/a","extra":")" +
      big('e') +
      R"("},"modelId":"m","input":{"inputContentType":"application/json","inputBodyJson":)" + body +
      R"(,"inputTokenCount":5,"cacheWriteInputTokenCount":2},)"
      R"("output":{"outputBodyJson":{"usage":{"cacheDetails":[{"ttl":"1h","inputTokens":2}]}},)"
      R"("outputTokenCount":7},"unknown":[)" +
      big('1') + "]}";
  EXPECT_EQ(
      compact(text),
      R"({"schemaType":"ModelInvocationLog","timestamp":"2026-04-19T13:28:51Z","requestId":"r1",)"
      R"("identity":{"arn":"arn:aws:iam::1:user/a","extra":0},"modelId":"m",)"
      R"("input":{"inputContentType":"application/json","inputBodyJson":0,)"
      R"("inputTokenCount":5,"cacheWriteInputTokenCount":2},)"
      R"("output":{"outputBodyJson":{"usage":{"cacheDetails":[{"ttl":"1h","inputTokens":2}]}},)"
      R"("outputTokenCount":7},"unknown":0})");
}

TEST_F(RecordScannerTest, KeepsWhatItReadsHoweverBig) {
  // A read field of the wrong type, and a body that is read, stay whole.
  const std::string text = R"({"requestId":")" + big('r') + R"(","input":[")" + big('i') +
                           R"("],"output":{"outputBodyJson":")" + big('o') + R"("}})";
  EXPECT_EQ(compact(text), text);
}

TEST_F(RecordScannerTest, CopiesShortValues) {
  const std::string text = R"({"requestId":"r","input":{"inputBodyJson":{"prompt":"hi"}},"x":[1]})";
  EXPECT_EQ(compact(text), text);
}

TEST_F(RecordScannerTest, BlanksAreKeptAndTheLineEndsAtItsNewline) {
  const std::string record = "{ \"requestId\" : \"r\" ,\t\"x\" : [" + big('1') + "] }";
  std::size_t line_end = 0;
  EXPECT_EQ(compact("  " + record + " \r\nnext", &line_end),
            "{ \"requestId\" : \"r\" ,\t\"x\" : 0 }");
  EXPECT_EQ(line_end, 2 + record.size() + 2);
  EXPECT_EQ(compact(record + "  ", &line_end), "{ \"requestId\" : \"r\" ,\t\"x\" : 0 }");
  EXPECT_EQ(line_end, record.size() + 2) << "the end of the text ends the last line";
}

TEST_F(RecordScannerTest, AnythingButOnePlainObjectIsLeftToTheWholeLineParse) {
  const std::string body = R"("inputBodyJson":{"t":")" + big('b');
  EXPECT_FALSE(compact(R"({"input":{)" + body + R"("}}} trailing)")) << "content after the object";
  EXPECT_FALSE(compact(R"({"input":{)" + body + "\n" + R"("}}})")) << "a newline inside";
  EXPECT_FALSE(compact(R"({"input":{)" + body + "\x01" + R"("}}})")) << "a control byte";
  EXPECT_FALSE(compact(R"({"input":{)" + body + "\xC3" + R"("}}})")) << "invalid UTF-8 left out";
  EXPECT_TRUE(compact(R"({"input":{)" + body + "\xC3\xA9" + R"("}}})")) << "valid UTF-8";
  EXPECT_FALSE(compact(R"({"input":{)" + body)) << "cut short";
  EXPECT_FALSE(compact(R"({"requestId" "r"})")) << "no colon";
  EXPECT_FALSE(compact(R"({"requestId":"r",})")) << "a trailing comma";
  EXPECT_FALSE(compact(R"({"requestId":})")) << "no value";
  EXPECT_FALSE(compact(R"({requestId:1})")) << "a bare key";
  const std::string deep = std::string(400, '[') + std::string(400, ']');
  EXPECT_FALSE(compact(R"({"x":)" + deep + "}")) << "nesting deeper than it skips";
}

// The parser must report the same whether it scans records or not, line for
// line: records with every field, and the same records damaged at random.
std::string realistic_record(std::mt19937& random, int id) {
  std::uniform_int_distribution<int> count(0, 3000);
  std::string turns;
  for (int turn = count(random) % 6; turn > 0; --turn) {
    turns += R"({"role":"user","content":[{"text":"line one\nsaid \"hi\" \\ {not json} )" +
             std::string(static_cast<std::size_t>(count(random) % 400), 'w') + R"("}]},)";
  }
  const int cache_write = count(random) % 2 == 0 ? 0 : count(random);
  return R"({"schemaType":"ModelInvocationLog","schemaVersion":"1.0","timestamp":"2026-04-19T13:28:)" +
         std::to_string(10 + id % 50) + R"(Z","accountId":"111122223333",)" +
         R"("identity":{"arn":"arn:aws:sts::111122223333:assumed-role/R/s-)" +
         std::to_string(id % 7) + R"("},"region":"us-east-1","requestId":"req-)" +
         std::to_string(id) +
         R"(","operation":"Converse","modelId":"anthropic.claude-sonnet-4-6",)"
         R"("input":{"inputContentType":"application/json","inputBodyJson":{"messages":[)" +
         turns +
         R"({"role":"user","content":[{"text":"caf\u00e9 \u2603 ok"}]}],"system":[{"text":"be brief"}]},)"
         R"("inputTokenCount":)" +
         std::to_string(count(random)) + R"(,"cacheReadInputTokenCount":)" +
         std::to_string(count(random)) + R"(,"cacheWriteInputTokenCount":)" +
         std::to_string(cache_write) +
         R"(},"output":{"outputContentType":"application/json","outputBodyJson":{"output":{"message":)"
         R"({"role":"assistant","content":[{"text":")" +
         std::string(static_cast<std::size_t>(count(random) % 300), 'a') +
         R"("}]}},"stopReason":"end_turn","usage":{"inputTokens":1,"outputTokens":2,)"
         R"("cacheDetails":[{"ttl":"1h","inputTokens":)" +
         std::to_string(cache_write / 2) + R"(}]}},"outputTokenCount":)" +
         std::to_string(count(random)) + "}}";
}

void damage(std::mt19937& random, std::string& line) {
  constexpr std::string_view bytes = "\"\\{}[]:,0-9a \t\r\n\x01\xC3\xA9\xFF";
  std::uniform_int_distribution<std::size_t> where(0, line.size() - 1);
  std::uniform_int_distribution<std::size_t> which(0, bytes.size() - 1);
  std::uniform_int_distribution<int> how(0, 3);
  for (int edits = 1 + how(random); edits > 0; --edits) {
    const std::size_t at = where(random) % line.size();
    switch (how(random)) {
      case 0:
        line[at] = bytes[which(random)];
        break;
      case 1:
        line.erase(at, 1);
        break;
      case 2:
        line.insert(at, 1, bytes[which(random)]);
        break;
      default:
        line.resize(at);  // cut short
        break;
    }
    if (line.empty()) {
      line = "{";
    }
  }
}

// How the parser reads a JSON Lines record.
enum class Reading {
  whole,      // simdjson parses the line
  compacted,  // simdjson parses the scanner's copy of it, however short
  scanned,    // the scanner reads a plain record itself, else as compacted
};

RecordingSink parse(std::string_view text, Reading reading) {
  RecordParserOptions options;
  options.skip_unread_values = reading != Reading::whole;
  options.read_plain_records = reading == Reading::scanned;
  RecordParser parser(options);
  RecordingSink sink;
  parser.parse(testing::padded(text), sink);
  return sink;
}

// Both ways of scanning report what the whole-line parse reports; returns that.
RecordingSink expect_same_reports(std::string_view text) {
  RecordingSink whole = parse(text, Reading::whole);
  for (const Reading reading : {Reading::compacted, Reading::scanned}) {
    const RecordingSink scanned = parse(text, reading);
    EXPECT_EQ(scanned.records, whole.records) << static_cast<int>(reading) << "\n" << text;
    EXPECT_EQ(scanned.malformed, whole.malformed) << static_cast<int>(reading) << "\n" << text;
  }
  return whole;
}

// The response body is left out only when read_record will not read it; a
// count it cannot be sure of keeps it.
TEST_F(RecordScannerTest, CountsDecideWhetherTheResponseBodyIsKept) {
  const std::string body =
      R"({"usage":{"inputTokens":1,"outputTokens":2,"cacheWriteInputTokens":9,)"
      R"("cacheDetails":[{"ttl":"1h","inputTokens":4}],"note":")" +
      big('n') + R"("}})";
  const auto with = [&](std::string_view input) {
    return R"({"requestId":"r","input":{)" + std::string(input) +
           R"(},"output":{"outputBodyJson":)" + body + R"(,"outputTokenCount":2}})";
  };
  EXPECT_EQ(compact(with(R"("inputTokenCount":5,"cacheWriteInputTokenCount":0)")),
            R"({"requestId":"r","input":{"inputTokenCount":5,"cacheWriteInputTokenCount":0},)"
            R"("output":{"outputBodyJson":0,"outputTokenCount":2}})");
  EXPECT_EQ(compact(with(R"("inputTokenCount":5)")),
            R"({"requestId":"r","input":{"inputTokenCount":5},)"
            R"("output":{"outputBodyJson":0,"outputTokenCount":2}})");
  for (const std::string_view kept : {
           R"("inputTokenCount":5,"cacheWriteInputTokenCount":9)",  // a cache write: 1-hour part
           R"("cacheReadInputTokenCount":5)",                       // no count yet
           R"("inputTokenCount":null)",
           R"("inputTokenCount":007)",
           R"("inputTokenCount":5.0)",
           R"("inputTokenCount":-0)",
           R"("inputTokenCount":1e3)",
           R"("inputTokenCount":"5")",
           R"("inputTokenCount":99999999999)",
           R"("inputTokenCount":5,"cacheWriteInputTokenCount":9,"cacheWriteInputTokenCount":null)",
       }) {
    EXPECT_EQ(compact(with(kept)), with(kept)) << kept;
  }
}

TEST_F(RecordScannerTest, UnusualCountsAreReadAsIfWhole) {
  const std::string body =
      R"({"usage":{"cacheDetails":[{"ttl":"1h","inputTokens":4}],"pad":")" + big('p') + R"("}})";
  std::string text;
  for (const std::string_view counts : {
           R"("inputTokenCount":5,"cacheWriteInputTokenCount":9)",
           R"("inputTokenCount":5,"cacheWriteInputTokenCount":0)",
           R"("inputTokenCount":007,"cacheWriteInputTokenCount":9)",
           R"("inputTokenCount":4294967295,"cacheWriteInputTokenCount":9)",
           R"("inputTokenCount":4294967296,"cacheWriteInputTokenCount":9)",
           R"("inputTokenCount":5,"cacheWriteInputTokenCount":9,"cacheWriteInputTokenCount":null)",
           R"("inputTokenCount":5,"cacheWriteInputTokenCount":9,"cacheWriteInputTokenCount":0)",
           R"("inputTokenCount":null,"cacheWriteInputTokenCount":9)",
       }) {
    text += R"({"requestId":"r","input":{)" + std::string(counts) +
            R"(},"output":{"outputBodyJson":)" + body + "}}\n";
  }
  EXPECT_EQ(expect_same_reports(text).records.size(), 6U);
}

// A quote or backslash inside a bare value is in the same token for
// simdjson, yet flips (or escapes) its idea of what is in a string from there
// on: had the scanner read such a line, what it left out could be structure
// to simdjson. Found in review; these three lines once read differently.
TEST_F(RecordScannerTest, AQuoteInABareValueIsLeftToTheWholeLineParse) {
  const auto padded_string = [](std::string_view inside) {
    return "\"" + std::string(inside) + std::string(70, ' ') + "\"";
  };
  const std::string opens = padded_string(":{");
  const std::string closes = padded_string(":1},");
  const std::vector<std::string> lines = {
      R"({"p":a",",":")" + std::string(62, '}') + R"(",":":1"})",
      R"({"modelId":"good","p":a",",":)" + opens + R"(,":":1","modelId":"evil","q":b",",":)" +
          closes + R"(,":":2"})",
      R"({"requestId":"r","input":{"inputTokenCount":1},"p":a",",":)" + opens +
          R"(,":":1","input":{"inputTokenCount":999},"q":b",",":)" + closes + R"(,":":2"})",
      R"({"requestId":"r","input":{"inputTokenCount":1,"x":1\,"y":)" + opens + R"(}})",
  };
  for (const std::string& line : lines) {
    EXPECT_FALSE(compact(line)) << line;
    expect_same_reports(line + "\n");
  }
}

TEST_F(RecordScannerTest, InvalidUtf8AnywhereInALongStringLeftOutIsCaught) {
  for (std::size_t at = 0; at < 100; ++at) {
    std::string value(100, 'v');
    value[at] = '\xC3';  // a lead byte with no continuation
    EXPECT_FALSE(compact(R"({"x":")" + value + R"("})")) << at;
    value[at] = '\x7f';
    EXPECT_TRUE(compact(R"({"x":")" + value + R"("})")) << at;
  }
}

TEST_F(RecordScannerTest, TheOrderOfCountsAndBodyIsReadAsReadRecordReadsIt) {
  const std::string body =
      R"({"usage":{"cacheDetails":[{"ttl":"1h","inputTokens":4}],"pad":")" + big('p') + R"("}})";
  std::string text;
  for (
      const std::string& line : {
          // output before input: no counts yet when the body comes, so it is read
          R"({"output":{"outputBodyJson":)" + body +
              R"(},"input":{"inputTokenCount":5,"cacheWriteInputTokenCount":9}})",
          // the cache write after the body: not known when the body comes
          R"({"input":{"inputTokenCount":5},"output":{"outputBodyJson":)" + body +
              R"(},"input":{"cacheWriteInputTokenCount":9}})",
          R"({"input":{"inputTokenCount":5,"cacheWriteInputTokenCount":9},"output":{"outputTokenCount":1,"outputBodyJson":)" +
              body + "}}",
      }) {
    text += line + "\n";
  }
  const RecordingSink whole = expect_same_reports(text);
  ASSERT_EQ(whole.records.size(), 3U);
  EXPECT_EQ(whole.records[2].tokens.cache_write_1h_input_tokens, 4U);
}

TEST_F(RecordScannerTest, TheParserReportsTheSameWithAndWithoutIt) {
  std::mt19937 random(77);
  std::bernoulli_distribution damaged(0.5);
  std::size_t records = 0;
  for (int round = 0; round < 40; ++round) {
    std::string text;
    for (int i = 0; i < 50; ++i) {
      std::string line = realistic_record(random, round * 50 + i);
      if (damaged(random)) {
        damage(random, line);
      }
      text += line + "\n";
    }
    records += expect_same_reports(text).records.size();
    if (HasFailure()) {
      return;
    }
  }
  EXPECT_GT(records, 1000U) << "most records must survive for the comparison to mean much";
}

TEST_F(RecordScannerTest, ReadsAPlainRecordItself) {
  const std::string text =
      R"({"schemaType":"ModelInvocationLog","timestamp":"2026-04-19T13:28:51Z",)"
      R"("identity":{"arn":"arn:aws:iam::1:user/caf)"
      "\xC3\xA9"
      R"("},"region":"eu-west-1",)"
      R"("requestId":"r1","modelId":"arn:aws:bedrock:eu-west-1::foundation-model/m",)"
      R"("input":{"inputBodyJson":{"messages":[{"text":")" +
      big('q') +
      R"("}]},"inputTokenCount":5,"cacheReadInputTokenCount":3,"cacheWriteInputTokenCount":0},)"
      R"("output":{"outputBodyJson":{"usage":{"inputTokens":99}},"outputTokenCount":7}})";
  ParsedRecord record;
  const auto line = scan(text, record);
  ASSERT_TRUE(line);
  EXPECT_TRUE(line->complete);
  EXPECT_EQ(record.timestamp, "2026-04-19T13:28:51Z");
  EXPECT_EQ(record.identity_arn, "arn:aws:iam::1:user/caf\xC3\xA9");
  EXPECT_EQ(record.region, "eu-west-1");
  EXPECT_EQ(record.request_id, "r1");
  EXPECT_EQ(record.model_id, "arn:aws:bedrock:eu-west-1::foundation-model/m");
  EXPECT_EQ(record.tokens, (TokenCounts{5, 7, 3, 0, 0}));
  EXPECT_FALSE(record.missing_counts);
  EXPECT_FALSE(record.counts_from_body);
  expect_same_reports(text + "\n");
}

TEST_F(RecordScannerTest, NullsRepeatsAndMissingCountsAreReadAsReadRecordReadsThem) {
  const std::vector<std::string> lines = {
      R"({"requestId":"a","requestId":null,"region":null,"identity":null,"input":null})",
      R"({"modelId":"first","modelId":"second","identity":{"arn":"x"},"identity":{"y":1}})",
      R"({"input":{"inputTokenCount":5},"input":{"inputTokenCount":null,"cacheReadInputTokenCount":2}})",
      R"({"output":{"outputTokenCount":4},"input":{}})",
      R"({"timestamp":"","requestId":"","output":{}})",
      R"({})",
  };
  std::string text;
  for (const std::string& line : lines) {
    EXPECT_TRUE(reads_it(line)) << line;
    text += line + "\n";
  }
  const RecordingSink whole = expect_same_reports(text);
  ASSERT_EQ(whole.records.size(), lines.size());
  EXPECT_EQ(whole.records[0].request_id, "a");
  EXPECT_EQ(whole.records[1].model_id, "second");
  EXPECT_EQ(whole.records[1].identity_arn, "x");
  EXPECT_EQ(whole.records[2].tokens.input_tokens, 5U);
  EXPECT_TRUE(whole.records[5].missing_counts);
}

// What only simdjson reads right goes to it: in a copy, or (when wrong) in
// the whole line.
TEST_F(RecordScannerTest, LeavesAnythingButPlainValuesToSimdjson) {
  const std::vector<std::string> lines = {
      R"({"requestId":"r\"1","input":{"inputTokenCount":1}})",  // an escape
      R"({"modelId":"caf\u00e9","input":{"inputTokenCount":1}})",
      R"({"timestamp":1745069331,"input":{"inputTokenCount":1}})",  // raw text kept
      R"({"region":["us-east-1"],"input":{"inputTokenCount":1}})",  // a wrong type
      R"({"identity":"arn","input":{"inputTokenCount":1}})",
      R"({"identity":{"arn":5},"input":{"inputTokenCount":1}})",
      R"({"input":[1],"output":{"outputTokenCount":1}})",
      R"({"output":true,"input":{"inputTokenCount":1}})",
      R"({"input":{"inputTokenCount":1.5}})",
      R"({"input":{"inputTokenCount":-1}})",
      R"({"input":{"inputTokenCount":"1"}})",
      R"({"input":{"inputTokenCount":4294967296}})",
      // the response body is read: a cache write, or no counts before it
      R"({"input":{"inputTokenCount":1,"cacheWriteInputTokenCount":8},)"
      R"("output":{"outputBodyJson":{"usage":{"cacheDetails":[{"ttl":"1h","inputTokens":6}]}}}})",
      R"({"output":{"outputBodyJson":{"usage":{"inputTokens":3,"outputTokens":4}}}})",
  };
  std::string text;
  for (const std::string& line : lines) {
    EXPECT_FALSE(reads_it(line)) << line;
    text += line + "\n";
  }
  const RecordingSink whole = expect_same_reports(text);
  EXPECT_EQ(whole.records.size() + whole.malformed.size(), lines.size());
  EXPECT_EQ(whole.records.size(), 5U);
}

TEST_F(RecordScannerTest, InvalidUtf8InAReadStringOrAKeyIsLeftToTheWholeLineParse) {
  for (const std::string& line : {
           std::string("{\"requestId\":\"r\xC3\"}"),
           std::string("{\"requestId\":\"r\xFF\xFE\"}"),
           std::string("{\"k\xC3\":1}"),
           std::string("{\"x\":\"\xE2\x82\"}"),
       }) {
    EXPECT_FALSE(compact(line)) << line;
    expect_same_reports(line + "\n");
  }
}

}  // namespace
}  // namespace boostburn
