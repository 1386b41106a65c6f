#include "boostburn/aws/s3_xml.hpp"

#include <gtest/gtest.h>

namespace boostburn {
namespace {

std::string list_xml(std::string_view inner) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
         "<Name>logs</Name><Prefix>AWSLogs/</Prefix><MaxKeys>1000</MaxKeys>" +
         std::string(inner) + "</ListBucketResult>";
}

TEST(S3Xml, ParsesAListPage) {
  auto page = parse_list_objects_v2(list_xml(
      "<KeyCount>2</KeyCount><IsTruncated>true</IsTruncated>"
      "<NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>"
      "<Contents><Key>AWSLogs/a.json.gz</Key><LastModified>2026-01-01T00:00:00.000Z</LastModified>"
      "<ETag>&quot;9b2cf535f27731c974343645a3985328&quot;</ETag><Size>434234</Size>"
      "<StorageClass>STANDARD</StorageClass></Contents>"
      "<Contents><Key>AWSLogs/b.json.gz</Key><ETag>\"abc-2\"</ETag><Size>0</Size></Contents>"));
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->entries.size(), 2U);
  EXPECT_EQ(page->entries[0],
            (S3ListEntry{"AWSLogs/a.json.gz", 434234, "\"9b2cf535f27731c974343645a3985328\""}));
  EXPECT_EQ(page->entries[1], (S3ListEntry{"AWSLogs/b.json.gz", 0, "\"abc-2\""}));
  EXPECT_TRUE(page->is_truncated);
  EXPECT_EQ(page->next_continuation_token, "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=");
  EXPECT_EQ(page->key_count, 2U);
}

TEST(S3Xml, AnEmptyListingIsAValidLastPage) {
  auto page =
      parse_list_objects_v2(list_xml("<KeyCount>0</KeyCount><IsTruncated>false</IsTruncated>"));
  ASSERT_TRUE(page);
  EXPECT_TRUE(page->entries.empty());
  EXPECT_FALSE(page->is_truncated);
}

TEST(S3Xml, DecodesXmlEscapesAndUnicodeInKeys) {
  auto page = parse_list_objects_v2(
      list_xml("<Contents><Key>a&amp;b &lt;c&gt; &#x1F600;/d&apos;e</Key><Size>1</Size></Contents>"
               "<Contents><Key>r\xC3\xA9sum\xC3\xA9/\xE6\x97\xA5\xE6\x9C\xAC.json</Key><Size>2</"
               "Size></Contents>"));
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->entries.size(), 2U);
  EXPECT_EQ(page->entries[0].key, "a&b <c> \xF0\x9F\x98\x80/d'e");
  EXPECT_EQ(page->entries[1].key, "r\xC3\xA9sum\xC3\xA9/\xE6\x97\xA5\xE6\x9C\xAC.json");
  EXPECT_EQ(page->entries[1].etag, "");  // ETag is optional
}

TEST(S3Xml, DecodesUrlEncodedKeysWhenTheListingSaysSo) {
  auto page = parse_list_objects_v2(
      list_xml("<EncodingType>url</EncodingType>"
               "<Contents><Key>a+b%2Bc%3D%3A%0A%C3%A9%zz</Key><Size>1</Size></Contents>"));
  ASSERT_TRUE(page) << page.error().message;
  EXPECT_EQ(page->entries[0].key, "a b+c=:\n\xC3\xA9%zz");
}

TEST(S3Xml, KeysAreNotDecodedWithoutEncodingType) {
  auto page =
      parse_list_objects_v2(list_xml("<Contents><Key>a+b%2B</Key><Size>1</Size></Contents>"));
  ASSERT_TRUE(page);
  EXPECT_EQ(page->entries[0].key, "a+b%2B");
}

