#include "boostburn/yaml/yaml_documents.hpp"

#include <string>

#include <gtest/gtest.h>

namespace boostburn {
namespace {

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

// yaml-cpp ends a document where its root node ends, with or without a
// marker: what follows is a second document, never silently dropped.
TEST(YamlDocumentsTest, ASecondDocumentNeedsNoMarker) {
  for (const std::string text : {
           "  a: 1\nb: 2\n",  // a key indented less than the first one
           "- x\nb: 2\n", "{a: 1}\nb: 2\n", "[a] b",
           "a: 1\n%b\nc: 2\n",  // a line starting with '%' after content
       }) {
    const YamlDocuments documents = load_yaml_documents(text);
    EXPECT_TRUE(documents.several) << text;
  }
}

// An empty document (a trailing "---") is no second document; endless
// empty ones (yaml-cpp 0.7 after a stray ',') end the count as one.
TEST(YamlDocumentsTest, EmptyDocumentsAfterTheFirstAreNoSecond) {
  const YamlDocuments trailing = load_yaml_documents("a: 1\n---\n---\n# nothing\n");
  EXPECT_FALSE(trailing.several);
  EXPECT_EQ(trailing.first["a"].as<int>(), 1);
  const YamlDocuments later = load_yaml_documents("a: 1\n---\n---\nb: 2\n");
  EXPECT_TRUE(later.several);
  EXPECT_EQ(later.second_start.line, 2);
  EXPECT_TRUE(load_yaml_documents("a: 1\n---\n, b\n").several);
}

TEST(YamlDocumentsTest, Utf16TextIsDecoded) {
  const std::string utf8 = "a: 1\n---\nb: 2\n";
  std::string utf16 = "\xFF\xFE";  // little-endian, with its byte order mark
  for (const char c : utf8) {
    utf16 += c;
    utf16 += '\0';
  }
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
  // A directive after content: the counting parse throws, YAML::Load alone would not.
  EXPECT_THROW(load_yaml_documents("a: 1\n%YAML 2.0\n"), YAML::Exception);
  // yaml-cpp's LoadAll would loop forever on this one.
  EXPECT_TRUE(load_yaml_documents("a: 1\n---\n, b\n").several);
}

TEST(YamlDocumentsTest, TheFirstDocumentKeepsItsSourcePositions) {
  const YamlDocuments documents = load_yaml_documents("a: 1\nb:\n  c: 2\n");
  EXPECT_EQ(documents.first["b"]["c"].Mark().line, 2);
  EXPECT_EQ(documents.first["b"]["c"].Mark().column, 5);
}

}  // namespace
}  // namespace boostburn
