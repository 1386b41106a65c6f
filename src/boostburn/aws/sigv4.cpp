// SigV4 as specified in "Signature Version 4 signing process" and, for S3,
// "Authenticating Requests: Using the Authorization Header (AWS Signature
// Version 4)". Step names below follow the documentation.
#include "boostburn/aws/sigv4.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <map>
#include <optional>

namespace boostburn {

namespace {

constexpr std::string_view k_algorithm = "AWS4-HMAC-SHA256";
constexpr char k_hex_lower[] = "0123456789abcdef";
constexpr char k_hex_upper[] = "0123456789ABCDEF";

using Digest = std::array<unsigned char, 32>;

std::string to_hex(const unsigned char* data, std::size_t size) {
  std::string hex;
  hex.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    hex.push_back(k_hex_lower[data[i] >> 4U]);
    hex.push_back(k_hex_lower[data[i] & 0x0FU]);
  }
  return hex;
}

Digest hmac_sha256(std::string_view key, std::string_view data) {
  Digest out{};
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out.data(), &length);
  return out;
}

std::string_view as_view(const Digest& digest) {
  return {reinterpret_cast<const char*>(digest.data()), digest.size()};
}

std::string to_lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return lower;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

// "Trimall": leading and trailing white space removed, inner runs collapsed
// to one space.
std::string trim_all(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  bool pending_space = false;
  for (const char c : value) {
    if (is_space(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) {
      out.push_back(' ');
      pending_space = false;
    }
    out.push_back(c);
  }
  return out;
}

// An absolute http(s) URL cut into the parts SigV4 needs.
struct UrlParts {
  std::string scheme;     // "https"
  std::string authority;  // "bucket.s3.amazonaws.com" or "127.0.0.1:5000"
  std::string path;       // "/key", never empty
  std::string query;      // without '?', as given
};

std::optional<UrlParts> split_url(std::string_view url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) {
    return std::nullopt;
  }
  UrlParts parts;
  parts.scheme = to_lower(url.substr(0, scheme_end));
  if (parts.scheme != "http" && parts.scheme != "https") {
    return std::nullopt;
  }
  std::string_view rest = url.substr(scheme_end + 3);
  rest = rest.substr(0, rest.find('#'));
  const auto authority_end = rest.find_first_of("/?");
  parts.authority = std::string(rest.substr(0, authority_end));
  if (parts.authority.empty() || parts.authority.find('@') != std::string::npos) {
    return std::nullopt;
  }
  rest = authority_end == std::string_view::npos ? std::string_view{} : rest.substr(authority_end);
  const auto query_start = rest.find('?');
  parts.path = std::string(rest.substr(0, query_start));
  if (parts.path.empty()) {
    parts.path = "/";
  }
  if (query_start != std::string_view::npos) {
    parts.query = std::string(rest.substr(query_start + 1));
  }
  return parts;
}

// The query in canonical form whatever the caller's encoding and order.
std::string normalize_query(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> params;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) {
      continue;
    }
    const auto eq = pair.find('=');
    if (eq == std::string_view::npos) {
      params.emplace_back(uri_decode(pair), "");
    } else {
      params.emplace_back(uri_decode(pair.substr(0, eq)), uri_decode(pair.substr(eq + 1)));
    }
  }
  return canonical_query(std::move(params));
}

bool is_signed_header(const std::string& lower_name) {
  return lower_name == "host" || lower_name == "content-type" || lower_name == "content-md5" ||
         lower_name == "range" || lower_name.starts_with("x-amz-");
}

std::optional<std::string> find_header(const HttpHeaders& headers, std::string_view lower_name) {
  for (const auto& [name, value] : headers) {
    if (to_lower(name) == lower_name) {
      return value;
    }
  }
  return std::nullopt;
}

void erase_header(HttpHeaders& headers, std::string_view lower_name) {
  std::erase_if(headers, [&](const auto& header) { return to_lower(header.first) == lower_name; });
}

// What both entry points refuse before touching anything.
Status check_inputs(const HttpRequest& request, const AwsCredentials& credentials,
                    const SigningParams& params) {
  const std::string where = request.method + " " + url_without_query(request.url);
  if (credentials.access_key_id.empty() || credentials.secret_access_key.empty()) {
    return fail(ErrorKind::config,
                "cannot sign " + where + ": the AWS credentials lack an access key id or secret");
  }
  if (params.region.empty() || params.service.empty()) {
    return fail(ErrorKind::internal, "cannot sign " + where + ": no region or service");
  }
  if (!split_url(request.url)) {
    return fail(ErrorKind::internal, "cannot sign " + where + ": not an absolute http(s) URL");
  }
  return {};
}

}  // namespace

std::string sha256_hex(std::string_view data) {
  Digest digest{};
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest.data(), &length, EVP_sha256(), nullptr);
  return to_hex(digest.data(), digest.size());
}

std::string uri_encode(std::string_view text, bool keep_slash) {
  std::string out;
  out.reserve(text.size() * 3);
  for (const char c : text) {
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~';
    if (unreserved || (keep_slash && c == '/')) {
      out.push_back(c);
    } else {
      const auto byte = static_cast<unsigned char>(c);
      out.push_back('%');
      out.push_back(k_hex_upper[byte >> 4U]);
      out.push_back(k_hex_upper[byte & 0x0FU]);
    }
  }
  return out;
}

