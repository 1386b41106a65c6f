// The libcurl client against real servers on 127.0.0.1: a cpp-httplib server
// for well-formed HTTP, raw sockets for broken responses, `openssl s_server`
// for TLS verification.
#include <fcntl.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "boostburn/http/http_client.hpp"
#include "support/temp_dir.hpp"
#include "unit/http/raw_socket_server.hpp"

namespace boostburn {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

// Every byte value, NULs included, repeated to `size` bytes.
std::string binary_blob(std::size_t size) {
  std::string blob(size, '\0');
  for (std::size_t i = 0; i < size; ++i) {
    blob[i] = static_cast<char>((i * 7 + i / 256) % 256);
  }
  return blob;
}

// What the server saw of the last request.
struct Seen {
  std::string method;
  std::string body;
  std::multimap<std::string, std::string, httplib::detail::ci> headers;
  std::vector<int> remote_ports;
};

class LoopbackServer {
 public:
  LoopbackServer() {
    m_server.set_keep_alive_timeout(1);
    m_port = m_server.bind_to_any_port("127.0.0.1");
  }
  ~LoopbackServer() { stop(); }
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  httplib::Server& server() { return m_server; }
  void start() {
    m_thread = std::thread([this] { m_server.listen_after_bind(); });
    // httplib's stop() is a no-op until the accept loop runs: wait for it,
    // or a quick test would stop too early and then hang in join().
    while (!m_server.is_running()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  void stop() {
    if (m_thread.joinable()) {
      m_server.stop();
      m_thread.join();
    }
  }
  [[nodiscard]] std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(m_port) + path;
  }
  [[nodiscard]] int port() const { return m_port; }

 private:
  httplib::Server m_server;
  int m_port = 0;
  std::thread m_thread;
};

class CurlHttpClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto record = [this](const httplib::Request& req) {
      const std::lock_guard lock(m_mutex);
      m_seen.method = req.method;
      m_seen.body = req.body;
      m_seen.headers.clear();
      for (const auto& [name, value] : req.headers) {
        m_seen.headers.emplace(name, value);
      }
      m_seen.remote_ports.push_back(req.remote_port);
    };
    auto& s = m_loopback.server();
    s.Get("/hello", [record](const httplib::Request& req, httplib::Response& res) {
      record(req);
      res.set_header("ETag", "\"abc123\"");
      res.set_header("X-Amz-Request-Id", "REQ1");
      res.set_content("hello world", "text/plain");
    });
    s.Get(R"(/status/(\d+))", [record](const httplib::Request& req, httplib::Response& res) {
      record(req);
      res.status = std::stoi(req.matches[1]);
      res.set_content("<Error><Code>Status" + std::string(req.matches[1]) + "</Code></Error>",
                      "application/xml");
    });
    s.Get("/binary", [record](const httplib::Request& req, httplib::Response& res) {
      record(req);
      res.set_content(binary_blob(3 << 20), "application/octet-stream");
    });
    s.Get("/redirect", [record](const httplib::Request& req, httplib::Response& res) {
      record(req);
      res.set_redirect("/hello", 301);
    });
    s.Get("/slow", [record](const httplib::Request& req, httplib::Response& res) {
      record(req);
      std::this_thread::sleep_for(std::chrono::milliseconds(1000));
      res.set_content("too late", "text/plain");
    });
    auto echo = [record](const httplib::Request& req, httplib::Response& res) {
      record(req);
      res.set_content(req.body, "application/octet-stream");
    };
    s.Put("/echo", echo);
    s.Post("/echo", echo);
    s.Delete("/object", [record](const httplib::Request& req, httplib::Response& res) {
      record(req);
      res.status = 204;
    });
    m_loopback.start();
  }

  Seen seen() {
    const std::lock_guard lock(m_mutex);
    return m_seen;
  }

  HttpRequest request(const std::string& method, const std::string& path) const {
    HttpRequest req;
    req.method = method;
    req.url = m_loopback.url(path);
    req.timeout = std::chrono::milliseconds(10'000);
    return req;
  }

  LoopbackServer m_loopback;  // declared first: outlives the client
  std::mutex m_mutex;
  Seen m_seen;
  std::unique_ptr<HttpClient> m_client = make_curl_http_client();
};

TEST_F(CurlHttpClientTest, GetReturnsStatusHeadersAndBody) {
  const auto response = m_client->send(request("GET", "/hello"));
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "hello world");
  EXPECT_EQ(response->header("etag"), "\"abc123\"");
  EXPECT_EQ(response->header("ETAG"), "\"abc123\"");
  EXPECT_EQ(response->header("x-amz-request-id"), "REQ1");
  EXPECT_EQ(response->header("content-length"), "11");
  EXPECT_EQ(response->header("x-missing"), std::nullopt);
  EXPECT_EQ(seen().method, "GET");
}

