#include "boostburn/yaml/yaml_tree.hpp"

#include <string>
#include <utility>

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
      "flow: {x: 1}\n",
      YamlAliases::refused);
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
      parse_yaml_tree("a:\nb: ~\nc: null\nd: Null\ne: NULL\nf: \"null\"\ng: ''\nh: nULL\ni: 0\n",
                      YamlAliases::refused);
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
  const YamlTree one = parse_yaml_tree("---\na: 1\n...\n", YamlAliases::refused);
  EXPECT_FALSE(one.several);
  const YamlTree two = parse_yaml_tree("a: 1\nb: 2\n---\nc: 3\n", YamlAliases::refused);
  EXPECT_TRUE(two.several);
  EXPECT_EQ(two.second_start_line, 2U);
  EXPECT_TRUE(two.root.is_map());
}

TEST(YamlTree, NothingButCommentsIsNoDocument) {
  for (const std::string text : {"", "\n\n", "# only a comment\n"}) {
    const YamlTree tree = parse_yaml_tree(text, YamlAliases::refused);
    EXPECT_TRUE(tree.root.is_null()) << text;
    EXPECT_FALSE(tree.several) << text;
  }
}

// The error parse_yaml_tree throws for `text`.
YamlSyntaxError syntax_error(const std::string& text, YamlAliases aliases = YamlAliases::refused) {
  try {
    parse_yaml_tree(text, aliases);
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
  EXPECT_THAT(error.what(), HasSubstr("an alias (*x), which Boostburn never writes"));
  // An anchor alone is no alias.
  EXPECT_EQ(parse_yaml_tree("a: &x [1, 2]\n", YamlAliases::refused).root.children()[1].size(), 2U);
}

// The price file's way to keep each price in one place: an alias reads as a
// copy of what was last anchored under its name, lines and all.
TEST(YamlTree, AnAliasExpandsToACopyOfItsAnchor) {
  const YamlTree tree = parse_yaml_tree(
      "a: &rate {input: 1, output: &out 2}\n"
      "b: *rate\n"
      "c: [*out, *rate]\n"
      "d: &rate {input: 3}\n"
      "e: *rate\n",
      YamlAliases::expanded);
  const auto& kv = tree.root.children();
  ASSERT_EQ(kv.size(), 10U);
  for (const YamlNode* copy : {&kv[3], &kv[5][1]}) {
    ASSERT_TRUE(copy->is_map());
    ASSERT_EQ(copy->children().size(), 4U);
    EXPECT_EQ(copy->children()[1].scalar(), "1");
    EXPECT_EQ(copy->children()[3].scalar(), "2");
    EXPECT_EQ(copy->line(), 0U);  // the anchored node's
  }
  EXPECT_EQ(kv[5][0].scalar(), "2");
  ASSERT_TRUE(kv[9].is_map());  // the anchor redefined: the later one
  EXPECT_EQ(kv[9].children()[1].scalar(), "3");
}

TEST(YamlTree, AnAliasNeedsAnAnchorBeforeIt) {
  EXPECT_THAT(syntax_error("a: *x\nb: &x 1\n", YamlAliases::expanded).what(),
              HasSubstr("an alias (*x) with no anchor (&x) before it"));
  // Nor can a node hold an alias to itself.
  EXPECT_THAT(syntax_error("a: &x [1, *x]\n", YamlAliases::expanded).what(),
              HasSubstr("no anchor (&x) before it"));
}

// Ten anchors, each ten aliases of the one before: 10^10 nodes expanded.
std::string alias_bomb() {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char level = 'b'; level <= 'j'; ++level) {
    const char previous = static_cast<char>(level - 1);
    bomb += fmt::format("{}: &{} [*{}, *{}, *{}, *{}, *{}, *{}, *{}, *{}, *{}, *{}]\n", level,
                        level, previous, previous, previous, previous, previous, previous, previous,
                        previous, previous, previous);
  }
  return bomb;
}

