// S3Store against (1) a scripted fake HttpClient (URLs, headers, signing,
// messages), (2) a loopback cpp-httplib server through the real curl client
// (encoding on the wire, retries of 503s and dropped bodies), and (3) moto's
// signature-verifying S3 (tests/support/moto_server.py).
#include "boostburn/store/s3_store.hpp"

#include <atomic>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include "boostburn/aws/sigv4.hpp"
#include "support/fake_http.hpp"
#include "support/s3_server.hpp"

namespace boostburn {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view k_key_id = "AKIAIOSFODNN7EXAMPLE";
constexpr std::string_view k_secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
constexpr std::string_view k_token = "FQoGZXIvYXdzEXAMPLESESSIONTOKEN";
constexpr std::int64_t k_2013_05_24 = 1'369'353'600;  // 20130524T000000Z

class FixedCredentials final : public CredentialsProvider {
 public:
  explicit FixedCredentials(AwsCredentials credentials) : m_credentials(std::move(credentials)) {}
  Result<AwsCredentials> credentials() override { return m_credentials; }

 private:
  AwsCredentials m_credentials;
};

class FailingCredentials final : public CredentialsProvider {
 public:
  Result<AwsCredentials> credentials() override {
    return fail(ErrorKind::config,
                "no AWS credentials found (tried: environment, profile default)");
  }
};

std::shared_ptr<CredentialsProvider> test_credentials(std::string session_token = {},
                                                      std::string secret = std::string(k_secret),
                                                      std::string key_id = std::string(k_key_id)) {
  return std::make_shared<FixedCredentials>(AwsCredentials{
      std::move(key_id), std::move(secret), std::move(session_token), std::nullopt, "test"});
}

using testing::FakeHttp;

HttpResponse ok(std::string body = {}, HttpHeaders headers = {}) {
  return HttpResponse{200, std::move(headers), std::move(body)};
}

HttpResponse s3_error(long status, std::string_view code, std::string_view message,
                      HttpHeaders headers = {}) {
  return HttpResponse{
      status, std::move(headers),
      fmt::format("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{}</Code>"
                  "<Message>{}</Message><RequestId>R1</RequestId></Error>",
                  code, message)};
}

std::string header_of(const HttpRequest& request, std::string_view name) {
  HttpResponse as_response{0, request.headers, {}};
  return as_response.header(name).value_or("<absent>");
}

RetryHooks no_sleep() {
  RetryHooks hooks;
  hooks.sleep = [](std::chrono::milliseconds) {};
  return hooks;
}

S3StoreConfig config_for(std::string bucket = "logs", std::optional<std::string> endpoint = {}) {
  S3StoreConfig config;
  config.bucket = std::move(bucket);
  config.region = "us-east-1";
  config.endpoint = std::move(endpoint);
  config.retry.max_attempts = 3;
  return config;
}

struct Fixture {
  explicit Fixture(FakeHttp::Handler handler, S3StoreConfig config = config_for(),
                   std::shared_ptr<CredentialsProvider> credentials = test_credentials())
      : http(std::make_shared<FakeHttp>(std::move(handler))),
        store(
            std::move(config), http, std::move(credentials), [] { return k_2013_05_24; },
            no_sleep()) {}
  explicit Fixture(std::deque<Result<HttpResponse>> script, S3StoreConfig config = config_for(),
                   std::shared_ptr<CredentialsProvider> credentials = test_credentials())
      : http(std::make_shared<FakeHttp>(std::move(script))),
        store(
            std::move(config), http, std::move(credentials), [] { return k_2013_05_24; },
            no_sleep()) {}

