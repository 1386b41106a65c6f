#include "boostburn/http/client_pool.hpp"

#include <mutex>
#include <utility>
#include <vector>

namespace boostburn {
namespace {

class HttpClientPool final : public HttpClient {
 public:
  explicit HttpClientPool(MakeHttpClient make_client) : m_make_client(std::move(make_client)) {}

  Result<HttpResponse> send(const HttpRequest& request) override {
    std::unique_ptr<HttpClient> client = borrow();
    Result<HttpResponse> result = client->send(request);
    give_back(std::move(client));
    return result;
  }

 private:
  std::unique_ptr<HttpClient> borrow() {
    {
      const std::lock_guard lock(m_mutex);
      if (!m_idle.empty()) {
        std::unique_ptr<HttpClient> client = std::move(m_idle.back());
        m_idle.pop_back();
        return client;
      }
    }
    return m_make_client();  // outside the lock: creating a client may be slow
  }

  void give_back(std::unique_ptr<HttpClient> client) {
    const std::lock_guard lock(m_mutex);
    m_idle.push_back(std::move(client));
  }

  MakeHttpClient m_make_client;
  std::mutex m_mutex;
  std::vector<std::unique_ptr<HttpClient>> m_idle;
};

}  // namespace

std::unique_ptr<HttpClient> make_http_client_pool(MakeHttpClient make_client) {
  return std::make_unique<HttpClientPool>(std::move(make_client));
}

}  // namespace boostburn
