// The container endpoint and EC2 instance metadata (IMDSv2), against small
// HTTP servers on 127.0.0.1.
#include "boostburn/aws/credential_endpoints.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/temp_dir.hpp"
#include "unit/aws/credential_testing.hpp"

namespace boostburn {
namespace {

using testing::FakeClock;
using testing::FakeEnv;
using ::testing::HasSubstr;
using testing::k_key_id;
using testing::k_secret;
using testing::k_token;
using testing::LoopbackServer;
using ::testing::Not;
using testing::TempDir;

const std::string k_credentials_json =
    R"({"AccessKeyId": ")" + k_key_id + R"(", "SecretAccessKey": ")" + k_secret +
    R"(", "Token": ")" + k_token + R"(", "Expiration": "2023-11-14T23:13:20Z"})";

class CredentialEndpointsTest : public ::testing::Test {
 protected:
  CredentialContext context() {
    return testing::test_context(std::shared_ptr<HttpClient>(make_curl_http_client()), env, clock);
  }
  Result<SourceResult> resolve_container() { return make_container_source(context())->resolve(); }
  Result<SourceResult> resolve_imds() {
    return make_instance_metadata_source(context())->resolve();
  }

  FakeEnv env;
  FakeClock clock{1'700'000'000};
  TempDir dir;
};

// --- container URL -------------------------------------------------------------

TEST_F(CredentialEndpointsTest, ContainerUrlFromTheRelativeUriOnTheEcsHost) {
  CredentialContext ctx;
  ctx.env = env.lookup();
  EXPECT_EQ(container_credentials_url(ctx).value(), std::nullopt);
  env.set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/abc?x=1");
  EXPECT_EQ(container_credentials_url(ctx).value(), "http://169.254.170.2/v2/credentials/abc?x=1");
  env.set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "v2/credentials/abc");
  EXPECT_EQ(container_credentials_url(ctx).value(), "http://169.254.170.2/v2/credentials/abc");
  // The relative URI wins over a full one, as in the AWS CLI.
  env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:8080/creds");
  EXPECT_EQ(container_credentials_url(ctx).value(), "http://169.254.170.2/v2/credentials/abc");
}

TEST_F(CredentialEndpointsTest, ContainerFullUriAllowsHttpsAndLoopbackHttpOnly) {
  CredentialContext ctx;
  ctx.env = env.lookup();
  for (const std::string allowed :
       {"https://creds.example.com/get", "http://127.0.0.1:8080/creds", "http://127.9.9.9/c",
        "http://localhost:1234/c", "http://[::1]:99/c", "http://169.254.170.23/v1/credentials",
        "http://[fd00:ec2::23]/v1/credentials", "HTTP://127.0.0.1/x"}) {
    env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", allowed);
    const auto url = container_credentials_url(ctx);
    ASSERT_TRUE(url) << allowed << ": " << url.error().message;
    EXPECT_EQ(url->value(), allowed);
  }
  for (const std::string refused :
       {"http://10.0.0.5/creds", "http://example.com/c", "http://127.0.0.1.evil.com/c",
        "http://[::2]/c", "ftp://127.0.0.1/c", "127.0.0.1/c", "https://user@host/c",
        "http://a:b/c@127.0.0.1/x", "http://127.0.0.1/x@y"}) {
    env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", refused);
    const auto url = container_credentials_url(ctx);
    ASSERT_FALSE(url) << refused;
    EXPECT_EQ(url.error().kind, ErrorKind::config);
  }
  env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://10.0.0.5/creds?token=" + k_token);
  EXPECT_EQ(
      container_credentials_url(ctx).error().message,
      "AWS_CONTAINER_CREDENTIALS_FULL_URI http://10.0.0.5/creds: plain http is allowed only to "
      "a loopback address or the ECS/EKS agents");
  env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI",
          "http://" + k_token + ":" + k_secret + "@127.0.0.1/c");
  EXPECT_EQ(container_credentials_url(ctx).error().message,
            "AWS_CONTAINER_CREDENTIALS_FULL_URI must not contain user-info ('@')");
}

// --- container endpoint -------------------------------------------------------------