  std::shared_ptr<FakeHttp> http;
  S3Store store;
};

// A url-encoded ListObjectsV2 page; `folders` are its CommonPrefixes.
std::string list_page(const std::vector<std::pair<std::string, int>>& keys,
                      std::string_view next_token = {},
                      const std::vector<std::string>& folders = {}) {
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult><Name>logs</Name>"
      "<EncodingType>url</EncodingType>";
  xml += fmt::format("<KeyCount>{}</KeyCount><IsTruncated>{}</IsTruncated>",
                     keys.size() + folders.size(), next_token.empty() ? "false" : "true");
  if (!next_token.empty()) {
    xml += fmt::format("<NextContinuationToken>{}</NextContinuationToken>", next_token);
  }
  for (const auto& [key, size] : keys) {
    xml += fmt::format(
        "<Contents><Key>{}</Key><ETag>&quot;e-{}&quot;</ETag><Size>{}</Size></Contents>",
        uri_encode(key, true), size, size);
  }
  for (const std::string& folder : folders) {
    xml += fmt::format("<CommonPrefixes><Prefix>{}</Prefix></CommonPrefixes>",
                       uri_encode(folder, true));
  }
  return xml + "</ListBucketResult>";
}

constexpr std::string_view k_hello_md5 = "\"5d41402abc4b2a76b9719d911017c592\"";  // md5("hello")

// ---------------------------------------------------------------- addressing

TEST(S3StoreAddressing, VirtualHostedByDefaultWithKeysEncodedAsSigV4Wants) {
  Fixture f({ok("hello", {{"ETag", std::string(k_hello_md5)}})});
  ASSERT_TRUE(f.store.get("AWSLogs/a b/c+d=e:f~\xC3\xA9.json"));
  ASSERT_EQ(f.http->requests.size(), 1U);
  EXPECT_EQ(f.http->requests[0].method, "GET");
  EXPECT_EQ(f.http->requests[0].url,
            "https://logs.s3.us-east-1.amazonaws.com/AWSLogs/a%20b/c%2Bd%3De%3Af~%C3%A9.json");
  EXPECT_EQ(f.store.describe(), "s3://logs");
}

TEST(S3StoreAddressing, VirtualHostedListingIsTheRootWithASortedEncodedQuery) {
  Fixture f({ok(list_page({}))});
  ASSERT_TRUE(f.store.list("AWSLogs/123/"));
  EXPECT_EQ(f.http->requests[0].url,
            "https://logs.s3.us-east-1.amazonaws.com/"
            "?encoding-type=url&list-type=2&prefix=AWSLogs%2F123%2F");
}

TEST(S3StoreAddressing, AnEndpointMeansPathStyle) {
  Fixture f({ok(list_page({}))}, config_for("logs", "http://127.0.0.1:5000/"));
  ASSERT_TRUE(f.store.list(""));
  EXPECT_EQ(f.http->requests[0].url, "http://127.0.0.1:5000/logs?encoding-type=url&list-type=2");
  EXPECT_EQ(f.store.object_url("k/v"), "http://127.0.0.1:5000/logs/k/v");
}

TEST(S3StoreAddressing, PathStyleByOptionAndForDottedBuckets) {
  S3StoreConfig by_option = config_for("logs");
  by_option.region = "eu-west-1";
  by_option.path_style = true;
  Fixture a({ok()}, by_option);
  EXPECT_EQ(a.store.object_url("k"), "https://s3.eu-west-1.amazonaws.com/logs/k");
  Fixture b({ok()}, config_for("my.logs"));
  EXPECT_EQ(b.store.object_url("k"), "https://s3.us-east-1.amazonaws.com/my.logs/k");
  EXPECT_EQ(b.store.bucket_url(), "https://s3.us-east-1.amazonaws.com/my.logs");
}

TEST(S3StoreAddressing, ConfigProblemsAreConfigErrors) {
  auto http = std::make_shared<FakeHttp>(std::deque<Result<HttpResponse>>{ok()});
  auto make = [&](S3StoreConfig config) {
    return make_s3_store(std::move(config), http, test_credentials());
  };
  EXPECT_TRUE(make(config_for("logs")));
  for (const char* bucket : {"", "ab", "has/slash", "white space", "s3://logs"}) {
    auto store = make(config_for(bucket));
    ASSERT_FALSE(store) << bucket;
    EXPECT_EQ(store.error().kind, ErrorKind::config);
  }
  S3StoreConfig no_region = config_for();
  no_region.region = "";
  EXPECT_FALSE(make(no_region));
  for (const char* endpoint : {"127.0.0.1:5000", "ftp://host", "http://", "http://user:pw@host"}) {
    auto store = make(config_for("logs", endpoint));
    ASSERT_FALSE(store) << endpoint;
    EXPECT_THAT(store.error().message, HasSubstr("is not an http:// or https:// URL"));
  }
}

// ------------------------------------------------------------------ signing

TEST(S3StoreSigning, EveryRequestIsSignedForS3InTheBucketRegion) {
  Fixture f({ok("hello", {{"ETag", std::string(k_hello_md5)}})});
  ASSERT_TRUE(f.store.get("k"));
  const HttpRequest& request = f.http->requests[0];
  EXPECT_THAT(
      header_of(request, "Authorization"),
      HasSubstr(
          "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request"));
  EXPECT_EQ(header_of(request, "x-amz-date"), "20130524T000000Z");
  EXPECT_EQ(header_of(request, "x-amz-content-sha256"), k_empty_payload_sha256);
  EXPECT_EQ(header_of(request, "x-amz-security-token"), "<absent>");
}

TEST(S3StoreSigning, SessionTokensAreSent) {
  Fixture f({ok("hello")}, config_for(), test_credentials(std::string(k_token)));
  ASSERT_TRUE(f.store.get("k"));
  EXPECT_EQ(header_of(f.http->requests[0], "x-amz-security-token"), k_token);
}

TEST(S3StoreSigning, EachRetryIsSignedAgainWithTheClockOfItsOwn) {
  std::int64_t now = k_2013_05_24;
  auto http = std::make_shared<FakeHttp>(std::deque<Result<HttpResponse>>{
      s3_error(503, "SlowDown", "Reduce your request rate."), ok("hello")});
  S3Store store(
      config_for(), http, test_credentials(), [&now] { return now++; }, no_sleep());
  ASSERT_TRUE(store.get("k"));
  ASSERT_EQ(http->requests.size(), 2U);
  EXPECT_EQ(header_of(http->requests[0], "x-amz-date"), "20130524T000000Z");
  EXPECT_EQ(header_of(http->requests[1], "x-amz-date"), "20130524T000001Z");
  EXPECT_NE(header_of(http->requests[0], "Authorization"),
            header_of(http->requests[1], "Authorization"));
}

TEST(S3StoreSigning, CredentialFailuresStopBeforeAnyRequest) {
  Fixture f({ok()}, config_for(), std::make_shared<FailingCredentials>());
  auto listed = f.store.list("p/");
  ASSERT_FALSE(listed);
  EXPECT_EQ(listed.error().kind, ErrorKind::config);
  EXPECT_EQ(listed.error().message,
            "list s3://logs/p/: no AWS credentials found (tried: environment, profile default)");
  EXPECT_TRUE(f.http->requests.empty());
}

// --------------------------------------------------------------------- list

TEST(S3StoreList, FollowsContinuationTokensEncodedAndReturnsSortedKeys) {
  const std::string token = "1/a+b=c&d";
  Fixture f([&](const HttpRequest& request) -> Result<HttpResponse> {
    if (request.url.find("continuation-token") == std::string::npos) {
      return ok(list_page({{"p/b", 2}, {"p/c", 3}}, token));
    }
    return ok(list_page({{"p/a", 1}}));
  });
  auto listed = f.store.list("p/");
  ASSERT_TRUE(listed) << listed.error().message;
  ASSERT_EQ(f.http->requests.size(), 2U);
  EXPECT_EQ(f.http->requests[1].url,
            "https://logs.s3.us-east-1.amazonaws.com/"
            "?continuation-token=1%2Fa%2Bb%3Dc%26d&encoding-type=url&list-type=2&prefix=p%2F");
  ASSERT_EQ(listed->size(), 3U);
  EXPECT_EQ((*listed)[0], (ObjectInfo{"p/a", 1, "\"e-1\""}));
  EXPECT_EQ((*listed)[2].key, "p/c");
  EXPECT_EQ(f.store.request_stats().list_requests, 2U);
}

TEST(S3StoreList, AMissingPrefixListsEmpty) {
  Fixture f({ok(list_page({}))});
  auto listed = f.store.list("AWSLogs/1/2026/01/01/05/");
  ASSERT_TRUE(listed);
  EXPECT_TRUE(listed->empty());
}

TEST(S3StoreList, AGarbledPageIsRetriedNeverParsedAsPartial) {
  const std::string good = list_page({{"k", 1}});
  Fixture f({ok(good.substr(0, good.size() / 2)), ok(good)});
  auto listed = f.store.list("");
  ASSERT_TRUE(listed) << listed.error().message;
  EXPECT_EQ(listed->size(), 1U);
  EXPECT_EQ(f.store.request_stats().list_requests, 2U);
  EXPECT_EQ(f.store.request_stats().retries, 1U);
}

TEST(S3StoreList, AGarbledPageThatStaysGarbledFails) {
  Fixture f({ok("<ListBucketResult><Contents><Key>k")});
  auto listed = f.store.list("p/");
  ASSERT_FALSE(listed);
  EXPECT_EQ(listed.error().kind, ErrorKind::service);
  EXPECT_EQ(
      listed.error().message,
      "list s3://logs/p/: malformed ListObjectsV2 response: not XML (gave up after 3 attempts)");
}

TEST(S3StoreList, ARepeatedContinuationTokenIsAnError) {
  Fixture f([](const HttpRequest&) -> Result<HttpResponse> {
    return ok(list_page({{"k", 1}}, "same"));
  });
  auto listed = f.store.list("");
  ASSERT_FALSE(listed);
  EXPECT_THAT(listed.error().message, HasSubstr("the same continuation token twice"));
}

TEST(S3StoreList, NoSuchBucketIsAConfigErrorWithAdvice) {
  Fixture f({s3_error(404, "NoSuchBucket", "The specified bucket does not exist")});
  auto listed = f.store.list("AWSLogs/");
  ASSERT_FALSE(listed);
  EXPECT_EQ(listed.error().kind, ErrorKind::config);
  EXPECT_EQ(
      listed.error().message,
      "list s3://logs/AWSLogs/: NoSuchBucket (HTTP 404): The specified bucket does not exist; "
      "check the bucket name in the regions config");
}

TEST(S3StoreList, AccessDeniedNamesTheKeyAndTheActionAndIsNotRetried) {
  Fixture f({s3_error(403, "AccessDenied", "Access Denied")});
  auto listed = f.store.list("prefix/");
  ASSERT_FALSE(listed);
  EXPECT_EQ(listed.error().kind, ErrorKind::service);
  EXPECT_EQ(
      listed.error().message,
      "list s3://logs/prefix/: AccessDenied (HTTP 403): Access Denied; check that the credentials "
      "(key " +
          redacted_key_id(std::string(k_key_id)) + ", from test) may s3:ListBucket on this bucket");
  EXPECT_EQ(f.http->requests.size(), 1U);
}

TEST(S3StoreList, WrongRegionSaysWhereTheBucketIs) {
  Fixture f({s3_error(301, "PermanentRedirect",
                      "The bucket you are attempting to access must be addressed "
                      "using the specified endpoint.",
                      {{"x-amz-bucket-region", "eu-central-1"}})});
  auto listed = f.store.list("");
  ASSERT_FALSE(listed);
  EXPECT_THAT(
      listed.error().message,
      HasSubstr(
          "; the bucket is in eu-central-1, not us-east-1; set its region in the regions config"));
}

// -------------------------------------------------------------- list_folder

TEST(S3StoreListFolder, AsksForOneLevelWithADelimiter) {
  Fixture f({ok(list_page({{"AWSLogs/1/10/a.json.gz", 3}}, {}, {"AWSLogs/1/10/data/"}))});
  auto listed = f.store.list_folder("AWSLogs/1/10/");
  ASSERT_TRUE(listed) << listed.error().message;
  ASSERT_EQ(f.http->requests.size(), 1U);
  EXPECT_EQ(f.http->requests[0].url,
            "https://logs.s3.us-east-1.amazonaws.com/"
            "?delimiter=%2F&encoding-type=url&list-type=2&prefix=AWSLogs%2F1%2F10%2F");
  EXPECT_EQ(listed->objects, (std::vector<ObjectInfo>{{"AWSLogs/1/10/a.json.gz", 3, "\"e-3\""}}));
  EXPECT_EQ(listed->folders, std::vector<std::string>{"AWSLogs/1/10/data/"});
  EXPECT_EQ(f.store.request_stats().list_requests, 1U);
  // list() of the same prefix stays recursive: no delimiter.
  ASSERT_TRUE(f.store.list("AWSLogs/1/10/"));
  EXPECT_THAT(f.http->requests[1].url, Not(HasSubstr("delimiter")));
}

TEST(S3StoreListFolder, FollowsContinuationTokensAndSortsObjectsAndFolders) {
  Fixture f([](const HttpRequest& request) -> Result<HttpResponse> {
    if (request.url.find("continuation-token=t%2B2") != std::string::npos) {
      // "p/b/" again: a folder named on two pages is still one folder.
      return ok(list_page({{"p/a", 1}}, {}, {"p/b/", "p/a b+%/"}));
    }
    return ok(list_page({{"p/c", 3}}, "t+2", {"p/data/", "p/b/"}));
  });
  auto listed = f.store.list_folder("p/");
  ASSERT_TRUE(listed) << listed.error().message;
  ASSERT_EQ(f.http->requests.size(), 2U);
  EXPECT_EQ(f.http->requests[1].url,
            "https://logs.s3.us-east-1.amazonaws.com/"
            "?continuation-token=t%2B2&delimiter=%2F&encoding-type=url&list-type=2&prefix=p%2F");
  ASSERT_EQ(listed->objects.size(), 2U);
  EXPECT_EQ(listed->objects[0].key, "p/a");
  EXPECT_EQ(listed->objects[1].key, "p/c");
  EXPECT_EQ(listed->folders, (std::vector<std::string>{"p/a b+%/", "p/b/", "p/data/"}));
  EXPECT_EQ(f.store.request_stats().list_requests, 2U);
}

TEST(S3StoreListFolder, AnEmptyFolderListsEmptyInOneRequest) {
  Fixture f({ok(list_page({}))});
  auto listed = f.store.list_folder("AWSLogs/1/2026/01/01/05/");
  ASSERT_TRUE(listed) << listed.error().message;
  EXPECT_EQ(*listed, FolderListing{});
  EXPECT_EQ(f.store.request_stats().list_requests, 1U);
}

TEST(S3StoreListFolder, FailsLikeList) {
  Fixture missing({s3_error(404, "NoSuchBucket", "The specified bucket does not exist")});
  auto no_bucket = missing.store.list_folder("AWSLogs/");
  ASSERT_FALSE(no_bucket);
  EXPECT_EQ(no_bucket.error().kind, ErrorKind::config);
  EXPECT_THAT(no_bucket.error().message,
              HasSubstr("list s3://logs/AWSLogs/: NoSuchBucket (HTTP 404)"));

  Fixture garbled({ok("<ListBucketResult><Contents>"), ok(list_page({}, {}, {"p/d/"}))});
  auto retried = garbled.store.list_folder("p/");
  ASSERT_TRUE(retried) << retried.error().message;
  EXPECT_EQ(retried->folders, std::vector<std::string>{"p/d/"});
  EXPECT_EQ(garbled.store.request_stats().list_requests, 2U);
  EXPECT_EQ(garbled.store.request_stats().retries, 1U);

  Fixture looping([](const HttpRequest&) -> Result<HttpResponse> {
    return ok(list_page({}, "same", {"p/d/"}));
  });
  auto loop = looping.store.list_folder("p/");
  ASSERT_FALSE(loop);
  EXPECT_THAT(loop.error().message, HasSubstr("the same continuation token twice"));
}

// ----------------------------------------------------------------- messages

struct CodeAdvice {
  long status;
  const char* code;
  const char* advice;
};

TEST(S3StoreMessages, CommonCodesGetAdviceAndNeverASecret) {
  const std::vector<CodeAdvice> cases = {
      {403, "SignatureDoesNotMatch", "check the secret access key (key "},
      {403, "InvalidAccessKeyId", "AWS does not know the access key (key "},
      {400, "ExpiredToken", "the session token has expired (key "},
      {400, "InvalidToken", "the session token does not belong to the access key"},
      {403, "RequestTimeTooSkewed", "the system clock is off"},
      {403, "AccessDenied", "may s3:GetObject on this bucket"},
  };
  for (const auto& c : cases) {
    Fixture f({s3_error(c.status, c.code, "S3 says no")}, config_for(),
              test_credentials(std::string(k_token)));
    auto got = f.store.get("k");
    ASSERT_FALSE(got) << c.code;
    const std::string& message = got.error().message;
    EXPECT_THAT(message, HasSubstr(fmt::format("get s3://logs/k: {} (HTTP {}): S3 says no; ",
                                               c.code, c.status)));
    EXPECT_THAT(message, HasSubstr(c.advice));
    EXPECT_THAT(message, Not(HasSubstr(k_secret)));
    EXPECT_THAT(message, Not(HasSubstr(k_token)));
    EXPECT_THAT(message, Not(HasSubstr(k_key_id)));
    EXPECT_THAT(message, Not(HasSubstr("Signature=")));
    EXPECT_EQ(f.http->requests.size(), 1U) << c.code << " must not be retried";
  }
}

TEST(S3StoreMessages, AnErrorWithoutXmlStillNamesTheStatus) {
  Fixture f({HttpResponse{400, {}, "<html>bad</html>"}});
  auto got = f.store.get("k");
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().message, "get s3://logs/k: HTTP 400");
}

