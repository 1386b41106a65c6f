// s3_bench_server: a fast loopback S3 stand-in for make bench's fetch-concurrency
// measurement (bench/run_bench.py), and nothing else.
//
//   s3_bench_server [--port 0] [--delay-ms 20] [--threads 128] --bucket NAME=FOLDER [...]
//
// Why: the benchmark measures how well Boostburn keeps S3 requests in flight,
// so the server must not be the bottleneck. moto (one Python process) tops out
// at a few hundred GETs/s here; this one answers from memory on a pool of
// threads, one per keep-alive connection.
//
// What it serves, path-style on 127.0.0.1 (http://127.0.0.1:PORT/BUCKET/KEY):
// - each --bucket NAME=FOLDER: every regular file under FOLDER becomes the
//   object keyed by its relative path ('/'-separated), read into memory with
//   its MD5 at start;
// - ListObjectsV2 (GET /BUCKET?list-type=2): prefix, delimiter (CommonPrefixes),
//   start-after, max-keys (at most 1000, the default), continuation-token,
//   encoding-type=url; keys in byte order; KeyCount, IsTruncated and
//   NextContinuationToken as S3 sends them;
// - GetObject and HeadObject: the body (or only its headers), Content-Length,
//   ETag = the quoted MD5 hex of the body, Last-Modified; 404 NoSuchKey;
// - PutObject, kept in memory until exit: If-None-Match: * (412
//   PreconditionFailed when the key exists), If-Match: ETAG (412 when the ETag
//   differs, 404 NoSuchKey when the key does not exist, as S3 does), a wrong
//   Content-MD5 gets 400 BadDigest; GET, HEAD and LIST see the new object;
// - an unknown bucket gets 404 NoSuchBucket, anything else 501 NotImplemented.
//
// --delay-ms N: every request sleeps N ms in its handler thread before it is
// answered, like a distant S3 (latency, not load: the sleep costs no CPU).
//
// NOT a real S3: it does not verify signatures, credentials or
// x-amz-content-sha256 (any request is accepted), has no versions, multipart
// uploads, deletes or virtual-hosted addressing. The correctness tests use
// moto (tests/support/moto_server.py), which verifies SigV4.
//
// When listening it prints one JSON line on stdout,
//   {"endpoint": "http://127.0.0.1:PORT", "buckets": [{"name": ..., "objects": N}]}
// and serves until SIGTERM or SIGINT, then prints the request counts on stderr
// and exits 0. Exit code 2 for a bad command line or an unreadable folder,
// 1 when it cannot listen.
#include <atomic>
#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <httplib.h>
#include <openssl/evp.h>
#include <pthread.h>

namespace {

constexpr std::size_t k_max_keys = 1000;  // S3's page size, and the largest max-keys it honours
// Debian's libcpp-httplib is compiled with a listen backlog of 5: 32 clients
// connecting at once overflow it and the dropped SYNs are retried only after
// a second, which the benchmark would measure. The socket is listened on again
// with this backlog (Linux takes a second listen() as a new backlog).
constexpr int k_listen_backlog = 1024;

// ------------------------------------------------------------------------------------------
// Text helpers
// ------------------------------------------------------------------------------------------

std::string to_hex(std::string_view bytes) {
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (const char c : bytes) {
    hex += fmt::format("{:02x}", static_cast<unsigned char>(c));
  }
  return hex;
}

std::optional<std::string> from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) {
    return std::nullopt;
  }
  std::string bytes;
  for (const char* at = hex.data(); at != hex.data() + hex.size(); at += 2) {
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(at, at + 2, value, 16);
    if (ec != std::errc{} || end != at + 2) {
      return std::nullopt;
    }
    bytes.push_back(static_cast<char>(value));
  }
  return bytes;
}

std::string md5_raw(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), digest, &size, EVP_md5(), nullptr);
  return std::string(reinterpret_cast<const char*>(digest), size);
}

std::string base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int size = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                   reinterpret_cast<const unsigned char*>(bytes.data()),
                                   static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(size));
  return out;
}

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const char* entity = c == '&'    ? "&amp;"
                         : c == '<'  ? "&lt;"
                         : c == '>'  ? "&gt;"
                         : c == '"'  ? "&quot;"
                         : c == '\'' ? "&apos;"
                                     : nullptr;
    if (entity != nullptr) {
      out += entity;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// encoding-type=url: every byte but the unreserved ones and '/' as %XX.
std::string url_encode(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
        (byte >= '0' && byte <= '9') || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
      out.push_back(c);
    } else {
      out += fmt::format("%{:02X}", byte);
    }
  }
  return out;
}

