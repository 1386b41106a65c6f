#include "boostburn/ingest/json_skip.hpp"

#include <cstddef>
#include <optional>
#include <random>
#include <string>
#include <string_view>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "boostburn/ingest/padded_buffer.hpp"

namespace boostburn {
namespace {

// Byte by byte, what find_value_end must find: the offset one past the end
// of the value at `begin`, or nullopt. Nesting is left unlimited: the cases
// below stay well inside k_max_skip_depth except where they test it.
// Outside strings a backslash is invalid JSON; there too it escapes a quote
// after it (but not a brace), as in simdjson's stage 1 and find_value_end.
struct Expected {
  std::optional<std::size_t> end;
  bool non_ascii = false;
};

Expected reference_end(std::string_view text, std::size_t begin) {
  Expected expected;
  const bool is_string = text[begin] == '"';
  std::size_t depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (std::size_t i = begin; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x20) {
      return {};
    }
    expected.non_ascii = expected.non_ascii || byte >= 0x80;
    const char c = text[i];
    const bool is_escaped = escaped;
    escaped = c == '\\' && !is_escaped;
    if (c == '"' && !is_escaped) {
      if (in_string && is_string) {
        expected.end = i + 1;
        return expected;
      }
      in_string = !in_string;
    } else if (!in_string && (c == '{' || c == '[')) {
      ++depth;
    } else if (!in_string && (c == '}' || c == ']') && --depth == 0) {
      expected.end = i + 1;
      return expected;
    }
  }
  return {};
}

// Runs find_value_end, with `blocks` as its block search, on `text` (padded
// as the parser's buffers are) from `begin`, with the text's end as the
// limit; the offset of the end, or nullopt.
Expected skip_with(json_skip_detail::BlockSearch blocks, std::string_view text, std::size_t begin) {
  PaddedBuffer buffer;
  buffer.assign(text);
  const ValueEnd found =
      find_value_end(buffer.data() + begin, buffer.data() + buffer.size(), blocks);
  Expected result;
  result.non_ascii = found.non_ascii;
  if (found.end != nullptr) {
    result.end = static_cast<std::size_t>(found.end - buffer.data());
  }
  return result;
}

// The bytes from `begin`, in hex: the random texts are not printable.
std::string hex_from(std::string_view text, std::size_t begin) {
  std::string out;
  for (std::size_t i = begin; i < text.size() && i < begin + 96; ++i) {
    out += fmt::format("{:02x} ", static_cast<unsigned char>(text[i]));
  }
  return out;
}

// Each instruction set's block search, by name.
struct Isa {
  const char* name;
  json_skip_detail::BlockSearch (*search)();
};

void PrintTo(const Isa& isa, std::ostream* out) {
  *out << isa.name;
}

const Isa k_isas[] = {
    {"avx2", &json_skip_detail::avx2_block_search},
    {"avx512", &json_skip_detail::avx512_block_search},
};

// Every test runs for each instruction set this CPU has.
class JsonSkip : public ::testing::TestWithParam<Isa> {
 protected:
  void SetUp() override {
    if (!value_skipping_available()) {
      GTEST_SKIP() << "this CPU lacks AVX2, PCLMULQDQ, POPCNT or BMI1";
    }
    m_blocks = GetParam().search();
    if (m_blocks == nullptr) {
      GTEST_SKIP() << "this CPU lacks " << GetParam().name;
    }
  }

  json_skip_detail::BlockSearch blocks() const { return m_blocks; }

  Expected skip(std::string_view text, std::size_t begin) const {
    return skip_with(m_blocks, text, begin);
  }

  void expect_agrees(std::string_view text, std::size_t begin = 0) const {
    const Expected expected = reference_end(text, begin);
    const Expected found = skip(text, begin);
    ASSERT_EQ(found.end, expected.end) << "from " << begin << ": " << hex_from(text, begin);
    if (expected.end) {
      EXPECT_EQ(found.non_ascii, expected.non_ascii) << hex_from(text, begin);
    }
  }