// Refused or expanded, read with libyaml or yaml-cpp: an alias bomb is
// refused before it takes more than the copy limit.
TEST(YamlTree, AnAliasBombIsRefusedEitherWay) {
  const std::string bomb = alias_bomb();
  EXPECT_THAT(syntax_error(bomb).what(), HasSubstr("an alias (*a)"));
  const YamlSyntaxError expanded = syntax_error(bomb, YamlAliases::expanded);
  EXPECT_THAT(expanded.what(), HasSubstr("aliases that copy more than 64 MiB of nodes"));
  EXPECT_GE(expanded.line(), 5U);
  // A control character first: read with yaml-cpp, which shares aliased nodes.
  EXPECT_THAT(syntax_error("z: \"\x01\"\n" + bomb).what(),
              HasSubstr("an alias, which Boostburn never writes"));
  EXPECT_THAT(syntax_error("z: \"\x01\"\n" + bomb, YamlAliases::expanded).what(),
              HasSubstr("aliases that copy more than 64 MiB of nodes"));
  // A few big scalars copied many times cost their bytes, not one node each.
  std::string wide =
      "a: &a \"" + std::string(1 << 20, 'w') + "\"\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n";
  wide += "c: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n";
  EXPECT_THAT(syntax_error(wide, YamlAliases::expanded).what(), HasSubstr("64 MiB"));
}

// Each alias may wrap the one before in a list: the nesting aliases make is
// limited as the copies are, so nothing reading the tree recurses too deep.
TEST(YamlTree, AliasesNestNoDeeperThanTheLimit) {
  std::string chain = "a0: &a0 [x]\n";
  for (int level = 1; level <= 300; ++level) {
    chain += fmt::format("a{}: &a{} [*a{}]\n", level, level, level - 1);
  }
  EXPECT_THAT(syntax_error(chain, YamlAliases::expanded).what(),
              HasSubstr("nests more than 256 levels deep"));
  EXPECT_THAT(syntax_error("z: \"\x01\"\n" + chain, YamlAliases::expanded).what(),
              HasSubstr("nests more than 256 levels deep"));
  // Without aliases too, however the text spells its nesting: lists, maps,
  // a scalar inside them; 256 levels are read, 257 are not.
  const auto nested = [](std::string_view open, std::string_view innermost, std::string_view close,
                         int levels) {
    std::string text;
    for (int level = 0; level < levels; ++level) {
      text += open;
    }
    text += innermost;
    for (int level = 0; level < levels; ++level) {
      text += close;
    }
    return text;
  };
  EXPECT_NO_THROW(parse_yaml_tree(nested("[", "[]", "]", 255), YamlAliases::refused));
  EXPECT_THAT(syntax_error(nested("[", "[]", "]", 256)).what(),
              HasSubstr("nests more than 256 levels deep"));
  EXPECT_NO_THROW(parse_yaml_tree(nested("{a: ", "{}", "}", 255), YamlAliases::refused));
  EXPECT_THAT(syntax_error(nested("{a: ", "{}", "}", 256)).what(),
              HasSubstr("nests more than 256 levels deep"));
  EXPECT_THAT(syntax_error(nested("[", "{}", "]", 256)).what(),
              HasSubstr("nests more than 256 levels deep"));
  EXPECT_NO_THROW(
      parse_yaml_tree(std::string(255, '[') + "x" + std::string(255, ']'), YamlAliases::refused));
  EXPECT_THAT(syntax_error(std::string(256, '[') + "x" + std::string(256, ']')).what(),
              HasSubstr("nests more than 256 levels deep"));
}

// An anchored node is kept as a copy for its aliases, and that copy counts:
// anchors nested in anchors would otherwise copy the text over and over
// (here 12 levels of a list of 30 aliases to 256 KiB: 90 MiB uncounted).
TEST(YamlTree, AnchoredCopiesCountAgainstTheLimit) {
  std::string text = "s: &s \"" + std::string(256 << 10, 'x') + "\"\nl: ";
  for (int level = 0; level < 12; ++level) {
    text += fmt::format("&l{} [", level);
  }
  for (int i = 0; i < 30; ++i) {
    text += i == 0 ? "*s" : ", *s";
  }
  text += std::string(12, ']') + "\n";
  EXPECT_THAT(syntax_error(text, YamlAliases::expanded).what(),
              HasSubstr("aliases that copy more than 64 MiB"));
}

// The text read with yaml-cpp (a byte that is not UTF-8 first) gets the same
// limit: 100 copies of a 1 MiB scalar are refused, however big the text.
TEST(YamlTree, YamlCppReadTextCopiesNoMoreThanTheLimit) {
  const std::string head = "# caf\xE9\n" + std::string(4 << 20, '#') + "\ns: &s \"" +
                           std::string(1 << 20, 'x') + "\"\nl: [*s";
  const auto with_aliases = [&](int count) {
    std::string text = head;
    for (int i = 1; i < count; ++i) {
      text += ", *s";
    }
    return text + "]\n";
  };
  EXPECT_THAT(syntax_error(with_aliases(100), YamlAliases::expanded).what(),
              HasSubstr("aliases that copy more than 64 MiB"));
  EXPECT_EQ(parse_yaml_tree(with_aliases(40), YamlAliases::expanded).root.children()[3].size(),
            40U);
}

