#include "boostburn/store/s3_store.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <iterator>

#include <fmt/format.h>
#include <openssl/evp.h>

#include "boostburn/aws/s3_xml.hpp"
#include "boostburn/aws/sigv4.hpp"
#include "boostburn/util/text.hpp"

namespace boostburn {

namespace {

std::int64_t system_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool is_lower_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

// A request without a body (GET, HEAD), signed with the empty-payload hash.
HttpRequest bodiless_request(std::string method, const std::string& url, HttpHeaders headers = {}) {
  HttpRequest request;
  request.method = std::move(method);
  request.url = url;
  request.headers = std::move(headers);
  return request;
}

// A bucket name that can be the first label of a TLS-verified host name.
bool virtual_host_compatible(std::string_view bucket) {
  return std::all_of(bucket.begin(), bucket.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

std::optional<std::uint64_t> parse_length(const std::optional<std::string>& text) {
  if (!text) {
    return std::nullopt;
  }
  std::uint64_t value = 0;
  const char* end = text->data() + text->size();
  const auto [ptr, ec] = std::from_chars(text->data(), end, value);
  if (text->empty() || ec != std::errc{} || ptr != end) {
    return std::nullopt;
  }
  return value;
}

std::string digest_hex(const std::array<unsigned char, 16>& digest) {
  std::string hex;
  for (const unsigned char byte : digest) {
    hex += fmt::format("{:02x}", byte);
  }
  return hex;
}

std::array<unsigned char, 16> md5(std::string_view data) {
  std::array<unsigned char, 16> digest{};
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), digest.data(), &size, EVP_md5(), nullptr);
  return digest;
}

std::string base64(const std::array<unsigned char, 16>& bytes) {
  std::array<unsigned char, 32> out{};  // 4 * ceil(16 / 3) = 24, plus NUL
  const int size = EVP_EncodeBlock(out.data(), bytes.data(), static_cast<int>(bytes.size()));
  return std::string(reinterpret_cast<const char*>(out.data()), static_cast<std::size_t>(size));
}

// Why a 200 GetObject body cannot be trusted, or empty.
std::string body_problem(const HttpResponse& response) {
  if (const auto declared = response.header("Content-Length")) {
    const auto length = parse_length(declared);
    if (!length || *length != response.body.size()) {
      return fmt::format("body has {} bytes, Content-Length says {}", response.body.size(),
                         *declared);
    }
  }
  // SSE-KMS and SSE-C objects have ETags that are not the MD5 of the data.
  const auto sse = response.header("x-amz-server-side-encryption");
  if ((sse && sse->starts_with("aws:kms")) ||
      response.header("x-amz-server-side-encryption-customer-algorithm")) {
    return {};
  }
  std::string etag = ascii_lower(response.header("ETag").value_or(""));
  if (etag.size() == 34 && etag.front() == '"' && etag.back() == '"') {
    etag = etag.substr(1, 32);
  }
  if (etag.size() == 32 && std::all_of(etag.begin(), etag.end(), is_lower_hex)) {
    const std::string actual = digest_hex(md5(response.body));
    if (actual != etag) {
      return fmt::format("body MD5 {} does not match its ETag {}", actual, etag);
    }
  }
  return {};
}

std::string_view action_of(std::string_view op) {
  return op == "list" ? "s3:ListBucket" : op == "put" ? "s3:PutObject" : "s3:GetObject";
}

}  // namespace

std::string s3_store_config_problem(const S3StoreConfig& config) {
  const std::string& bucket = config.bucket;
  if (bucket.size() < 3 || bucket.size() > 63) {
    return fmt::format("bucket name \"{}\" must have 3 to 63 characters", bucket);
  }
  const bool bucket_ok = std::all_of(bucket.begin(), bucket.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-' || c == '_';
  });
  if (!bucket_ok) {
    return fmt::format("bucket name \"{}\" may hold only letters, digits, '.', '-' and '_'",
                       bucket);
  }
  const bool region_ok =
      !config.region.empty() && std::all_of(config.region.begin(), config.region.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
      });
  if (!region_ok) {
    return fmt::format("bucket {}: region \"{}\" is not a region name like us-east-1", bucket,
                       config.region);
  }
  if (config.endpoint) {
    const std::string& endpoint = *config.endpoint;
    const auto scheme_end = endpoint.find("://");
    const std::string scheme = ascii_lower(endpoint.substr(0, scheme_end));
    if (scheme_end == std::string::npos || (scheme != "http" && scheme != "https") ||
        endpoint.size() == scheme_end + 3 || endpoint[scheme_end + 3] == '/' ||
        endpoint.find_first_of("?#@ ") != std::string::npos) {
      return fmt::format(
          "S3 endpoint \"{}\" is not an http:// or https:// URL like http://127.0.0.1:9000",
          endpoint);
    }
  }
  return {};
}

