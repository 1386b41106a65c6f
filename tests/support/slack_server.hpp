// SlackServer: a stand-in for a Slack incoming webhook
// (https://hooks.slack.com/services/T.../B.../<secret>) on 127.0.0.1, for tests.
//
// What it imitates: a POST to the exact webhook path is answered from a
// script of SlackReply values, in order, then with `then` for every later
// POST (the script is consumed by webhook POSTs only). Any other path gets
// 404 "no_service" and any other method 405, as Slack does. A reply with
// `validate` answers like Slack's own checks: 400 "invalid_payload" when the
// body is not JSON, 400 "invalid_blocks" when block_kit_violations() finds
// anything (the violations, joined with " | ", go in the X-Block-Kit-Violations
// response header and into requests()), else its own status and body.
// Every request is recorded, whatever the answer, before any delay.
//
// Limits: plain HTTP (no TLS: the client under test must accept an http://
// URL); JSON bodies only (Slack also takes a form-encoded payload=...); no
// real rate limiting, workspace, channel or token checks: every answer is
// scripted. Response bodies are text/html, as Slack's are.
//
// Threads: handlers run on cpp-httplib's workers; all shared state is behind
// one mutex. The constructor throws std::runtime_error when it cannot listen.
// The destructor wakes delayed replies and returns promptly.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "support/block_kit.hpp"

namespace boostburn::testing {

// One scripted answer to a webhook POST.
struct SlackReply {
  int status = 200;
  std::string body = "ok";
  std::optional<std::string> retry_after;  // Retry-After header value
  std::chrono::milliseconds delay{0};      // answer only after this long
  bool validate = false;                   // check the payload first, as Slack does

  static SlackReply ok() { return {}; }
  static SlackReply error(int status, std::string body) {
    SlackReply reply;
    reply.status = status;
    reply.body = std::move(body);
    return reply;
  }
  static SlackReply rate_limited(std::string retry_after) {
    SlackReply reply = error(429, "rate_limited");
    reply.retry_after = std::move(retry_after);
    return reply;
  }
  // 200 "ok", but only after `delay`: longer than the client's timeout, a hang.
  static SlackReply hang(std::chrono::milliseconds delay) {
    SlackReply reply;
    reply.delay = delay;
    return reply;
  }
  static SlackReply validated_ok() {
    SlackReply reply;
    reply.validate = true;
    return reply;
  }
};

struct ReceivedRequest {
  std::string method;
  std::string path;  // without the query string
  std::string content_type;
  std::string body;
  std::chrono::steady_clock::time_point at;  // when it arrived
  int status = 0;                            // what was answered; 0 while delayed
  std::vector<std::string> violations{};     // block_kit_violations(), for a validating reply
};

class SlackServer {
 public:
  explicit SlackServer(std::vector<SlackReply> script = {},
                       SlackReply then = SlackReply::validated_ok())
      : m_secret(random_secret()),
        m_path("/services/T0TEST/B0TEST/" + m_secret),
        m_script(std::move(script)),
        m_then(std::move(then)) {
    const auto handler = [this](const httplib::Request& request, httplib::Response& response) {
      handle(request, response);
    };
    m_server.Post(".*", handler);
    m_server.Put(".*", handler);
    m_server.Patch(".*", handler);
    m_server.Delete(".*", handler);
    m_server.Options(".*", handler);
    m_server.Get(".*", handler);  // and HEAD
    m_server.set_keep_alive_timeout(1);
    m_port = m_server.bind_to_any_port("127.0.0.1");
    if (m_port < 0) {
      throw std::runtime_error("SlackServer: cannot bind a port on 127.0.0.1");
    }
    m_thread = std::thread([this] { m_server.listen_after_bind(); });
    // httplib's stop() does nothing until the accept loop runs: wait for it.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!m_server.is_running()) {
      if (std::chrono::steady_clock::now() > deadline) {
        m_thread.join();  // listen_after_bind() has failed and returned
        throw std::runtime_error("SlackServer: the server did not start");
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }

  ~SlackServer() {
    {
      const std::lock_guard lock(m_mutex);
      m_stopping = true;
    }
    m_changed.notify_all();
    m_server.stop();
    m_thread.join();
  }

  SlackServer(const SlackServer&) = delete;
  SlackServer& operator=(const SlackServer&) = delete;

  // http://127.0.0.1:<port>/services/T0TEST/B0TEST/<secret>
  [[nodiscard]] std::string url() const {
    return fmt::format("http://127.0.0.1:{}{}", m_port, m_path);
  }
  [[nodiscard]] int port() const { return m_port; }
  // 24 random letters and digits, different for every server.
  [[nodiscard]] const std::string& secret() const { return m_secret; }

  [[nodiscard]] std::vector<ReceivedRequest> requests() const {
    const std::lock_guard lock(m_mutex);
    return m_requests;
  }

  // True once at least `n` requests have arrived (answered or not).
  bool wait_for_requests(std::size_t n, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(m_mutex);
    return m_changed.wait_for(lock, timeout, [&] { return m_requests.size() >= n; });
  }

 private:
  struct Answer {
    int status;
    std::string body;
    std::optional<std::string> retry_after;
    std::vector<std::string> violations;
  };

  static std::string random_secret() {
    constexpr std::string_view k_alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    std::mt19937_64 generator(std::random_device{}());
    std::uniform_int_distribution<std::size_t> pick(0, k_alphabet.size() - 1);
    std::string secret(24, ' ');
    for (char& c : secret) {
      c = k_alphabet[pick(generator)];
    }
    return secret;
  }

  // The messages on one header line; control characters (from a block_id,
  // say) become '?'.
  static std::string header_value(const std::vector<std::string>& messages) {
    std::string line;
    for (const auto& message : messages) {
      line += line.empty() ? "" : " | ";
      line += message;
    }
    for (char& c : line) {
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
        c = '?';
      }
    }
    return line;
  }

