// The chain: order, caching, refresh before expiry, the "tried" message, and
// that no secret reaches any message.
#include "boostburn/aws/credential_chain.hpp"

#include <deque>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "support/temp_dir.hpp"
#include "unit/aws/credential_testing.hpp"

namespace boostburn {
namespace {

using testing::FakeClock;
using testing::FakeEnv;
using testing::FakeHttp;
using ::testing::HasSubstr;
using testing::k_key_id;
using testing::k_secret;
using testing::k_token;
using ::testing::Not;
using testing::TempDir;

// A source that plays back scripted results and counts calls.
class StubSource final : public CredentialSource {
 public:
  StubSource(std::string name, std::deque<Result<SourceResult>> results, int* calls)
      : m_name(std::move(name)), m_results(std::move(results)), m_calls(calls) {}
  [[nodiscard]] std::string name() const override { return m_name; }
  Result<SourceResult> resolve() override {
    ++*m_calls;
    auto next = m_results.front();
    if (m_results.size() > 1) {
      m_results.pop_front();
    }
    return next;
  }

 private:
  std::string m_name;
  std::deque<Result<SourceResult>> m_results;
  int* m_calls;
};

AwsCredentials temporary(const std::string& key_id, std::optional<std::int64_t> expires_at) {
  AwsCredentials credentials;
  credentials.access_key_id = key_id;
  credentials.secret_access_key = k_secret;
  credentials.session_token = k_token;
  credentials.expires_at = expires_at;
  return credentials;
}

// --- caching and refresh --------------------------------------------------------

TEST(CredentialChainTest, FirstSourceWithCredentialsWinsAndIsCached) {
  int first_calls = 0;
  int second_calls = 0;
  int third_calls = 0;
  std::vector<std::unique_ptr<CredentialSource>> sources;
  sources.push_back(std::make_unique<StubSource>(
      "first", std::deque<Result<SourceResult>>{SourceResult::none("nothing")}, &first_calls));
  sources.push_back(std::make_unique<StubSource>(
      "second",
      std::deque<Result<SourceResult>>{SourceResult::found(temporary("AKIASECOND", std::nullopt))},
      &second_calls));
  sources.push_back(std::make_unique<StubSource>(
      "third",
      std::deque<Result<SourceResult>>{SourceResult::found(temporary("AKIATHIRD", std::nullopt))},
      &third_calls));
  FakeClock clock;
  CredentialChain chain(std::move(sources), clock.clock());
  for (int i = 0; i < 3; ++i) {
    const auto credentials = chain.credentials();
    ASSERT_TRUE(credentials);
    EXPECT_EQ(credentials->access_key_id, "AKIASECOND");
    clock.advance(1'000'000);  // long-term keys never expire
  }
  EXPECT_EQ(first_calls, 1);
  EXPECT_EQ(second_calls, 1);
  EXPECT_EQ(third_calls, 0);
}

TEST(CredentialChainTest, RefreshesFromTheSameSourceWithinFiveMinutesOfExpiry) {
  FakeClock clock(1'000'000);
  int calls = 0;
  std::vector<std::unique_ptr<CredentialSource>> sources;
  sources.push_back(std::make_unique<StubSource>(
      "temp",
      std::deque<Result<SourceResult>>{SourceResult::found(temporary("ASIAONE", 1'003'600)),
                                       SourceResult::found(temporary("ASIATWO", 1'007'200))},
      &calls));
  CredentialChain chain(std::move(sources), clock.clock());
  EXPECT_EQ(chain.credentials()->access_key_id, "ASIAONE");
  clock.set(1'003'600 - k_refresh_window_seconds - 1);
  EXPECT_EQ(chain.credentials()->access_key_id, "ASIAONE");
  EXPECT_EQ(calls, 1);
  clock.set(1'003'600 - k_refresh_window_seconds);
  EXPECT_EQ(chain.credentials()->access_key_id, "ASIATWO");
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(chain.credentials()->access_key_id, "ASIATWO");
  EXPECT_EQ(calls, 2);
}

TEST(CredentialChainTest, FailedRefreshKeepsStillValidCredentialsThenReportsTheError) {
  FakeClock clock(1'000'000);
  int calls = 0;
  std::vector<std::unique_ptr<CredentialSource>> sources;
  sources.push_back(std::make_unique<StubSource>(
      "profile sso",
      std::deque<Result<SourceResult>>{
          SourceResult::found(temporary("ASIAONE", 1'003'600)),
          fail(ErrorKind::config, "credential_process: sso exited with status 1")},
      &calls));
  CredentialChain chain(std::move(sources), clock.clock());
  ASSERT_TRUE(chain.credentials());

  clock.set(1'003'600 - 200);  // refresh due, fails, 200 s left: keep the old ones
  EXPECT_EQ(chain.credentials()->access_key_id, "ASIAONE");
  EXPECT_EQ(calls, 2);

  clock.set(1'003'600 - 30);  // 30 s left: too little to start a request with
  const auto credentials = chain.credentials();
  ASSERT_FALSE(credentials);
  EXPECT_EQ(credentials.error().kind, ErrorKind::config);
  EXPECT_EQ(
      credentials.error().message,
      "AWS credentials: refreshing from profile sso: credential_process: sso exited with status 1");
  EXPECT_EQ(calls, 3);
}

TEST(CredentialChainTest, SourceThatLosesItsCredentialsOnRefreshIsAnError) {
  FakeClock clock(1'000'000);
  int calls = 0;
  std::vector<std::unique_ptr<CredentialSource>> sources;
  sources.push_back(std::make_unique<StubSource>(
      "EC2 instance metadata",
      std::deque<Result<SourceResult>>{
          SourceResult::found(temporary("ASIA", 1'000'100)),
          SourceResult::none("no IAM role attached to this instance (HTTP 404)")},
      &calls));
  CredentialChain chain(std::move(sources), clock.clock());
  ASSERT_TRUE(chain.credentials());  // expires in 100 s: returned, refreshed next time
  clock.advance(50);
  const auto credentials = chain.credentials();
  ASSERT_FALSE(credentials);
  EXPECT_EQ(
      credentials.error().message,
      "AWS credentials: refreshing from EC2 instance metadata: no credentials any more (no IAM "
      "role attached to this instance (HTTP 404))");
}

TEST(CredentialChainTest, ConfiguredSourceFailingStopsTheWalkAndIsRetriedNextCall) {
  int failing_calls = 0;
  int later_calls = 0;
  std::vector<std::unique_ptr<CredentialSource>> sources;
  sources.push_back(std::make_unique<StubSource>(
      "container", std::deque<Result<SourceResult>>{fail(ErrorKind::service, "HTTP 500 from x")},
      &failing_calls));
  sources.push_back(std::make_unique<StubSource>(
      "later",
      std::deque<Result<SourceResult>>{SourceResult::found(temporary("AKIA", std::nullopt))},
      &later_calls));
  CredentialChain chain(std::move(sources), FakeClock().clock());
  for (int i = 0; i < 2; ++i) {
    const auto credentials = chain.credentials();
    ASSERT_FALSE(credentials);
    EXPECT_EQ(credentials.error().kind, ErrorKind::service);
    EXPECT_EQ(credentials.error().message, "AWS credentials: container: HTTP 500 from x");
  }
  EXPECT_EQ(failing_calls, 2);
  EXPECT_EQ(later_calls, 0);
}

// --- the default chain ---------------------------------------------------------------

class DefaultChainTest : public ::testing::Test {
 protected:
  DefaultChainTest() {
    env.set("HOME", home.path().string())
        .set("AWS_EC2_METADATA_SERVICE_ENDPOINT", testing::closed_loopback_url());
  }
  Result<AwsCredentials> credentials() {
    return make_default_credential_chain(testing::test_context(http, env, clock))->credentials();
  }
  void write_default_profile() {
    home.write(".aws/credentials",
               "[default]\naws_access_key_id = AKIAPROFILE\naws_secret_access_key = p\n");
  }

