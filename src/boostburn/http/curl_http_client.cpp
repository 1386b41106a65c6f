// HttpClient over one libcurl easy handle.
//
// The handle is reset (curl_easy_reset) before every request, which clears
// the options but keeps its live connections, so consecutive requests to the
// same host reuse one connection. Options are set from scratch each time so
// that nothing leaks from one request into the next.
#include <algorithm>
#include <charconv>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include <curl/curl.h>

#include "boostburn/http/curl_library.hpp"
#include "boostburn/http/http_client.hpp"

namespace boostburn {

namespace {

// Never grow the body buffer up front by more than this, whatever
// Content-Length claims.
constexpr std::size_t k_max_body_reserve = 256U << 20U;

struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_library().slist_free_all(list); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

// Appends `line`; false when curl could not allocate.
bool append(Slist& list, const std::string& line) {
  curl_slist* grown = curl_library().slist_append(list.get(), line.c_str());
  if (grown == nullptr) {
    return false;
  }
  (void)list.release();  // `grown` is the same list, now one item longer
  list.reset(grown);
  return true;
}

std::string_view trim(std::string_view text) {
  constexpr std::string_view k_space = " \t\r\n";
  const auto first = text.find_first_not_of(k_space);
  if (first == std::string_view::npos) {
    return {};
  }
  const auto last = text.find_last_not_of(k_space);
  return text.substr(first, last - first + 1);
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return (x | 0x20) == (y | 0x20);  // ASCII header names only
         });
}

bool has_header(const HttpHeaders& headers, std::string_view name) {
  return std::any_of(headers.begin(), headers.end(),
                     [&](const auto& header) { return iequals(header.first, name); });
}

// What the header and write callbacks collect for one request.
struct Capture {
  HttpHeaders headers;
  std::string body;
};

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* capture = static_cast<Capture*>(user);
  const std::size_t bytes = size * count;
  const std::string_view line = trim(std::string_view(data, bytes));
  if (line.starts_with("HTTP/")) {
    // A new response begins (after a 100 Continue, say): keep only the last.
    capture->headers.clear();
    return bytes;
  }
  const auto colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) {
    return bytes;  // the blank line ending the headers, or a malformed line
  }
  std::string name(trim(line.substr(0, colon)));
  std::string value(trim(line.substr(colon + 1)));
  if (iequals(name, "content-length")) {
    std::size_t length = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), length);
    if (error == std::errc() && end == value.data() + value.size()) {
      capture->body.reserve(std::min(length, k_max_body_reserve));
    }
  }
  capture->headers.emplace_back(std::move(name), std::move(value));
  return bytes;
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* capture = static_cast<Capture*>(user);
  capture->body.append(data, size * count);
  return size * count;
}

// Statuses whose response carries no body whatever Content-Length says.
bool bodiless_status(long status) {
  return status < 200 || status == 204 || status == 304;
}

class CurlHttpClient final : public HttpClient {
 public:
  explicit CurlHttpClient(CurlClientOptions options)
      : m_options(std::move(options)), m_curl(curl_library()) {
    if (!m_curl.loaded()) {
      return;
    }
    m_handle = m_curl.easy_init();
    for (const auto& entry : m_options.connect_to) {
      if (!append(m_connect_to, entry)) {
        m_init_failed = true;
      }
    }
  }
  ~CurlHttpClient() override {
    if (m_handle != nullptr) {
      m_curl.easy_cleanup(m_handle);
    }
  }
  CurlHttpClient(const CurlHttpClient&) = delete;
  CurlHttpClient& operator=(const CurlHttpClient&) = delete;

  Result<HttpResponse> send(const HttpRequest& request) override {
    const std::lock_guard lock(m_mutex);
    const std::string where =
        request.method + " " +
        (request.shown_url.empty() ? url_without_query(request.url) : request.shown_url);
    if (!m_curl.loaded()) {
      return fail(ErrorKind::internal, where + ": " + m_curl.error);
    }
    if (m_handle == nullptr || m_init_failed) {
      return fail(ErrorKind::internal, where + ": could not initialise libcurl");
    }
    const std::string_view method = request.method;
    if (method != "GET" && method != "HEAD" && method != "PUT" && method != "POST" &&
        method != "DELETE") {
      return fail(ErrorKind::internal, where + ": unsupported HTTP method");
    }

    m_curl.easy_reset(m_handle);
    Slist headers;
    Capture capture;
    m_error[0] = '\0';
    if (!configure(request, headers, capture)) {
      return fail(ErrorKind::internal, where + ": could not configure libcurl");
    }

    const CURLcode code = m_curl.easy_perform(m_handle);
    if (code != CURLE_OK) {
      return fail(ErrorKind::service, where + ": " + describe(code, m_error, request));
    }

    HttpResponse response;
    m_curl.easy_getinfo(m_handle, CURLINFO_RESPONSE_CODE, &response.status);
    response.headers = std::move(capture.headers);
    response.body = std::move(capture.body);
    if (auto short_body = check_length(method, response)) {
      return fail(ErrorKind::service, where + ": " + *short_body);
    }
    return response;
  }