TEST(S3Xml, RejectsEntriesWithoutKeyOrSize) {
  auto no_key = parse_list_objects_v2(list_xml("<Contents><Size>1</Size></Contents>"));
  ASSERT_FALSE(no_key);
  EXPECT_EQ(no_key.error().kind, ErrorKind::corrupt);
  EXPECT_NE(no_key.error().message.find("without <Key>"), std::string::npos);

  auto no_size = parse_list_objects_v2(list_xml("<Contents><Key>k</Key></Contents>"));
  ASSERT_FALSE(no_size);
  EXPECT_NE(no_size.error().message.find("\"k\" has no valid <Size>"), std::string::npos);

  EXPECT_FALSE(parse_list_objects_v2(list_xml("<Contents><Key>k</Key><Size>-1</Size></Contents>")));
  EXPECT_FALSE(
      parse_list_objects_v2(list_xml("<Contents><Key>k</Key><Size>12x</Size></Contents>")));
}

TEST(S3Xml, ATruncatedPageNeedsAContinuationToken) {
  auto page = parse_list_objects_v2(list_xml("<IsTruncated>true</IsTruncated>"));
  ASSERT_FALSE(page);
  EXPECT_NE(page.error().message.find("without <NextContinuationToken>"), std::string::npos);
  EXPECT_FALSE(parse_list_objects_v2(list_xml("<IsTruncated>maybe</IsTruncated>")));
}

TEST(S3Xml, KeyCountMustMatchTheEntries) {
  auto page = parse_list_objects_v2(
      list_xml("<KeyCount>3</KeyCount><Contents><Key>k</Key><Size>1</Size></Contents>"));
  ASSERT_FALSE(page);
  EXPECT_NE(page.error().message.find("<KeyCount> is \"3\" but the page has 1 entries"),
            std::string::npos);
  // Without KeyCount the page is accepted.
  EXPECT_TRUE(parse_list_objects_v2(list_xml("<Contents><Key>k</Key><Size>1</Size></Contents>")));
}

TEST(S3Xml, ParsesTheFoldersOfADelimitedListing) {
  auto page = parse_list_objects_v2(
      list_xml("<Delimiter>/</Delimiter><KeyCount>3</KeyCount><IsTruncated>false</IsTruncated>"
               "<Contents><Key>AWSLogs/10/a.json.gz</Key><Size>7</Size></Contents>"
               "<CommonPrefixes><Prefix>AWSLogs/10/data/</Prefix></CommonPrefixes>"
               "<CommonPrefixes><Prefix>AWSLogs/10/a&amp;b+c%2B/</Prefix></CommonPrefixes>"));
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->entries.size(), 1U);
  EXPECT_EQ(page->entries[0].key, "AWSLogs/10/a.json.gz");
  // Without EncodingType, '+' and '%2B' are kept as they are.
  EXPECT_EQ(page->common_prefixes,
            (std::vector<std::string>{"AWSLogs/10/data/", "AWSLogs/10/a&b+c%2B/"}));
  EXPECT_EQ(page->key_count, 3U);  // KeyCount counts the folders too
}

TEST(S3Xml, DecodesUrlEncodedFoldersLikeKeys) {
  auto page = parse_list_objects_v2(list_xml(
      "<EncodingType>url</EncodingType><KeyCount>2</KeyCount>"
      "<CommonPrefixes><Prefix>AWSLogs%2F10%2Fsub+dir%2B%C3%A9%2F</Prefix></CommonPrefixes>"
      "<CommonPrefixes><Prefix>AWSLogs/10/data/</Prefix></CommonPrefixes>"));
  ASSERT_TRUE(page) << page.error().message;
  EXPECT_TRUE(page->entries.empty());
  EXPECT_EQ(page->common_prefixes,
            (std::vector<std::string>{"AWSLogs/10/sub dir+\xC3\xA9/", "AWSLogs/10/data/"}));
}

