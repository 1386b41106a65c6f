#include "boostburn/aws/credential_chain.hpp"

#include <utility>

namespace boostburn {

namespace {

bool fresh(const AwsCredentials& credentials, std::int64_t now, std::int64_t margin) {
  return !credentials.expires_at || *credentials.expires_at - now > margin;
}

}  // namespace

CredentialChain::CredentialChain(std::vector<std::unique_ptr<CredentialSource>> sources,
                                 Clock clock)
    : m_sources(std::move(sources)), m_clock(std::move(clock)) {}

Result<AwsCredentials> CredentialChain::credentials() {
  const std::lock_guard lock(m_mutex);
  const std::int64_t now = m_clock();
  if (m_cached && fresh(*m_cached, now, k_refresh_window_seconds)) {
    return *m_cached;
  }
  if (m_active != nullptr) {
    return refresh(now);
  }
  return walk();
}

Result<AwsCredentials> CredentialChain::refresh(std::int64_t now) {
  auto found = m_active->resolve();
  if (found && found->credentials) {
    m_cached = std::move(found->credentials);
    return *m_cached;
  }
  if (m_cached && fresh(*m_cached, now, k_min_remaining_seconds)) {
    return *m_cached;  // still usable; the refresh is tried again on the next call
  }
  const std::string context = "AWS credentials: refreshing from " + m_active->name();
  m_cached.reset();
  if (!found) {
    return tl::unexpected(found.error().with_context(context));
  }
  return fail(ErrorKind::config, context + ": no credentials any more (" + found->reason + ")");
}

Result<AwsCredentials> CredentialChain::walk() {
  std::string tried;
  for (const auto& source : m_sources) {
    auto found = source->resolve();
    if (!found) {
      return tl::unexpected(found.error().with_context("AWS credentials: " + source->name()));
    }
    if (found->credentials) {
      m_active = source.get();
      m_cached = std::move(found->credentials);
      return *m_cached;
    }
    tried += (tried.empty() ? "" : ", ") + source->name() + " (" + found->reason + ")";
  }
  return fail(ErrorKind::config, "no AWS credentials found; tried: " + tried);
}

std::unique_ptr<CredentialsProvider> make_default_credential_chain(
    const CredentialContext& context) {
  std::vector<std::unique_ptr<CredentialSource>> sources;
  sources.push_back(make_environment_source(context));
  sources.push_back(make_profile_source(context));
  sources.push_back(make_web_identity_source(context));
  sources.push_back(make_container_source(context));
  sources.push_back(make_instance_metadata_source(context));
  return std::make_unique<CredentialChain>(std::move(sources), context.clock);
}

std::unique_ptr<CredentialsProvider> make_default_credential_chain(std::shared_ptr<HttpClient> http,
                                                                   Clock clock, EnvLookup env) {
  CredentialContext context;
  context.http = std::move(http);
  context.clock = std::move(clock);
  context.env = std::move(env);
  return make_default_credential_chain(context);
}

}  // namespace boostburn
