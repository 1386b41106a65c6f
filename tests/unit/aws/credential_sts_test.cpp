// AssumeRole (profiles with role_arn) and AssumeRoleWithWebIdentity against a
// loopback STS stand-in that checks what it is sent and answers documented XML.
#include "boostburn/aws/credential_sts.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "boostburn/aws/credential_chain.hpp"
#include "support/temp_dir.hpp"
#include "unit/aws/credential_testing.hpp"

namespace boostburn {
namespace {

using testing::FakeClock;
using testing::FakeEnv;
using testing::FakeHttp;
using testing::form_fields;
using ::testing::HasSubstr;
using testing::k_key_id;
using testing::k_secret;
using testing::k_token;
using ::testing::Not;
using ::testing::StartsWith;
using testing::sts_credentials_xml;
using testing::sts_error_xml;
using testing::TempDir;

constexpr const char* k_role = "arn:aws:iam::123456789012:role/reader";
constexpr const char* k_expiration = "2023-11-14T23:13:20Z";  // clock start + 1 h
constexpr std::int64_t k_expires_at = 1'700'003'600;

// What the stand-in saw of one request.
struct SeenRequest {
  std::map<std::string, std::string> fields;
  std::string authorization;
  std::string security_token;
  std::string content_type;
};

// A loopback STS: records requests and answers with `answer`.
class StsStandIn {
 public:
  using Answer = std::function<std::pair<int, std::string>(const SeenRequest&)>;

  explicit StsStandIn(Answer answer) : m_answer(std::move(answer)) {
    m_server.routes().Post(
        "/", [this](const httplib::Request& request, httplib::Response& response) {
          SeenRequest seen{form_fields(request.body), request.get_header_value("Authorization"),
                           request.get_header_value("X-Amz-Security-Token"),
                           request.get_header_value("Content-Type")};
          std::pair<int, std::string> reply;
          {
            const std::lock_guard lock(m_mutex);
            m_seen.push_back(seen);
            reply = m_answer(seen);
          }
          response.status = reply.first;
          response.set_content(reply.second, "text/xml");
        });
    m_server.start();
  }

  [[nodiscard]] std::string url() const { return m_server.url(); }
  std::vector<SeenRequest> seen() {
    const std::lock_guard lock(m_mutex);
    return m_seen;
  }

 private:
  Answer m_answer;
  std::mutex m_mutex;
  std::vector<SeenRequest> m_seen;
  testing::LoopbackServer m_server;
};

class CredentialStsTest : public ::testing::Test {
 protected:
  CredentialStsTest() {
    env.set("HOME", home.path().string()).set("AWS_EC2_METADATA_DISABLED", "true");
  }
  CredentialContext context() {
    return testing::test_context(std::shared_ptr<HttpClient>(make_curl_http_client()), env, clock);
  }
  Result<AwsCredentials> chain_credentials() {
    return make_default_credential_chain(context())->credentials();
  }