  TempDir home;
  FakeEnv env;
  FakeClock clock;
  std::shared_ptr<FakeHttp> http = std::make_shared<FakeHttp>();
};

TEST_F(DefaultChainTest, NothingFoundListsEverySourceTriedAndWhy) {
  const auto found = credentials();
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().kind, ErrorKind::config);
  EXPECT_EQ(
      found.error().message,
      "no AWS credentials found; tried: environment (AWS_ACCESS_KEY_ID not set), profile default "
      "(~/.aws/credentials: no such file; ~/.aws/config: no such file), web identity "
      "(AWS_WEB_IDENTITY_TOKEN_FILE not set), container (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI "
      "and _FULL_URI not set), EC2 instance metadata (no answer from " +
          *env.lookup()("AWS_EC2_METADATA_SERVICE_ENDPOINT") + " in 1s)");
}

TEST_F(DefaultChainTest, EnvironmentComesBeforeTheProfile) {
  write_default_profile();
  env.set("AWS_ACCESS_KEY_ID", "AKIAENV").set("AWS_SECRET_ACCESS_KEY", "e");
  EXPECT_EQ(credentials()->access_key_id, "AKIAENV");
}

TEST_F(DefaultChainTest, ProfileComesBeforeWebIdentity) {
  write_default_profile();
  // Half-configured web identity would be an error if it were reached.
  env.set("AWS_ROLE_ARN", "arn:aws:iam::1:role/r");
  EXPECT_EQ(credentials()->access_key_id, "AKIAPROFILE");
}

TEST_F(DefaultChainTest, WebIdentityComesBeforeTheContainer) {
  home.write("jwt", "token");
  env.set("AWS_WEB_IDENTITY_TOKEN_FILE", (home / "jwt").string())
      .set("AWS_ROLE_ARN", "arn:aws:iam::1:role/r")
      .set("AWS_ENDPOINT_URL_STS", "http://sts.test")
      .set("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1/container");
  http->set_handler([](const HttpRequest& request) -> Result<HttpResponse> {
    if (request.url == "http://sts.test/") {
      return testing::http_response(
          200, testing::sts_credentials_xml("AssumeRoleWithWebIdentity", "ASIAWEB", "s", "t",
                                            "2030-01-01T00:00:00Z"));
    }
    return testing::http_response(200, R"({"AccessKeyId":"ASIACONTAINER","SecretAccessKey":"s"})");
  });
  EXPECT_EQ(credentials()->access_key_id, "ASIAWEB");
}

TEST_F(DefaultChainTest, ContainerComesBeforeInstanceMetadata) {
  env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1/container")
      .set("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://imds.test");
  http->set_handler([](const HttpRequest& request) -> Result<HttpResponse> {
    if (request.url == "http://127.0.0.1/container") {
      return testing::http_response(200,
                                    R"({"AccessKeyId":"ASIACONTAINER","SecretAccessKey":"s"})");
    }
    return testing::http_response(500, "");
  });
  EXPECT_EQ(credentials()->access_key_id, "ASIACONTAINER");
  for (const auto& request : http->requests) {
    EXPECT_THAT(request.url, Not(HasSubstr("imds.test")));
  }
}

TEST_F(DefaultChainTest, InstanceMetadataIsTheLastResort) {
  http->set_handler([](const HttpRequest& request) -> Result<HttpResponse> {
    if (request.method == "PUT") {
      return testing::http_response(200, "tok");
    }
    if (request.url.ends_with("/security-credentials/")) {
      return testing::http_response(200, "role");
    }
    return testing::http_response(
        200, R"({"Code":"Success","AccessKeyId":"ASIAIMDS","SecretAccessKey":"s",
                                           "Token":"t","Expiration":"2030-01-01T00:00:00Z"})");
  });
  env.set("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://imds.test");
  const auto found = credentials();
  ASSERT_TRUE(found) << found.error().message;
  EXPECT_EQ(found->access_key_id, "ASIAIMDS");
  EXPECT_EQ(found->source, "EC2 instance metadata (role role)");
}

