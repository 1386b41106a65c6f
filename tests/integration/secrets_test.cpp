// Secrets never leak (issue 5, item 6): known fake secrets -- AWS keys, a
// session token, Slack webhook path tokens and a password, a container
// authorization token -- reach the real binary through the environment,
// ~/.aws/credentials and ~/.aws/config, credential_process programs (one
// failing, printing them on its stderr), a .env file and the loopback
// container endpoint; each scenario below drives one path, successful or
// failing, mostly with --debug and --trace. After each run, stdout, stderr,
// every file under the run's workspace (state folder, CSV, manifests of the
// local bucket), any file the run left in $HOME, every body posted to the
// Slack stand-in and every object in the moto buckets are grepped for every
// secret. moto's own keys count as secrets too.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <memory>
#include <set>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include "support/s3_server.hpp"
#include "support/slack_server.hpp"
#include "support/workspace.hpp"

extern char** environ;  // NOLINT: POSIX

namespace boostburn {
namespace {

using ::testing::HasSubstr;
using testing::ProcessResult;
using testing::SlackReply;
using testing::SlackServer;
using testing::TempDir;

// The fake secrets. Distinctive, so that a hit can only be a leak.
const std::string k_fake_key_id = "AKIAFAKESECRET0000001";
const std::string k_fake_secret_key = "fakeSecretKey/ABCDEFGHIJKLMNOPQRSTUVWXYZ0123";
const std::string k_fake_session_token = "FakeSessionTokenIQoJb3JpZ2luX2VjFAKE0123456789abcdef";
const std::string k_fake_webhook_token = "FakeWebhookPathToken0123456789xyz";
const std::string k_fake_webhook_password = "FakeWebhookPassword0123456789";
const std::string k_fake_container_token = "FakeContainerAuthToken0123456789";
const std::string k_fake_web_identity_token = "eyFakeWebIdentityToken.eyJzdWIiOiJmYWtlIn0.FakeSig";

// Where the day's logs are.
enum class Logs {
  local,           // file://bucket in the workspace (manifests are written there)
  moto,            // s3://bb-logs on moto
  missing_bucket,  // s3://bb-no-such-bucket on moto
  refused,         // an S3 endpoint on a closed port
  not_http,        // an S3 endpoint that answers with something that is not HTTP
};

// How the AWS credentials reach the binary.
enum class Creds {
  none,                        // nowhere
  fake_env,                    // the fake key, secret and session token in the environment
  moto_env,                    // moto's key in the environment
  moto_key_wrong_secret,       // moto's key id with the fake secret (SignatureDoesNotMatch)
  denied_env,                  // moto's key of a user denied every S3 action
  profile_moto,                // AWS_PROFILE=moto from ~/.aws/credentials
  profile_fake_config,         // AWS_PROFILE=fakecfg from ~/.aws/config: the fake ones
  process_fake,                // credential_process printing the fake ones
  process_failing,             // credential_process printing them, then exiting 1
  process_garbage,             // credential_process printing them, not as JSON
  dotenv_moto,                 // moto's key (and the webhook) from BOOSTBURN_ENV_FILE
  dotenv_malformed,            // a .env line without '=' holding the fake ones
  credentials_file_malformed,  // AWS_SHARED_CREDENTIALS_FILE with a line without '='
  container_fake,              // a loopback container endpoint answering the fake ones
  web_identity_fake,           // AWS_WEB_IDENTITY_TOKEN_FILE holding the fake token (STS on moto)
  assume_role_fake_source,     // role_arn + source_profile with the fake keys (STS on moto)
};

// The Slack webhook.
enum class Slack {
  none,
  ok,               // the stand-in answers 200 "ok" (after checking the payload)
  invalid_payload,  // 400 invalid_payload
  no_service,       // 404 no_service
  server_error,     // 500 on every attempt: retried, then given up
  unreachable,      // a closed port
  plain_http,       // http:// to a host that is not loopback, the token in its path
  user_info,        // https://user:<password>@hooks.slack.com/...
};

struct Scenario {
  std::string name;
  Logs logs;
  Creds creds;
  Slack slack;
  std::vector<std::string> args;  // after the common ones
  int exit_code;
  std::string shows;  // on stdout or stderr: the path under test was taken
};

void PrintTo(const Scenario& scenario, std::ostream* out) { *out << scenario.name; }

const std::vector<std::string> k_verbose = {"--debug", "--trace"};

std::vector<std::string> verbose(std::vector<std::string> more = {}) {
  more.insert(more.begin(), k_verbose.begin(), k_verbose.end());
  return more;
}

// clang-format off
const std::vector<Scenario> k_scenarios = {
  // S3 (moto) and the credential sources.
  {"S3Succeeds", Logs::moto, Creds::moto_env, Slack::ok, verbose(), 0, "slack: posted"},
  {"WrongSecret", Logs::moto, Creds::moto_key_wrong_secret, Slack::ok, verbose(), 4,
   "SignatureDoesNotMatch"},
  {"UnknownKeyWithSessionToken", Logs::moto, Creds::fake_env, Slack::ok, verbose(), 4,
   "InvalidAccessKeyId"},
  {"AccessDenied", Logs::moto, Creds::denied_env, Slack::ok, verbose(), 4, "AccessDenied"},
  {"MissingBucket", Logs::missing_bucket, Creds::moto_env, Slack::ok, verbose(), 3, "NoSuchBucket"},
  {"EndpointRefuses", Logs::refused, Creds::fake_env, Slack::ok,
   verbose({"--s3-max-attempts", "1"}), 4, "Couldn't connect"},
  {"EndpointIsNotHttp", Logs::not_http, Creds::fake_env, Slack::ok,
   verbose({"--s3-max-attempts", "1"}), 4, "HTTP/0.9"},
  {"ProfileFromCredentialsFile", Logs::moto, Creds::profile_moto, Slack::ok, verbose(), 0,
   "slack: posted"},
  {"ProfileFromConfigFile", Logs::moto, Creds::profile_fake_config, Slack::ok, verbose(), 4,
   "from profile fakecfg"},
  {"CredentialProcess", Logs::moto, Creds::process_fake, Slack::ok, verbose(), 4,
   "from profile process (credential_process)"},
  {"CredentialProcessFails", Logs::moto, Creds::process_failing, Slack::ok, verbose(), 3,
   "exited with status 1"},
  {"CredentialProcessPrintsNoJson", Logs::moto, Creds::process_garbage, Slack::ok, verbose(), 3,
   "not a JSON object"},
  {"MalformedCredentialsFile", Logs::moto, Creds::credentials_file_malformed, Slack::ok, verbose(),
   3, "expected 'key = value'"},
  {"ContainerEndpoint", Logs::moto, Creds::container_fake, Slack::ok, verbose(), 4,
   "from container"},
  // (moto answers AssumeRoleWithWebIdentity with HTTP 500: an STS error path.)
  {"WebIdentity", Logs::moto, Creds::web_identity_fake, Slack::ok, verbose(), 4,
   "AssumeRoleWithWebIdentity"},
  {"AssumeRoleWithFakeSourceProfile", Logs::moto, Creds::assume_role_fake_source, Slack::ok,
   verbose(), 4, "InvalidClientTokenId"},
  {"DotEnv", Logs::moto, Creds::dotenv_moto, Slack::ok, verbose(), 0, "slack: posted"},
  {"MalformedDotEnv", Logs::local, Creds::dotenv_malformed, Slack::ok, verbose(), 2,
   "expected NAME=value"},
  {"NoCredentials", Logs::moto, Creds::none, Slack::ok, verbose(), 3, "no AWS credentials found"},
  // Slack, with the fake AWS secrets in the environment all along.
  {"SlackInvalidPayload", Logs::local, Creds::fake_env, Slack::invalid_payload, verbose(), 4,
   "invalid_payload"},
  {"SlackNoService", Logs::local, Creds::fake_env, Slack::no_service, verbose(), 4, "no_service"},
  {"SlackServerErrorsGiveUp", Logs::local, Creds::fake_env, Slack::server_error, verbose(), 4,
   "gave up after 5 attempts"},
  {"SlackUnreachable", Logs::local, Creds::fake_env, Slack::unreachable,
   verbose({"--slack-timeout", "1"}), 4, "gave up after 5 attempts"},
  {"TestSlackPosts", Logs::local, Creds::fake_env, Slack::ok, verbose({"--test-slack"}), 0,
   "slack: posted"},
  {"TestSlackFails", Logs::local, Creds::fake_env, Slack::no_service, verbose({"--test-slack"}), 4,
   "no_service"},
  {"WebhookOverPlainHttp", Logs::local, Creds::fake_env, Slack::plain_http, verbose(), 2,
   "https://"},
  {"WebhookWithPassword", Logs::local, Creds::fake_env, Slack::user_info, verbose(), 2,
   "without user information"},
  {"WebhookOnTheCommandLine", Logs::local, Creds::fake_env, Slack::none,
   verbose({"--slack-webhook-url",
            "http://hooks.example.com/services/T0FAKE/B0FAKE/" + k_fake_webhook_token}),
   2, "https://"},
  // Output formats and the command line.
  {"JsonOutput", Logs::local, Creds::fake_env, Slack::ok, verbose({"--json"}), 0,
   "\"report_date\": \"2026-11-30\""},
  {"Help", Logs::local, Creds::fake_env, Slack::ok, {"--help"}, 0, "Usage:"},
  {"BadArgument", Logs::local, Creds::fake_env, Slack::ok, verbose({"--s3-max-attempts", "999"}), 2,
   "--s3-max-attempts"},
};
// clang-format on

struct Secret {
  std::string name;
  std::string value;
};

// A loopback port that nothing listens on (it was just closed).
int closed_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), size);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
  ::close(fd);
  return ntohs(address.sin_port);
}