TEST_F(CredentialEndpointsTest, ContainerSendsTheAuthorizationTokenFromTheVariable) {
  LoopbackServer server;
  std::vector<std::string> seen;
  server.routes().Get("/creds", [&](const httplib::Request& request, httplib::Response& response) {
    seen.push_back(request.get_header_value("Authorization"));
    if (request.get_header_value("Authorization") != "Bearer ecs-token") {
      response.status = 401;
      return;
    }
    response.set_content(k_credentials_json, "application/json");
  });
  server.start();
  env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", server.url() + "/creds")
      .set("AWS_CONTAINER_AUTHORIZATION_TOKEN", "Bearer ecs-token");
  const auto found = resolve_container();
  ASSERT_TRUE(found && found->credentials) << (found ? found->reason : found.error().message);
  EXPECT_EQ(found->credentials->access_key_id, k_key_id);
  EXPECT_EQ(found->credentials->secret_access_key, k_secret);
  EXPECT_EQ(found->credentials->session_token, k_token);
  EXPECT_EQ(found->credentials->expires_at, 1'700'003'600);
  EXPECT_EQ(found->credentials->source, "container (" + server.url() + "/creds)");
  EXPECT_EQ(seen, std::vector<std::string>{"Bearer ecs-token"});
}

TEST_F(CredentialEndpointsTest, ContainerTokenFileWinsAndIsReadEachTime) {
  LoopbackServer server;
  std::vector<std::string> seen;
  server.routes().Get("/v1/credentials",
                      [&](const httplib::Request& request, httplib::Response& response) {
                        seen.push_back(request.get_header_value("Authorization"));
                        response.set_content(k_credentials_json, "application/json");
                      });
  server.start();
  dir.write("token", "pod-token-1\n");
  env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", server.url() + "/v1/credentials")
      .set("AWS_CONTAINER_AUTHORIZATION_TOKEN", "ignored")
      .set("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", (dir / "token").string());
  const auto source = make_container_source(context());
  ASSERT_TRUE(source->resolve());
  dir.write("token", "pod-token-2");
  ASSERT_TRUE(source->resolve());
  EXPECT_EQ(seen, (std::vector<std::string>{"pod-token-1", "pod-token-2"}));
}

TEST_F(CredentialEndpointsTest, ContainerFailuresAreServiceErrorsWithoutSecrets) {
  LoopbackServer server;
  server.routes().Get("/denied", [](const httplib::Request&, httplib::Response& response) {
    response.status = 401;
    response.set_content(k_credentials_json, "application/json");
  });
  server.routes().Get("/garbled", [](const httplib::Request&, httplib::Response& response) {
    response.set_content("{\"SecretAccessKey\": \"" + k_secret + "\", ", "application/json");
  });
  int flaky_calls = 0;
  server.routes().Get("/flaky", [&](const httplib::Request&, httplib::Response& response) {
    if (++flaky_calls < 3) {
      response.status = 500;
      return;
    }
    response.set_content(k_credentials_json, "application/json");
  });
  server.start();
  env.set("AWS_CONTAINER_AUTHORIZATION_TOKEN", k_token);

  env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", server.url() + "/denied?sig=" + k_secret);
  auto found = resolve_container();
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().kind, ErrorKind::service);
  EXPECT_EQ(found.error().message, "HTTP 401 from " + server.url() + "/denied");

  env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", server.url() + "/garbled");
  found = resolve_container();
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().message,
            "the answer of " + server.url() +
                "/garbled is not a JSON object (not shown: it may hold secrets)");

  env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", server.url() + "/flaky");
  found = resolve_container();
  ASSERT_TRUE(found && found->credentials) << (found ? found->reason : found.error().message);
  EXPECT_EQ(flaky_calls, 3);
}

TEST_F(CredentialEndpointsTest, ContainerTokenProblemsAreConfigErrors) {
  env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", testing::closed_loopback_url() + "/c")
      .set("AWS_CONTAINER_AUTHORIZATION_TOKEN", "line\nbreak");
  EXPECT_EQ(resolve_container().error().message,
            "the container authorization token contains a line break");
  env.set("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", (dir / "absent").string());
  EXPECT_EQ(resolve_container().error().message, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE " +
                                                     (dir / "absent").string() + " does not exist");
}

