// The container and EC2 instance metadata (IMDSv2) credential sources.
#include "boostburn/aws/credential_endpoints.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstring>
#include <utility>

#include <arpa/inet.h>
#include <nlohmann/json.hpp>

#include "boostburn/aws/credential_util.hpp"
#include "boostburn/aws/sigv4.hpp"
#include "boostburn/util/text.hpp"

namespace boostburn {

namespace {

// The host of an absolute URL without user-info, brackets or port.
std::string url_host(std::string_view url) {
  const auto scheme_end = url.find("://");
  std::string_view authority = url.substr(scheme_end + 3);
  authority = authority.substr(0, authority.find_first_of("/?#"));
  if (authority.starts_with('[')) {
    return std::string(authority.substr(1, authority.find(']') - 1));
  }
  return std::string(authority.substr(0, authority.find(':')));
}

bool allowed_http_host(const std::string& host) {
  if (ascii_lower(host) == "localhost") {
    return true;
  }
  std::array<unsigned char, 16> address{};
  if (::inet_pton(AF_INET, host.c_str(), address.data()) == 1) {
    return address[0] == 127 || host == "169.254.170.2" || host == "169.254.170.23";
  }
  if (::inet_pton(AF_INET6, host.c_str(), address.data()) == 1) {
    for (const char* allowed : {"::1", "fd00:ec2::23"}) {
      std::array<unsigned char, 16> other{};
      ::inet_pton(AF_INET6, allowed, other.data());
      if (address == other) {
        return true;
      }
    }
  }
  return false;
}

// A positive whole number from a variable, or `fallback`.
int positive_number(const CredentialContext& context, const char* name, int fallback) {
  const auto text = context.var(name);
  int value = 0;
  if (!text ||
      std::from_chars(text->data(), text->data() + text->size(), value).ec != std::errc() ||
      value < 1) {
    return fallback;
  }
  return value;
}

class ContainerSource final : public CredentialSource {
 public:
  explicit ContainerSource(CredentialContext context) : m_context(std::move(context)) {}

  [[nodiscard]] std::string name() const override { return "container"; }

