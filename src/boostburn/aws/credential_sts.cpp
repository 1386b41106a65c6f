#include "boostburn/aws/credential_sts.hpp"

#include <utility>
#include <vector>

#include <pugixml.hpp>

#include "boostburn/aws/credential_util.hpp"
#include "boostburn/aws/sigv4.hpp"
#include "boostburn/util/time.hpp"

namespace boostburn {

namespace {

constexpr std::string_view k_version = "2011-06-15";

std::string form_body(const std::vector<std::pair<std::string_view, std::string_view>>& fields) {
  std::string body;
  for (const auto& [name, value] : fields) {
    if (!body.empty()) {
      body += '&';
    }
    body += uri_encode(name, false);
    body += '=';
    body += uri_encode(value, false);
  }
  return body;
}

std::string one_line(std::string_view text) {
  std::string out(trim_space(text));
  for (char& c : out) {
    if (c == '\n' || c == '\r' || c == '\t') {
      c = ' ';
    }
  }
  return out;
}

HttpRequest form_post(const StsEndpoint& endpoint, std::string body) {
  HttpRequest request;
  request.method = "POST";
  request.url = endpoint.url + "/";
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
                     {"Accept", "application/xml"}};
  request.body = std::move(body);
  request.timeout = std::chrono::milliseconds(10'000);
  request.connect_timeout = std::chrono::milliseconds(3'000);
  return request;
}

std::string context_of(std::string_view action, const AssumeRoleParams& params,
                       const StsEndpoint& endpoint) {
  return std::string(action) + " " + params.role_arn + " via " + display_url(endpoint.url);
}

// Sends with retries and reads the answer; every message scrubbed of `secrets`.
Result<AwsCredentials> call_sts(const CredentialContext& context, std::string_view action,
                                const std::function<Result<HttpRequest>()>& build,
                                std::initializer_list<std::string_view> secrets,
                                const std::string& error_context, const std::string& user_info) {
  auto scrubbed = [&](const Error& error) {
    Error copy = error.with_context(error_context);
    copy.message = scrub_secrets(std::move(copy.message), secrets);
    copy.message = scrub_secrets(std::move(copy.message), {user_info});
    return tl::unexpected<Error>(std::move(copy));
  };
  auto response = send_with_retries(*context.http, build, context.endpoint_retry,
                                    classify_aws_result, context.retry_hooks);
  if (!response) {
    return scrubbed(response.error());
  }
  auto credentials = parse_sts_response(response->status, response->body, action);
  if (!credentials) {
    return scrubbed(credentials.error());
  }
  return credentials;
}

}  // namespace

StsEndpoint resolve_sts_endpoint(const CredentialContext& context,
                                 const std::optional<std::string>& profile_region) {
  StsEndpoint endpoint;
  endpoint.region =
      context.var("AWS_REGION")
          .value_or(
              context.var("AWS_DEFAULT_REGION").value_or(profile_region.value_or("us-east-1")));
  if (endpoint.region.empty()) {
    endpoint.region = "us-east-1";
  }
  if (auto url = context.var("AWS_ENDPOINT_URL_STS")) {
    endpoint.url = *url;
  } else if (auto any = context.var("AWS_ENDPOINT_URL")) {
    endpoint.url = *any;
  } else {
    const bool china = endpoint.region.starts_with("cn-");
    endpoint.url =
        "https://sts." + endpoint.region + (china ? ".amazonaws.com.cn" : ".amazonaws.com");
  }
  while (endpoint.url.ends_with('/')) {
    endpoint.url.pop_back();
  }
  return endpoint;
}

Result<AwsCredentials> sts_assume_role(const CredentialContext& context,
                                       const StsEndpoint& endpoint, const AwsCredentials& source,
                                       const AssumeRoleParams& params) {
  std::vector<std::pair<std::string_view, std::string_view>> fields = {
      {"Action", "AssumeRole"},
      {"Version", k_version},
      {"RoleArn", params.role_arn},
      {"RoleSessionName", params.session_name}};
  const std::string duration =
      params.duration_seconds ? std::to_string(*params.duration_seconds) : std::string();
  if (!params.external_id.empty()) {
    fields.emplace_back("ExternalId", params.external_id);
  }
  if (params.duration_seconds) {
    fields.emplace_back("DurationSeconds", duration);
  }
  const std::string body = form_body(fields);
  const auto build = [&]() -> Result<HttpRequest> {
    HttpRequest request = form_post(endpoint, body);
    const SigningParams signing{endpoint.region, "sts", context.clock(), sha256_hex(request.body)};
    if (auto signed_ok = sign_request(request, source, signing); !signed_ok) {
      return tl::unexpected(signed_ok.error());
    }
    return request;
  };
  return call_sts(context, "AssumeRole", build,
                  {source.secret_access_key, source.session_token, params.external_id},
                  context_of("AssumeRole", params, endpoint), url_user_info(endpoint.url));
}

Result<AwsCredentials> sts_assume_role_with_web_identity(const CredentialContext& context,
                                                         const StsEndpoint& endpoint,
                                                         const AssumeRoleParams& params,
                                                         const std::string& token) {
  const std::string duration =
      params.duration_seconds ? std::to_string(*params.duration_seconds) : std::string();
  std::vector<std::pair<std::string_view, std::string_view>> fields = {
      {"Action", "AssumeRoleWithWebIdentity"},
      {"Version", k_version},
      {"RoleArn", params.role_arn},
      {"RoleSessionName", params.session_name},
      {"WebIdentityToken", token}};
  if (params.duration_seconds) {
    fields.emplace_back("DurationSeconds", duration);
  }
  const std::string body = form_body(fields);
  const auto build = [&]() -> Result<HttpRequest> { return form_post(endpoint, body); };
  return call_sts(context, "AssumeRoleWithWebIdentity", build, {token},
                  context_of("AssumeRoleWithWebIdentity", params, endpoint),
                  url_user_info(endpoint.url));
}

Result<AwsCredentials> assume_role_with_token_file(const CredentialContext& context,
                                                   const StsEndpoint& endpoint,
                                                   const AssumeRoleParams& params,
                                                   const std::string& token_file) {
  auto content = read_text_file(token_file, "web identity token file " + token_file);
  if (!content) {
    return tl::unexpected(content.error());
  }
  if (!*content) {
    return fail(ErrorKind::config, "web identity token file " + token_file + " does not exist");
  }
  const std::string token(trim_space(**content));
  if (token.empty()) {
    return fail(ErrorKind::config, "web identity token file " + token_file + " is empty");
  }
  return sts_assume_role_with_web_identity(context, endpoint, params, token);
}

Result<AwsCredentials> parse_sts_response(long status, std::string_view body,
                                          std::string_view action) {
  pugi::xml_document document;
  const bool parsed = document.load_buffer(body.data(), body.size());
  if (status != 200) {
    // ErrorResponse/Error as AWS documents it; also ErrorResponse/Errors/Error
    // (moto) and Response/Errors/Error: any <Error> with a <Code>.
    const auto error = parsed ? document.select_node("//Error[Code]").node() : pugi::xml_node();
    const std::string code = error.child("Code").text().as_string();
    if (!parsed || code.empty()) {
      return fail(ErrorKind::service,
                  "HTTP " + std::to_string(status) + " (no STS error document)");
    }
    std::string message = "HTTP " + std::to_string(status) + " " + one_line(code);
    const std::string detail = one_line(error.child("Message").text().as_string());
    if (!detail.empty()) {
      message += ": " + detail;
    }
    return fail(ErrorKind::service, message);
  }
  const std::string response_name = std::string(action) + "Response";
  const std::string result_name = std::string(action) + "Result";
  const auto node =
      document.child(response_name.c_str()).child(result_name.c_str()).child("Credentials");
  if (!parsed || !node) {
    return fail(ErrorKind::service, "HTTP 200 without " + result_name + "/Credentials");
  }
  AwsCredentials credentials;
  credentials.access_key_id = trim_space(node.child("AccessKeyId").text().as_string());
  credentials.secret_access_key = trim_space(node.child("SecretAccessKey").text().as_string());
  credentials.session_token = trim_space(node.child("SessionToken").text().as_string());
  if (credentials.access_key_id.empty() || credentials.secret_access_key.empty() ||
      credentials.session_token.empty()) {
    return fail(ErrorKind::service,
                "answer lacks AccessKeyId, SecretAccessKey or SessionToken in " + result_name);
  }
  const auto expires = parse_rfc3339(trim_space(node.child("Expiration").text().as_string()));
  if (!expires) {
    return fail(ErrorKind::service, "answer has no valid Expiration in " + result_name);
  }
  credentials.expires_at = *expires;
  return credentials;
}

std::string default_session_name(std::int64_t now) {
  return "boostburn-" + std::to_string(now);
}

}  // namespace boostburn