TEST(S3StoreMessages, ExhaustedRetriesSayHowManyAttempts) {
  Fixture f({s3_error(503, "SlowDown", "Please reduce your request rate.")});
  auto got = f.store.get("a/b");
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().kind, ErrorKind::service);
  EXPECT_EQ(got.error().message,
            "get s3://logs/a/b: HTTP 503 SlowDown: Please reduce your request rate. (gave up after "
            "3 attempts)");
  EXPECT_EQ(f.store.request_stats().get_requests, 3U);
  EXPECT_EQ(f.store.request_stats().retries, 2U);
}

// ---------------------------------------------------------------------- get

TEST(S3StoreGet, NoSuchKeyIsNotFound) {
  Fixture f({s3_error(404, "NoSuchKey", "The specified key does not exist.")});
  auto got = f.store.get("missing.json");
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().kind, ErrorKind::not_found);
  EXPECT_EQ(got.error().message,
            "get s3://logs/missing.json: NoSuchKey (HTTP 404): The specified key does not exist.");
}

TEST(S3StoreGet, NoSuchBucketOnGetIsNotMistakenForAMissingObject) {
  Fixture f({s3_error(404, "NoSuchBucket", "The specified bucket does not exist")});
  auto got = f.store.get("manifest.json");
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().kind, ErrorKind::config);
}