std::string uri_decode(std::string_view text) {
  auto hex_value = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
        hex_value(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2])));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

std::string canonical_query(std::vector<std::pair<std::string, std::string>> params) {
  for (auto& [name, value] : params) {
    name = uri_encode(name, false);
    value = uri_encode(value, false);
  }
  std::sort(params.begin(), params.end());
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) {
      out.push_back('&');
    }
    out += name;
    out.push_back('=');
    out += value;
  }
  return out;
}

std::string amz_date(std::int64_t epoch_seconds) {
  using namespace std::chrono;
  const sys_seconds instant{seconds{epoch_seconds}};
  const auto day = floor<days>(instant);
  const year_month_day ymd{day};
  const hh_mm_ss time{instant - day};
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%04d%02u%02uT%02d%02d%02dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()));
  return buffer;
}

Result<SignatureParts> compute_signature(const HttpRequest& request,
                                         const AwsCredentials& credentials,
                                         const SigningParams& params) {
  if (auto checked = check_inputs(request, credentials, params); !checked) {
    return tl::unexpected<Error>(checked.error());
  }
  const auto url = split_url(request.url);

  // Task 1: the canonical request.
  std::map<std::string, std::string> canonical_headers;
  for (const auto& [name, value] : request.headers) {
    std::string lower = to_lower(name);
    if (!is_signed_header(lower)) {
      continue;
    }
    auto [slot, inserted] = canonical_headers.try_emplace(std::move(lower), trim_all(value));
    if (!inserted) {
      slot->second += "," + trim_all(value);  // repeated header: values joined in order
    }
  }
  canonical_headers.try_emplace("host", url->authority);

  SignatureParts parts;
  std::string header_block;
  for (const auto& [name, value] : canonical_headers) {
    header_block += name + ":" + value + "\n";
    if (!parts.signed_headers.empty()) {
      parts.signed_headers.push_back(';');
    }
    parts.signed_headers += name;
  }
  const std::string canonical_uri =
      params.service == "s3" ? url->path : uri_encode(url->path, /*keep_slash=*/true);
  const std::string payload_hash =
      params.payload_sha256.empty() ? sha256_hex(request.body) : params.payload_sha256;
  parts.canonical_request = request.method + "\n" + canonical_uri + "\n" +
                            normalize_query(url->query) + "\n" + header_block + "\n" +
                            parts.signed_headers + "\n" + payload_hash;

  // Task 2: the string to sign.
  const std::string date_time = amz_date(params.now);
  const std::string date = date_time.substr(0, 8);
  const std::string scope = date + "/" + params.region + "/" + params.service + "/aws4_request";
  parts.string_to_sign = std::string(k_algorithm) + "\n" + date_time + "\n" + scope + "\n" +
                         sha256_hex(parts.canonical_request);

  // Task 3: the signing key and the signature.
  const Digest date_key = hmac_sha256("AWS4" + credentials.secret_access_key, date);
  const Digest region_key = hmac_sha256(as_view(date_key), params.region);
  const Digest service_key = hmac_sha256(as_view(region_key), params.service);
  const Digest signing_key = hmac_sha256(as_view(service_key), "aws4_request");
  const Digest signature = hmac_sha256(as_view(signing_key), parts.string_to_sign);
  parts.signature = to_hex(signature.data(), signature.size());
  return parts;
}

Status sign_request(HttpRequest& request, const AwsCredentials& credentials,
                    const SigningParams& params) {
  if (auto checked = check_inputs(request, credentials, params); !checked) {
    return checked;
  }
  const auto url = split_url(request.url);
  const bool is_s3 = params.service == "s3";
  const std::string payload_hash =
      params.payload_sha256.empty() ? sha256_hex(request.body) : params.payload_sha256;

  // A retried request is signed again: drop what the last signature added.
  for (const std::string_view name : {"authorization", "x-amz-date", "x-amz-security-token"}) {
    erase_header(request.headers, name);
  }
  if (is_s3) {
    erase_header(request.headers, "x-amz-content-sha256");
  }
  if (!find_header(request.headers, "host")) {
    request.headers.emplace_back("host", url->authority);
  }
  request.headers.emplace_back("x-amz-date", amz_date(params.now));
  if (is_s3) {
    request.headers.emplace_back("x-amz-content-sha256", payload_hash);
  }
  if (!credentials.session_token.empty()) {
    request.headers.emplace_back("x-amz-security-token", credentials.session_token);
  }
  const std::string query = normalize_query(url->query);
  request.url = url->scheme + "://" + url->authority + url->path + (query.empty() ? "" : "?" + query);

  SigningParams effective = params;
  effective.payload_sha256 = payload_hash;
  auto parts = compute_signature(request, credentials, effective);
  if (!parts) {
    return tl::unexpected<Error>(parts.error());
  }
  const std::string date = amz_date(params.now).substr(0, 8);
  request.headers.emplace_back(
      "Authorization", std::string(k_algorithm) + " Credential=" + credentials.access_key_id + "/" +
                           date + "/" + params.region + "/" + params.service +
                           "/aws4_request, SignedHeaders=" + parts->signed_headers +
                           ", Signature=" + parts->signature);
  return {};
}

}  // namespace boostburn