  static Answer answer(const SlackReply& reply, const std::string& body) {
    if (reply.validate) {
      const auto payload = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
      if (payload.is_discarded()) {
        return {400, "invalid_payload", std::nullopt, {}};
      }
      if (auto violations = block_kit_violations(payload); !violations.empty()) {
        return {400, "invalid_blocks", std::nullopt, std::move(violations)};
      }
    }
    return {reply.status, reply.body, reply.retry_after, {}};
  }

  void handle(const httplib::Request& request, httplib::Response& response) {
    const bool webhook = request.path == m_path;
    const bool post = request.method == "POST";
    std::size_t index = 0;
    std::optional<SlackReply> reply;
    {
      const std::lock_guard lock(m_mutex);
      index = m_requests.size();
      m_requests.push_back({.method = request.method,
                            .path = request.path,
                            .content_type = request.get_header_value("Content-Type"),
                            .body = request.body,
                            .at = std::chrono::steady_clock::now()});
      if (webhook && post) {
        reply = m_next < m_script.size() ? m_script[m_next] : m_then;
        ++m_next;
      }
    }
    m_changed.notify_all();

    Answer result = !webhook ? Answer{404, "no_service", std::nullopt, {}}
                    : !post  ? Answer{405, "method_not_allowed", std::nullopt, {}}
                             : answer(*reply, request.body);
    {
      std::unique_lock lock(m_mutex);
      if (reply && reply->delay.count() > 0) {
        m_changed.wait_for(lock, reply->delay, [this] { return m_stopping; });
      }
      m_requests[index].status = result.status;
      m_requests[index].violations = result.violations;
    }
    m_changed.notify_all();

    response.status = result.status;
    if (result.retry_after) {
      response.set_header("Retry-After", *result.retry_after);
    }
    if (!result.violations.empty()) {
      response.set_header("X-Block-Kit-Violations", header_value(result.violations));
    }
    response.set_content(result.body, "text/html");
  }

  httplib::Server m_server;
  int m_port = -1;
  const std::string m_secret;
  const std::string m_path;
  const std::vector<SlackReply> m_script;
  const SlackReply m_then;

  mutable std::mutex m_mutex;
  mutable std::condition_variable m_changed;  // a request arrived or was answered; stopping
  std::vector<ReceivedRequest> m_requests;
  std::size_t m_next = 0;  // index into m_script of the next webhook POST's reply
  bool m_stopping = false;

  std::thread m_thread;  // last: started when everything else exists
};

}  // namespace boostburn::testing
