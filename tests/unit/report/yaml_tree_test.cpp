#include "boostburn/report/yaml_tree.hpp"

#include <string>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace boostburn {
namespace {

using ::testing::HasSubstr;

TEST(YamlTree, MapsListsAndScalarsWithTheirLines) {
  const YamlTree tree = parse_yaml_tree(
      "# a comment\n"
      "name: day\n"
      "rows:\n"
      "  - region: us-east-1\n"
      "    requests: 7\n"
      "  - [a, 'b c']\n"
      "flow: {x: 1}\n");
  EXPECT_FALSE(tree.several);
  const YamlNode& root = tree.root;
  ASSERT_TRUE(root.is_map());
  ASSERT_EQ(root.children().size(), 6U);  // key, value x 3
  EXPECT_EQ(root.children()[0].scalar(), "name");
  EXPECT_EQ(root.children()[1].scalar(), "day");
  EXPECT_EQ(root.children()[1].line(), 1U);
  const YamlNode& rows = root.children()[3];
  ASSERT_TRUE(rows.is_list());
  ASSERT_EQ(rows.size(), 2U);
  ASSERT_TRUE(rows[0].is_map());
  EXPECT_EQ(rows[0].line(), 3U);  // where its first key is, as yaml-cpp marks a block map
  EXPECT_EQ(rows[0].children()[3].scalar(), "7");
  EXPECT_EQ(rows[0].children()[3].line(), 4U);
  ASSERT_TRUE(rows[1].is_list());
  EXPECT_EQ(rows[1][1].scalar(), "b c");
  const YamlNode& flow = root.children()[5];
  ASSERT_TRUE(flow.is_map());
  EXPECT_EQ(flow.children()[1].scalar(), "1");
}

// As yaml-cpp reads them: a plain empty, ~ or null (three spellings) is
// null; quoted, or spelt otherwise, it is a string.
TEST(YamlTree, NullIsPlainAndSpeltAsYamlSpellsIt) {
  const YamlTree tree =
      parse_yaml_tree("a:\nb: ~\nc: null\nd: Null\ne: NULL\nf: \"null\"\ng: ''\nh: nULL\ni: 0\n");
  const auto& kv = tree.root.children();
  ASSERT_EQ(kv.size(), 18U);
  for (std::size_t i = 1; i <= 9; i += 2) {
    EXPECT_TRUE(kv[i].is_null()) << kv[i - 1].scalar();
  }
  for (std::size_t i = 11; i <= 17; i += 2) {
    EXPECT_TRUE(kv[i].is_scalar()) << kv[i - 1].scalar();
  }
  EXPECT_EQ(kv[11].scalar(), "null");
  EXPECT_EQ(kv[13].scalar(), "");
}

TEST(YamlTree, ASecondDocumentIsNotedWithItsLine) {
  const YamlTree one = parse_yaml_tree("---\na: 1\n...\n");
  EXPECT_FALSE(one.several);
  const YamlTree two = parse_yaml_tree("a: 1\nb: 2\n---\nc: 3\n");
  EXPECT_TRUE(two.several);
  EXPECT_EQ(two.second_start_line, 2U);
  EXPECT_TRUE(two.root.is_map());
}

TEST(YamlTree, NothingButCommentsIsNoDocument) {
  for (const std::string text : {"", "\n\n", "# only a comment\n"}) {
    const YamlTree tree = parse_yaml_tree(text);
    EXPECT_TRUE(tree.root.is_null()) << text;
    EXPECT_FALSE(tree.several) << text;
  }
}

// The error parse_yaml_tree throws for `text`.
YamlSyntaxError syntax_error(const std::string& text) {
  try {
    parse_yaml_tree(text);
  } catch (const YamlSyntaxError& error) {
    return error;
  }
  ADD_FAILURE() << "no error for: " << text;
  return YamlSyntaxError(0, 0, "");
}

TEST(YamlTree, BrokenYamlSaysWhereAndWhat) {
  const YamlSyntaxError error = syntax_error("a: 1\nb: [2\nc: 3\n");
  EXPECT_GE(error.line(), 1U);
  EXPECT_THAT(error.what(), HasSubstr("flow sequence"));
}

// Snapshots never hold aliases, and an alias bomb must cost nothing.
TEST(YamlTree, AnAliasIsRefused) {
  const YamlSyntaxError error = syntax_error("a: &x [1, 2]\nb: *x\n");
  EXPECT_EQ(error.line(), 1U);
  EXPECT_THAT(error.what(), HasSubstr("alias (*x)"));
}

// A text libyaml refuses but yaml-cpp read is read as yaml-cpp read it:
// bytes that are not UTF-8 (the snapshot reader makes them U+FFFD), control
// characters (earlier builds wrote some raw), UTF-16 with a byte-order mark.
TEST(YamlTree, WhatLibyamlRefusesIsReadAsYamlCppReadIt) {
  const YamlTree latin1 = parse_yaml_tree("day: x\nidentity: caf\xE9\n");
  ASSERT_TRUE(latin1.root.is_map());
  EXPECT_EQ(latin1.root.children()[3].scalar(), "caf\xE9");
  EXPECT_EQ(latin1.root.children()[3].line(), 1U);

  const YamlTree control = parse_yaml_tree("a: 1\nb: \"x\x7Fy\"\nc: \x01z\n---\nd: 2\n");
  ASSERT_TRUE(control.root.is_map());
  EXPECT_EQ(control.root.children()[3].scalar(), "x\x7Fy");
  EXPECT_EQ(control.root.children()[5].scalar(), "\x01z");
  EXPECT_TRUE(control.several);
  EXPECT_EQ(control.second_start_line, 3U);

  const std::string utf16le(
      "\xFF\xFE"
      "a\0:\0 \0b\0\n\0",
      12);
  const YamlTree utf16 = parse_yaml_tree(utf16le);
  ASSERT_TRUE(utf16.root.is_map());
  EXPECT_EQ(utf16.root.children()[1].scalar(), "b");
}

// Either way, aliases never multiply into a tree bigger than the text.
TEST(YamlTree, AnAliasBombIsRefusedEitherWay) {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char level = 'b'; level <= 'j'; ++level) {
    const char previous = static_cast<char>(level - 1);
    bomb += fmt::format("{}: &{} [*{}, *{}, *{}, *{}, *{}, *{}, *{}, *{}, *{}, *{}]\n", level,
                        level, previous, previous, previous, previous, previous, previous, previous,
                        previous, previous, previous);
  }
  EXPECT_THAT(syntax_error(bomb).what(), HasSubstr("an alias (*a)"));
  // A control character first: read with yaml-cpp, which shares aliased nodes.
  EXPECT_THAT(syntax_error("z: \"\x01\"\n" + bomb).what(), HasSubstr("aliases that expand"));
}

// As yaml-cpp: a tag makes a plain null a string.
TEST(YamlTree, ATaggedNullIsAString) {
  const YamlTree tree = parse_yaml_tree("a: !!str null\nb: !!str\nc: !foo\nd: null\n");
  const auto& kv = tree.root.children();
  ASSERT_EQ(kv.size(), 8U);
  EXPECT_TRUE(kv[1].is_scalar());
  EXPECT_EQ(kv[1].scalar(), "null");
  EXPECT_TRUE(kv[3].is_scalar());
  EXPECT_EQ(kv[3].scalar(), "");
  EXPECT_TRUE(kv[5].is_scalar());
  EXPECT_TRUE(kv[7].is_null());
}

}  // namespace
}  // namespace boostburn
