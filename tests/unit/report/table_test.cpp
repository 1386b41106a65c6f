#include "boostburn/report/table.hpp"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace boostburn {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const TextTable k_regions{{Align::left, Align::right},
                          {"Region", "Requests"},
                          {{"us-east-1", "1,234"}, {"eu-west-1", "7"}}};

std::string render(const TextTable& table, TableStyle style) {
  std::string out;
  append_table(out, table, style);
  return out;
}

TEST(TableTest, DisplayWidthCountsCodePointsNotBytes) {
  EXPECT_EQ(display_width(""), 0u);
  EXPECT_EQ(display_width("user/dev"), 8u);
  EXPECT_EQ(display_width("jürgen"), 6u);            // ü is 2 bytes
  EXPECT_EQ(display_width("日本"), 2u);              // 3 bytes each
  EXPECT_EQ(display_width("\xF0\x9F\x92\xB8"), 1u);  // one 4-byte code point
  EXPECT_EQ(display_width("│─┼"), 3u);
}

TEST(TableTest, PlainColumnsAreTwoSpacesApartNumbersRightAligned) {
  EXPECT_EQ(render(k_regions, TableStyle::plain),
            "  Region     Requests\n"
            "  us-east-1     1,234\n"
            "  eu-west-1         7\n");
}

TEST(TableTest, PlainWithoutHeaderHasNoHeaderLineAndNoTrailingSpaces) {
  const TextTable notes{{Align::right, Align::left}, {}, {{"1", "a"}, {"22", "longer"}}};
  EXPECT_EQ(render(notes, TableStyle::plain),
            "   1  a\n"
            "  22  longer\n");
}

TEST(TableTest, BoxedDrawsFramesAndSeparatesTheHeader) {
  EXPECT_EQ(render(k_regions, TableStyle::boxed),
            "  ┌───────────┬──────────┐\n"
            "  │ Region    │ Requests │\n"
            "  ├───────────┼──────────┤\n"
            "  │ us-east-1 │    1,234 │\n"
            "  │ eu-west-1 │        7 │\n"
            "  └───────────┴──────────┘\n");
}

TEST(TableTest, BoxedWithoutHeaderHasNoSeparator) {
  const TextTable totals{{Align::left, Align::right}, {}, {{"Requests", "4"}, {"Cost", "$2.10"}}};
  EXPECT_EQ(render(totals, TableStyle::boxed),
            "  ┌──────────┬───────┐\n"
            "  │ Requests │     4 │\n"
            "  │ Cost     │ $2.10 │\n"
            "  └──────────┴───────┘\n");
}

// Every line of a boxed table is equally wide on screen, whatever the names.
TEST(TableTest, NonAsciiNamesKeepTheColumnsAligned) {
  const TextTable identities{{Align::left, Align::right},
                             {"Identity", "Requests"},
                             {{"user/jürgen", "3"}, {"user/пётр", "12"}, {"user/bob", "1"}}};
  for (const TableStyle style : {TableStyle::plain, TableStyle::boxed}) {
    const std::string out = render(identities, style);
    std::size_t expected = 0;
    std::size_t start = 0;
    for (std::size_t end = out.find('\n'); end != std::string::npos;
         start = end + 1, end = out.find('\n', start)) {
      const std::size_t width = display_width(std::string_view(out).substr(start, end - start));
      if (expected == 0) {
        expected = width;
      }
      EXPECT_EQ(width, expected) << out.substr(start, end - start);
    }
  }
  EXPECT_THAT(render(identities, TableStyle::boxed), HasSubstr("  │ user/jürgen │        3 │\n"));
  EXPECT_THAT(render(identities, TableStyle::plain), HasSubstr("  user/jürgen         3\n"));
}

TEST(TableTest, NoEscapeCodesInEitherStyle) {
  for (const TableStyle style : {TableStyle::plain, TableStyle::boxed}) {
    EXPECT_THAT(render(k_regions, style), Not(HasSubstr("\x1b")));
    EXPECT_THAT(render(k_regions, style), Not(HasSubstr("\r")));
  }
}

}  // namespace
}  // namespace boostburn