TEST(S3StoreGet, ABodyWhoseMd5DisagreesWithTheEtagIsRetriedNeverReturned) {
  Fixture f({ok("hellO", {{"ETag", std::string(k_hello_md5)}}),
             ok("hello", {{"ETag", std::string(k_hello_md5)}})});
  auto got = f.store.get("k");
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(*got, "hello");
  EXPECT_EQ(f.store.request_stats().get_requests, 2U);
  EXPECT_EQ(f.store.request_stats().bytes_downloaded, 10U);
}

TEST(S3StoreGet, APersistentMd5MismatchFails) {
  Fixture f({ok("hellO", {{"ETag", std::string(k_hello_md5)}})});
  auto got = f.store.get("k");
  ASSERT_FALSE(got);
  EXPECT_THAT(
      got.error().message,
      HasSubstr(
          "does not match its ETag 5d41402abc4b2a76b9719d911017c592 (gave up after 3 attempts)"));
}

TEST(S3StoreGet, ABodyShorterThanContentLengthIsRetried) {
  Fixture f({ok("hel", {{"Content-Length", "5"}}), ok("hello", {{"Content-Length", "5"}})});
  auto got = f.store.get("k");
  ASSERT_TRUE(got);
  EXPECT_EQ(*got, "hello");
  EXPECT_EQ(f.http->requests.size(), 2U);
}