// "2025-06-15T10:00:00.000Z" (ListObjectsV2) and "Sun, 15 Jun 2025 10:00:00 GMT" (headers).
std::string iso_time(std::time_t t) {
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}.000Z", fmt::gmtime(t));
}
std::string http_time(std::time_t t) {
  return fmt::format("{:%a, %d %b %Y %H:%M:%S} GMT", fmt::gmtime(t));
}

// ------------------------------------------------------------------------------------------
// Buckets in memory
// ------------------------------------------------------------------------------------------

struct Object {
  std::string body;
  std::string etag;  // "\"<md5 hex>\"", quotes included, as S3 sends it
  std::time_t modified = 0;
};
using ObjectPtr = std::shared_ptr<const Object>;

ObjectPtr make_object(std::string body) {
  auto object = std::make_shared<Object>();
  object->etag = "\"" + to_hex(md5_raw(body)) + "\"";
  object->body = std::move(body);
  object->modified = std::time(nullptr);
  return object;
}

struct ListQuery {
  std::string prefix;
  std::string delimiter;
  std::string after;  // list keys strictly after this (continuation token or start-after)
  std::size_t max_keys = k_max_keys;
};

struct ListPage {
  std::vector<std::pair<std::string, ObjectPtr>> contents;
  std::vector<std::string> common_prefixes;
  std::string last;  // the last key or prefix on the page: the next page starts after it
  bool truncated = false;
};

enum class PutOutcome { stored, exists, etag_differs, missing };

// One bucket: keys in byte order (S3's order for UTF-8 keys). Thread-safe;
// readers share the lock and keep the object alive past it.
class Bucket {
 public:
  void insert(std::string key, ObjectPtr object) {
    const std::unique_lock lock(m_mutex);
    m_objects.insert_or_assign(std::move(key), std::move(object));
  }

  [[nodiscard]] std::size_t size() const {
    const std::shared_lock lock(m_mutex);
    return m_objects.size();
  }

  [[nodiscard]] ObjectPtr find(const std::string& key) const {
    const std::shared_lock lock(m_mutex);
    const auto it = m_objects.find(key);
    return it == m_objects.end() ? nullptr : it->second;
  }

  // Check and store under one lock, as S3's conditional writes are atomic.
  PutOutcome put(const std::string& key, ObjectPtr object, bool if_none_match_any,
                 const std::optional<std::string>& if_match) {
    const std::unique_lock lock(m_mutex);
    const auto it = m_objects.find(key);
    if (if_none_match_any && it != m_objects.end()) {
      return PutOutcome::exists;
    }
    if (if_match) {
      if (it == m_objects.end()) {
        return PutOutcome::missing;
      }
      if (*if_match != "*" && unquoted(*if_match) != unquoted(it->second->etag)) {
        return PutOutcome::etag_differs;
      }
    }
    m_objects.insert_or_assign(key, std::move(object));
    return PutOutcome::stored;
  }

  // A key whose remainder after the prefix holds the delimiter is rolled up
  // into one common prefix (counted once, at its first key).
  [[nodiscard]] ListPage list(const ListQuery& query) const {
    ListPage page;
    if (query.max_keys == 0) {
      return page;
    }
    const std::shared_lock lock(m_mutex);
    auto it = query.after < query.prefix ? m_objects.lower_bound(query.prefix)
                                         : m_objects.upper_bound(query.after);
    // Keys under the last rolled-up prefix are skipped; a page may end on one.
    std::string rolled_up;
    if (!query.delimiter.empty() && query.after.starts_with(query.prefix) &&
        query.after.find(query.delimiter, query.prefix.size()) != std::string::npos) {
      rolled_up = query.after;
    }
    std::size_t count = 0;
    for (; it != m_objects.end() && it->first.starts_with(query.prefix); ++it) {
      const std::string& key = it->first;
      if (!rolled_up.empty() && key.starts_with(rolled_up)) {
        continue;
      }
      if (count == query.max_keys) {
        page.truncated = true;
        break;
      }
      const std::size_t cut = query.delimiter.empty()
                                  ? std::string::npos
                                  : key.find(query.delimiter, query.prefix.size());
      if (cut != std::string::npos) {
        rolled_up = key.substr(0, cut + query.delimiter.size());
        page.common_prefixes.push_back(rolled_up);
        page.last = rolled_up;
      } else {
        page.contents.emplace_back(key, it->second);
        page.last = key;
      }
      ++count;
    }
    return page;
  }