TEST_F(DefaultChainTest, NamedProfileMissingStopsTheChain) {
  env.set("AWS_PROFILE", "prod")
      .set("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1/container");
  const auto found = credentials();
  ASSERT_FALSE(found);
  EXPECT_EQ(
      found.error().message,
      "AWS credentials: profile prod: not found (~/.aws/credentials: no such file; ~/.aws/config: "
      "no such file)");
  EXPECT_TRUE(http->requests.empty());
}

// --- no secret in any message -----------------------------------------------------------

// A hostile endpoint: every answer is an error that quotes the whole request.
Result<HttpResponse> echo_everything(const HttpRequest& request) {
  std::string everything = request.url + " " + request.body;
  for (const auto& [name, value] : request.headers) {
    everything += " " + name + ": " + value;
  }
  return testing::http_response(400, testing::sts_error_xml("InvalidParameterValue", everything) +
                                         "<!-- " + everything + " -->");
}

TEST_F(DefaultChainTest, NoSecretReachesAnyErrorMessage) {
  http->set_handler(echo_everything);
  home.write("secret-token", k_token);
  const std::string echo_script = (home / "echo.sh").string();
  home.write("echo.sh", "#!/bin/sh\necho '{\"Version\":1,\"AccessKeyId\":\"" + k_key_id +
                            "\",\"SecretAccessKey\":\"" + k_secret + "\",\"SessionToken\":\"" +
                            k_token + "\"'\nexit $1\n");
  ::chmod(echo_script.c_str(), 0755);

  struct Scenario {
    std::string name;
    std::function<void(FakeEnv&, TempDir&)> setup;
  };
  const std::string keys = "aws_access_key_id = " + k_key_id +
                           "\naws_secret_access_key = " + k_secret +
                           "\naws_session_token = " + k_token + "\n";
  const std::vector<Scenario> scenarios = {
      {"environment secret without key",
       [](FakeEnv& e, TempDir&) {
         e.set("AWS_SECRET_ACCESS_KEY", k_secret).set("AWS_SESSION_TOKEN", k_token);
       }},
      {"credentials file with a half pair",
       [](FakeEnv&, TempDir& h) {
         h.write(".aws/credentials", "[default]\naws_secret_access_key=" + k_secret + "\n");
       }},
      {"credentials file with a malformed secret line",
       [](FakeEnv&, TempDir& h) {
         h.write(".aws/credentials", "[default]\n" + k_secret + " " + k_token + "\n");
       }},
      {"config file with a half pair",
       [](FakeEnv&, TempDir& h) {
         h.write(".aws/config", "[default]\naws_secret_access_key=" + k_secret + "\n");
       }},
      {"credential_process failing",
       [&](FakeEnv&, TempDir& h) {
         h.write(".aws/config", "[default]\ncredential_process = " + echo_script + " 2\n");
       }},
      {"credential_process printing broken JSON",
       [&](FakeEnv&, TempDir& h) {
         h.write(".aws/config", "[default]\ncredential_process = " + echo_script + " 0\n");
       }},
      {"AssumeRole refused by an echoing STS",
       [&](FakeEnv& e, TempDir& h) {
         h.write(".aws/credentials", "[base]\n" + keys);
         h.write(".aws/config",
                 "[default]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = base\n"
                 "external_id = " +
                     k_token + "\n");
         e.set("AWS_ENDPOINT_URL_STS", "http://sts.test");
       }},
      {"web identity refused by an echoing STS",
       [](FakeEnv& e, TempDir& h) {
         e.set("AWS_WEB_IDENTITY_TOKEN_FILE", (h / "secret-token").string())
             .set("AWS_ROLE_ARN", "arn:aws:iam::1:role/r")
             .set("AWS_ENDPOINT_URL_STS", "http://sts.test");
       }},
      {"container refusing an authorization token",
       [](FakeEnv& e, TempDir&) {
         e.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1/c?secret=" + k_secret)
             .set("AWS_CONTAINER_AUTHORIZATION_TOKEN", k_token);
       }},
      {"container token with a line break",
       [](FakeEnv& e, TempDir&) {
         e.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1/c")
             .set("AWS_CONTAINER_AUTHORIZATION_TOKEN", k_token + "\n" + k_secret);
       }},
      {"container URL not allowed",
       [](FakeEnv& e, TempDir&) {
         e.set("AWS_CONTAINER_CREDENTIALS_FULL_URI",
               "http://" + k_token + ":" + k_secret + "@10.1.1.1/c?" + k_secret);
       }},
  };
  for (const auto& scenario : scenarios) {
    TempDir scenario_home;
    scenario_home.write("secret-token", k_token);
    FakeEnv scenario_env;
    scenario_env.set("HOME", scenario_home.path().string())
        .set("AWS_EC2_METADATA_DISABLED", "true");
    scenario.setup(scenario_env, scenario_home);
    const auto found =
        make_default_credential_chain(testing::test_context(http, scenario_env, clock))
            ->credentials();
    ASSERT_FALSE(found) << scenario.name;
    EXPECT_THAT(found.error().message, Not(HasSubstr(k_secret))) << scenario.name;
    EXPECT_THAT(found.error().message, Not(HasSubstr(k_token))) << scenario.name;
    EXPECT_THAT(found.error().message, Not(HasSubstr("K7MDENG"))) << scenario.name;
  }
}

}  // namespace
}  // namespace boostburn