TEST(S3StoreGet, EtagsThatAreNotAPlainMd5AreNotChecked) {
  // Multipart upload, SSE-KMS and SSE-C ETags are not the MD5 of the body.
  Fixture multipart({ok("hellO", {{"ETag", "\"5d41402abc4b2a76b9719d911017c592-2\""}})});
  EXPECT_TRUE(multipart.store.get("k"));
  Fixture kms({ok(
      "hellO", {{"ETag", std::string(k_hello_md5)}, {"x-amz-server-side-encryption", "aws:kms"}})});
  EXPECT_TRUE(kms.store.get("k"));
  Fixture sse_c({ok("hellO", {{"ETag", std::string(k_hello_md5)},
                              {"x-amz-server-side-encryption-customer-algorithm", "AES256"}})});
  EXPECT_TRUE(sse_c.store.get("k"));
  Fixture upper({ok("hello", {{"ETag", "\"5D41402ABC4B2A76B9719D911017C592\""}})});
  EXPECT_TRUE(upper.store.get("k"));
}

TEST(S3StoreGet, TransportFailuresAreRetried) {
  Fixture f({Result<HttpResponse>(fail(ErrorKind::service,
                                       "GET https://logs.s3.us-east-1.amazonaws.com/k: "
                                       "Connection reset by peer")),
             ok("hello")});
  auto got = f.store.get("k");
  ASSERT_TRUE(got);
  EXPECT_EQ(f.store.request_stats().retries, 1U);
}

// --------------------------------------------------------------------- head

TEST(S3StoreHead, ReturnsSizeAndEtag) {
  Fixture f({ok("", {{"Content-Length", "1234"}, {"ETag", "\"abc\""}})});
  auto info = f.store.head("dir/k");
  ASSERT_TRUE(info);
  EXPECT_EQ(*info, (ObjectInfo{"dir/k", 1234, "\"abc\""}));
  EXPECT_EQ(f.http->requests[0].method, "HEAD");
  EXPECT_EQ(f.store.request_stats().head_requests, 1U);
}

TEST(S3StoreHead, Missing404IsNotFoundAnd403WithoutBodyStillAdvises) {
  Fixture missing({HttpResponse{404, {}, ""}});
  auto info = missing.store.head("k");
  ASSERT_FALSE(info);
  EXPECT_EQ(info.error().kind, ErrorKind::not_found);
  EXPECT_EQ(info.error().message, "head s3://logs/k: NotFound (HTTP 404)");

  Fixture denied({HttpResponse{403, {}, ""}});
  info = denied.store.head("k");
  ASSERT_FALSE(info);
  EXPECT_EQ(info.error().kind, ErrorKind::service);
  EXPECT_THAT(info.error().message,
              HasSubstr("head s3://logs/k: Forbidden (HTTP 403); check that the "
                        "credentials (key "));
}

// ---------------------------------------------------------------------- put

TEST(S3StorePut, SendsTheBodyWithItsHashLengthMd5AndCondition) {
  Fixture f({ok("", {{"ETag", "\"new\""}})});
  auto etag = f.store.put("state/manifest.json", "hello", PutCondition::create_only());
  ASSERT_TRUE(etag) << etag.error().message;
  EXPECT_EQ(*etag, "\"new\"");
  const HttpRequest& request = f.http->requests[0];
  EXPECT_EQ(request.method, "PUT");
  EXPECT_EQ(request.body, "hello");
  EXPECT_EQ(header_of(request, "If-None-Match"), "*");
  EXPECT_EQ(header_of(request, "If-Match"), "<absent>");
  EXPECT_EQ(header_of(request, "Content-Length"), "5");
  EXPECT_EQ(header_of(request, "Content-MD5"), "XUFAKrxLKna5cZ2REBfFkg==");
  EXPECT_EQ(header_of(request, "x-amz-content-sha256"), sha256_hex("hello"));
  EXPECT_EQ(f.store.request_stats().put_requests, 1U);
}

TEST(S3StorePut, IfMatchCarriesTheEtagAndUnconditionalPutsNeither) {
  Fixture f({ok("", {{"ETag", "\"v2\""}})});
  ASSERT_TRUE(f.store.put("k", "x", PutCondition::if_match("\"v1\"")));
  ASSERT_TRUE(f.store.put("k", "x", PutCondition::none()));
  EXPECT_EQ(header_of(f.http->requests[0], "If-Match"), "\"v1\"");
  EXPECT_EQ(header_of(f.http->requests[0], "If-None-Match"), "<absent>");
  EXPECT_EQ(header_of(f.http->requests[1], "If-Match"), "<absent>");
  EXPECT_EQ(header_of(f.http->requests[1], "If-None-Match"), "<absent>");
}

TEST(S3StorePut, PreconditionFailuresAreConflicts) {
  Fixture exists({s3_error(412, "PreconditionFailed",
                           "At least one of the pre-conditions you specified did not hold")});
  auto put = exists.store.put("m.json", "x", PutCondition::create_only());
  ASSERT_FALSE(put);
  EXPECT_EQ(put.error().kind, ErrorKind::conflict);
  EXPECT_EQ(put.error().message,
            "put s3://logs/m.json: the object already exists (If-None-Match: *): "
            "PreconditionFailed (HTTP 412)");
  EXPECT_EQ(exists.http->requests.size(), 1U);

  Fixture stale({s3_error(412, "PreconditionFailed", "")});
  put = stale.store.put("m.json", "x", PutCondition::if_match("\"old\""));
  ASSERT_FALSE(put);
  EXPECT_EQ(put.error().kind, ErrorKind::conflict);
  EXPECT_THAT(put.error().message, HasSubstr("since it was read (If-Match \"old\")"));

  Fixture racing({s3_error(409, "ConditionalRequestConflict", "")});
  put = racing.store.put("m.json", "x", PutCondition::if_match("\"old\""));
  ASSERT_FALSE(put);
  EXPECT_EQ(put.error().kind, ErrorKind::conflict);

  Fixture deleted({s3_error(404, "NoSuchKey", "")});
  put = deleted.store.put("m.json", "x", PutCondition::if_match("\"old\""));
  ASSERT_FALSE(put);
  EXPECT_EQ(put.error().kind, ErrorKind::conflict);
}