Result<std::unique_ptr<S3Store>> make_s3_store(S3StoreConfig config,
                                               std::shared_ptr<HttpClient> http,
                                               std::shared_ptr<CredentialsProvider> credentials,
                                               S3Store::Clock clock) {
  if (std::string problem = s3_store_config_problem(config); !problem.empty()) {
    return fail(ErrorKind::config, std::move(problem));
  }
  if (!http || !credentials) {
    return fail(ErrorKind::internal, "make_s3_store: missing HTTP client or credentials provider");
  }
  return std::make_unique<S3Store>(std::move(config), std::move(http), std::move(credentials),
                                   std::move(clock));
}

S3Store::S3Store(S3StoreConfig config, std::shared_ptr<HttpClient> http,
                 std::shared_ptr<CredentialsProvider> credentials, Clock clock, RetryHooks hooks)
    : m_config(std::move(config)),
      m_http(std::move(http)),
      m_credentials(std::move(credentials)),
      m_clock(clock ? std::move(clock) : Clock(system_now)),
      m_hooks(std::move(hooks)) {
  if (m_config.endpoint) {
    std::string endpoint = *m_config.endpoint;
    while (endpoint.ends_with('/')) {
      endpoint.pop_back();
    }
    m_base = endpoint + "/" + m_config.bucket;
  } else if (m_config.path_style || !virtual_host_compatible(m_config.bucket)) {
    m_base = fmt::format("https://s3.{}.amazonaws.com/{}", m_config.region, m_config.bucket);
  } else {
    m_virtual_host = true;
    m_base = fmt::format("https://{}.s3.{}.amazonaws.com", m_config.bucket, m_config.region);
  }
}

std::string S3Store::describe() const {
  return "s3://" + m_config.bucket;
}

std::string S3Store::target(std::string_view key) const {
  return fmt::format("s3://{}/{}", m_config.bucket, key);
}

std::string S3Store::bucket_url() const {
  return m_base;
}

std::string S3Store::object_url(std::string_view key) const {
  return m_base + "/" + uri_encode(key, /*keep_slash=*/true);
}

StoreRequestStats S3Store::request_stats() const {
  return StoreRequestStats{m_list.load(), m_get.load(),     m_head.load(),
                        m_put.load(),  m_retries.load(), m_bytes.load()};
}

Result<S3Store::Sent> S3Store::send(
    Op op, const std::string& what, const std::function<HttpRequest()>& make,
    const std::string& payload_sha256,
    const std::function<RetryDecision(const Result<HttpResponse>&)>& classify) {
  std::atomic<std::uint64_t>& counter = op == Op::list   ? m_list
                                        : op == Op::get  ? m_get
                                        : op == Op::head ? m_head
                                                         : m_put;
  std::string signer;
  auto build = [&]() -> Result<HttpRequest> {
    auto credentials = m_credentials->credentials();
    if (!credentials) {
      return tl::unexpected(credentials.error());
    }
    HttpRequest request = make();
    request.timeout = m_config.request_timeout;
    const SigningParams params{m_config.region, "s3", m_clock(), payload_sha256};
    if (auto signed_request = sign_request(request, *credentials, params); !signed_request) {
      return tl::unexpected(signed_request.error());
    }
    signer = fmt::format("key {}{}", redacted_key_id(credentials->access_key_id),
                         credentials->source.empty() ? "" : ", from " + credentials->source);
    counter.fetch_add(1);
    return request;
  };
  auto counting_classify = [&](const Result<HttpResponse>& result) {
    if (op == Op::get && result && result->status / 100 == 2) {
      m_bytes.fetch_add(result->body.size());
    }
    return classify(result);
  };
  RetryHooks hooks = m_hooks;
  hooks.on_retry = [this, outer = m_hooks.on_retry](int attempt, const std::string& reason,
                                                    std::chrono::milliseconds delay) {
    m_retries.fetch_add(1);
    if (outer) {
      outer(attempt, reason, delay);
    }
  };
  auto result = send_with_retries(*m_http, build, m_config.retry, counting_classify, hooks);
  if (!result) {
    return tl::unexpected(result.error().with_context(what));
  }
  return Sent{std::move(*result), std::move(signer)};
}