 private:
  static std::string_view unquoted(std::string_view etag) {
    if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') {
      etag = etag.substr(1, etag.size() - 2);
    }
    return etag;
  }

  mutable std::shared_mutex m_mutex;
  std::map<std::string, ObjectPtr, std::less<>> m_objects;
};

// Every regular file under `folder`, keyed by its '/'-separated relative path.
void load_folder(Bucket& bucket, const std::filesystem::path& folder) {
  namespace fs = std::filesystem;
  if (!fs::is_directory(folder)) {
    throw std::runtime_error(fmt::format("{}: not a folder", folder.string()));
  }
  for (const auto& entry : fs::recursive_directory_iterator(folder)) {
    if (!entry.is_regular_file()) {
      continue;
    }
    std::ifstream file(entry.path(), std::ios::binary);
    std::string body((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    if (!file && !file.eof()) {
      throw std::runtime_error(fmt::format("{}: cannot read", entry.path().string()));
    }
    bucket.insert(entry.path().lexically_relative(folder).generic_string(),
                  make_object(std::move(body)));
  }
}

// ------------------------------------------------------------------------------------------
// The HTTP side
// ------------------------------------------------------------------------------------------

class S3BenchServer {
 public:
  S3BenchServer(std::map<std::string, std::unique_ptr<Bucket>> buckets,
                std::chrono::milliseconds delay, std::size_t threads)
      : m_buckets(std::move(buckets)), m_delay(delay) {
    m_server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    // One worker per connection for as long as the client keeps it open.
    m_server.set_keep_alive_max_count(1'000'000);
    m_server.set_keep_alive_timeout(10);
    // Headers and body go out in separate writes: without this, Nagle's
    // algorithm and the client's delayed ACK add ~40 ms to some responses.
    m_server.set_tcp_nodelay(true);
    m_server.set_payload_max_length(std::size_t{5} << 30);  // S3's largest single PUT, 5 GiB
    m_server.set_socket_options([this](socket_t socket) {
      httplib::default_socket_options(socket);
      m_listen_socket = socket;
    });
    const auto handler = [this](const httplib::Request& request, httplib::Response& response) {
      handle(request, response);
    };
    m_server.Get(".*", handler);  // and HEAD
    m_server.Put(".*", handler);
    m_server.Post(".*", handler);
    m_server.Delete(".*", handler);
  }

  // Binds 127.0.0.1:port (0: a free port) and listens; the port, or -1.
  int bind(int port) {
    const int bound = port == 0 ? m_server.bind_to_any_port("127.0.0.1")
                                : (m_server.bind_to_port("127.0.0.1", port) ? port : -1);
    if (bound >= 0 && ::listen(m_listen_socket, k_listen_backlog) != 0) {
      fmt::print(stderr, "s3_bench_server: warning: cannot raise the listen backlog to {}\n",
                 k_listen_backlog);
    }
    return bound;
  }
  bool listen_after_bind() { return m_server.listen_after_bind(); }
  [[nodiscard]] bool is_running() const { return m_server.is_running(); }
  void stop() { m_server.stop(); }

  [[nodiscard]] std::string counts() const {
    return fmt::format("list {}, get {}, head {}, put {}, other {}", m_list.load(), m_get.load(),
                       m_head.load(), m_put.load(), m_other.load());
  }

 private:
  void handle(const httplib::Request& request, httplib::Response& response) {
    if (m_delay.count() > 0) {
      std::this_thread::sleep_for(m_delay);
    }
    response.set_header("Server", "s3_bench_server");
    response.set_header("x-amz-request-id", fmt::format("{:016X}", ++m_request_id));

    // httplib has percent-decoded the path: "/bucket" or "/bucket/key".
    const std::string_view path = std::string_view(request.path).substr(1);
    const std::size_t slash = path.find('/');
    const std::string bucket_name(path.substr(0, slash));
    const std::string key(slash == std::string_view::npos ? "" : path.substr(slash + 1));
    const auto found = m_buckets.find(bucket_name);
    if (found == m_buckets.end()) {
      ++m_other;
      error(response, 404, "NoSuchBucket", "The specified bucket does not exist", "BucketName",
            bucket_name);
      return;
    }
    Bucket& bucket = *found->second;
    const std::string& method = request.method;
    if (key.empty() && method == "GET" && request.get_param_value("list-type") == "2") {
      ++m_list;
      list(bucket_name, bucket, request, response);
    } else if (key.empty() && method == "HEAD") {
      ++m_head;  // HeadBucket
    } else if (!key.empty() && (method == "GET" || method == "HEAD")) {
      ++(method == "GET" ? m_get : m_head);
      get(bucket, key, response);
    } else if (!key.empty() && method == "PUT") {
      ++m_put;
      put(bucket, key, request, response);
    } else {
      ++m_other;
      error(response, 501, "NotImplemented",
            fmt::format("s3_bench_server does not implement {} {}", method, request.path));
    }
  }

  static void list(const std::string& bucket_name, const Bucket& bucket,
                   const httplib::Request& request, httplib::Response& response) {
    ListQuery query;
    query.prefix = request.get_param_value("prefix");
    query.delimiter = request.get_param_value("delimiter");
    const bool url = request.get_param_value("encoding-type") == "url";
    const std::string token = request.get_param_value("continuation-token");
    if (request.has_param("max-keys")) {
      const std::string& text = request.get_param_value("max-keys");
      if (text.empty() || text.size() > 9 ||
          text.find_first_not_of("0123456789") != std::string::npos) {
        error(response, 400, "InvalidArgument",
              "Provided max-keys not an integer or within integer range");
        return;
      }
      query.max_keys = std::min(k_max_keys, static_cast<std::size_t>(std::stoul(text)));
    }
    if (request.has_param("continuation-token")) {
      const auto after = from_hex(token);
      if (!after || token.empty()) {
        error(response, 400, "InvalidArgument", "The continuation token provided is incorrect");
        return;
      }
      query.after = *after;
    } else {
      query.after = request.get_param_value("start-after");
    }

    const ListPage page = bucket.list(query);
    const auto text = [url](std::string_view value) {
      return xml_escape(url ? url_encode(value) : value);
    };
    std::string xml = fmt::format(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        "<Name>{}</Name><Prefix>{}</Prefix>",
        xml_escape(bucket_name), text(query.prefix));
    if (!query.delimiter.empty()) {
      xml += fmt::format("<Delimiter>{}</Delimiter>", text(query.delimiter));
    }
    if (request.has_param("start-after")) {
      xml +=
          fmt::format("<StartAfter>{}</StartAfter>", text(request.get_param_value("start-after")));
    }
    xml += fmt::format("<MaxKeys>{}</MaxKeys>", query.max_keys);
    if (url) {
      xml += "<EncodingType>url</EncodingType>";
    }
    xml += fmt::format("<KeyCount>{}</KeyCount><IsTruncated>{}</IsTruncated>",
                       page.contents.size() + page.common_prefixes.size(), page.truncated);
    if (request.has_param("continuation-token")) {
      xml += fmt::format("<ContinuationToken>{}</ContinuationToken>", xml_escape(token));
    }
    if (page.truncated) {
      xml += fmt::format("<NextContinuationToken>{}</NextContinuationToken>", to_hex(page.last));
    }
    for (const auto& [key, object] : page.contents) {
      xml += fmt::format(
          "<Contents><Key>{}</Key><LastModified>{}</LastModified><ETag>{}</ETag>"
          "<Size>{}</Size><StorageClass>STANDARD</StorageClass></Contents>",
          text(key), iso_time(object->modified), xml_escape(object->etag), object->body.size());
    }
    for (const std::string& prefix : page.common_prefixes) {
      xml += fmt::format("<CommonPrefixes><Prefix>{}</Prefix></CommonPrefixes>", text(prefix));
    }
    xml += "</ListBucketResult>";
    response.set_content(std::move(xml), "application/xml");
  }

  // GET and HEAD: httplib sends the headers only for HEAD, and answers a
  // Range header with 206 and the range.
  static void get(const Bucket& bucket, const std::string& key, httplib::Response& response) {
    const ObjectPtr object = bucket.find(key);
    if (!object) {
      error(response, 404, "NoSuchKey", "The specified key does not exist.", "Key", key);
      return;
    }
    response.set_header("ETag", object->etag);
    response.set_header("Last-Modified", http_time(object->modified));
    response.set_content(object->body, "application/octet-stream");
  }

  static void put(Bucket& bucket, const std::string& key, const httplib::Request& request,
                  httplib::Response& response) {
    const std::string digest = md5_raw(request.body);
    if (request.has_header("Content-MD5") &&
        request.get_header_value("Content-MD5") != base64(digest)) {
      error(response, 400, "BadDigest",
            "The Content-MD5 you specified did not match what we received.");
      return;
    }
    const bool if_none_match_any = request.get_header_value("If-None-Match") == "*";
    std::optional<std::string> if_match;
    if (request.has_header("If-Match")) {
      if_match = request.get_header_value("If-Match");
    }
    ObjectPtr object = make_object(request.body);
    const std::string etag = object->etag;
    switch (bucket.put(key, std::move(object), if_none_match_any, if_match)) {
      case PutOutcome::stored:
        response.set_header("ETag", etag);
        response.status = 200;
        return;
      case PutOutcome::exists:
        error(response, 412, "PreconditionFailed",
              "At least one of the pre-conditions you specified did not hold", "Condition",
              "If-None-Match");
        return;
      case PutOutcome::etag_differs:
        error(response, 412, "PreconditionFailed",
              "At least one of the pre-conditions you specified did not hold", "Condition",
              "If-Match");
        return;
      case PutOutcome::missing:
        error(response, 404, "NoSuchKey", "The specified key does not exist.", "Key", key);
        return;
    }
  }

  static void error(httplib::Response& response, int status, std::string_view code,
                    std::string_view message, std::string_view field = {},
                    std::string_view value = {}) {
    std::string xml = fmt::format(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{}</Code><Message>{}</Message>",
        code, xml_escape(message));
    if (!field.empty()) {
      xml += fmt::format("<{0}>{1}</{0}>", field, xml_escape(value));
    }
    xml += "</Error>";
    response.status = status;
    response.set_content(std::move(xml), "application/xml");
  }

  httplib::Server m_server;
  socket_t m_listen_socket = -1;
  const std::map<std::string, std::unique_ptr<Bucket>> m_buckets;
  const std::chrono::milliseconds m_delay;
  std::atomic<std::uint64_t> m_request_id{0};
  std::atomic<std::uint64_t> m_list{0}, m_get{0}, m_head{0}, m_put{0}, m_other{0};
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"s3_bench_server: a loopback S3 stand-in for make bench (no signature checks)"};
  int port = 0;
  int delay_ms = 0;
  std::size_t threads = 128;
  std::vector<std::string> bucket_specs;
  app.add_option("--port", port, "port on 127.0.0.1; 0 picks a free one")
      ->check(CLI::Range(0, 65535));
  app.add_option("--delay-ms", delay_ms, "milliseconds every request waits before its answer")
      ->check(CLI::Range(0, 600'000));
  app.add_option("--threads", threads, "worker threads, one per open connection")
      ->check(CLI::Range(1, 4096));
  app.add_option("--bucket", bucket_specs, "NAME=FOLDER: serve FOLDER's files as bucket NAME")
      ->required();
  CLI11_PARSE(app, argc, argv);

  std::map<std::string, std::unique_ptr<Bucket>> buckets;
  std::string loaded;
  try {
    for (const std::string& spec : bucket_specs) {
      const std::size_t equals = spec.find('=');
      const std::string name = spec.substr(0, equals == std::string::npos ? 0 : equals);
      if (name.empty() || equals + 1 == spec.size() ||
          name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789.-_") != std::string::npos) {
        throw std::runtime_error(fmt::format(
            "--bucket {}: expected NAME=FOLDER, NAME of a-z, 0-9, '.', '-' and '_'", spec));
      }
      auto bucket = std::make_unique<Bucket>();
      load_folder(*bucket, spec.substr(equals + 1));
      loaded += fmt::format("{}{{\"name\": \"{}\", \"objects\": {}}}", loaded.empty() ? "" : ", ",
                            name, bucket->size());
      buckets.insert_or_assign(name, std::move(bucket));
    }
  } catch (const std::exception& e) {  // std::filesystem errors included
    fmt::print(stderr, "s3_bench_server: {}\n", e.what());
    return 2;
  }

  // SIGTERM and SIGINT are taken by sigwait() below: block them before any
  // thread starts, so that every thread inherits the mask.
  std::signal(SIGPIPE, SIG_IGN);
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  S3BenchServer server(std::move(buckets), std::chrono::milliseconds(delay_ms), threads);
  const int bound = server.bind(port);
  if (bound < 0) {
    fmt::print(stderr, "s3_bench_server: cannot listen on 127.0.0.1:{}\n", port);
    return 1;
  }
  std::atomic<bool> listen_returned{false};
  std::thread listener([&server, &listen_returned] {
    server.listen_after_bind();
    listen_returned = true;
  });
  while (!server.is_running()) {  // httplib's stop() does nothing until the loop runs
    if (listen_returned) {
      listener.join();
      fmt::print(stderr, "s3_bench_server: the server did not start\n");
      return 1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  fmt::print("{{\"endpoint\": \"http://127.0.0.1:{}\", \"buckets\": [{}]}}\n", bound, loaded);
  std::fflush(stdout);

  int received = 0;
  while (sigwait(&stop_signals, &received) != 0) {
  }
  server.stop();
  listener.join();
  fmt::print(stderr, "s3_bench_server: stopped by signal {}; requests: {}\n", received,
             server.counts());
  return 0;
}
