#include "boostburn/util/text.hpp"

#include <algorithm>
#include <string>

#include <gtest/gtest.h>

namespace boostburn {
namespace {

TEST(Utf8Test, AcceptsWellFormedText) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("arn:aws:iam::1:user/alice"));
  EXPECT_TRUE(is_valid_utf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x94\xA5"));  // é € 🔥
}

TEST(Utf8Test, RejectsMalformedText) {
  EXPECT_FALSE(is_valid_utf8("a\xFF"));
  EXPECT_FALSE(is_valid_utf8("\xC3"));              // truncated
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // past U+10FFFF
}

TEST(Utf8Test, SanitizeReplacesOnlyTheBadBytes) {
  EXPECT_EQ(sanitize_utf8("caf\xC3\xA9"), "caf\xC3\xA9");
  EXPECT_EQ(sanitize_utf8("a\xFF"
                          "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(sanitize_utf8("\xC3"
                          "x"),
            "\xEF\xBF\xBD"
            "x");
}

// ASCII is checked a word at a time: a bad or multi-byte sequence is found
// wherever it sits, at or across a word's edge.
TEST(Utf8Test, FindsEveryByteOfALongTextWhereverItIs) {
  for (std::size_t at = 0; at < 40; ++at) {
    std::string text(40, 'a');
    text[at] = '\xFF';
    EXPECT_FALSE(is_valid_utf8(text)) << at;
    text = std::string(40, 'a');
    text.replace(at, 2, "\xC3\xA9");
    EXPECT_TRUE(is_valid_utf8(text.substr(0, std::max<std::size_t>(at + 2, 1)))) << at;
    EXPECT_FALSE(is_valid_utf8(text.substr(0, at + 1))) << at;  // cut inside the é
  }
}

TEST(Utf8Test, AsValidUtf8CopiesOnlyTextThatMustBeCleaned) {
  std::string storage;
  const std::string good = "arn:aws:iam::1:user/caf\xC3\xA9";
  EXPECT_EQ(as_valid_utf8(good, storage).data(), good.data());
  EXPECT_TRUE(storage.empty());
  EXPECT_EQ(as_valid_utf8("a\xFF", storage), "a\xEF\xBF\xBD");
  EXPECT_EQ(storage, "a\xEF\xBF\xBD");
}

TEST(PrintableText, ReplacesC0DelAndC1ControlsKeepingOtherText) {
  EXPECT_EQ(printable_text("a\x1b[31mb\x7f"), "a?[31mb?");
  EXPECT_EQ(printable_text("x\xc2\x9b" "31m"), "x?31m");  // U+009B, a one-byte CSI on some terminals
  EXPECT_EQ(printable_text("j\xc3\xbcrgen \xc2\xa0"), "j\xc3\xbcrgen \xc2\xa0");
  EXPECT_EQ(printable_text("bad\xff"), "bad\xef\xbf\xbd");
}

TEST(Utf8Length, CountsCodePoints) {
  EXPECT_EQ(utf8_length(""), 0U);
  EXPECT_EQ(utf8_length("abc"), 3U);
  EXPECT_EQ(utf8_length("j\xc3\xbcrgen"), 6U);
  EXPECT_EQ(utf8_length("\xf0\x9f\x94\xa5!"), 2U);
}

TEST(TruncateUtf8, CutsWholeCodePointsAndEndsWithAnEllipsis) {
  EXPECT_EQ(truncate_utf8("abcdef", 6), "abcdef");
  EXPECT_EQ(truncate_utf8("abcdef", 4), "abc\u2026");
  EXPECT_EQ(utf8_length(truncate_utf8("\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc", 3)), 3U);
  EXPECT_EQ(truncate_utf8("\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc", 3), "\xc3\xbc\xc3\xbc\u2026");
  EXPECT_EQ(truncate_utf8("abc", 0), "");
  EXPECT_EQ(truncate_utf8("abc", 1), "\u2026");
}

}  // namespace
}  // namespace boostburn