Error S3Store::s3_error(Op op, const std::string& what, const Sent& sent) const {
  const HttpResponse& response = sent.response;
  const auto info = parse_s3_error(response.body);
  std::string code = info ? info->code : "";
  if (code.empty()) {  // HEAD responses carry no body
    code = response.status == 403   ? "Forbidden"
           : response.status == 404 ? "NotFound"
           : response.status == 301 ? "PermanentRedirect"
                                    : "";
  }
  const std::string_view op_name = op == Op::list   ? "list"
                                   : op == Op::get  ? "get"
                                   : op == Op::head ? "head"
                                                    : "put";
  std::string region = info ? info->region : "";
  if (region.empty()) {
    region = response.header("x-amz-bucket-region").value_or("");
  }

  std::string advice;
  if (code == "AccessDenied" || code == "Forbidden" || code == "AllAccessDisabled") {
    advice = fmt::format("check that the credentials ({}) may {} on this bucket", sent.signer,
                         action_of(op_name));
  } else if (code == "NoSuchBucket") {
    advice = "check the bucket name in the regions config";
  } else if (code == "SignatureDoesNotMatch") {
    advice = fmt::format("check the secret access key ({})", sent.signer);
  } else if (code == "InvalidAccessKeyId") {
    advice =
        fmt::format("AWS does not know the access key ({}); check AWS_ACCESS_KEY_ID or the profile",
                    sent.signer);
  } else if (code == "ExpiredToken" || code == "TokenRefreshRequired") {
    advice = fmt::format(
        "the session token has expired ({}); refresh the credentials (e.g. aws sso login)",
        sent.signer);
  } else if (code == "InvalidToken") {
    advice = fmt::format("the session token does not belong to the access key ({})", sent.signer);
  } else if (code == "PermanentRedirect" || code == "AuthorizationHeaderMalformed" ||
             code == "IncorrectEndpoint") {
    advice = region.empty() || region == m_config.region
                 ? fmt::format("the bucket is not in {}; set its region in the regions config",
                               m_config.region)
                 : fmt::format("the bucket is in {}, not {}; set its region in the regions config",
                               region, m_config.region);
  } else if (code == "RequestTimeTooSkewed") {
    advice = "the system clock is off; synchronise it (NTP)";
  }

  std::string message = what + ": ";
  if (!code.empty()) {
    message += fmt::format("{} (HTTP {})", code, response.status);
  } else {
    message += fmt::format("HTTP {}", response.status);
  }
  if (info && !info->message.empty()) {
    message += ": " + info->message;
  }
  if (!advice.empty()) {
    message += "; " + advice;
  }
  ErrorKind kind = ErrorKind::service;
  if (code == "NoSuchBucket") {
    kind = ErrorKind::config;
  } else if (response.status == 404 && (op == Op::get || op == Op::head)) {
    kind = ErrorKind::not_found;
  }
  return Error{kind, std::move(message)};
}

Result<std::vector<ObjectInfo>> S3Store::list(std::string_view prefix) {
  auto listing = list_pages(prefix, /*one_level=*/false);
  if (!listing) {
    return tl::unexpected(listing.error());
  }
  return std::move(listing->objects);
}

Result<FolderListing> S3Store::list_folder(std::string_view prefix) {
  return list_pages(prefix, /*one_level=*/true);
}

Result<FolderListing> S3Store::list_pages(std::string_view prefix, bool one_level) {
  const std::string what = "list " + target(prefix);
  FolderListing listing;
  std::string token;
  for (;;) {
    std::vector<std::pair<std::string, std::string>> params{{"list-type", "2"},
                                                            {"encoding-type", "url"}};
    if (one_level) {
      params.emplace_back("delimiter", "/");
    }
    if (!prefix.empty()) {
      params.emplace_back("prefix", std::string(prefix));
    }
    if (!token.empty()) {
      params.emplace_back("continuation-token", token);
    }
    // Virtual-hosted listings are "/?...", path-style ones "/bucket?...".
    const std::string url =
        (m_virtual_host ? m_base + "/" : m_base) + "?" + canonical_query(std::move(params));
    std::optional<S3ListPage> page;
    auto classify = [&page](const Result<HttpResponse>& result) {
      RetryDecision decision = classify_aws_result(result);
      if (decision.retry || !result || result->status != 200) {
        return decision;
      }
      auto parsed = parse_list_objects_v2(result->body);
      if (!parsed) {
        return RetryDecision::again(parsed.error().message);
      }
      page = std::move(*parsed);
      return decision;
    };
    auto sent = send(
        Op::list, what, [&url] { return bodiless_request("GET", url); },
        std::string(k_empty_payload_sha256), classify);
    if (!sent) {
      return tl::unexpected(sent.error());
    }
    if (sent->response.status != 200 || !page) {
      return tl::unexpected(s3_error(Op::list, what, *sent));
    }
    for (S3ListEntry& entry : page->entries) {
      listing.objects.push_back(
          ObjectInfo{std::move(entry.key), entry.size, std::move(entry.etag)});
    }
    listing.folders.insert(listing.folders.end(),
                           std::make_move_iterator(page->common_prefixes.begin()),
                           std::make_move_iterator(page->common_prefixes.end()));
    if (!page->is_truncated) {
      break;
    }
    if (page->next_continuation_token == token) {
      return fail(ErrorKind::service,
                  fmt::format("{}: S3 returned the same continuation token twice", what));
    }
    token = std::move(page->next_continuation_token);
  }
  std::sort(listing.objects.begin(), listing.objects.end(),
            [](const ObjectInfo& a, const ObjectInfo& b) { return a.key < b.key; });
  // S3 names a folder once; a folder named twice must still be listed once.
  std::sort(listing.folders.begin(), listing.folders.end());
  listing.folders.erase(std::unique(listing.folders.begin(), listing.folders.end()),
                        listing.folders.end());
  return listing;
}