// libyaml reads YAML 1.1, where U+0085, U+2028 and U+2029 break lines; every
// earlier build read them as text (as YAML 1.2 does), and so does this one:
// one in a comment never makes the rest of its line part of the file.
TEST(YamlTree, Yaml11LineBreaksAreText) {
  for (const std::string line_break : {"\xC2\x85", "\xE2\x80\xA8", "\xE2\x80\xA9"}) {
    for (const YamlAliases aliases : {YamlAliases::refused, YamlAliases::expanded}) {
      const YamlTree tree = parse_yaml_tree(
          "a:\n  input: 3 # was 2" + line_break + "  output: 5\nb: x" + line_break + "y\n",
          aliases);
      const auto& kv = tree.root.children();
      ASSERT_EQ(kv.size(), 4U);
      EXPECT_EQ(kv[1].children().size(), 2U) << "the comment's tail was read";
      EXPECT_EQ(kv[3].scalar(), "x" + line_break + "y");
    }
  }
}

// libyaml takes only letters, digits, '_' and '-' in an anchor's name;
// yaml-cpp took more, and a file that uses more still reads.
TEST(YamlTree, AnchorNamesWithOtherCharactersStillRead) {
  const YamlTree tree = parse_yaml_tree(
      "a: &claude-3.5 {input: 3}\nb: *claude-3.5\nc: &x/y 1\nd: *x/y\n", YamlAliases::expanded);
  const auto& kv = tree.root.children();
  ASSERT_EQ(kv.size(), 8U);
  EXPECT_EQ(kv[3].children()[1].scalar(), "3");
  EXPECT_EQ(kv[7].scalar(), "1");
}

// An empty document after the first (a trailing "---") holds nothing to
// lose: it is no second document, whichever parser reads the text.
TEST(YamlTree, AnEmptyDocumentAfterTheFirstIsNoSecond) {
  for (const std::string prefix : {"", "# caf\xE9\n"}) {
    for (const std::string tail : {"---\n", "---\n# nothing\n", "...\n---\n", "---\n~\n---\n"}) {
      const YamlTree tree = parse_yaml_tree(prefix + "a: 1\n" + tail, YamlAliases::refused);
      EXPECT_FALSE(tree.several) << prefix << tail;
      EXPECT_TRUE(tree.root.is_map()) << prefix << tail;
    }
    const YamlTree more = parse_yaml_tree(prefix + "a: 1\n---\n---\nb: 2\n", YamlAliases::refused);
    EXPECT_TRUE(more.several) << prefix;
    EXPECT_EQ(more.second_start_line, prefix.empty() ? 2U : 3U) << prefix;
  }
}

// A text libyaml refuses but yaml-cpp read is read as yaml-cpp read it:
// bytes that are not UTF-8 (the snapshot reader makes them U+FFFD), control
// characters (earlier builds wrote some raw), UTF-16 with a byte-order mark.
TEST(YamlTree, WhatLibyamlRefusesIsReadAsYamlCppReadIt) {
  const YamlTree latin1 = parse_yaml_tree("day: x\nidentity: caf\xE9\n", YamlAliases::refused);
  ASSERT_TRUE(latin1.root.is_map());
  EXPECT_EQ(latin1.root.children()[3].scalar(), "caf\xE9");
  EXPECT_EQ(latin1.root.children()[3].line(), 1U);

  const YamlTree control =
      parse_yaml_tree("a: 1\nb: \"x\x7Fy\"\nc: \x01z\n---\nd: 2\n", YamlAliases::refused);
  ASSERT_TRUE(control.root.is_map());
  EXPECT_EQ(control.root.children()[3].scalar(), "x\x7Fy");
  EXPECT_EQ(control.root.children()[5].scalar(), "\x01z");
  EXPECT_TRUE(control.several);
  EXPECT_EQ(control.second_start_line, 3U);

  const std::string utf16le(
      "\xFF\xFE"
      "a\0:\0 \0b\0\n\0",
      12);
  const YamlTree utf16 = parse_yaml_tree(utf16le, YamlAliases::refused);
  ASSERT_TRUE(utf16.root.is_map());
  EXPECT_EQ(utf16.root.children()[1].scalar(), "b");
}

// As yaml-cpp: a tag makes a plain null a string.
TEST(YamlTree, ATaggedNullIsAString) {
  const YamlTree tree =
      parse_yaml_tree("a: !!str null\nb: !!str\nc: !foo\nd: null\n", YamlAliases::refused);
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