// A TCP server on loopback that reads the request and answers with an SSH
// banner, then hangs up: an S3 endpoint that is not HTTP.
class NotHttpServer {
 public:
  NotHttpServer() : m_fd(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    if (::bind(m_fd, reinterpret_cast<sockaddr*>(&address), size) != 0 || ::listen(m_fd, 8) != 0 ||
        ::getsockname(m_fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
      throw std::runtime_error("NotHttpServer: cannot listen on 127.0.0.1");
    }
    m_port = ntohs(address.sin_port);
    m_thread = std::thread([this] { serve(); });
  }
  ~NotHttpServer() {
    m_stop = true;
    m_thread.join();
    ::close(m_fd);
  }
  NotHttpServer(const NotHttpServer&) = delete;
  NotHttpServer& operator=(const NotHttpServer&) = delete;

  [[nodiscard]] std::string endpoint() const {
    return "http://127.0.0.1:" + std::to_string(m_port);
  }

 private:
  void serve() const {
    constexpr std::string_view k_banner = "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n";
    while (!m_stop) {
      pollfd listening{m_fd, POLLIN, 0};
      if (::poll(&listening, 1, 100) <= 0) {
        continue;
      }
      const int connection = ::accept(m_fd, nullptr, nullptr);
      if (connection < 0) {
        continue;
      }
      pollfd request{connection, POLLIN, 0};
      char buffer[65536];
      if (::poll(&request, 1, 1000) > 0) {
        static_cast<void>(::recv(connection, buffer, sizeof buffer, 0));
      }
      static_cast<void>(::send(connection, k_banner.data(), k_banner.size(), MSG_NOSIGNAL));
      ::close(connection);
    }
  }

  int m_fd;
  int m_port = 0;
  std::atomic<bool> m_stop{false};
  std::thread m_thread;
};

// A container credentials endpoint on loopback answering the fake secrets.
class ContainerEndpoint {
 public:
  ContainerEndpoint() {
    m_server.Get(".*", [](const httplib::Request&, httplib::Response& response) {
      response.set_content(R"({"AccessKeyId": ")" + k_fake_key_id + R"(", "SecretAccessKey": ")" +
                               k_fake_secret_key + R"(", "Token": ")" + k_fake_session_token +
                               R"(", "Expiration": "2099-01-01T00:00:00Z"})",
                           "application/json");
    });
    m_port = m_server.bind_to_any_port("127.0.0.1");
    if (m_port < 0) {
      throw std::runtime_error("ContainerEndpoint: cannot bind a port on 127.0.0.1");
    }
    m_thread = std::thread([this] { m_server.listen_after_bind(); });
    while (!m_server.is_running()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  ~ContainerEndpoint() {
    m_server.stop();
    m_thread.join();
  }
  ContainerEndpoint(const ContainerEndpoint&) = delete;
  ContainerEndpoint& operator=(const ContainerEndpoint&) = delete;

  [[nodiscard]] std::string url() const {
    return "http://127.0.0.1:" + std::to_string(m_port) + "/v2/credentials/fake";
  }

 private:
  httplib::Server m_server;
  int m_port = -1;
  std::thread m_thread;
};

