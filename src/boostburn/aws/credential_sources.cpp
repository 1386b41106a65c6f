// The environment and web identity sources, and the context's defaults.
#include "boostburn/aws/credential_sources.hpp"

#include <chrono>
#include <cstdlib>
#include <utility>

#include "boostburn/aws/credential_sts.hpp"

namespace boostburn {

namespace {

class EnvironmentSource final : public CredentialSource {
 public:
  explicit EnvironmentSource(CredentialContext context) : m_context(std::move(context)) {}

  [[nodiscard]] std::string name() const override { return "environment"; }

  Result<SourceResult> resolve() override {
    auto key_id = m_context.var("AWS_ACCESS_KEY_ID");
    auto secret = m_context.var("AWS_SECRET_ACCESS_KEY");
    if (!key_id && !secret) {
      return SourceResult::none("AWS_ACCESS_KEY_ID not set");
    }
    if (!secret) {
      return fail(ErrorKind::config, "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
    }
    if (!key_id) {
      return fail(ErrorKind::config, "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not");
    }
    AwsCredentials credentials;
    credentials.access_key_id = std::move(*key_id);
    credentials.secret_access_key = std::move(*secret);
    credentials.session_token = m_context.var("AWS_SESSION_TOKEN")
                                    .value_or(m_context.var("AWS_SECURITY_TOKEN").value_or(""));
    credentials.source = "environment";
    return SourceResult::found(std::move(credentials));
  }

 private:
  CredentialContext m_context;
};

class WebIdentitySource final : public CredentialSource {
 public:
  explicit WebIdentitySource(CredentialContext context) : m_context(std::move(context)) {}

  [[nodiscard]] std::string name() const override { return "web identity"; }

  Result<SourceResult> resolve() override {
    const auto token_file = m_context.var("AWS_WEB_IDENTITY_TOKEN_FILE");
    const auto role_arn = m_context.var("AWS_ROLE_ARN");
    if (!token_file && !role_arn) {
      return SourceResult::none("AWS_WEB_IDENTITY_TOKEN_FILE not set");
    }
    if (!role_arn) {
      return fail(ErrorKind::config, "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not");
    }
    if (!token_file) {
      return fail(ErrorKind::config, "AWS_ROLE_ARN is set but AWS_WEB_IDENTITY_TOKEN_FILE is not");
    }
    AssumeRoleParams params;
    params.role_arn = *role_arn;
    params.session_name =
        m_context.var("AWS_ROLE_SESSION_NAME").value_or(default_session_name(m_context.clock()));
    auto credentials = assume_role_with_token_file(
        m_context, resolve_sts_endpoint(m_context, std::nullopt), params, *token_file);
    if (!credentials) {
      return tl::unexpected(credentials.error());
    }
    credentials->source = "web identity (" + *role_arn + ")";
    return SourceResult::found(std::move(*credentials));
  }

 private:
  CredentialContext m_context;
};

}  // namespace

std::optional<std::string> CredentialContext::var(std::string_view name) const {
  if (!env) {
    return std::nullopt;
  }
  auto value = env(name);
  if (!value || value->empty()) {
    return std::nullopt;
  }
  return value;
}

EnvLookup process_environment() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    if (value == nullptr) {
      return std::nullopt;
    }
    return std::string(value);
  };
}

Clock system_clock() {
  return [] {
    return static_cast<std::int64_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                         std::chrono::system_clock::now().time_since_epoch())
                                         .count());
  };
}

std::unique_ptr<CredentialSource> make_environment_source(const CredentialContext& context) {
  return std::make_unique<EnvironmentSource>(context);
}

std::unique_ptr<CredentialSource> make_web_identity_source(const CredentialContext& context) {
  return std::make_unique<WebIdentitySource>(context);
}

}  // namespace boostburn