TEST_F(CurlHttpClientTest, ErrorStatusesAreResponsesNotErrors) {
  for (const int status : {403, 404, 412, 500, 503}) {
    const auto response = m_client->send(request("GET", "/status/" + std::to_string(status)));
    ASSERT_TRUE(response) << response.error().message;
    EXPECT_EQ(response->status, status);
    EXPECT_EQ(response->body, "<Error><Code>Status" + std::to_string(status) + "</Code></Error>");
  }
}

TEST_F(CurlHttpClientTest, RequestHeadersReachTheServerAsGiven) {
  auto req = request("GET", "/hello");
  req.headers = {{"X-Amz-Date", "20130524T000000Z"},
                 {"Range", "bytes=0-9"},
                 {"x-amz-meta-note", "a  b"}};
  const auto response = m_client->send(req);
  ASSERT_TRUE(response) << response.error().message;
  const auto headers = seen().headers;
  EXPECT_EQ(headers.find("x-amz-date")->second, "20130524T000000Z");
  EXPECT_EQ(headers.find("range")->second, "bytes=0-9");
  EXPECT_EQ(headers.find("x-amz-meta-note")->second, "a  b");
}

TEST_F(CurlHttpClientTest, HostHeaderFromTheCallerIsSentAsIs) {
  auto req = request("GET", "/hello");
  const std::string host = "127.0.0.1:" + std::to_string(m_loopback.port());
  req.headers = {{"host", host}};
  ASSERT_TRUE(m_client->send(req));
  const auto headers = seen().headers;
  EXPECT_EQ(headers.count("host"), 1U);
  EXPECT_EQ(headers.find("host")->second, host);
}

TEST_F(CurlHttpClientTest, PutSendsABinaryBodyExactlyWithoutExpectOrContentType) {
  const std::string body = binary_blob(5 << 20);  // big enough for curl to want 100-continue
  auto req = request("PUT", "/echo");
  req.body = body;
  const auto response = m_client->send(req);
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 200);
  const auto saw = seen();
  EXPECT_EQ(saw.method, "PUT");
  EXPECT_TRUE(saw.body == body) << "server received " << saw.body.size() << " bytes";
  EXPECT_TRUE(response->body == body) << "client received " << response->body.size() << " bytes";
  EXPECT_EQ(saw.headers.find("content-length")->second, std::to_string(body.size()));
  EXPECT_EQ(saw.headers.count("expect"), 0U);
  EXPECT_EQ(saw.headers.count("content-type"), 0U);
}

TEST_F(CurlHttpClientTest, PutWithAnEmptyBodySendsContentLengthZero) {
  const auto response = m_client->send(request("PUT", "/echo"));
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 200);
  const auto saw = seen();
  EXPECT_EQ(saw.method, "PUT");
  EXPECT_EQ(saw.body, "");
  EXPECT_EQ(saw.headers.find("content-length")->second, "0");
  EXPECT_EQ(saw.headers.count("content-type"), 0U);
}

TEST_F(CurlHttpClientTest, PostKeepsTheCallersContentType) {
  auto req = request("POST", "/echo");
  req.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
  req.body = "Action=AssumeRole&Version=2011-06-15";
  const auto response = m_client->send(req);
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->body, req.body);
  const auto saw = seen();
  EXPECT_EQ(saw.method, "POST");
  EXPECT_EQ(saw.headers.count("content-type"), 1U);
  EXPECT_EQ(saw.headers.find("content-type")->second,
            "application/x-www-form-urlencoded; charset=utf-8");
}

TEST_F(CurlHttpClientTest, BinaryResponseBodyArrivesIntact) {
  const auto response = m_client->send(request("GET", "/binary"));
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_TRUE(response->body == binary_blob(3 << 20)) << response->body.size() << " bytes";
}

TEST_F(CurlHttpClientTest, HeadReturnsHeadersAndNoBody) {
  const auto response = m_client->send(request("HEAD", "/hello"));
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "");
  EXPECT_EQ(response->header("etag"), "\"abc123\"");
  EXPECT_EQ(response->header("content-length"), "11");
  EXPECT_EQ(seen().method, "HEAD");
}

TEST_F(CurlHttpClientTest, DeleteIsSent) {
  const auto response = m_client->send(request("DELETE", "/object"));
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 204);
  EXPECT_EQ(seen().method, "DELETE");
}