  TempDir home;
  FakeEnv env;
  FakeClock clock{1'700'000'000};  // 2023-11-14T22:13:20Z
};

// --- endpoint ------------------------------------------------------------------

TEST(CredentialStsEndpointTest, EndpointAndRegionPrecedence) {
  FakeEnv env;
  CredentialContext context;
  context.env = env.lookup();
  auto endpoint = resolve_sts_endpoint(context, std::nullopt);
  EXPECT_EQ(endpoint.url, "https://sts.us-east-1.amazonaws.com");
  EXPECT_EQ(endpoint.region, "us-east-1");

  endpoint = resolve_sts_endpoint(context, "eu-west-1");
  EXPECT_EQ(endpoint.url, "https://sts.eu-west-1.amazonaws.com");

  env.set("AWS_DEFAULT_REGION", "ap-south-1");
  EXPECT_EQ(resolve_sts_endpoint(context, "eu-west-1").region, "ap-south-1");
  env.set("AWS_REGION", "cn-north-1");
  endpoint = resolve_sts_endpoint(context, "eu-west-1");
  EXPECT_EQ(endpoint.region, "cn-north-1");
  EXPECT_EQ(endpoint.url, "https://sts.cn-north-1.amazonaws.com.cn");

  env.set("AWS_ENDPOINT_URL", "http://127.0.0.1:5000/");
  EXPECT_EQ(resolve_sts_endpoint(context, std::nullopt).url, "http://127.0.0.1:5000");
  env.set("AWS_ENDPOINT_URL_STS", "http://localhost:4566");
  endpoint = resolve_sts_endpoint(context, std::nullopt);
  EXPECT_EQ(endpoint.url, "http://localhost:4566");
  EXPECT_EQ(endpoint.region, "cn-north-1");
}

// --- response parsing ----------------------------------------------------------------

TEST(CredentialStsParseTest, ReadsCredentialsAndExpiration) {
  const auto credentials =
      parse_sts_response(200,
                         sts_credentials_xml("AssumeRole", "ASIAEXAMPLE", k_secret, k_token,
                                             "2023-11-14T23:13:20.123Z"),
                         "AssumeRole");
  ASSERT_TRUE(credentials) << credentials.error().message;
  EXPECT_EQ(credentials->access_key_id, "ASIAEXAMPLE");
  EXPECT_EQ(credentials->secret_access_key, k_secret);
  EXPECT_EQ(credentials->session_token, k_token);
  EXPECT_EQ(credentials->expires_at, k_expires_at);
}

TEST(CredentialStsParseTest, ErrorsCarryTheStsCodeAndMessage) {
  auto parsed = parse_sts_response(
      403,
      sts_error_xml("AccessDenied", "User: arn:aws:iam::1:user/u is not authorized\n to assume"),
      "AssumeRole");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().kind, ErrorKind::service);
  EXPECT_EQ(parsed.error().message,
            "HTTP 403 AccessDenied: User: arn:aws:iam::1:user/u is not authorized  to assume");

  parsed = parse_sts_response(403,
                              "<ErrorResponse><Errors><Error><Code>SignatureDoesNotMatch</Code>"
                              "<Message>Check your key</Message></Error></Errors></ErrorResponse>",
                              "AssumeRole");
  EXPECT_EQ(parsed.error().message, "HTTP 403 SignatureDoesNotMatch: Check your key");

  parsed = parse_sts_response(502, "<html>bad gateway</html>", "AssumeRole");
  EXPECT_EQ(parsed.error().message, "HTTP 502 (no STS error document)");

  parsed = parse_sts_response(200, "<AssumeRoleResponse/>", "AssumeRole");
  EXPECT_EQ(parsed.error().message, "HTTP 200 without AssumeRoleResult/Credentials");

  parsed = parse_sts_response(
      200, sts_credentials_xml("AssumeRole", "ASIA", k_secret, k_token, "tomorrow"), "AssumeRole");
  EXPECT_EQ(parsed.error().message, "answer has no valid Expiration in AssumeRoleResult");