TEST_F(CredentialEndpointsTest, ContainerNotConfiguredIsNone) {
  const auto found = resolve_container();
  ASSERT_TRUE(found);
  EXPECT_FALSE(found->credentials);
  EXPECT_EQ(found->reason, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and _FULL_URI not set");
}

// --- instance metadata ----------------------------------------------------------------

// An IMDSv2 stand-in: credentials only with the session token it handed out.
class ImdsStandIn {
 public:
  explicit ImdsStandIn(std::string role = "reader-role", int credentials_status = 200) {
    auto& routes = m_server.routes();
    routes.Put(
        "/latest/api/token", [this](const httplib::Request& request, httplib::Response& response) {
          log("PUT token ttl=" + request.get_header_value("X-aws-ec2-metadata-token-ttl-seconds"));
          response.set_content("imds-session-token", "text/plain");
        });
    routes.Get("/latest/meta-data/iam/security-credentials/",
               [this, role](const httplib::Request& request, httplib::Response& response) {
                 log("GET roles token=" + request.get_header_value("X-aws-ec2-metadata-token"));
                 if (!authorised(request, response)) {
                   return;
                 }
                 if (role.empty()) {
                   response.status = 404;
                   return;
                 }
                 response.set_content(role + "\n", "text/plain");
               });
    routes.Get(
        "/latest/meta-data/iam/security-credentials/" + role,
        [this, credentials_status](const httplib::Request& request, httplib::Response& response) {
          log("GET credentials token=" + request.get_header_value("X-aws-ec2-metadata-token"));
          if (!authorised(request, response)) {
            return;
          }
          response.status = credentials_status;
          response.set_content(R"({"Code": "Success", "LastUpdated": "2023-11-14T22:00:00Z",
                   "Type": "AWS-HMAC", )" +
                                   k_credentials_json.substr(1),
                               "application/json");
        });
    m_server.start();
  }

  [[nodiscard]] std::string url() const { return m_server.url(); }
  std::vector<std::string> log() {
    const std::lock_guard lock(m_mutex);
    return m_log;
  }

 private:
  void log(const std::string& line) {
    const std::lock_guard lock(m_mutex);
    m_log.push_back(line);
  }
  static bool authorised(const httplib::Request& request, httplib::Response& response) {
    if (request.get_header_value("X-aws-ec2-metadata-token") != "imds-session-token") {
      response.status = 401;
      return false;
    }
    return true;
  }

  std::mutex m_mutex;
  std::vector<std::string> m_log;
  LoopbackServer m_server;
};

TEST_F(CredentialEndpointsTest, ImdsTokenThenRoleThenCredentials) {
  ImdsStandIn imds;
  env.set("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url() + "/");
  const auto found = resolve_imds();
  ASSERT_TRUE(found && found->credentials) << (found ? found->reason : found.error().message);
  EXPECT_EQ(found->credentials->access_key_id, k_key_id);
  EXPECT_EQ(found->credentials->secret_access_key, k_secret);
  EXPECT_EQ(found->credentials->session_token, k_token);
  EXPECT_EQ(found->credentials->expires_at, 1'700'003'600);
  EXPECT_EQ(found->credentials->source, "EC2 instance metadata (role reader-role)");
  EXPECT_EQ(imds.log(),
            (std::vector<std::string>{"PUT token ttl=21600", "GET roles token=imds-session-token",
                                      "GET credentials token=imds-session-token"}));
}

TEST_F(CredentialEndpointsTest, ImdsWithoutRoleOrWithErrorsIsNoneWithReason) {
  {
    ImdsStandIn imds("");
    env.set("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url());
    const auto found = resolve_imds();
    ASSERT_TRUE(found);
    EXPECT_FALSE(found->credentials);
    EXPECT_EQ(found->reason, "no IAM role attached to this instance (HTTP 404)");
  }
  {
    ImdsStandIn imds("reader-role", 403);
    env.set("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url());
    const auto found = resolve_imds();
    ASSERT_TRUE(found);
    EXPECT_EQ(found->reason, "credentials of role reader-role answered HTTP 403");
  }
}

TEST_F(CredentialEndpointsTest, ImdsNotAnsweringMovesOnQuickly) {
  const auto closed = testing::closed_loopback_url();
  env.set("AWS_EC2_METADATA_SERVICE_ENDPOINT", closed);
  const auto started = std::chrono::steady_clock::now();
  const auto found = resolve_imds();
  ASSERT_TRUE(found);
  EXPECT_FALSE(found->credentials);
  EXPECT_EQ(found->reason, "no answer from " + closed + " in 1s");
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
}

TEST_F(CredentialEndpointsTest, ImdsCanBeDisabled) {
  ImdsStandIn imds;
  env.set("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url()).set("AWS_EC2_METADATA_DISABLED", "True");
  const auto found = resolve_imds();
  ASSERT_TRUE(found);
  EXPECT_FALSE(found->credentials);
  EXPECT_EQ(found->reason, "AWS_EC2_METADATA_DISABLED=true");
  EXPECT_TRUE(imds.log().empty());
}

TEST_F(CredentialEndpointsTest, ImdsEndpointDefaults) {
  CredentialContext ctx;
  ctx.env = env.lookup();
  EXPECT_EQ(instance_metadata_endpoint(ctx), "http://169.254.169.254");
  env.set("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6");
  EXPECT_EQ(instance_metadata_endpoint(ctx), "http://[fd00:ec2::254]");
  env.set("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1338/");
  EXPECT_EQ(instance_metadata_endpoint(ctx), "http://127.0.0.1:1338");
}

}  // namespace
}  // namespace boostburn