void write_executable(const TempDir& dir, const std::string& name, const std::string& script) {
  dir.write(name, script);
  std::filesystem::permissions(dir / name, std::filesystem::perms::owner_all);
}

// Every file under `root`, as paths relative to it.
std::set<std::string> files_under(const std::filesystem::path& root) {
  std::set<std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (entry.is_regular_file()) {
      files.insert(std::filesystem::relative(entry.path(), root).string());
    }
  }
  return files;
}

class Secrets : public ::testing::TestWithParam<Scenario> {
 protected:
  static void SetUpTestSuite() {
    s_logs = new TempDir();
    s_logs->write("AWSLogs/111122223333/BedrockModelInvocationLogs/us-east-1/2026/11/30/10/a.json",
                  testing::log_record("r1", "2026-11-30T10:00:00Z", 1000, 100));
    testing::S3ServerOptions options;
    options.buckets = {{"bb-logs", s_logs->path()}};
    auto server = testing::S3Server::start(options);
    ASSERT_TRUE(server) << server.error().message;
    s_moto = server->release();
  }
  static void TearDownTestSuite() {
    delete s_moto;
    delete s_logs;
  }

  void SetUp() override {
    const Scenario& scenario = GetParam();
    m_secrets = {{"fake access key id", k_fake_key_id},
                 {"fake secret access key", k_fake_secret_key},
                 {"fake session token", k_fake_session_token},
                 {"fake webhook path token", k_fake_webhook_token},
                 {"fake webhook password", k_fake_webhook_password},
                 {"fake container token", k_fake_container_token},
                 {"fake web identity token", k_fake_web_identity_token},
                 {"moto access key id", s_moto->access_key_id()},
                 {"moto secret access key", s_moto->secret_access_key()},
                 {"moto denied access key id", s_moto->denied_access_key_id()},
                 {"moto denied secret access key", s_moto->denied_secret_access_key()}};
    clean_environment();
    m_env["HOME"] = m_home.path().string();
    m_env["AWS_EC2_METADATA_DISABLED"] = "true";
    m_env["BOOSTBURN_NOW"] = "2026-12-02T00:00:00Z";
    m_env["BOOSTBURN_ENV_FILE"] = (m_home / "absent.env").string();
    set_up_logs(scenario.logs);
    set_up_home();
    set_up_slack(scenario.slack);
    set_up_credentials(scenario.creds);
    if (!m_webhook.empty()) {
      if (scenario.creds == Creds::dotenv_moto) {
        m_home.write("secrets.env", testing::slurp(m_home / "secrets.env") +
                                        "SLACK_WEBHOOK_URL=\"" + m_webhook + "\"\n");
      } else {
        m_env["SLACK_WEBHOOK_URL"] = m_webhook;
      }
    }
    m_seeded_home = files_under(m_home.path());
  }

