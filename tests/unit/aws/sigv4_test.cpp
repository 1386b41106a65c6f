#include "boostburn/aws/sigv4.hpp"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace boostburn {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// 2013-05-24T00:00:00Z, the time of the AWS S3 SigV4 documentation examples.
constexpr std::int64_t k_doc_time = 1369353600;
// 2024-03-15T12:34:56Z, the time of the botocore vectors below.
constexpr std::int64_t k_vector_time = 1710506096;

AwsCredentials doc_credentials() {
  return {.access_key_id = "AKIAIOSFODNN7EXAMPLE",
          .secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
          .session_token = "",
          .expires_at = std::nullopt,
          .source = "test"};
}

AwsCredentials temporary_credentials() {
  return {.access_key_id = "ASIAQEXAMPLEKEY12345",
          .secret_access_key = "s3cr3t/Key+With=Chars/EXAMPLE0123456789ab",
          .session_token = "FwoGZXIvYXdzEExampleSessionToken//+==",
          .expires_at = std::nullopt,
          .source = "test"};
}

HttpRequest get(const std::string& url, HttpHeaders headers = {}) {
  HttpRequest request;
  request.method = "GET";
  request.url = url;
  request.headers = std::move(headers);
  return request;
}

// Every value of header `name` (any case) in `request`.
std::vector<std::string> header_values(const HttpRequest& request, std::string_view name) {
  std::vector<std::string> values;
  for (const auto& [key, value] : request.headers) {
    if (HttpResponse{.status = 0, .headers = {{key, value}}, .body = ""}.header(name)) {
      values.push_back(value);
    }
  }
  return values;
}

std::string header(const HttpRequest& request, std::string_view name) {
  const auto values = header_values(request, name);
  EXPECT_EQ(values.size(), 1U) << name;
  return values.empty() ? "" : values.front();
}

std::string signature_of(const HttpRequest& request) {
  const std::string authorization = header(request, "authorization");
  const auto at = authorization.find("Signature=");
  return at == std::string::npos ? "" : authorization.substr(at + 10);
}

std::string signed_headers_of(const HttpRequest& request) {
  const std::string authorization = header(request, "authorization");
  const auto begin = authorization.find("SignedHeaders=") + 14;
  return authorization.substr(begin, authorization.find(',', begin) - begin);
}

SigningParams s3_params(std::int64_t now = k_vector_time, std::string region = "us-east-1") {
  return {.region = std::move(region), .service = "s3", .now = now, .payload_sha256 = ""};
}

// --- The AWS documentation vectors (test-infra.md) ---------------------------