  // The answer to another action is not mistaken for this one.
  parsed = parse_sts_response(
      200, sts_credentials_xml("AssumeRole", "ASIA", k_secret, k_token, k_expiration),
      "AssumeRoleWithWebIdentity");
  EXPECT_FALSE(parsed);
}

TEST(CredentialStsRetryTest, ThrottlingAndServerErrorsAreRetried) {
  auto http = std::make_shared<FakeHttp>();
  int calls = 0;
  http->set_handler([&](const HttpRequest&) -> Result<HttpResponse> {
    ++calls;
    if (calls == 1) {
      return testing::http_response(400, sts_error_xml("Throttling", "Rate exceeded"));
    }
    if (calls == 2) {
      return testing::http_response(503, "");
    }
    return testing::http_response(200, sts_credentials_xml("AssumeRoleWithWebIdentity", "ASIA",
                                                           k_secret, k_token, k_expiration));
  });
  FakeEnv env;
  const auto context = testing::test_context(http, env, FakeClock());
  AssumeRoleParams params{k_role, "s", "", std::nullopt};
  const auto credentials =
      sts_assume_role_with_web_identity(context, {"http://sts.test", "us-east-1"}, params, "jwt");
  ASSERT_TRUE(credentials) << credentials.error().message;
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(http->requests.at(0).url, "http://sts.test/");
  EXPECT_EQ(http->requests.at(0).method, "POST");
}

// --- AssumeRole from a profile ----------------------------------------------------------

TEST_F(CredentialStsTest, RoleProfileAssumesTheRoleWithSourceProfileKeys) {
  StsStandIn sts([](const SeenRequest&) {
    return std::pair{200, sts_credentials_xml("AssumeRole", "ASIAASSUMED", "assumed-secret",
                                              "assumed-token", k_expiration)};
  });
  home.write(".aws/credentials", "[base]\naws_access_key_id = " + k_key_id +
                                     "\naws_secret_access_key = " + k_secret + "\n");
  home.write(".aws/config", std::string("[profile reader]\nrole_arn = ") + k_role +
                                "\nsource_profile = base\nexternal_id = ext-42\n"
                                "duration_seconds = 900\nregion = eu-west-1\n");
  env.set("AWS_PROFILE", "reader").set("AWS_ENDPOINT_URL_STS", sts.url());

  const auto credentials = chain_credentials();
  ASSERT_TRUE(credentials) << credentials.error().message;
  EXPECT_EQ(credentials->access_key_id, "ASIAASSUMED");
  EXPECT_EQ(credentials->secret_access_key, "assumed-secret");
  EXPECT_EQ(credentials->session_token, "assumed-token");
  EXPECT_EQ(credentials->expires_at, k_expires_at);
  EXPECT_EQ(credentials->source, std::string("profile reader (assume role ") + k_role + ")");

  const auto seen = sts.seen();
  ASSERT_EQ(seen.size(), 1U);
  const auto& fields = seen[0].fields;
  EXPECT_EQ(fields.at("Action"), "AssumeRole");
  EXPECT_EQ(fields.at("Version"), "2011-06-15");
  EXPECT_EQ(fields.at("RoleArn"), k_role);
  EXPECT_EQ(fields.at("RoleSessionName"), "boostburn-1700000000");
  EXPECT_EQ(fields.at("ExternalId"), "ext-42");
  EXPECT_EQ(fields.at("DurationSeconds"), "900");
  EXPECT_THAT(seen[0].authorization, StartsWith("AWS4-HMAC-SHA256 Credential=" + k_key_id +
                                                "/20231114/eu-west-1/sts/aws4_request, "));
  EXPECT_THAT(seen[0].authorization, HasSubstr("Signature="));
  EXPECT_THAT(seen[0].authorization, Not(HasSubstr(k_secret)));
  EXPECT_EQ(seen[0].security_token, "");
  EXPECT_THAT(seen[0].content_type, StartsWith("application/x-www-form-urlencoded"));
}

TEST_F(CredentialStsTest, TemporarySourceCredentialsSendTheirSessionToken) {
  StsStandIn sts([](const SeenRequest&) {
    return std::pair{200, sts_credentials_xml("AssumeRole", "ASIAX", "s", "t", k_expiration)};
  });
  home.write(".aws/credentials", "[base]\naws_access_key_id = ASIABASE\naws_secret_access_key = " +
                                     k_secret + "\naws_session_token = " + k_token + "\n");
  home.write(".aws/config", std::string("[default]\nrole_arn = ") + k_role +
                                "\nsource_profile = base\nrole_session_name = nightly\n");
  env.set("AWS_ENDPOINT_URL", sts.url());
  ASSERT_TRUE(chain_credentials());
  const auto seen = sts.seen();
  ASSERT_EQ(seen.size(), 1U);
  EXPECT_EQ(seen[0].security_token, k_token);
  EXPECT_EQ(seen[0].fields.at("RoleSessionName"), "nightly");
  EXPECT_FALSE(seen[0].fields.contains("ExternalId"));
  EXPECT_FALSE(seen[0].fields.contains("DurationSeconds"));
  EXPECT_THAT(seen[0].authorization, HasSubstr("/us-east-1/sts/aws4_request"));
}

TEST_F(CredentialStsTest, ChainedRolesAssumeInnermostFirst) {
  StsStandIn sts([](const SeenRequest& seen) {
    const bool outer = seen.fields.at("RoleArn") == "arn:aws:iam::1:role/outer";
    return std::pair{200, sts_credentials_xml("AssumeRole", outer ? "ASIAOUTER" : "ASIAINNER", "s",
                                              "t", k_expiration)};
  });
  home.write(".aws/credentials",
             "[keys]\naws_access_key_id = AKIAKEYS\naws_secret_access_key = k\n");
  home.write(".aws/config",
             "[profile outer]\nrole_arn = arn:aws:iam::1:role/outer\nsource_profile = inner\n"
             "[profile inner]\nrole_arn = arn:aws:iam::1:role/inner\nsource_profile = keys\n");
  env.set("AWS_PROFILE", "outer").set("AWS_ENDPOINT_URL_STS", sts.url());
  const auto credentials = chain_credentials();
  ASSERT_TRUE(credentials) << credentials.error().message;
  EXPECT_EQ(credentials->access_key_id, "ASIAOUTER");
  const auto seen = sts.seen();
  ASSERT_EQ(seen.size(), 2U);
  EXPECT_EQ(seen[0].fields.at("RoleArn"), "arn:aws:iam::1:role/inner");
  EXPECT_THAT(seen[0].authorization, HasSubstr("Credential=AKIAKEYS/"));
  EXPECT_EQ(seen[1].fields.at("RoleArn"), "arn:aws:iam::1:role/outer");
  EXPECT_THAT(seen[1].authorization, HasSubstr("Credential=ASIAINNER/"));
}

TEST_F(CredentialStsTest, RoleProfileThatIsItsOwnSourceUsesItsOwnKeys) {
  StsStandIn sts([](const SeenRequest&) {
    return std::pair{200, sts_credentials_xml("AssumeRole", "ASIASELF", "s", "t", k_expiration)};
  });
  home.write(".aws/credentials", std::string("[self]\naws_access_key_id = AKIASELF\n"
                                             "aws_secret_access_key = k\nrole_arn = ") +
                                     k_role + "\nsource_profile = self\n");
  env.set("AWS_PROFILE", "self").set("AWS_ENDPOINT_URL_STS", sts.url());
  const auto credentials = chain_credentials();
  ASSERT_TRUE(credentials) << credentials.error().message;
  EXPECT_EQ(credentials->access_key_id, "ASIASELF");
  EXPECT_THAT(sts.seen().at(0).authorization, HasSubstr("Credential=AKIASELF/"));
}

TEST_F(CredentialStsTest, SourceProfileCyclesAreRefused) {
  home.write(".aws/config",
             "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n"
             "[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = a\n");
  env.set("AWS_PROFILE", "a").set("AWS_ENDPOINT_URL_STS", testing::closed_loopback_url());
  const auto credentials = chain_credentials();
  ASSERT_FALSE(credentials);
  EXPECT_EQ(credentials.error().kind, ErrorKind::config);
  EXPECT_EQ(credentials.error().message,
            "AWS credentials: profile a: source_profile b: source_profile cycle: a -> b -> a");
}

TEST_F(CredentialStsTest, RoleProfileProblemsAreConfigErrors) {
  home.write(".aws/config", std::string("[profile nosource]\nrole_arn = ") + k_role +
                                "\n"
                                "[profile missing]\nrole_arn = " +
                                k_role +
                                "\nsource_profile = ghost\n"
                                "[profile mfa]\nrole_arn = " +
                                k_role +
                                "\nsource_profile = missing\nmfa_serial = x\n"
                                "[profile badsrc]\nrole_arn = " +
                                k_role + "\ncredential_source = Laptop\n");
  env.set("AWS_PROFILE", "nosource");
  EXPECT_EQ(
      chain_credentials().error().message,
      "AWS credentials: profile nosource: role_arn needs source_profile, credential_source or "
      "web_identity_token_file");
  env.set("AWS_PROFILE", "missing");
  EXPECT_EQ(chain_credentials().error().message,
            "AWS credentials: profile missing: source_profile ghost: ~/.aws/credentials: no such "
            "file; ~/.aws/config: no such profile");
  env.set("AWS_PROFILE", "mfa");
  EXPECT_THAT(chain_credentials().error().message, HasSubstr("mfa_serial needs an MFA code"));
  env.set("AWS_PROFILE", "badsrc");
  EXPECT_THAT(
      chain_credentials().error().message,
      HasSubstr("credential_source must be Environment, Ec2InstanceMetadata or EcsContainer"));
}

TEST_F(CredentialStsTest, CredentialSourceEnvironmentSignsWithEnvironmentKeys) {
  StsStandIn sts([](const SeenRequest&) {
    return std::pair{200, sts_credentials_xml("AssumeRole", "ASIAFROMENV", "s", "t", k_expiration)};
  });
  home.write(".aws/config", std::string("[profile r]\nrole_arn = ") + k_role +
                                "\ncredential_source = Environment\n");
  // Environment keys would win as a source of their own; here only the
  // role profile can use them, through a chain without the environment source.
  env.set("AWS_PROFILE", "r")
      .set("AWS_ENDPOINT_URL_STS", sts.url())
      .set("AWS_ACCESS_KEY_ID", "AKIAENVKEY")
      .set("AWS_SECRET_ACCESS_KEY", k_secret);
  const auto found = make_profile_source(context())->resolve();
  ASSERT_TRUE(found && found->credentials) << (found ? found->reason : found.error().message);
  EXPECT_EQ(found->credentials->access_key_id, "ASIAFROMENV");
  EXPECT_THAT(sts.seen().at(0).authorization, HasSubstr("Credential=AKIAENVKEY/"));
}

TEST_F(CredentialStsTest, StsRefusalNamesCodeRoleAndEndpointButNoSecret) {
  // A hostile or buggy server echoing the secret back: it is scrubbed.
  StsStandIn sts([](const SeenRequest&) {
    return std::pair{403, sts_error_xml("AccessDenied", "not authorized; you sent " + k_secret)};
  });
  home.write(".aws/credentials", "[base]\naws_access_key_id = " + k_key_id +
                                     "\naws_secret_access_key = " + k_secret + "\n");
  home.write(".aws/config",
             std::string("[default]\nrole_arn = ") + k_role + "\nsource_profile = base\n");
  env.set("AWS_ENDPOINT_URL_STS", sts.url());
  const auto credentials = chain_credentials();
  ASSERT_FALSE(credentials);
  EXPECT_EQ(credentials.error().kind, ErrorKind::service);
  EXPECT_EQ(credentials.error().message,
            "AWS credentials: profile default: AssumeRole " + std::string(k_role) + " via " +
                sts.url() + ": HTTP 403 AccessDenied: not authorized; you sent ***");
  EXPECT_EQ(sts.seen().size(), 1U);  // a 403 is final: no retries
}

TEST_F(CredentialStsTest, UnreachableStsIsAServiceErrorAfterRetries) {
  home.write(".aws/credentials",
             "[base]\naws_access_key_id = A\naws_secret_access_key = " + k_secret + "\n");
  home.write(".aws/config",
             std::string("[default]\nrole_arn = ") + k_role + "\nsource_profile = base\n");
  const auto closed = testing::closed_loopback_url();
  env.set("AWS_ENDPOINT_URL_STS", closed);
  const auto credentials = chain_credentials();
  ASSERT_FALSE(credentials);
  EXPECT_EQ(credentials.error().kind, ErrorKind::service);
  EXPECT_THAT(credentials.error().message,
              StartsWith("AWS credentials: profile default: AssumeRole " + std::string(k_role) +
                         " via " + closed + ": "));
  EXPECT_THAT(credentials.error().message, HasSubstr("gave up after 3 attempts"));
  EXPECT_THAT(credentials.error().message, Not(HasSubstr(k_secret)));
}

// --- web identity --------------------------------------------------------------------

TEST_F(CredentialStsTest, WebIdentityFromEnvironmentSendsTheTokenUnsignedAndRereadsIt) {
  StsStandIn sts([](const SeenRequest& seen) {
    const std::string key = seen.fields.at("WebIdentityToken") == "jwt-one" ? "ASIAONE" : "ASIATWO";
    return std::pair{200,
                     sts_credentials_xml("AssumeRoleWithWebIdentity", key, "s", "t", k_expiration)};
  });
  home.write("token", "jwt-one\n");
  env.set("AWS_WEB_IDENTITY_TOKEN_FILE", (home / "token").string())
      .set("AWS_ROLE_ARN", k_role)
      .set("AWS_ROLE_SESSION_NAME", "ci-job")
      .set("AWS_ENDPOINT_URL_STS", sts.url());
  const auto chain = make_default_credential_chain(context());
  auto credentials = chain->credentials();
  ASSERT_TRUE(credentials) << credentials.error().message;
  EXPECT_EQ(credentials->access_key_id, "ASIAONE");
  EXPECT_EQ(credentials->source, std::string("web identity (") + k_role + ")");
  EXPECT_EQ(credentials->expires_at, k_expires_at);

  home.write("token", "jwt-two");  // the token file rotates
  clock.advance(3600 - 100);
  credentials = chain->credentials();
  ASSERT_TRUE(credentials) << credentials.error().message;
  EXPECT_EQ(credentials->access_key_id, "ASIATWO");

  const auto seen = sts.seen();
  ASSERT_EQ(seen.size(), 2U);
  EXPECT_EQ(seen[0].fields.at("Action"), "AssumeRoleWithWebIdentity");
  EXPECT_EQ(seen[0].fields.at("Version"), "2011-06-15");
  EXPECT_EQ(seen[0].fields.at("RoleArn"), k_role);
  EXPECT_EQ(seen[0].fields.at("RoleSessionName"), "ci-job");
  EXPECT_EQ(seen[0].fields.at("WebIdentityToken"), "jwt-one");
  EXPECT_EQ(seen[0].authorization, "");
  EXPECT_EQ(seen[1].fields.at("WebIdentityToken"), "jwt-two");
}

TEST_F(CredentialStsTest, WebIdentityFromAProfile) {
  StsStandIn sts([](const SeenRequest& seen) {
    EXPECT_EQ(seen.fields.at("WebIdentityToken"), "profile-jwt");
    return std::pair{
        200, sts_credentials_xml("AssumeRoleWithWebIdentity", "ASIAPROF", "s", "t", k_expiration)};
  });
  home.write("jwt", "profile-jwt");
  home.write(".aws/config", std::string("[profile pod]\nrole_arn = ") + k_role +
                                "\nweb_identity_token_file = ~/jwt\n");
  env.set("AWS_PROFILE", "pod").set("AWS_ENDPOINT_URL_STS", sts.url());
  const auto credentials = chain_credentials();
  ASSERT_TRUE(credentials) << credentials.error().message;
  EXPECT_EQ(credentials->access_key_id, "ASIAPROF");
  EXPECT_EQ(sts.seen().at(0).fields.at("RoleSessionName"), "boostburn-1700000000");
}

TEST_F(CredentialStsTest, WebIdentityRejectedTokenIsNotEchoed) {
  StsStandIn sts([](const SeenRequest& seen) {
    return std::pair{400,
                     sts_error_xml("InvalidIdentityToken",
                                   "Token " + seen.fields.at("WebIdentityToken") + " expired")};
  });
  home.write("token", k_token);
  env.set("AWS_WEB_IDENTITY_TOKEN_FILE", (home / "token").string())
      .set("AWS_ROLE_ARN", k_role)
      .set("AWS_ENDPOINT_URL_STS", sts.url());
  const auto credentials = chain_credentials();
  ASSERT_FALSE(credentials);
  EXPECT_EQ(credentials.error().message,
            "AWS credentials: web identity: AssumeRoleWithWebIdentity " + std::string(k_role) +
                " via " + sts.url() + ": HTTP 400 InvalidIdentityToken: Token *** expired");
}

TEST_F(CredentialStsTest, WebIdentityHalfConfiguredOrMissingTokenFile) {
  env.set("AWS_WEB_IDENTITY_TOKEN_FILE", (home / "token").string());
  EXPECT_EQ(
      chain_credentials().error().message,
      "AWS credentials: web identity: AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not");
  env.unset("AWS_WEB_IDENTITY_TOKEN_FILE").set("AWS_ROLE_ARN", k_role);
  EXPECT_EQ(
      chain_credentials().error().message,
      "AWS credentials: web identity: AWS_ROLE_ARN is set but AWS_WEB_IDENTITY_TOKEN_FILE is not");
  env.set("AWS_WEB_IDENTITY_TOKEN_FILE", (home / "token").string());
  EXPECT_EQ(chain_credentials().error().message,
            "AWS credentials: web identity: web identity token file " + (home / "token").string() +
                " does not exist");
  home.write("token", " \n");
  EXPECT_EQ(chain_credentials().error().message,
            "AWS credentials: web identity: web identity token file " + (home / "token").string() +
                " is empty");
}

}  // namespace
}  // namespace boostburn
