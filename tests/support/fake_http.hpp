// FakeHttp: an HttpClient test double that answers from a handler or a script
// and records every request it was given, for unit tests of the code above
// HttpClient (retries, S3, credentials, Slack). End-to-end tests use real
// loopback servers instead.
#pragma once

#include <deque>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "boostburn/http/http_client.hpp"

namespace boostburn::testing {

class FakeHttp final : public HttpClient {
 public:
  using Handler = std::function<Result<HttpResponse>(const HttpRequest&)>;

  // Without a handler every request fails like a refused connection.
  explicit FakeHttp(Handler handler = {}) : m_handler(std::move(handler)) {}
  // Answers with the scripted results in order; the last one repeats.
  explicit FakeHttp(std::deque<Result<HttpResponse>> script)
      : m_handler([script = std::move(script)](const HttpRequest&) mutable {
          auto next = script.front();
          if (script.size() > 1) {
            script.pop_front();
          }
          return next;
        }) {}

  void set_handler(Handler handler) { m_handler = std::move(handler); }

  Result<HttpResponse> send(const HttpRequest& request) override {
    requests.push_back(request);
    if (!m_handler) {
      return fail(ErrorKind::service, request.method + " " + request.url + ": connection refused");
    }
    return m_handler(request);
  }

  std::vector<HttpRequest> requests;

 private:
  Handler m_handler;
};

}  // namespace boostburn::testing