  // No AWS_, BOOSTBURN_ or SLACK_ variable of the test's own environment
  // reaches the binary (run_process() unsets the empty ones).
  void clean_environment() {
    for (char** entry = environ; *entry != nullptr; ++entry) {
      const std::string_view variable(*entry);
      const std::string name(variable.substr(0, variable.find('=')));
      if (name.starts_with("AWS_") || name.starts_with("BOOSTBURN_") || name.starts_with("SLACK_")) {
        m_env[name] = "";
      }
    }
  }

  void set_up_logs(Logs logs) {
    m_work.write("pricing.yaml",
                 "schema_version: 2\nrates:\n  anthropic.claude-3-haiku-20240307-v1:\n"
                 "    default: {input: 0.25, output: 1.25}\n");
    m_work.write("bucket/AWSLogs/111122223333/BedrockModelInvocationLogs/us-east-1/2026/11/30/10/"
                 "a.json",
                 testing::log_record("r1", "2026-11-30T10:00:00Z", 1000, 100));
    std::string bucket = "s3://bb-logs";
    switch (logs) {
      case Logs::local:
        bucket = "file://bucket";
        break;
      case Logs::moto:
        m_env["AWS_ENDPOINT_URL_S3"] = s_moto->endpoint();
        break;
      case Logs::missing_bucket:
        bucket = "s3://bb-no-such-bucket";
        m_env["AWS_ENDPOINT_URL_S3"] = s_moto->endpoint();
        break;
      case Logs::refused:
        m_env["AWS_ENDPOINT_URL_S3"] = "http://127.0.0.1:" + std::to_string(closed_port());
        break;
      case Logs::not_http:
        m_not_http = std::make_unique<NotHttpServer>();
        m_env["AWS_ENDPOINT_URL_S3"] = m_not_http->endpoint();
        break;
    }
    m_work.write("regions.yaml",
                 "account_id: \"111122223333\"\nregions:\n  us-east-1: " + bucket + "\n");
  }