  Result<SourceResult> resolve() override {
    auto url = container_credentials_url(m_context);
    if (!url) {
      return tl::unexpected(url.error());
    }
    if (!*url) {
      return SourceResult::none("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and _FULL_URI not set");
    }
    auto token = authorization_token();
    if (!token) {
      return tl::unexpected(token.error());
    }
    const std::string shown = display_url(**url);
    const auto build = [&]() -> Result<HttpRequest> {
      HttpRequest request;
      request.url = **url;
      request.headers = {{"Accept", "application/json"}};
      if (!token->empty()) {
        request.headers.emplace_back("Authorization", *token);
      }
      request.timeout = std::chrono::milliseconds(2'000);
      request.connect_timeout = std::chrono::milliseconds(1'000);
      return request;
    };
    auto response = send_with_retries(*m_context.http, build, m_context.endpoint_retry,
                                      classify_aws_result, m_context.retry_hooks);
    if (!response) {
      return tl::unexpected(
          Error{ErrorKind::service, scrub_secrets(response.error().message, {*token})});
    }
    if (response->status != 200) {
      return fail(ErrorKind::service,
                  "HTTP " + std::to_string(response->status) + " from " + shown);
    }
    auto credentials = parse_credentials_json(response->body, "Token", "the answer of " + shown,
                                              ErrorKind::service);
    if (!credentials) {
      return tl::unexpected(credentials.error());
    }
    credentials->source = "container (" + shown + ")";
    return SourceResult::found(std::move(*credentials));
  }

 private:
  // The Authorization header value: the token file (re-read each time: it
  // rotates) wins over the variable; empty when neither is set.
  Result<std::string> authorization_token() const {
    std::string token;
    if (auto file = m_context.var("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")) {
      const std::string label = "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE " + *file;
      auto content = read_text_file(*file, label);
      if (!content) {
        return tl::unexpected(content.error());
      }
      if (!*content) {
        return fail(ErrorKind::config, label + " does not exist");
      }
      token = trim_space(**content);
    } else {
      token = m_context.var("AWS_CONTAINER_AUTHORIZATION_TOKEN").value_or("");
    }
    if (token.find_first_of("\r\n") != std::string::npos) {
      return fail(ErrorKind::config, "the container authorization token contains a line break");
    }
    return token;
  }

  CredentialContext m_context;
};

class InstanceMetadataSource final : public CredentialSource {
 public:
  explicit InstanceMetadataSource(CredentialContext context) : m_context(std::move(context)) {}

  [[nodiscard]] std::string name() const override { return "EC2 instance metadata"; }

  Result<SourceResult> resolve() override {
    if (ascii_lower(m_context.var("AWS_EC2_METADATA_DISABLED").value_or("")) == "true") {
      return SourceResult::none("AWS_EC2_METADATA_DISABLED=true");
    }
    const std::string endpoint = instance_metadata_endpoint(m_context);
    const int timeout = positive_number(m_context, "AWS_METADATA_SERVICE_TIMEOUT", 1);
    const std::string no_answer =
        "no answer from " + display_url(endpoint) + " in " + std::to_string(timeout) + "s";

    auto token = send("PUT", endpoint + "/latest/api/token",
                      {{"X-aws-ec2-metadata-token-ttl-seconds", "21600"}}, timeout);
    if (!token) {
      return SourceResult::none(no_answer);
    }
    if (token->status != 200 || trim_space(token->body).empty()) {
      return SourceResult::none("token request answered HTTP " + std::to_string(token->status));
    }
    const HttpHeaders with_token = {
        {"X-aws-ec2-metadata-token", std::string(trim_space(token->body))}};
    const std::string base = endpoint + "/latest/meta-data/iam/security-credentials/";

    auto roles = send("GET", base, with_token, timeout);
    if (!roles) {
      return SourceResult::none(no_answer);
    }
    if (roles->status == 404) {
      return SourceResult::none("no IAM role attached to this instance (HTTP 404)");
    }
    if (roles->status != 200) {
      return SourceResult::none("role name request answered HTTP " + std::to_string(roles->status));
    }
    const std::string role(
        trim_space(std::string_view(roles->body).substr(0, roles->body.find('\n'))));
    if (role.empty()) {
      return SourceResult::none("no IAM role attached to this instance");
    }

    auto document = send("GET", base + uri_encode(role, false), with_token, timeout);
    if (!document) {
      return SourceResult::none(no_answer);
    }
    if (document->status != 200) {
      return SourceResult::none("credentials of role " + role + " answered HTTP " +
                                std::to_string(document->status));
    }
    const auto json = nlohmann::json::parse(document->body, nullptr, /*allow_exceptions=*/false);
    if (json.is_object() && json.contains("Code") && json["Code"] != "Success") {
      return SourceResult::none("credentials of role " + role +
                                " are not available (Code is not Success)");
    }
    auto credentials = parse_credentials_json(
        document->body, "Token", "the credentials of role " + role, ErrorKind::service);
    if (!credentials) {
      return SourceResult::none(credentials.error().message);
    }
    credentials->source = "EC2 instance metadata (role " + role + ")";
    return SourceResult::found(std::move(*credentials));
  }

 private:
  Result<HttpResponse> send(const char* method, const std::string& url, const HttpHeaders& headers,
                            int timeout_seconds) {
    const auto build = [&]() -> Result<HttpRequest> {
      HttpRequest request;
      request.method = method;
      request.url = url;
      request.headers = headers;
      request.timeout = std::chrono::seconds(timeout_seconds);
      request.connect_timeout = std::chrono::seconds(timeout_seconds);
      return request;
    };
    RetryPolicy policy = m_context.endpoint_retry;
    policy.max_attempts = positive_number(m_context, "AWS_METADATA_SERVICE_NUM_ATTEMPTS", 1);
    return send_with_retries(*m_context.http, build, policy, classify_aws_result,
                             m_context.retry_hooks);
  }

  CredentialContext m_context;
};

}  // namespace

Result<std::optional<std::string>> container_credentials_url(const CredentialContext& context) {
  if (auto relative = context.var("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) {
    const std::string separator = relative->starts_with('/') ? "" : "/";
    return std::optional<std::string>(std::string(k_container_host) + separator + *relative);
  }
  auto full = context.var("AWS_CONTAINER_CREDENTIALS_FULL_URI");
  if (!full) {
    return std::optional<std::string>();
  }
  const std::string scheme = ascii_lower(full->substr(0, full->find("://")));
  if (full->find("://") == std::string::npos || (scheme != "http" && scheme != "https")) {
    return fail(ErrorKind::config, "AWS_CONTAINER_CREDENTIALS_FULL_URI must be an http(s) URL");
  }
  if (!url_user_info(*full).empty()) {
    // Also keeps a malformed "http://a:b/c@127.0.0.1" from passing the host check.
    return fail(ErrorKind::config,
                "AWS_CONTAINER_CREDENTIALS_FULL_URI must not contain user-info ('@')");
  }
  if (scheme == "http" && !allowed_http_host(url_host(*full))) {
    return fail(ErrorKind::config,
                "AWS_CONTAINER_CREDENTIALS_FULL_URI " + display_url(*full) +
                    ": plain http is allowed only to a loopback address or the ECS/EKS agents");
  }
  return std::optional<std::string>(*full);
}

std::string instance_metadata_endpoint(const CredentialContext& context) {
  std::string endpoint;
  if (auto chosen = context.var("AWS_EC2_METADATA_SERVICE_ENDPOINT")) {
    endpoint = *chosen;
  } else if (ascii_lower(context.var("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE").value_or("")) ==
             "ipv6") {
    endpoint = "http://[fd00:ec2::254]";
  } else {
    endpoint = k_instance_metadata_endpoint;
  }
  while (endpoint.ends_with('/')) {
    endpoint.pop_back();
  }
  return endpoint;
}

std::unique_ptr<CredentialSource> make_container_source(const CredentialContext& context) {
  return std::make_unique<ContainerSource>(context);
}

std::unique_ptr<CredentialSource> make_instance_metadata_source(const CredentialContext& context) {
  return std::make_unique<InstanceMetadataSource>(context);
}

}  // namespace boostburn
