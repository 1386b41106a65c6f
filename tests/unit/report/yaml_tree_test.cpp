#include "boostburn/report/yaml_tree.hpp"

#include <string>

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

// libyaml refuses bytes that are not UTF-8; a file edited by hand may hold
// some, and they read as U+FFFD, as yaml-cpp and the reader took them.
TEST(YamlTree, BytesThatAreNotUtf8ReadAsReplacementCharacters) {
  const YamlTree tree = parse_yaml_tree("identity: caf\xE9\n");
  ASSERT_TRUE(tree.root.is_map());
  EXPECT_EQ(tree.root.children()[1].scalar(), "caf\xEF\xBF\xBD");
}

}  // namespace
}  // namespace boostburn