TEST_F(CurlHttpClientTest, RedirectsAreNotFollowed) {
  const auto response = m_client->send(request("GET", "/redirect"));
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 301);
  EXPECT_EQ(response->header("location"), "/hello");
  EXPECT_EQ(seen().remote_ports.size(), 1U);
}

TEST_F(CurlHttpClientTest, ConsecutiveRequestsReuseOneConnection) {
  ASSERT_TRUE(m_client->send(request("GET", "/hello")));
  auto put = request("PUT", "/echo");
  put.body = "x";
  ASSERT_TRUE(m_client->send(put));
  ASSERT_TRUE(m_client->send(request("GET", "/status/404")));
  ASSERT_TRUE(m_client->send(request("HEAD", "/hello")));
  const auto ports = seen().remote_ports;
  ASSERT_EQ(ports.size(), 4U);
  EXPECT_THAT(ports, ::testing::Each(ports.front()));
}

TEST_F(CurlHttpClientTest, OptionsDoNotLeakIntoTheNextRequest) {
  auto head = request("HEAD", "/hello");
  ASSERT_TRUE(m_client->send(head));
  auto put = request("PUT", "/echo");
  put.body = "payload";
  ASSERT_TRUE(m_client->send(put));
  const auto response = m_client->send(request("GET", "/hello"));
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->body, "hello world");
  EXPECT_EQ(seen().method, "GET");
  EXPECT_EQ(seen().body, "");
}

TEST_F(CurlHttpClientTest, TimeoutIsAServiceErrorNamingTheRequest) {
  auto req = request("GET", "/slow?X-Amz-Security-Token=SECRETTOKEN");
  req.timeout = std::chrono::milliseconds(200);
  const auto started = std::chrono::steady_clock::now();
  const auto response = m_client->send(req);
  const auto elapsed = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().kind, ErrorKind::service);
  EXPECT_THAT(response.error().message,
              StartsWith("GET " + m_loopback.url("/slow") + ": Timeout was reached"));
  EXPECT_THAT(response.error().message, Not(HasSubstr("SECRETTOKEN")));
  EXPECT_LT(elapsed, std::chrono::milliseconds(900));
}

TEST_F(CurlHttpClientTest, ConnectToReachesAVirtualHostOnLoopback) {
  const std::string port = std::to_string(m_loopback.port());
  auto client = make_curl_http_client(
      {.verify_tls = true, .connect_to = {"bucket.s3.example.test:" + port + ":127.0.0.1:" + port}});
  HttpRequest req;
  req.url = "http://bucket.s3.example.test:" + port + "/hello";
  const auto response = client->send(req);
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->body, "hello world");
  EXPECT_EQ(seen().headers.find("host")->second, "bucket.s3.example.test:" + port);
}

TEST_F(CurlHttpClientTest, UnsupportedMethodIsRefused) {
  const auto response = m_client->send(request("PATCH", "/hello"));
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().kind, ErrorKind::internal);
  EXPECT_TRUE(seen().remote_ports.empty());
}

TEST(CurlHttpClientFailures, ConnectionRefusedNamesMethodAndUrlWithoutQuery) {
  const int port = testing::unused_loopback_port();
  const std::string base = "http://127.0.0.1:" + std::to_string(port) + "/bucket/key";
  HttpRequest req;
  req.url = base + "?X-Amz-Credential=AKIAIOSFODNN7EXAMPLE&X-Amz-Signature=deadbeef";
  const auto response = make_curl_http_client()->send(req);
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().kind, ErrorKind::service);
  EXPECT_THAT(response.error().message, StartsWith("GET " + base + ": Couldn't connect to server"));
  EXPECT_THAT(response.error().message, Not(HasSubstr("AKIAIOSFODNN7EXAMPLE")));
  EXPECT_THAT(response.error().message, Not(HasSubstr("deadbeef")));
}

TEST(CurlHttpClientFailures, BodyShorterThanContentLengthIsAnError) {
  testing::RawSocketServer server("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort");
  HttpRequest req;
  req.url = "http://127.0.0.1:" + std::to_string(server.port()) + "/obj?partNumber=1";
  const auto response = make_curl_http_client()->send(req);
  ASSERT_FALSE(response) << "a short body was returned as a success: " << response->body;
  EXPECT_EQ(response.error().kind, ErrorKind::service);
  EXPECT_THAT(response.error().message,
              StartsWith("GET http://127.0.0.1:" + std::to_string(server.port()) + "/obj: "));
  EXPECT_THAT(response.error().message, HasSubstr("partial"));
  EXPECT_THAT(response.error().message, Not(HasSubstr("partNumber")));
}