TEST(SigV4DocumentationVectors, GetObjectWithRange) {
  auto request = get("https://examplebucket.s3.amazonaws.com/test.txt", {{"Range", "bytes=0-9"}});
  ASSERT_TRUE(sign_request(request, doc_credentials(), s3_params(k_doc_time)));
  EXPECT_EQ(header(request, "authorization"),
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
            "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
            "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
  EXPECT_EQ(header(request, "host"), "examplebucket.s3.amazonaws.com");
  EXPECT_EQ(header(request, "x-amz-date"), "20130524T000000Z");
  EXPECT_EQ(header(request, "x-amz-content-sha256"), k_empty_payload_sha256);
}

TEST(SigV4DocumentationVectors, GetObjectIntermediateValuesMatchTheDocumentation) {
  auto request = get("https://examplebucket.s3.amazonaws.com/test.txt", {{"Range", "bytes=0-9"}});
  ASSERT_TRUE(sign_request(request, doc_credentials(), s3_params(k_doc_time)));
  const auto parts = compute_signature(request, doc_credentials(), s3_params(k_doc_time));
  ASSERT_TRUE(parts) << parts.error().message;
  EXPECT_EQ(
      parts->canonical_request,
      "GET\n/test.txt\n\n"
      "host:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\n"
      "x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
      "x-amz-date:20130524T000000Z\n\n"
      "host;range;x-amz-content-sha256;x-amz-date\n"
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(parts->string_to_sign,
            "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
            "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972");
  EXPECT_EQ(parts->signature, "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
}

TEST(SigV4DocumentationVectors, ListObjects) {
  auto request = get("https://examplebucket.s3.amazonaws.com/?max-keys=2&prefix=J");
  ASSERT_TRUE(sign_request(request, doc_credentials(), s3_params(k_doc_time)));
  EXPECT_EQ(signature_of(request),
            "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
  EXPECT_EQ(signed_headers_of(request), "host;x-amz-content-sha256;x-amz-date");
  EXPECT_EQ(request.url, "https://examplebucket.s3.amazonaws.com/?max-keys=2&prefix=J");
}

// --- Vectors computed independently with botocore 1.43.11 ----------------------
// Each expected Authorization was produced by a one-off script that signed
// the same request with botocore.auth.S3SigV4Auth / SigV4Auth.add_auth, the
// clock patched to 2024-03-15T12:34:56Z (botocore.auth.get_current_datetime):
//   req = AWSRequest(method=..., url=..., headers=..., data=...)
//   S3SigV4Auth(Credentials(key, secret, token), "s3", region).add_auth(req)

TEST(SigV4BotocoreVectors, PutWithBinaryBodyAndSessionToken) {
  HttpRequest request;
  request.method = "PUT";
  request.url = "http://127.0.0.1:5000/my-bucket/bedrock-usage/manifest%20v2.json";
  request.headers = {{"Content-Type", "application/octet-stream"},
                     {"x-amz-meta-Run-Id", "  run   42  "}};
  std::string line(
      "\x00\x01"
      "binary\x00"
      "body\xff\xfe with NULs\n",
      26);
  request.body = line + line + line;
  ASSERT_TRUE(
      sign_request(request, temporary_credentials(), s3_params(k_vector_time, "eu-west-1")));
  EXPECT_EQ(header(request, "authorization"),
            "AWS4-HMAC-SHA256 Credential=ASIAQEXAMPLEKEY12345/20240315/eu-west-1/s3/aws4_request, "
            "SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-meta-run-id;"
            "x-amz-security-token, "
            "Signature=dc38d98a0da29c56a07c2b63130dd0d6c4c5512b480756dfd64165e87c570c55");
  EXPECT_EQ(header(request, "x-amz-content-sha256"),
            "74dab65f697e639f0334408788270171ed6e35c1ff774401a16ebc0cf0d695b8");
  EXPECT_EQ(header(request, "x-amz-security-token"), "FwoGZXIvYXdzEExampleSessionToken//+==");
  EXPECT_EQ(header(request, "host"), "127.0.0.1:5000");
}

TEST(SigV4BotocoreVectors, StsFormPostWithSessionToken) {
  HttpRequest request;
  request.method = "POST";
  request.url = "https://sts.eu-west-1.amazonaws.com/";
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
  request.body =
      "Action=AssumeRole&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdemo"
      "&RoleSessionName=boostburn&Version=2011-06-15";
  const SigningParams params{
      .region = "eu-west-1", .service = "sts", .now = k_vector_time, .payload_sha256 = ""};
  ASSERT_TRUE(sign_request(request, temporary_credentials(), params));
  EXPECT_EQ(header(request, "authorization"),
            "AWS4-HMAC-SHA256 Credential=ASIAQEXAMPLEKEY12345/20240315/eu-west-1/sts/aws4_request, "
            "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, "
            "Signature=456fa5ad95116991c5b14e27ee8e7dcb77352796755078f9148acf24267c0c9e");
  EXPECT_TRUE(header_values(request, "x-amz-content-sha256").empty()) << "S3 only";
}

TEST(SigV4BotocoreVectors, ListWithEncodedUnsortedQuery) {
  auto request =
      get("http://127.0.0.1:5000/my-bucket?prefix=AWSLogs%2F123%2Fcaf%C3%A9%20x%2By%3Dz%3A~"
          "&list-type=2&continuation-token=1%2F2%2B3%3D&max-keys=1000&encoding-type=url&empty=");
  ASSERT_TRUE(
      sign_request(request, temporary_credentials(), s3_params(k_vector_time, "eu-west-1")));
  EXPECT_EQ(signature_of(request),
            "48ef4b927093b331a22b5f0a2cb0233c67026302a1d0715165404b3dd3bddb73");
  // What is sent is what was signed: the canonical, sorted query.
  EXPECT_EQ(request.url,
            "http://127.0.0.1:5000/my-bucket?continuation-token=1%2F2%2B3%3D&empty="
            "&encoding-type=url&list-type=2&max-keys=1000"
            "&prefix=AWSLogs%2F123%2Fcaf%C3%A9%20x%2By%3Dz%3A~");
}

TEST(SigV4BotocoreVectors, KeyWithSpacesPlusEqualsColonTildeAndNonAscii) {
  // Key "logs/a b+c=d:e~f/café 日本.json.gz", encoded as S3 wants it.
  const std::string key = "logs/a b+c=d:e~f/caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC.json.gz";
  const std::string path = "/my-bucket/" + uri_encode(key, /*keep_slash=*/true);
  ASSERT_EQ(path, "/my-bucket/logs/a%20b%2Bc%3Dd%3Ae~f/caf%C3%A9%20%E6%97%A5%E6%9C%AC.json.gz");
  auto request = get("http://127.0.0.1:5000" + path, {{"Range", "bytes=0-99"}});
  const AwsCredentials credentials{.access_key_id = "AKIDEXAMPLE1234567890",
                                   .secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                   .session_token = "",
                                   .expires_at = std::nullopt,
                                   .source = "test"};
  ASSERT_TRUE(sign_request(request, credentials, s3_params(k_vector_time, "us-east-2")));
  EXPECT_EQ(header(request, "authorization"),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE1234567890/20240315/us-east-2/s3/aws4_request, "
            "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
            "Signature=4e1d8e83117284b6f8f32b3f3b4d85af572216bb3962cb8ead038bd7d159293d");
  EXPECT_TRUE(header_values(request, "x-amz-security-token").empty());
  EXPECT_EQ(request.url, "http://127.0.0.1:5000" + path) << "an S3 path is never re-encoded";
}

// --- Encoding ------------------------------------------------------------------

TEST(UriEncode, KeepsUnreservedAndEncodesEverythingElseInUpperCaseHex) {
  EXPECT_EQ(uri_encode("AZaz09-_.~", false), "AZaz09-_.~");
  EXPECT_EQ(uri_encode("a b+c=d:e/f~g", false), "a%20b%2Bc%3Dd%3Ae%2Ff~g");
  EXPECT_EQ(uri_encode("a b+c=d:e/f~g", true), "a%20b%2Bc%3Dd%3Ae/f~g");
  EXPECT_EQ(uri_encode("caf\xC3\xA9", false), "caf%C3%A9");
  EXPECT_EQ(uri_encode("\xE6\x97\xA5", false), "%E6%97%A5");
  EXPECT_EQ(uri_encode(std::string("\x00\xff", 2), false), "%00%FF");
  EXPECT_EQ(uri_encode("%*!'()&?#[]@", false), "%25%2A%21%27%28%29%26%3F%23%5B%5D%40");
  EXPECT_EQ(uri_encode("", false), "");
}

TEST(UriDecode, InvertsUriEncodeAndToleratesMalformedInput) {
  const std::string text = "a b+c=d:e/f~g caf\xC3\xA9 %";
  EXPECT_EQ(uri_decode(uri_encode(text, false)), text);
  EXPECT_EQ(uri_decode("a%2fb%2Fc"), "a/b/c");
  EXPECT_EQ(uri_decode("a+b"), "a+b");
  EXPECT_EQ(uri_decode("100%"), "100%");
  EXPECT_EQ(uri_decode("%zz%4"), "%zz%4");
}

TEST(CanonicalQuery, SortsByEncodedNameThenValue) {
  EXPECT_EQ(canonical_query(
                {{"prefix", "b"}, {"a", "2"}, {"a", "10"}, {"list-type", "2"}, {"prefix", ""}}),
            "a=10&a=2&list-type=2&prefix=&prefix=b");
  EXPECT_EQ(canonical_query({{"a+", "1"}, {"a b", "1"}, {"a", "1"}}), "a=1&a%20b=1&a%2B=1");
  EXPECT_EQ(canonical_query({{"continuation-token", "1/2+3= x"}}),
            "continuation-token=1%2F2%2B3%3D%20x");
  EXPECT_EQ(canonical_query({}), "");
}

TEST(AmzDate, FormatsUtcBasicIso8601) {
  EXPECT_EQ(amz_date(0), "19700101T000000Z");
  EXPECT_EQ(amz_date(k_doc_time), "20130524T000000Z");
  EXPECT_EQ(amz_date(k_vector_time), "20240315T123456Z");
  EXPECT_EQ(amz_date(951868799), "20000229T235959Z");
}

TEST(Sha256Hex, HashesBytes) {
  EXPECT_EQ(sha256_hex(""), k_empty_payload_sha256);
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_NE(sha256_hex(std::string("a\0b", 3)), sha256_hex("a"));
}

// --- Canonical request details -------------------------------------------------

std::string canonical_request_of(HttpRequest request, const SigningParams& params) {
  EXPECT_TRUE(sign_request(request, temporary_credentials(), params));
  const auto parts = compute_signature(request, temporary_credentials(), params);
  EXPECT_TRUE(parts);
  return parts ? parts->canonical_request : "";
}

TEST(SignRequest, EmptyQueryValueIsKeptAsNameEquals) {
  auto request = get("http://127.0.0.1:5000/bucket?prefix=&list-type=2");
  const std::string canonical = canonical_request_of(request, s3_params());
  EXPECT_THAT(canonical, HasSubstr("\n/bucket\nlist-type=2&prefix=\n"));
  ASSERT_TRUE(sign_request(request, temporary_credentials(), s3_params()));
  EXPECT_EQ(request.url, "http://127.0.0.1:5000/bucket?list-type=2&prefix=");
}

TEST(SignRequest, UnsortedOrUnencodedQuerySignsLikeItsCanonicalForm) {
  auto sloppy = get("http://127.0.0.1:5000/bucket?prefix=a/b c&list-type=2&uploads");
  auto canonical = get("http://127.0.0.1:5000/bucket?list-type=2&prefix=a%2Fb%20c&uploads=");
  ASSERT_TRUE(sign_request(sloppy, temporary_credentials(), s3_params()));
  ASSERT_TRUE(sign_request(canonical, temporary_credentials(), s3_params()));
  EXPECT_EQ(sloppy.url, canonical.url);
  EXPECT_EQ(signature_of(sloppy), signature_of(canonical));
}

TEST(SignRequest, HostKeepsItsPort) {
  auto request = get("http://127.0.0.1:5000/bucket/key");
  EXPECT_THAT(canonical_request_of(request, s3_params()), HasSubstr("\nhost:127.0.0.1:5000\n"));
  ASSERT_TRUE(sign_request(request, temporary_credentials(), s3_params()));
  EXPECT_EQ(header(request, "host"), "127.0.0.1:5000");
}

TEST(SignRequest, HeaderValuesAreTrimmedAndInnerWhitespaceCollapsed) {
  auto spaced = get("http://h/b/k", {{"X-Amz-Meta-Note", "  a   b \t c  "}});
  auto tight = get("http://h/b/k", {{"x-amz-meta-note", "a b c"}});
  EXPECT_THAT(canonical_request_of(spaced, s3_params()), HasSubstr("\nx-amz-meta-note:a b c\n"));
  ASSERT_TRUE(sign_request(spaced, temporary_credentials(), s3_params()));
  ASSERT_TRUE(sign_request(tight, temporary_credentials(), s3_params()));
  EXPECT_EQ(signature_of(spaced), signature_of(tight));
  EXPECT_EQ(header(spaced, "x-amz-meta-note"), "  a   b \t c  ") << "the sent value is untouched";
}

TEST(SignRequest, SignsHostContentTypeMd5RangeAndAmzHeadersOnly) {
  auto request = get("http://h/b/k", {{"If-None-Match", "*"},
                                      {"User-Agent", "boostburn"},
                                      {"Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg=="},
                                      {"Content-Type", "text/plain"},
                                      {"Range", "bytes=0-1"},
                                      {"X-Amz-Storage-Class", "STANDARD"}});
  ASSERT_TRUE(sign_request(request, temporary_credentials(), s3_params()));
  EXPECT_EQ(signed_headers_of(request),
            "content-md5;content-type;host;range;x-amz-content-sha256;x-amz-date;"
            "x-amz-security-token;x-amz-storage-class");
}

TEST(SignRequest, PayloadHashCoversTheBody) {
  HttpRequest empty;
  empty.method = "PUT";
  empty.url = "http://h/b/k";
  HttpRequest full = empty;
  full.body = "hello";
  ASSERT_TRUE(sign_request(empty, temporary_credentials(), s3_params()));
  ASSERT_TRUE(sign_request(full, temporary_credentials(), s3_params()));
  EXPECT_EQ(header(empty, "x-amz-content-sha256"), k_empty_payload_sha256);
  EXPECT_EQ(header(full, "x-amz-content-sha256"), sha256_hex("hello"));
  EXPECT_NE(signature_of(empty), signature_of(full));

  HttpRequest unsigned_payload = full;
  auto params = s3_params();
  params.payload_sha256 = "UNSIGNED-PAYLOAD";
  ASSERT_TRUE(sign_request(unsigned_payload, temporary_credentials(), params));
  EXPECT_EQ(header(unsigned_payload, "x-amz-content-sha256"), "UNSIGNED-PAYLOAD");
}

TEST(SignRequest, SessionTokenIsSentAndSignedOnlyWhenPresent) {
  auto request = get("http://h/b/k");
  ASSERT_TRUE(sign_request(request, temporary_credentials(), s3_params()));
  EXPECT_EQ(header(request, "x-amz-security-token"), temporary_credentials().session_token);
  EXPECT_THAT(signed_headers_of(request), HasSubstr("x-amz-security-token"));

  // Re-signed with long-term keys: the stale token goes away.
  ASSERT_TRUE(sign_request(request, doc_credentials(), s3_params()));
  EXPECT_TRUE(header_values(request, "x-amz-security-token").empty());
  EXPECT_THAT(signed_headers_of(request), Not(HasSubstr("x-amz-security-token")));
}

TEST(SignRequest, SigningAgainReplacesTheEarlierSignature) {
  auto retried = get("http://h/b/k");
  ASSERT_TRUE(sign_request(retried, temporary_credentials(), s3_params(k_doc_time)));
  ASSERT_TRUE(sign_request(retried, temporary_credentials(), s3_params(k_vector_time)));
  auto fresh = get("http://h/b/k");
  ASSERT_TRUE(sign_request(fresh, temporary_credentials(), s3_params(k_vector_time)));
  EXPECT_EQ(retried.headers, fresh.headers);
  EXPECT_EQ(header(retried, "x-amz-date"), "20240315T123456Z");
}

TEST(SignRequest, SignatureDependsOnSecretRegionServiceAndTime) {
  auto sign_with = [](const AwsCredentials& credentials, const SigningParams& params) {
    auto request = get("http://h/b/k");
    EXPECT_TRUE(sign_request(request, credentials, params));
    return signature_of(request);
  };
  const std::string base = sign_with(doc_credentials(), s3_params());
  auto other_secret = doc_credentials();
  other_secret.secret_access_key.back() = 'X';
  EXPECT_NE(sign_with(other_secret, s3_params()), base);
  EXPECT_NE(sign_with(doc_credentials(), s3_params(k_vector_time, "eu-west-1")), base);
  EXPECT_NE(sign_with(doc_credentials(), s3_params(k_vector_time + 1)), base);
}

TEST(SignRequest, NonS3PathsAreEncodedOnceMore) {
  HttpRequest request = get("https://sts.amazonaws.com/a%20b/c");
  const SigningParams params{
      .region = "us-east-1", .service = "sts", .now = k_vector_time, .payload_sha256 = ""};
  EXPECT_THAT(canonical_request_of(request, params), HasSubstr("GET\n/a%2520b/c\n"));
  EXPECT_THAT(canonical_request_of(request, s3_params()), HasSubstr("GET\n/a%20b/c\n"));
}

TEST(SignRequest, MissingCredentialsAreAConfigErrorWithoutSecrets) {
  auto credentials = temporary_credentials();
  credentials.access_key_id.clear();
  auto request = get("http://h/b/k?X-Amz-Credential=hidden");
  const auto before = request;
  const auto status = sign_request(request, credentials, s3_params());
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().kind, ErrorKind::config);
  EXPECT_EQ(status.error().message,
            "cannot sign GET http://h/b/k: the AWS credentials lack an access key id or secret");
  EXPECT_THAT(status.error().message, Not(HasSubstr(credentials.secret_access_key)));
  EXPECT_THAT(status.error().message, Not(HasSubstr(credentials.session_token)));
  EXPECT_EQ(request.headers, before.headers) << "a failed signing leaves the request alone";
  EXPECT_EQ(request.url, before.url);

  credentials = temporary_credentials();
  credentials.secret_access_key.clear();
  EXPECT_EQ(sign_request(request, credentials, s3_params()).error().kind, ErrorKind::config);
}

TEST(SignRequest, RelativeOrNonHttpUrlsAreRefused) {
  for (const std::string url : {"/bucket/key", "ftp://h/k", "http:///k", "http://u:p@h/k"}) {
    auto request = get(url);
    const auto status = sign_request(request, temporary_credentials(), s3_params());
    ASSERT_FALSE(status) << url;
    EXPECT_EQ(status.error().kind, ErrorKind::internal) << url;
    EXPECT_THAT(status.error().message, Not(HasSubstr(":p@"))) << url;
  }
}

}  // namespace
}  // namespace boostburn