Result<std::string> S3Store::get(std::string_view key) {
  const std::string what = "get " + target(key);
  const std::string url = object_url(key);
  auto classify = [](const Result<HttpResponse>& result) {
    RetryDecision decision = classify_aws_result(result);
    if (decision.retry || !result || result->status != 200) {
      return decision;
    }
    if (std::string problem = body_problem(*result); !problem.empty()) {
      return RetryDecision::again(problem);
    }
    return decision;
  };
  auto sent = send(
      Op::get, what, [&url] { return bodiless_request("GET", url); },
      std::string(k_empty_payload_sha256), classify);
  if (!sent) {
    return tl::unexpected(sent.error());
  }
  if (sent->response.status != 200) {
    return tl::unexpected(s3_error(Op::get, what, *sent));
  }
  return std::move(sent->response.body);
}

Result<ObjectInfo> S3Store::head(std::string_view key) {
  const std::string what = "head " + target(key);
  const std::string url = object_url(key);
  auto sent = send(
      Op::head, what, [&url] { return bodiless_request("HEAD", url); },
      std::string(k_empty_payload_sha256), classify_aws_result);
  if (!sent) {
    return tl::unexpected(sent.error());
  }
  if (sent->response.status == 403 && sent->response.body.empty()) {
    // S3 gives no reason for a refused HEAD. Ask once more with a one-byte
    // GET, whose refusal names the cause (SignatureDoesNotMatch, AccessDenied...).
    auto probe = send(
        Op::get, what,
        [&url] {
          return bodiless_request("GET", url, {{"Range", "bytes=0-0"}});
        },
        std::string(k_empty_payload_sha256), classify_aws_result);
    if (probe && probe->response.status >= 400 && parse_s3_error(probe->response.body)) {
      return tl::unexpected(s3_error(Op::head, what, *probe));
    }
  }
  if (sent->response.status != 200) {
    return tl::unexpected(s3_error(Op::head, what, *sent));
  }
  const auto size = parse_length(sent->response.header("Content-Length"));
  if (!size) {
    return fail(ErrorKind::service,
                fmt::format("{}: the response has no valid Content-Length", what));
  }
  return ObjectInfo{std::string(key), *size, sent->response.header("ETag").value_or("")};
}

Result<std::string> S3Store::put(std::string_view key, std::string_view body,
                                 const PutCondition& condition) {
  const std::string what = "put " + target(key);
  const std::string url = object_url(key);
  const std::string payload_sha256 = sha256_hex(body);
  const std::string content_md5 = base64(md5(body));
  auto sent = send(
      Op::put, what,
      [&] {
        HttpRequest request;
        request.method = "PUT";
        request.url = url;
        request.body = std::string(body);
        request.headers = {{"Content-Length", std::to_string(body.size())},
                           {"Content-MD5", content_md5},
                           {"Content-Type", "application/octet-stream"}};
        if (condition.kind == PutCondition::Kind::if_none_match_any) {
          request.headers.emplace_back("If-None-Match", "*");
        } else if (condition.kind == PutCondition::Kind::if_match) {
          request.headers.emplace_back("If-Match", condition.etag);
        }
        return request;
      },
      payload_sha256, classify_aws_result);
  if (!sent) {
    return tl::unexpected(sent.error());
  }
  const long status = sent->response.status;
  if (status == 200) {
    auto etag = sent->response.header("ETag");
    if (!etag || etag->empty()) {
      return fail(ErrorKind::service, fmt::format("{}: the response has no ETag", what));
    }
    return *etag;
  }
  const auto info = parse_s3_error(sent->response.body);
  const std::string code = info ? info->code : "";
  const bool stale = condition.kind == PutCondition::Kind::if_match && status == 404;
  if (status == 412 || stale || (status == 409 && code == "ConditionalRequestConflict")) {
    const std::string why =
        status == 409 ? "another conditional write to the object is in progress"
        : condition.kind == PutCondition::Kind::if_none_match_any
            ? "the object already exists (If-None-Match: *)"
            : fmt::format("the object changed or disappeared since it was read (If-Match {})",
                          condition.etag);
    return fail(ErrorKind::conflict,
                fmt::format("{}: {}: {} (HTTP {})", what, why,
                            code.empty() ? "PreconditionFailed" : code, status));
  }
  return tl::unexpected(s3_error(Op::put, what, *sent));
}

}  // namespace boostburn