 private:
  json_skip_detail::BlockSearch m_blocks = nullptr;
};

INSTANTIATE_TEST_SUITE_P(EachInstructionSet, JsonSkip, ::testing::ValuesIn(k_isas),
                         [](const ::testing::TestParamInfo<Isa>& info) {
                           return std::string(info.param.name);
                         });

TEST_P(JsonSkip, FindsTheEndOfObjectsArraysAndStrings) {
  EXPECT_EQ(skip(R"({"a":1},"b")", 0).end, 7U);
  EXPECT_EQ(skip(R"([1,[2,{"x":[]}]] tail)", 0).end, 16U);
  EXPECT_EQ(skip(R"("text" more)", 0).end, 6U);
  EXPECT_EQ(skip(R"(x:{"k":"v"})", 2).end, 11U);
  EXPECT_EQ(skip(R"({})", 0).end, 2U);
  EXPECT_EQ(skip(R"("")", 0).end, 2U);
}

TEST_P(JsonSkip, BracketsAndEscapedQuotesInsideStringsDoNotCount) {
  EXPECT_EQ(skip(R"({"a":"}]{[","b":"\"}"} after)", 0).end, 22U);
  EXPECT_EQ(skip(R"("say \"hi\" }" rest)", 0).end, 14U);
  // An even run of backslashes escapes itself, not the quote after it.
  EXPECT_EQ(skip(R"("a\\" x")", 0).end, 5U);
  EXPECT_EQ(skip(R"("a\\\"b" x)", 0).end, 8U);
}

TEST_P(JsonSkip, RefusesWhatItCannotSkipSafely) {
  EXPECT_FALSE(skip(R"({"a":1)", 0).end) << "no end before the limit";
  EXPECT_FALSE(skip(R"("open)", 0).end);
  EXPECT_FALSE(skip("{\"a\":\n1}", 0).end) << "a newline inside";
  EXPECT_FALSE(skip("\"tab\there\"", 0).end) << "a raw control byte in a string";
  EXPECT_FALSE(
      skip(std::string(k_max_skip_depth + 65, '[') + std::string(k_max_skip_depth + 65, ']'), 0)
          .end)
      << "nesting too deep (checked at block ends: up to 64 levels more pass within a block)";
  const std::string fine = std::string(k_max_skip_depth, '[') + std::string(k_max_skip_depth, ']');
  EXPECT_EQ(skip(fine, 0).end, fine.size());
}

TEST_P(JsonSkip, AControlByteAfterTheEndIsNotItsBusiness) {
  EXPECT_EQ(skip("{\"a\":[1]}\n\x01", 0).end, 9U);
  EXPECT_EQ(skip("\"s\"\n", 0).end, 3U);
}

TEST_P(JsonSkip, ReportsBytesAboveAscii) {
  EXPECT_TRUE(skip("{\"a\":\"caf\xC3\xA9\"}", 0).non_ascii);
  EXPECT_FALSE(skip("{\"a\":\"cafe\"}\xC3\xA9", 0).non_ascii) << "after the end";
}

// Every byte value at every offset in and across the 64-byte blocks, inside
// a string, a string in an object and an array, with the limit at the
// value's end and one byte short of it (control bytes past the limit): where
// a byte is a control (below 0x20), non-ASCII (0x80 on) or plain (0x20 to
// 0x7f) is the instruction sets' own business.
TEST_P(JsonSkip, EveryByteAtEveryOffset) {
  for (std::size_t offset = 0; offset < 140; ++offset) {
    const std::string filler(offset, 'a');
    for (int byte = 0; byte < 256; ++byte) {
      const char c = static_cast<char>(byte);
      for (const std::string& value :
           {"\"" + filler + c + "\"", "{\"k\":\"" + filler + c + "\"}", "[" + filler + c + "]"}) {
        PaddedBuffer buffer;
        buffer.assign(value + "\x01\x1f");
        for (const std::size_t limit : {value.size(), value.size() - 1}) {
          const Expected expected = reference_end(std::string_view(value).substr(0, limit), 0);
          const ValueEnd found = find_value_end(buffer.data(), buffer.data() + limit, blocks());
          ASSERT_EQ(found.end == nullptr ? std::nullopt
                                         : std::optional<std::size_t>(found.end - buffer.data()),
                    expected.end)
              << "limit " << limit << ": " << hex_from(value, 0);
          if (expected.end) {
            ASSERT_EQ(found.non_ascii, expected.non_ascii) << hex_from(value, 0);
          }
        }
      }
    }
  }
}

TEST_P(JsonSkip, TheLimitEndsTheSearchEvenWithReadablePadding) {
  PaddedBuffer buffer;
  buffer.assign(R"({"a":1}   )");
  EXPECT_EQ(find_value_end(buffer.data(), buffer.data() + 6, blocks()).end, nullptr);
  EXPECT_EQ(find_value_end(buffer.data(), buffer.data() + 7, blocks()).end, buffer.data() + 7);
}

// A value ending at every offset in and across the 64-byte blocks, and a
// limit at every offset before its end, with the rest of the value readable
// past the limit: the search stops at the limit, whether the limit falls in a
// full block or in the last, partial one.
TEST_P(JsonSkip, TheLimitEndsTheSearchAtEveryOffset) {
  for (std::size_t filler = 0; filler < 140; ++filler) {
    for (const std::string& value :
         {"{\"k\":\"" + std::string(filler, 'a') + "\"}", "\"" + std::string(filler, 'a') + "\"",
          // an escape first: the string goes to the block search too
          "\"\\\"" + std::string(filler, 'a') + "\"", "[" + std::string(filler, ' ') + "]"}) {
      PaddedBuffer buffer;
      buffer.assign(value + value);  // past the limit: the rest of the value, then another
      for (std::size_t limit = 1; limit < value.size(); ++limit) {
        ASSERT_EQ(find_value_end(buffer.data(), buffer.data() + limit, blocks()).end, nullptr)
            << value << " limit " << limit;
      }
      ASSERT_EQ(find_value_end(buffer.data(), buffer.data() + value.size(), blocks()).end,
                buffer.data() + value.size())
          << value;
    }
  }
}

// Every escape run length (0-9 backslashes) before a quote, at every
// position in and across the 64-byte blocks.
TEST_P(JsonSkip, BackslashRunsAtEveryOffset) {
  for (std::size_t offset = 0; offset < 140; ++offset) {
    for (std::size_t run = 0; run < 10; ++run) {
      const std::string inner = std::string(offset, 'a') + std::string(run, '\\') + "\"";
      const std::string string_value = "\"" + inner + "x\\\"\"  ";
      expect_agrees(string_value);
      const std::string object = "{\"k\":\"" + inner + "}\",\"m\":[\"]\"]}  ";
      expect_agrees(object);
    }
  }
}

// Runs of up to 199 backslashes, across block boundaries.
TEST_P(JsonSkip, LongBackslashRuns) {
  for (std::size_t offset = 0; offset < 70; offset += 3) {
    for (std::size_t run = 0; run < 200; ++run) {
      const std::string inner = std::string(offset, 'a') + std::string(run, '\\') + "\"";
      expect_agrees("\"" + inner + "x\"  ");
      expect_agrees("{\"k\":\"" + inner + "}\"}  ");
    }
  }
}

// Random texts over the bytes that matter, from every start that is a value.
TEST_P(JsonSkip, AgreesWithAByteByByteScanOnRandomText) {
  std::mt19937 random(20261205);
  // With the plain and non-ASCII bytes at the edges of their classes (' ',
  // 0x7f, 0x80, 0xff; EveryByteAtEveryOffset has the control bytes, which
  // would stop most searches here).
  constexpr std::string_view alphabet = "{}[]\"\"\\\\\\ax ,:\xC3\xA9\x7f\x80\xff";
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::uniform_int_distribution<std::size_t> length(1, 400);
  std::bernoulli_distribution rare(0.002);
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const std::size_t size = length(random);
    for (std::size_t i = 0; i < size; ++i) {
      text.push_back(rare(random) ? '\n' : alphabet[pick(random)]);
    }
    for (std::size_t begin = 0; begin < text.size(); ++begin) {
      const char c = text[begin];
      if (c == '{' || c == '[' || c == '"') {
        expect_agrees(text, begin);
        if (::testing::Test::HasFatalFailure()) {
          return;
        }
      }
    }
  }
}

// Well-formed nested values with escapes, so that most searches find an end.
std::string random_value(std::mt19937& random, int depth) {
  std::uniform_int_distribution<int> kind(0, depth > 6 ? 1 : 4);
  std::uniform_int_distribution<int> count(0, 5);
  std::uniform_int_distribution<int> letter(0, 9);
  const auto string_value = [&] {
    std::string s = "\"";
    for (int i = count(random) * 7; i > 0; --i) {
      const int l = letter(random);
      s += l == 0 ? "\\\\" : l == 1 ? "\\\"" : l == 2 ? "}" : l == 3 ? "[" : "w";
    }
    return s + "\"";
  };
  switch (kind(random)) {
    case 0:
      return string_value();
    case 1:
      return std::to_string(count(random));
    case 2:
    case 3: {
      std::string object = "{";
      for (int i = count(random); i > 0; --i) {
        object += string_value() + ":" + random_value(random, depth + 1) + (i > 1 ? "," : "");
      }
      return object + "}";
    }
    default: {
      std::string array = "[";
      for (int i = count(random); i > 0; --i) {
        array += random_value(random, depth + 1) + (i > 1 ? "," : "");
      }
      return array + "]";
    }
  }
}

TEST_P(JsonSkip, FindsTheEndOfRandomWellFormedValues) {
  std::mt19937 random(4242);
  for (int round = 0; round < 2000; ++round) {
    std::string value = random_value(random, 0);
    if (value[0] != '{' && value[0] != '[' && value[0] != '"') {
      continue;
    }
    const std::string text = std::string(static_cast<std::size_t>(round % 64), ' ') + value + "]}x";
    const std::size_t begin = static_cast<std::size_t>(round % 64);
    EXPECT_EQ(skip(text, begin).end, begin + value.size()) << text;
    expect_agrees(text, begin);
  }
}

// The widest search this CPU runs is the one chosen.
TEST(JsonSkipDispatch, ChoosesAvx512WhereTheCpuHasIt) {
  if (!value_skipping_available()) {
    GTEST_SKIP() << "this CPU lacks AVX2, PCLMULQDQ, POPCNT or BMI1";
  }
  const json_skip_detail::BlockSearch wide = json_skip_detail::avx512_block_search();
  EXPECT_EQ(json_skip_detail::best_block_search(),
            wide != nullptr ? wide : json_skip_detail::avx2_block_search());
  EXPECT_NE(json_skip_detail::best_block_search(), nullptr);
}

}  // namespace
}  // namespace boostburn