  // ~/.aws with profiles holding every kind of secret, and the
  // credential_process programs; only the chosen profile is used.
  void set_up_home() {
    const std::string fake_keys = "aws_access_key_id = " + k_fake_key_id +
                                  "\naws_secret_access_key = " + k_fake_secret_key +
                                  "\naws_session_token = " + k_fake_session_token + "\n";
    m_home.write(".aws/credentials", "[fake]\n" + fake_keys + "\n[moto]\naws_access_key_id = " +
                                         s_moto->access_key_id() + "\naws_secret_access_key = " +
                                         s_moto->secret_access_key() + "\n");
    const std::string home = m_home.path().string();
    m_home.write(".aws/config", "[profile fakecfg]\n" + fake_keys +
                                    "\n[profile process]\ncredential_process = " + home +
                                    "/print-credentials.sh --quiet\n"
                                    "\n[profile failing-process]\ncredential_process = " +
                                    home + "/failing-credentials.sh\n"
                                    "\n[profile garbage-process]\ncredential_process = " +
                                    home + "/garbage-credentials.sh\n"
                                    "\n[profile assume]\nrole_arn = "
                                    "arn:aws:iam::123456789012:role/boostburn-reader\n"
                                    "source_profile = fake\n");
    const std::string json = R"({"Version": 1, "AccessKeyId": ")" + k_fake_key_id +
                             R"(", "SecretAccessKey": ")" + k_fake_secret_key +
                             R"(", "SessionToken": ")" + k_fake_session_token + R"("})";
    write_executable(m_home, "print-credentials.sh", "#!/bin/sh\necho '" + json + "'\n");
    write_executable(m_home, "failing-credentials.sh",
                     "#!/bin/sh\necho 'cannot refresh " + k_fake_key_id + " " + k_fake_secret_key +
                         " " + k_fake_session_token + "' >&2\necho '" + json + "'\nexit 1\n");
    write_executable(m_home, "garbage-credentials.sh",
                     "#!/bin/sh\necho 'key=" + k_fake_key_id + " secret=" + k_fake_secret_key +
                         " token=" + k_fake_session_token + "'\n");
  }

  void set_up_slack(Slack slack) {
    const auto serve = [this](std::vector<SlackReply> script, SlackReply then) {
      m_slack = std::make_unique<SlackServer>(std::move(script), std::move(then));
      m_webhook = m_slack->url();
      m_secrets.push_back({"webhook path token", m_slack->secret()});
    };
    switch (slack) {
      case Slack::none:
        break;
      case Slack::ok:
        serve({}, SlackReply::validated_ok());
        break;
      case Slack::invalid_payload:
        serve({SlackReply::error(400, "invalid_payload")}, SlackReply::validated_ok());
        break;
      case Slack::no_service:
        serve({SlackReply::error(404, "no_service")}, SlackReply::validated_ok());
        break;
      case Slack::server_error:
        serve({}, SlackReply::error(500, "rollup_error"));
        break;
      case Slack::unreachable:
        m_webhook = "http://127.0.0.1:" + std::to_string(closed_port()) +
                    "/services/T0FAKE/B0FAKE/" + k_fake_webhook_token;
        break;
      case Slack::plain_http:
        m_webhook = "http://hooks.example.com/services/T0FAKE/B0FAKE/" + k_fake_webhook_token;
        break;
      case Slack::user_info:
        m_webhook = "https://boostburn:" + k_fake_webhook_password +
                    "@hooks.slack.com/services/T0FAKE/B0FAKE/" + k_fake_webhook_token;
        break;
    }
  }

  void set_up_credentials(Creds creds) {
    const auto keys = [this](const std::string& id, const std::string& secret) {
      m_env["AWS_ACCESS_KEY_ID"] = id;
      m_env["AWS_SECRET_ACCESS_KEY"] = secret;
    };
    switch (creds) {
      case Creds::none:
        break;
      case Creds::fake_env:
        keys(k_fake_key_id, k_fake_secret_key);
        m_env["AWS_SESSION_TOKEN"] = k_fake_session_token;
        break;
      case Creds::moto_env:
        keys(s_moto->access_key_id(), s_moto->secret_access_key());
        break;
      case Creds::moto_key_wrong_secret:
        keys(s_moto->access_key_id(), k_fake_secret_key);
        break;
      case Creds::denied_env:
        keys(s_moto->denied_access_key_id(), s_moto->denied_secret_access_key());
        break;
      case Creds::profile_moto:
        m_env["AWS_PROFILE"] = "moto";
        break;
      case Creds::profile_fake_config:
        m_env["AWS_PROFILE"] = "fakecfg";
        break;
      case Creds::process_fake:
        m_env["AWS_PROFILE"] = "process";
        break;
      case Creds::process_failing:
        m_env["AWS_PROFILE"] = "failing-process";
        break;
      case Creds::process_garbage:
        m_env["AWS_PROFILE"] = "garbage-process";
        break;
      case Creds::dotenv_moto:
        m_home.write("secrets.env", "# the run's secrets\nAWS_ACCESS_KEY_ID=" +
                                        s_moto->access_key_id() + "\nexport AWS_SECRET_ACCESS_KEY='" +
                                        s_moto->secret_access_key() + "'\n");
        m_env["BOOSTBURN_ENV_FILE"] = (m_home / "secrets.env").string();
        break;
      case Creds::dotenv_malformed:
        m_home.write("secrets.env", "AWS_ACCESS_KEY_ID=" + k_fake_key_id + "\n" +
                                        k_fake_secret_key + " " + k_fake_session_token + "\n");
        m_env["BOOSTBURN_ENV_FILE"] = (m_home / "secrets.env").string();
        break;
      case Creds::credentials_file_malformed:
        m_home.write("elsewhere/credentials", "[default]\naws_access_key_id = " + k_fake_key_id +
                                                  "\n" + k_fake_secret_key + "\n");
        m_env["AWS_SHARED_CREDENTIALS_FILE"] = (m_home / "elsewhere/credentials").string();
        m_env["AWS_CONFIG_FILE"] = (m_home / "elsewhere/config").string();
        break;
      case Creds::container_fake:
        m_container = std::make_unique<ContainerEndpoint>();
        m_env["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = m_container->url();
        m_env["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = k_fake_container_token;
        break;
      case Creds::web_identity_fake:
        m_home.write("web-identity-token", k_fake_web_identity_token);
        m_env["AWS_WEB_IDENTITY_TOKEN_FILE"] = (m_home / "web-identity-token").string();
        m_env["AWS_ROLE_ARN"] = "arn:aws:iam::123456789012:role/boostburn-reader";
        m_env["AWS_ENDPOINT_URL_STS"] = s_moto->endpoint();
        break;
      case Creds::assume_role_fake_source:
        m_env["AWS_PROFILE"] = "assume";
        m_env["AWS_ENDPOINT_URL_STS"] = s_moto->endpoint();
        break;
    }
  }

  ProcessResult run(const std::vector<std::string>& args) const {
    std::vector<std::string> argv{testing::k_binary, "--config",    "regions.yaml",
                                  "--pricing",       "pricing.yaml", "--state-dir",
                                  "state",           "--report-date", "2026-11-30",
                                  "--csv",           "daily.csv"};
    argv.insert(argv.end(), args.begin(), args.end());
    return testing::run_process(argv, m_env, m_work.path());
  }

  // Every object of every moto bucket, as "== bucket/key" and its body.
  static std::string moto_objects() {
    const std::string script = R"(
import os, boto3
s3 = boto3.client("s3", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1")
for bucket in s3.list_buckets()["Buckets"]:
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket["Name"]):
        for item in page.get("Contents", []):
            body = s3.get_object(Bucket=bucket["Name"], Key=item["Key"])["Body"].read()
            print("== " + bucket["Name"] + "/" + item["Key"])
            print(body.decode("utf-8", "replace"))
)";
    const ProcessResult dump =
        testing::run_process({"/usr/bin/env", "python3", "-c", script},
                             {{"ENDPOINT", s_moto->endpoint()},
                              {"AWS_ACCESS_KEY_ID", s_moto->access_key_id()},
                              {"AWS_SECRET_ACCESS_KEY", s_moto->secret_access_key()},
                              {"AWS_SESSION_TOKEN", ""},
                              {"AWS_PROFILE", ""},
                              {"AWS_CONFIG_FILE", ""},
                              {"AWS_SHARED_CREDENTIALS_FILE", ""},
                              {"AWS_ENDPOINT_URL", ""},
                              {"AWS_ENDPOINT_URL_S3", ""}});
    EXPECT_EQ(dump.exit_code, 0) << dump.err;
    EXPECT_THAT(dump.out, HasSubstr("== bb-logs/AWSLogs/"));
    return dump.out;
  }

  // A failure naming the secret and showing where it is in `text`.
  void expect_no_secret_in(const std::string& where, const std::string& text) const {
    for (const auto& [name, value] : m_secrets) {
      const auto at = text.find(value);
      if (!value.empty() && at != std::string::npos) {
        const auto from = at < 160 ? 0 : at - 160;
        ADD_FAILURE() << "the " << name << " leaks in " << where << ":\n..."
                      << text.substr(from, at - from + value.size() + 160) << "...";
      }
    }
  }

  void expect_no_secret_anywhere(const ProcessResult& result) const {
    expect_no_secret_in("stdout", result.out);
    expect_no_secret_in("stderr", result.err);
    for (const auto& file : files_under(m_work.path())) {
      expect_no_secret_in("the written file " + file, testing::slurp(m_work / file));
    }
    for (const auto& file : files_under(m_home.path())) {
      if (!m_seeded_home.contains(file)) {
        expect_no_secret_in("the file $HOME/" + file, testing::slurp(m_home / file));
      }
    }
    if (m_slack) {
      for (const auto& request : m_slack->requests()) {
        expect_no_secret_in("the body posted to Slack", request.body);
      }
    }
    const Logs logs = GetParam().logs;
    if (logs == Logs::moto || logs == Logs::missing_bucket) {
      expect_no_secret_in("the objects in moto", moto_objects());
    }
  }

  static testing::S3Server* s_moto;
  static TempDir* s_logs;

  TempDir m_work;  // the run's folder: everything in it is grepped
  TempDir m_home;  // $HOME and the secrets' files: only files the run adds are grepped
  std::map<std::string, std::string> m_env;
  std::vector<Secret> m_secrets;
  std::set<std::string> m_seeded_home;
  std::unique_ptr<SlackServer> m_slack;
  std::string m_webhook;
  std::unique_ptr<NotHttpServer> m_not_http;
  std::unique_ptr<ContainerEndpoint> m_container;
};

testing::S3Server* Secrets::s_moto = nullptr;
TempDir* Secrets::s_logs = nullptr;

TEST_P(Secrets, AppearNowhere) {
  const Scenario& scenario = GetParam();
  const ProcessResult result = run(scenario.args);
  EXPECT_EQ(result.exit_code, scenario.exit_code) << result.err;
  EXPECT_THAT(result.out + result.err, HasSubstr(scenario.shows)) << result.err;
  expect_no_secret_anywhere(result);
}

INSTANTIATE_TEST_SUITE_P(EveryPath, Secrets, ::testing::ValuesIn(k_scenarios),
                         [](const ::testing::TestParamInfo<Scenario>& info) {
                           return info.param.name;
                         });

}  // namespace
}  // namespace boostburn
