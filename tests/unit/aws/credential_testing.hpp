// Test doubles for the credential chain tests: an environment map, a
// settable clock, a scripted HttpClient and a loopback HTTP server.
#pragma once

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "boostburn/aws/credential_sources.hpp"
#include "boostburn/http/http_client.hpp"
#include "support/fake_http.hpp"

namespace boostburn::testing {

// Fake secrets that must never show up in any message.
inline const std::string k_secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzSECRET";
inline const std::string k_token = "FwoGZXIvYXdzEXAMPLEzzTOKEN";
inline const std::string k_key_id = "AKIAIOSFODNN7EXAMPLE";

// Environment variables for one test; copies share the map.
class FakeEnv {
 public:
  FakeEnv() : m_vars(std::make_shared<std::map<std::string, std::string>>()) {}
  FakeEnv& set(const std::string& name, const std::string& value) {
    (*m_vars)[name] = value;
    return *this;
  }
  FakeEnv& unset(const std::string& name) {
    m_vars->erase(name);
    return *this;
  }
  [[nodiscard]] EnvLookup lookup() const {
    return [vars = m_vars](std::string_view name) -> std::optional<std::string> {
      const auto found = vars->find(std::string(name));
      if (found == vars->end()) {
        return std::nullopt;
      }
      return found->second;
    };
  }

 private:
  std::shared_ptr<std::map<std::string, std::string>> m_vars;
};

// A clock the test moves; copies share the time.
class FakeClock {
 public:
  explicit FakeClock(std::int64_t now = 1'700'000'000)
      : m_now(std::make_shared<std::int64_t>(now)) {}
  void set(std::int64_t now) { *m_now = now; }
  void advance(std::int64_t seconds) { *m_now += seconds; }
  [[nodiscard]] std::int64_t now() const { return *m_now; }
  [[nodiscard]] Clock clock() const {
    return [now = m_now] { return *now; };
  }

 private:
  std::shared_ptr<std::int64_t> m_now;
};

using testing::FakeHttp;

inline HttpResponse http_response(long status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

inline std::optional<std::string> request_header(const HttpRequest& request,
                                                 std::string_view name) {
  for (const auto& [key, value] : request.headers) {
    if (key.size() == name.size() &&
        std::equal(key.begin(), key.end(), name.begin(),
                   [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
      return value;
    }
  }
  return std::nullopt;
}

// A context over `http` with no real sleeping between retries.
inline CredentialContext test_context(std::shared_ptr<HttpClient> http, const FakeEnv& env,
                                      const FakeClock& clock) {
  CredentialContext context;
  context.http = std::move(http);
  context.env = env.lookup();
  context.clock = clock.clock();
  context.retry_hooks.sleep = [](std::chrono::milliseconds) {};
  context.process_timeout = std::chrono::milliseconds(5'000);
  return context;
}

// An HTTP server on 127.0.0.1 (a free port): add routes, then start().
class LoopbackServer {
 public:
  LoopbackServer() : m_port(m_server.bind_to_any_port("127.0.0.1")) {}
  ~LoopbackServer() {
    m_server.stop();
    if (m_thread.joinable()) {
      m_thread.join();
    }
  }
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  httplib::Server& routes() { return m_server; }
  // Returns once the server accepts (stop() before that would be lost).
  void start() {
    m_thread = std::thread([this] { m_server.listen_after_bind(); });
    while (!m_server.is_running()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }
  [[nodiscard]] int port() const { return m_port; }

 private:
  httplib::Server m_server;
  int m_port;
  std::thread m_thread;
};

// A loopback URL where nothing listens (connections are refused at once).
inline std::string closed_loopback_url() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return "http://127.0.0.1:" + std::to_string(ntohs(address.sin_port));
}

// The AssumeRole / AssumeRoleWithWebIdentity answer as AWS documents it.
inline std::string sts_credentials_xml(const std::string& action, const std::string& key_id,
                                       const std::string& secret, const std::string& token,
                                       const std::string& expiration) {
  return "<" + action +
         "Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n"
         "  <" +
         action +
         "Result>\n"
         "    <Credentials>\n"
         "      <SessionToken>" +
         token +
         "</SessionToken>\n"
         "      <SecretAccessKey>" +
         secret +
         "</SecretAccessKey>\n"
         "      <Expiration>" +
         expiration +
         "</Expiration>\n"
         "      <AccessKeyId>" +
         key_id +
         "</AccessKeyId>\n"
         "    </Credentials>\n"
         "    <AssumedRoleUser>\n"
         "      <Arn>arn:aws:sts::123456789012:assumed-role/demo/boostburn</Arn>\n"
         "      <AssumedRoleId>ARO123EXAMPLE123:boostburn</AssumedRoleId>\n"
         "    </AssumedRoleUser>\n"
         "  </" +
         action +
         "Result>\n"
         "  "
         "<ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></"
         "ResponseMetadata>\n"
         "</" +
         action + "Response>\n";
}

inline std::string sts_error_xml(const std::string& code, const std::string& message) {
  return "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n"
         "  <Error><Type>Sender</Type><Code>" +
         code + "</Code><Message>" + message +
         "</Message></Error>\n"
         "  <RequestId>4b5b1f7a-0000-0000-0000-000000000000</RequestId>\n"
         "</ErrorResponse>\n";
}

// Form fields of an application/x-www-form-urlencoded body.
inline std::map<std::string, std::string> form_fields(const std::string& body) {
  httplib::Params params;
  httplib::detail::parse_query_text(body, params);
  return {params.begin(), params.end()};
}

}  // namespace boostburn::testing