TEST(S3Xml, ATruncatedPageOfFoldersCarriesItsToken) {
  auto page =
      parse_list_objects_v2(list_xml("<KeyCount>1</KeyCount><IsTruncated>true</IsTruncated>"
                                     "<NextContinuationToken>t2</NextContinuationToken>"
                                     "<CommonPrefixes><Prefix>p/a/</Prefix></CommonPrefixes>"));
  ASSERT_TRUE(page) << page.error().message;
  EXPECT_TRUE(page->is_truncated);
  EXPECT_EQ(page->next_continuation_token, "t2");
  EXPECT_EQ(page->common_prefixes, std::vector<std::string>{"p/a/"});
}

TEST(S3Xml, FoldersMustHaveAPrefixAndCountInKeyCount) {
  auto empty = parse_list_objects_v2(list_xml("<CommonPrefixes></CommonPrefixes>"));
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().kind, ErrorKind::corrupt);
  EXPECT_NE(empty.error().message.find("<CommonPrefixes> without <Prefix>"), std::string::npos);
  EXPECT_FALSE(
      parse_list_objects_v2(list_xml("<CommonPrefixes><Prefix></Prefix></CommonPrefixes>")));

  auto miscounted = parse_list_objects_v2(
      list_xml("<KeyCount>1</KeyCount><Contents><Key>k</Key><Size>1</Size></Contents>"
               "<CommonPrefixes><Prefix>d/</Prefix></CommonPrefixes>"));
  ASSERT_FALSE(miscounted);
  EXPECT_NE(miscounted.error().message.find("<KeyCount> is \"1\" but the page has 2 entries"),
            std::string::npos);
}

TEST(S3Xml, GarbageIsCorrupt) {
  for (std::string_view body : {std::string_view(""), std::string_view("not xml at all"),
                                std::string_view("<ListBucketResult><Contents><Key>k"),
                                std::string_view("<Error><Code>NoSuchBucket</Code></Error>"),
                                std::string_view("{\"json\": true}")}) {
    auto page = parse_list_objects_v2(body);
    ASSERT_FALSE(page) << body;
    EXPECT_EQ(page.error().kind, ErrorKind::corrupt) << body;
  }
}

TEST(S3Xml, ParsesAnS3Error) {
  auto error = parse_s3_error(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>"
      "<Key>a&amp;b.json</Key><BucketName>logs</BucketName><RequestId>4442587FB7D0A2F9</RequestId>"
      "<HostId>abc</HostId></Error>");
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code, "NoSuchKey");
  EXPECT_EQ(error->message, "The specified key does not exist.");
  EXPECT_EQ(error->key, "a&b.json");
  EXPECT_EQ(error->bucket_name, "logs");
  EXPECT_EQ(error->request_id, "4442587FB7D0A2F9");
  EXPECT_EQ(error->region, "");
}

TEST(S3Xml, ParsesAnStsStyleErrorResponse) {
  auto error = parse_s3_error(
      "<ErrorResponse "
      "xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
      "<Code>ExpiredToken</Code><Message>The security token included in the request is "
      "expired</Message>"
      "</Error><RequestId>r-1</RequestId></ErrorResponse>");
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code, "ExpiredToken");
  EXPECT_EQ(error->request_id, "r-1");
}

TEST(S3Xml, ErrorWithOnlyACodeAndRegion) {
  auto error = parse_s3_error(
      "<Error><Code>AuthorizationHeaderMalformed</Code><Region>eu-west-1</Region></Error>");
  ASSERT_TRUE(error);
  EXPECT_EQ(error->message, "");
  EXPECT_EQ(error->region, "eu-west-1");
}

TEST(S3Xml, NonErrorsAreNotErrors) {
  EXPECT_FALSE(parse_s3_error(""));
  EXPECT_FALSE(parse_s3_error("<html><body>502 Bad Gateway</body></html>"));
  EXPECT_FALSE(parse_s3_error("<Error><Message>no code</Message></Error>"));
  EXPECT_FALSE(parse_s3_error("<Error><Code>Trunc"));
  EXPECT_FALSE(parse_s3_error(list_xml("")));
}

}  // namespace
}  // namespace boostburn