TEST(S3StorePut, OtherFailuresAreServiceErrors) {
  Fixture f({s3_error(403, "AccessDenied", "Access Denied")});
  auto put = f.store.put("m.json", "x", PutCondition::none());
  ASSERT_FALSE(put);
  EXPECT_EQ(put.error().kind, ErrorKind::service);
  EXPECT_THAT(put.error().message, HasSubstr("may s3:PutObject on this bucket"));
}

// ------------------------------------------------- loopback server over curl

// A cpp-httplib server on 127.0.0.1 with a free port, stopped on destruction.
class Loopback {
 public:
  explicit Loopback(const std::function<void(httplib::Server&)>& routes) {
    routes(m_server);
    m_port = m_server.bind_to_any_port("127.0.0.1");
    m_thread = std::thread([this] { m_server.listen_after_bind(); });
    while (!m_server.is_running()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  ~Loopback() {
    m_server.stop();
    m_thread.join();
  }
  [[nodiscard]] std::string endpoint() const { return fmt::format("http://127.0.0.1:{}", m_port); }

 private:
  httplib::Server m_server;
  int m_port = 0;
  std::thread m_thread;
};

S3Store loopback_store(const Loopback& server) {
  return S3Store(config_for("logs", server.endpoint()),
                 std::shared_ptr<HttpClient>(make_curl_http_client()), test_credentials(), {},
                 no_sleep());
}

std::string xml_error(std::string_view code, std::string_view message) {
  return fmt::format(
      "<?xml version=\"1.0\" "
      "encoding=\"UTF-8\"?>\n<Error><Code>{}</Code><Message>{}</Message></Error>",
      code, message);
}

TEST(S3StoreLoopback, ContinuationTokensAndPrefixesArriveIntact) {
  const std::vector<std::string> tokens = {"", "page/2+x==", "3&a=b c/+"};
  std::mutex mutex;
  std::vector<std::string> seen_tokens;
  std::vector<std::string> seen_prefixes;
  Loopback server([&](httplib::Server& s) {
    s.Get("/logs", [&](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex);
      const std::string token = req.get_param_value("continuation-token");
      seen_tokens.push_back(token);
      seen_prefixes.push_back(req.get_param_value("prefix"));
      const auto page = std::find(tokens.begin(), tokens.end(), token) - tokens.begin();
      if (page >= static_cast<long>(tokens.size()) || req.get_param_value("list-type") != "2" ||
          !req.has_header("Authorization")) {
        res.status = 400;
        res.set_content(xml_error("InvalidArgument", "unexpected request"), "application/xml");
        return;
      }
      const bool last = page + 1 == static_cast<long>(tokens.size());
      res.set_content(list_page({{fmt::format("a b/{}+=.json", page), static_cast<int>(page)}},
                                last ? "" : tokens[static_cast<std::size_t>(page) + 1]),
                      "application/xml");
    });
  });
  S3Store store = loopback_store(server);
  auto listed = store.list("a b/");
  ASSERT_TRUE(listed) << listed.error().message;
  ASSERT_EQ(listed->size(), 3U);
  EXPECT_EQ((*listed)[0].key, "a b/0+=.json");
  EXPECT_EQ((*listed)[2].key, "a b/2+=.json");
  EXPECT_EQ(seen_tokens, tokens);
  EXPECT_EQ(seen_prefixes, std::vector<std::string>(3, "a b/"));
}

TEST(S3StoreLoopback, A503ThenSuccessIsRetried) {
  std::atomic<int> calls{0};
  Loopback server([&](httplib::Server& s) {
    s.Get("/logs/k", [&](const httplib::Request&, httplib::Response& res) {
      if (calls++ == 0) {
        res.status = 503;
        res.set_content(xml_error("SlowDown", "Please reduce your request rate."),
                        "application/xml");
        return;
      }
      res.set_header("ETag", std::string(k_hello_md5));
      res.set_content("hello", "application/octet-stream");
    });
  });
  S3Store store = loopback_store(server);
  auto got = store.get("k");
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(*got, "hello");
  EXPECT_EQ(calls.load(), 2);
  EXPECT_EQ(store.request_stats().get_requests, 2U);
}

TEST(S3StoreLoopback, ADroppedBodyIsRetried) {
  std::atomic<int> calls{0};
  Loopback server([&](httplib::Server& s) {
    s.Get("/logs/big", [&](const httplib::Request&, httplib::Response& res) {
      if (calls++ == 0) {
        // Promise 100 bytes, send 10, drop the connection.
        res.set_content_provider(100, "application/octet-stream",
                                 [](std::size_t, std::size_t, httplib::DataSink& sink) {
                                   sink.write("0123456789", 10);
                                   return false;
                                 });
        return;
      }
      res.set_content(std::string(100, 'x'), "application/octet-stream");
    });
  });
  S3Store store = loopback_store(server);
  auto got = store.get("big");
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->size(), 100U);
  EXPECT_EQ(calls.load(), 2);
}

TEST(S3StoreLoopback, AccessDeniedIsNotRetried) {
  std::atomic<int> calls{0};
  Loopback server([&](httplib::Server& s) {
    s.Get("/logs/k", [&](const httplib::Request&, httplib::Response& res) {
      ++calls;
      res.status = 403;
      res.set_content(xml_error("AccessDenied", "Access Denied"), "application/xml");
    });
  });
  S3Store store = loopback_store(server);
  auto got = store.get("k");
  ASSERT_FALSE(got);
  EXPECT_THAT(got.error().message,
              HasSubstr("get s3://logs/k: AccessDenied (HTTP 403): Access Denied; "));
  EXPECT_EQ(calls.load(), 1);
}

