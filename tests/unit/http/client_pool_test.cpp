#include "boostburn/http/client_pool.hpp"

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace boostburn {
namespace {

using std::chrono::milliseconds;

// A client that takes 100 ms per request and counts how many exist.
class SlowClient final : public HttpClient {
 public:
  explicit SlowClient(std::atomic<int>& created) { ++created; }
  Result<HttpResponse> send(const HttpRequest& request) override {
    std::this_thread::sleep_for(milliseconds(100));
    return HttpResponse{200, {}, request.url};
  }
};

TEST(HttpClientPool, ConcurrentRequestsRunInParallelOnTheirOwnClients) {
  std::atomic<int> created{0};
  auto pool = make_http_client_pool([&] { return std::make_unique<SlowClient>(created); });
  const auto started = std::chrono::steady_clock::now();
  std::vector<std::jthread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      HttpRequest request;
      request.url = "u" + std::to_string(i);
      auto response = pool->send(request);
      ok += response && response->body == request.url ? 1 : 0;
    });
  }
  threads.clear();
  EXPECT_EQ(ok.load(), 4);
  EXPECT_LT(std::chrono::steady_clock::now() - started, milliseconds(350));  // not 400 in series
  EXPECT_LE(created.load(), 4);

  // Idle clients are reused: one more request creates nothing.
  const int before = created.load();
  ASSERT_TRUE(pool->send(HttpRequest{}));
  EXPECT_EQ(created.load(), before);
}

}  // namespace
}  // namespace boostburn
