#include "boostburn/util/yaml_documents.hpp"

#include <string>

#include <gtest/gtest.h>

namespace boostburn {
namespace {

TEST(YamlDocumentsTest, OneDocumentNeedsNoSecondParse) {
  for (const std::string text : {
           "",
           "# only a comment\n",
           "a: 1\nb: [x, y]\n",
           "---\na: 1\n",
           "# header\n\n--- \na: 1\n",
           "%YAML 1.2\n---\na: 1\n",
           "\xEF\xBB\xBF---\na: 1\n",
           "a: |\n  --- indented, not a marker\n  ... nor this\n",
           "a: 1\r\nb: 2\r\n",
       }) {
    EXPECT_FALSE(may_hold_several_documents(text)) << text;
  }
}

TEST(YamlDocumentsTest, AnyOtherMarkerMayStartASecondDocument) {
  for (const std::string text : {
           "a: 1\n---\nb: 2\n",
           "---\na: 1\n---\nb: 2\n",
           "--- a\n---\n",
           "a: 1\n...\n",
           "...\n",
           "a: 1\r---\r",
           "a: 1\n\xEF\xBB\xBF---\nb: 2\n",
           "a: \"x\n---\n\"\n",  // a marker in a quoted scalar: the parser decides
           "a: 1\n----\n",
       }) {
    EXPECT_TRUE(may_hold_several_documents(text)) << text;
  }
}

TEST(YamlDocumentsTest, ReadsTheFirstDocumentAndFindsTheSecond) {
  const YamlDocuments one = load_yaml_documents("---\na: 1\n");
  EXPECT_FALSE(one.several);
  EXPECT_EQ(one.first["a"].as<int>(), 1);

  const YamlDocuments two = load_yaml_documents("a: 1\n---\nb: 2\n---\nc: 3\n");
  EXPECT_TRUE(two.several);
  EXPECT_EQ(two.second_start.line, 1);
  EXPECT_EQ(two.first["a"].as<int>(), 1);
  EXPECT_FALSE(two.first["b"]);

  // A document end marker with nothing after it is no second document.
  const YamlDocuments ended = load_yaml_documents("a: 1\n...\n");
  EXPECT_FALSE(ended.several);
  EXPECT_EQ(ended.first["a"].as<int>(), 1);
}

TEST(YamlDocumentsTest, Utf16TextGoesToTheParser) {
  const std::string utf8 = "a: 1\n---\nb: 2\n";
  std::string utf16 = "\xFF\xFE";  // little-endian, with its byte order mark
  for (const char c : utf8) {
    utf16 += c;
    utf16 += '\0';
  }
  EXPECT_TRUE(may_hold_several_documents(utf16));
  const YamlDocuments documents = load_yaml_documents(utf16);
  EXPECT_TRUE(documents.several);
  EXPECT_EQ(documents.first["a"].as<int>(), 1);
}

TEST(YamlDocumentsTest, NoDocumentReadsAsNull) {
  for (const std::string text : {"", "\n\n", "# only a comment\n"}) {
    const YamlDocuments documents = load_yaml_documents(text);
    EXPECT_TRUE(documents.first.IsNull()) << text;
    EXPECT_FALSE(documents.several) << text;
  }
}

TEST(YamlDocumentsTest, ErrorsInEitherDocumentThrow) {
  EXPECT_THROW(load_yaml_documents("a: [1\n"), YAML::Exception);
  EXPECT_THROW(load_yaml_documents("a: 1\n---\nb: [1\n"), YAML::Exception);
  // yaml-cpp's LoadAll would loop forever on this one.
  EXPECT_TRUE(load_yaml_documents("a: 1\n---\n, b\n").several);
}

}  // namespace
}  // namespace boostburn