TEST(S3StoreLoopback, ConditionalPutHeadersArriveAnd412IsAConflict) {
  std::mutex mutex;
  std::string if_none_match;
  std::string body;
  Loopback server([&](httplib::Server& s) {
    s.Put("/logs/state/m.json", [&](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex);
      if_none_match = req.get_header_value("If-None-Match");
      body = req.body;
      res.status = 412;
      res.set_content(xml_error("PreconditionFailed",
                                "At least one of the pre-conditions you specified did not hold"),
                      "application/xml");
    });
  });
  S3Store store = loopback_store(server);
  auto put = store.put("state/m.json", "{\"v\":1}", PutCondition::create_only());
  ASSERT_FALSE(put);
  EXPECT_EQ(put.error().kind, ErrorKind::conflict);
  EXPECT_EQ(if_none_match, "*");
  EXPECT_EQ(body, "{\"v\":1}");
}

TEST(S3StoreLoopback, ARefusedConnectionIsRetriedThenReported) {
  int port = 0;
  {
    Loopback closed([](httplib::Server&) {});
    port = std::stoi(closed.endpoint().substr(closed.endpoint().rfind(':') + 1));
  }
  S3Store store(config_for("logs", fmt::format("http://127.0.0.1:{}", port)),
                std::shared_ptr<HttpClient>(make_curl_http_client()), test_credentials(), {},
                no_sleep());
  auto got = store.get("k");
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().kind, ErrorKind::service);
  EXPECT_THAT(got.error().message, HasSubstr("get s3://logs/k: "));
  EXPECT_THAT(got.error().message, HasSubstr("(gave up after 3 attempts)"));
  EXPECT_EQ(store.request_stats().get_requests, 3U);
}

// ------------------------------------------------------------- against moto

class S3StoreMoto : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_upload = new testing::TempDir();
    s_upload->write("AWSLogs/1/2026/01/01/00/first.json.gz", "first");
    s_upload->write("AWSLogs/1/2026/01/01/00/a b+c=d:e \xC3\xA9.json.gz", "weird");
    s_upload->write("AWSLogs/1/2026/01/01/02/a.json.gz", "log");
    s_upload->write("AWSLogs/1/2026/01/01/02/data/r1_input.json.gz", "body");
    s_upload->write("AWSLogs/1/2026/01/01/02/sub dir+%\xC3\xA9/x.json", "x");
    s_upload->write("AWSLogs/1/2026/01/01/02/sub dir+%\xC3\xA9/deeper/y.json", "y");
    testing::S3ServerOptions options;
    options.buckets = {{"uploaded", s_upload->path()}, {"logs", {}}, {"paging", {}}};
    auto started = testing::S3Server::start(options);
    if (!started) {
      s_start_error = new std::string(started.error().message);
      return;
    }
    s_server = started->release();
  }
  static void TearDownTestSuite() {
    delete s_server;
    delete s_upload;
    delete s_start_error;
    s_server = nullptr;
    s_upload = nullptr;
    s_start_error = nullptr;
  }
  void SetUp() override {
    // A missing moto is a failure, not a skip: `make test` must exercise S3.
    ASSERT_NE(s_server, nullptr) << (s_start_error ? *s_start_error : "S3Server did not start");
  }

  static S3Store store(const std::string& bucket, std::string secret = {},
                       std::string key_id = {}) {
    S3StoreConfig config = config_for(bucket, s_server->endpoint());
    config.region = s_server->region();
    return S3Store(config, std::shared_ptr<HttpClient>(make_curl_http_client()),
                   test_credentials({}, secret.empty() ? s_server->secret_access_key() : secret,
                                    key_id.empty() ? s_server->access_key_id() : key_id),
                   {}, no_sleep());
  }

  static void expect_no_secret(const std::string& message) {
    EXPECT_THAT(message, Not(HasSubstr(s_server->secret_access_key())));
    EXPECT_THAT(message, Not(HasSubstr(s_server->access_key_id())));
    EXPECT_THAT(message, Not(HasSubstr("Signature=")));
  }

  static testing::S3Server* s_server;
  static testing::TempDir* s_upload;
  static std::string* s_start_error;
};

testing::S3Server* S3StoreMoto::s_server = nullptr;
testing::TempDir* S3StoreMoto::s_upload = nullptr;
std::string* S3StoreMoto::s_start_error = nullptr;

TEST_F(S3StoreMoto, ListsWhatTheLauncherUploadedWithBoto3) {
  S3Store s3 = store("uploaded");
  auto listed = s3.list("AWSLogs/1/2026/01/01/00/");
  ASSERT_TRUE(listed) << listed.error().message;
  ASSERT_EQ(listed->size(), 2U);
  EXPECT_EQ((*listed)[0].key, "AWSLogs/1/2026/01/01/00/a b+c=d:e \xC3\xA9.json.gz");
  EXPECT_EQ((*listed)[0].size, 5U);
  EXPECT_EQ((*listed)[1].key, "AWSLogs/1/2026/01/01/00/first.json.gz");
  auto weird = s3.get((*listed)[0].key);
  ASSERT_TRUE(weird) << weird.error().message;
  EXPECT_EQ(*weird, "weird");
  auto missing_hour = s3.list("AWSLogs/1/2026/01/01/01/");
  ASSERT_TRUE(missing_hour) << missing_hour.error().message;
  EXPECT_TRUE(missing_hour->empty());
}