 private:
  // Sets every option for `request`; false when libcurl refused one.
  bool configure(const HttpRequest& request, Slist& headers, Capture& capture) {
    CURL* h = m_handle;
    bool ok = m_curl.easy_setopt(h, CURLOPT_URL, request.url.c_str()) == CURLE_OK;
    ok = ok && m_curl.easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https") == CURLE_OK;
    m_curl.easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    m_curl.easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    m_curl.easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
    m_curl.easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
    m_curl.easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                       static_cast<long>(request.connect_timeout.count()));
    m_curl.easy_setopt(h, CURLOPT_SSL_VERIFYPEER, m_options.verify_tls ? 1L : 0L);
    m_curl.easy_setopt(h, CURLOPT_SSL_VERIFYHOST, m_options.verify_tls ? 2L : 0L);
    if (m_connect_to) {
      m_curl.easy_setopt(h, CURLOPT_CONNECT_TO, m_connect_to.get());
    }
    m_curl.easy_setopt(h, CURLOPT_ERRORBUFFER, m_error);
    m_curl.easy_setopt(h, CURLOPT_HEADERFUNCTION, &on_header);
    m_curl.easy_setopt(h, CURLOPT_HEADERDATA, &capture);
    m_curl.easy_setopt(h, CURLOPT_WRITEFUNCTION, &on_body);
    m_curl.easy_setopt(h, CURLOPT_WRITEDATA, &capture);

    const std::string_view method = request.method;
    const bool sends_body = method == "PUT" || method == "POST" || !request.body.empty();
    if (method == "HEAD") {
      m_curl.easy_setopt(h, CURLOPT_NOBODY, 1L);
    } else if (sends_body) {
      // POSTFIELDS sends the buffer as is (NULs included, not copied: the
      // request outlives the perform) with an exact Content-Length.
      m_curl.easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
                         static_cast<curl_off_t>(request.body.size()));
      m_curl.easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
      if (method != "POST") {
        m_curl.easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
      }
    } else if (method == "GET") {
      m_curl.easy_setopt(h, CURLOPT_HTTPGET, 1L);
    } else {
      m_curl.easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }

    for (const auto& [name, value] : request.headers) {
      // "Name;" is curl's spelling of a header with an empty value.
      ok = ok && append(headers, value.empty() ? name + ";" : name + ": " + value);
    }
    // "Name:" removes a header curl would add on its own: no Expect:
    // 100-continue round trip, no form Content-Type on a body.
    if (!has_header(request.headers, "expect")) {
      ok = ok && append(headers, "Expect:");
    }
    if (sends_body && !has_header(request.headers, "content-type")) {
      ok = ok && append(headers, "Content-Type:");
    }
    ok = ok && m_curl.easy_setopt(h, CURLOPT_HTTPHEADER, headers.get()) == CURLE_OK;
    return ok;
  }

  // curl's reason, with the detail from the error buffer; the query string
  // is scrubbed from the detail should curl ever quote the URL.
  static void erase_all(std::string& text, const std::string& secret) {
    if (secret.empty()) {
      return;
    }
    for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret)) {
      text.replace(at, secret.size(), "...");
    }
  }

  // libcurl's reason, without the parts of the URL that may be secret: the
  // query, and the whole URL when the request names a shown_url instead.
  std::string describe(CURLcode code, const char* error_buffer, const HttpRequest& request) const {
    const std::string& url = request.url;
    std::string reason = m_curl.easy_strerror(code);
    std::string detail = error_buffer;
    const auto query = url.find('?');
    if (query != std::string::npos && query + 1 < url.size()) {
      erase_all(detail, url.substr(query + 1));
    }
    if (!request.shown_url.empty()) {
      erase_all(detail, url_without_query(url));
      const auto scheme = url.find("://");
      const auto path = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
      if (path != std::string::npos && path + 1 < url.size()) {
        erase_all(detail, url_without_query(url.substr(path)));
      }
    }
    if (detail.ends_with(": " + reason)) {
      detail.resize(detail.size() - reason.size() - 2);
    }
    if (!detail.empty() && detail != reason) {
      reason += " (" + detail + ")";
    }
    return reason;
  }

  // A body shorter or longer than its Content-Length is never a success.
  static std::optional<std::string> check_length(std::string_view method,
                                                 const HttpResponse& response) {
    if (method == "HEAD" || bodiless_status(response.status)) {
      return std::nullopt;
    }
    const auto declared = response.header("content-length");
    if (!declared || response.header("transfer-encoding")) {
      return std::nullopt;
    }
    std::size_t length = 0;
    const auto [end, error] =
        std::from_chars(declared->data(), declared->data() + declared->size(), length);
    if (error != std::errc() || end != declared->data() + declared->size()) {
      return "invalid Content-Length '" + *declared + "'";
    }
    if (length != response.body.size()) {
      return "body has " + std::to_string(response.body.size()) + " bytes, Content-Length says " +
             *declared;
    }
    return std::nullopt;
  }

  CurlClientOptions m_options;
  const CurlLibrary& m_curl;
  CURL* m_handle = nullptr;
  Slist m_connect_to;
  bool m_init_failed = false;
  char m_error[CURL_ERROR_SIZE] = {};  // curl's detail for the last failure
  std::mutex m_mutex;                  // the handle serves one request at a time
};

}  // namespace

std::unique_ptr<HttpClient> make_curl_http_client(CurlClientOptions options) {
  return std::make_unique<CurlHttpClient>(std::move(options));
}

}  // namespace boostburn
