#include "boostburn/http/http_client.hpp"

#include <gtest/gtest.h>

namespace boostburn {
namespace {

TEST(HttpResponseHeader, LookupIgnoresCaseAndReturnsTheFirstMatch) {
  HttpResponse response;
  response.headers = {{"ETag", "\"one\""}, {"x-amz-id-2", "abc"}, {"etag", "\"two\""}};
  EXPECT_EQ(response.header("etag"), "\"one\"");
  EXPECT_EQ(response.header("ETAG"), "\"one\"");
  EXPECT_EQ(response.header("X-Amz-Id-2"), "abc");
  EXPECT_EQ(response.header("x-amz-id"), std::nullopt);
  EXPECT_EQ(response.header(""), std::nullopt);
}

TEST(UrlWithoutQuery, DropsQueryFragmentAndUserInfo) {
  EXPECT_EQ(url_without_query("http://127.0.0.1:9/bucket/key?X-Amz-Signature=abc"),
            "http://127.0.0.1:9/bucket/key");
  EXPECT_EQ(url_without_query("https://b.s3.amazonaws.com/?list-type=2&prefix="),
            "https://b.s3.amazonaws.com/");
  EXPECT_EQ(url_without_query("https://hooks.example/x#frag"), "https://hooks.example/x");
  EXPECT_EQ(url_without_query("http://user:secret@host:80/p?q"), "http://host:80/p");
  EXPECT_EQ(url_without_query("http://host/a@b"), "http://host/a@b");
  EXPECT_EQ(url_without_query("http://host"), "http://host");
}

}  // namespace
}  // namespace boostburn