TEST(CurlHttpClientFailures, ConnectionClosedWithoutAResponseIsAnError) {
  testing::RawSocketServer server("");
  HttpRequest req;
  req.url = "http://127.0.0.1:" + std::to_string(server.port()) + "/obj";
  const auto response = make_curl_http_client()->send(req);
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().kind, ErrorKind::service);
  EXPECT_THAT(response.error().message, StartsWith("GET " + req.url + ": "));
}

// cpp-httplib drops empty header values, so a raw socket shows the wire.
TEST(CurlHttpClientWire, HeaderWithAnEmptyValueIsSent) {
  testing::RawSocketServer server("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
  HttpRequest req;
  req.url = "http://127.0.0.1:" + std::to_string(server.port()) + "/obj";
  req.headers = {{"x-amz-empty", ""}, {"x-amz-full", "1"}};
  const auto response = make_curl_http_client()->send(req);
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_THAT(server.last_request(), HasSubstr("\r\nx-amz-empty:\r\n"));
  EXPECT_THAT(server.last_request(), HasSubstr("\r\nx-amz-full: 1\r\n"));
}

TEST(CurlHttpClientFailures, OnlyTheFinalResponseHeadersAreKeptAfterA100Continue) {
  testing::RawSocketServer server(
      "HTTP/1.1 100 Continue\r\nX-Interim: yes\r\n\r\n"
      "HTTP/1.1 200 OK\r\nX-Final: yes\r\nContent-Length: 2\r\n\r\nok");
  HttpRequest req;
  req.method = "PUT";
  req.url = "http://127.0.0.1:" + std::to_string(server.port()) + "/obj";
  req.body = "data";
  const auto response = make_curl_http_client()->send(req);
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "ok");
  EXPECT_EQ(response->header("x-final"), "yes");
  EXPECT_EQ(response->header("x-interim"), std::nullopt);
}

// TLS: a self-signed certificate served by `openssl s_server` is refused
// with verification on and accepted with it off.
class TlsServer {
 public:
  TlsServer() {
    const auto key = (m_dir / "key.pem").string();
    const auto cert = (m_dir / "cert.pem").string();
    const std::string make_cert =
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 "
        "-subj /CN=127.0.0.1 -keyout " + key + " -out " + cert + " >/dev/null 2>&1";
    if (std::system(make_cert.c_str()) != 0) {
      return;
    }
    m_port = testing::unused_loopback_port();
    m_pid = ::fork();
    if (m_pid == 0) {
      const int devnull = ::open("/dev/null", O_RDWR);
      ::dup2(devnull, 0);
      ::dup2(devnull, 1);
      ::dup2(devnull, 2);
      const std::string accept = "127.0.0.1:" + std::to_string(m_port);
      ::execlp("openssl", "openssl", "s_server", "-accept", accept.c_str(), "-cert", cert.c_str(),
               "-key", key.c_str(), "-www", "-quiet", static_cast<char*>(nullptr));
      ::_exit(127);
    }
    // Ready once it accepts connections.
    for (int attempt = 0; attempt < 200 && !m_ready; ++attempt) {
      m_ready = testing::can_connect(m_port);
      if (!m_ready) {
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
      }
    }
  }
  ~TlsServer() {
    if (m_pid > 0) {
      ::kill(m_pid, SIGTERM);
      ::waitpid(m_pid, nullptr, 0);
    }
  }
  TlsServer(const TlsServer&) = delete;
  TlsServer& operator=(const TlsServer&) = delete;

  [[nodiscard]] bool ready() const { return m_ready; }
  [[nodiscard]] std::string url() const {
    return "https://127.0.0.1:" + std::to_string(m_port) + "/";
  }

 private:
  testing::TempDir m_dir;
  int m_port = 0;
  pid_t m_pid = -1;
  bool m_ready = false;
};

TEST(CurlHttpClientTls, SelfSignedCertificateIsRefusedUnlessVerificationIsOff) {
  TlsServer server;
  if (!server.ready()) {
    GTEST_SKIP() << "openssl s_server is not available";
  }
  HttpRequest req;
  req.url = server.url();

  const auto verified = make_curl_http_client()->send(req);
  ASSERT_FALSE(verified) << "a self-signed certificate was accepted";
  EXPECT_EQ(verified.error().kind, ErrorKind::service);
  EXPECT_THAT(verified.error().message, StartsWith("GET " + server.url() + ": "));
  EXPECT_THAT(verified.error().message, HasSubstr("certificate"));

  const auto unverified = make_curl_http_client({.verify_tls = false, .connect_to = {}})->send(req);
  ASSERT_TRUE(unverified) << unverified.error().message;
  EXPECT_EQ(unverified->status, 200);
}

}  // namespace
}  // namespace boostburn