// moto checks the signature, so this also proves the delimiter is signed.
TEST_F(S3StoreMoto, ListsOneFolderLevel) {
  S3Store s3 = store("uploaded");
  const std::string hour = "AWSLogs/1/2026/01/01/02/";
  auto listed = s3.list_folder(hour);
  ASSERT_TRUE(listed) << listed.error().message;
  ASSERT_EQ(listed->objects.size(), 1U);
  EXPECT_EQ(listed->objects[0].key, hour + "a.json.gz");
  EXPECT_EQ(listed->objects[0].size, 3U);
  EXPECT_EQ(listed->folders,
            (std::vector<std::string>{hour + "data/", hour + "sub dir+%\xC3\xA9/"}));
  EXPECT_EQ(s3.request_stats().list_requests, 1U);

  auto sub = s3.list_folder(listed->folders[1]);
  ASSERT_TRUE(sub) << sub.error().message;
  ASSERT_EQ(sub->objects.size(), 1U);
  EXPECT_EQ(sub->objects[0].key, hour + "sub dir+%\xC3\xA9/x.json");
  EXPECT_EQ(sub->folders, std::vector<std::string>{hour + "sub dir+%\xC3\xA9/deeper/"});

  auto missing_hour = s3.list_folder("AWSLogs/1/2026/01/01/03/");
  ASSERT_TRUE(missing_hour) << missing_hour.error().message;
  EXPECT_EQ(*missing_hour, FolderListing{});
  EXPECT_EQ(s3.request_stats().list_requests, 3U);
}

TEST_F(S3StoreMoto, PutGetHeadWithConditionsAndAnAwkwardKey) {
  S3Store s3 = store("logs");
  const std::string key = "state/a b+c=d:e~\xE6\x97\xA5\xE6\x9C\xAC/manifest.json";
  auto created = s3.put(key, "v1", PutCondition::create_only());
  ASSERT_TRUE(created) << created.error().message;

  auto again = s3.put(key, "v1 again", PutCondition::create_only());
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::conflict) << again.error().message;

  auto head = s3.head(key);
  ASSERT_TRUE(head) << head.error().message;
  EXPECT_EQ(head->size, 2U);
  EXPECT_EQ(head->etag, *created);

  auto updated = s3.put(key, "version 2", PutCondition::if_match(*created));
  ASSERT_TRUE(updated) << updated.error().message;
  EXPECT_NE(*updated, *created);

  auto stale = s3.put(key, "lost update", PutCondition::if_match(*created));
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().kind, ErrorKind::conflict) << stale.error().message;

  auto got = s3.get(key);
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(*got, "version 2");

  auto listed = s3.list("state/a b+c=d:e~");
  ASSERT_TRUE(listed) << listed.error().message;
  ASSERT_EQ(listed->size(), 1U);
  EXPECT_EQ((*listed)[0], (ObjectInfo{key, 9, *updated}));

  const StoreRequestStats stats = s3.request_stats();
  EXPECT_EQ(stats.put_requests, 4U);
  EXPECT_EQ(stats.get_requests, 1U);
  EXPECT_EQ(stats.head_requests, 1U);
  EXPECT_EQ(stats.list_requests, 1U);
  EXPECT_EQ(stats.bytes_downloaded, 9U);
  EXPECT_EQ(stats.retries, 0U);
}

TEST_F(S3StoreMoto, MissingObjectsAreNotFound) {
  S3Store s3 = store("logs");
  auto got = s3.get("no/such key");
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().kind, ErrorKind::not_found) << got.error().message;
  auto head = s3.head("no/such key");
  ASSERT_FALSE(head);
  EXPECT_EQ(head.error().kind, ErrorKind::not_found) << head.error().message;
}

TEST_F(S3StoreMoto, ListsMoreThanOnePageInOrder) {
  S3Store s3 = store("paging");
  constexpr int k_objects = 1'005;
  for (int i = 0; i < k_objects; ++i) {
    auto put =
        s3.put(fmt::format("p/{:04}+x.json", (i * 7) % k_objects), "x", PutCondition::none());
    ASSERT_TRUE(put) << put.error().message;
  }
  auto listed = s3.list("p/");
  ASSERT_TRUE(listed) << listed.error().message;
  ASSERT_EQ(listed->size(), static_cast<std::size_t>(k_objects));
  for (int i = 0; i < k_objects; ++i) {
    ASSERT_EQ((*listed)[static_cast<std::size_t>(i)].key, fmt::format("p/{:04}+x.json", i));
  }
  EXPECT_EQ(s3.request_stats().list_requests, 2U);  // moto pages at 1,000 keys
}

TEST_F(S3StoreMoto, AWrongSecretIsSignatureDoesNotMatchWithoutTheSecret) {
  const std::string wrong = "WRONGwrongWRONGwrongWRONGwrongWRONGwrong";
  S3Store s3 = store("logs", wrong);
  auto listed = s3.list("AWSLogs/");
  ASSERT_FALSE(listed);
  const std::string& message = listed.error().message;
  EXPECT_THAT(message, HasSubstr("list s3://logs/AWSLogs/: SignatureDoesNotMatch (HTTP 403)"));
  EXPECT_THAT(message, HasSubstr("check the secret access key (key "));
  EXPECT_THAT(message, Not(HasSubstr(wrong)));
  expect_no_secret(message);
  EXPECT_EQ(s3.request_stats().list_requests, 1U);  // not retried
}

TEST_F(S3StoreMoto, AnUnknownAccessKeyIsInvalidAccessKeyId) {
  S3Store s3 = store("logs", {}, "AKIAUNKNOWNUNKNOWN12");
  auto got = s3.get("k");
  ASSERT_FALSE(got);
  EXPECT_THAT(got.error().message, HasSubstr("InvalidAccessKeyId (HTTP 403)"));
  EXPECT_THAT(got.error().message, HasSubstr("AWS does not know the access key"));
  expect_no_secret(got.error().message);
}

TEST_F(S3StoreMoto, AMissingBucketIsNoSuchBucket) {
  S3Store s3 = store("no-such-bucket");
  auto listed = s3.list("AWSLogs/");
  ASSERT_FALSE(listed);
  EXPECT_EQ(listed.error().kind, ErrorKind::config);
  EXPECT_THAT(listed.error().message,
              HasSubstr("list s3://no-such-bucket/AWSLogs/: NoSuchBucket (HTTP 404): "));
  EXPECT_THAT(listed.error().message, HasSubstr("check the bucket name in the regions config"));
  expect_no_secret(listed.error().message);
}

}  // namespace
}  // namespace boostburn
