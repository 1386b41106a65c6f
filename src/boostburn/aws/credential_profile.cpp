// The shared-files profile source.
//
// Within one profile, as botocore decides: `role_arn` first (STS AssumeRole
// with the credentials of `source_profile`, recursively, or with
// `credential_source`, or AssumeRoleWithWebIdentity with
// `web_identity_token_file`); then static keys from the credentials file;
// then `credential_process`; then static keys from the config file. Settings
// of the credentials file override those of the config file.
#include <charconv>
#include <utility>
#include <vector>

#include "boostburn/aws/credential_config_files.hpp"
#include "boostburn/aws/credential_process.hpp"
#include "boostburn/aws/credential_sources.hpp"
#include "boostburn/aws/credential_sts.hpp"
#include "boostburn/aws/credential_util.hpp"

namespace boostburn {

namespace {

constexpr std::size_t k_max_role_chain = 8;

std::optional<std::string> setting(const IniSection& section, const char* key) {
  const auto found = section.find(key);
  if (found == section.end() || found->second.empty()) {
    return std::nullopt;
  }
  return found->second;
}

// Static keys of one file's section: nullopt when it has none, an error when
// only one of the pair is there.
Result<std::optional<AwsCredentials>> static_keys(const IniSection* section,
                                                  const std::string& label) {
  if (section == nullptr) {
    return std::optional<AwsCredentials>();
  }
  auto key_id = setting(*section, "aws_access_key_id");
  auto secret = setting(*section, "aws_secret_access_key");
  if (!key_id && !secret) {
    return std::optional<AwsCredentials>();
  }
  if (!secret) {
    return fail(ErrorKind::config, label + " has aws_access_key_id but no aws_secret_access_key");
  }
  if (!key_id) {
    return fail(ErrorKind::config, label + " has aws_secret_access_key but no aws_access_key_id");
  }
  AwsCredentials credentials;
  credentials.access_key_id = std::move(*key_id);
  credentials.secret_access_key = std::move(*secret);
  credentials.session_token = setting(*section, "aws_session_token")
                                  .value_or(setting(*section, "aws_security_token").value_or(""));
  credentials.source = label;
  return std::optional<AwsCredentials>(std::move(credentials));
}

std::string describe_absence(const SharedFile& file) {
  return file.label + (file.content ? ": no such profile" : ": no such file");
}

// Resolves one profile, following source_profile links (tracked in m_path).
class ProfileResolver {
 public:
  ProfileResolver(const CredentialContext& context, const SharedConfigFiles& files)
      : m_context(context), m_files(files) {}

  // none(reason) when the profile is in neither file or holds no credentials.
  Result<SourceResult> resolve(const std::string& name) {
    const IniSection* in_credentials = m_files.credentials_profile(name);
    const std::optional<IniSection> in_config = m_files.config_profile(name);
    if (in_credentials == nullptr && !in_config) {
      return SourceResult::none(describe_absence(m_files.credentials) + "; " +
                                describe_absence(m_files.config));
    }
    IniSection merged = in_config.value_or(IniSection());
    if (in_credentials != nullptr) {
      for (const auto& [key, value] : *in_credentials) {
        merged[key] = value;
      }
    }
    const std::string label = "profile " + name;
    if (setting(merged, "role_arn")) {
      m_path.push_back(name);
      auto assumed = assume_role(name, merged, in_credentials, in_config);
      m_path.pop_back();
      if (!assumed) {
        return tl::unexpected(assumed.error());
      }
      return SourceResult::found(std::move(*assumed));
    }
    auto from_credentials = static_keys(in_credentials, label + " in " + m_files.credentials.label);
    if (!from_credentials) {
      return tl::unexpected(from_credentials.error());
    }
    if (*from_credentials) {
      (*from_credentials)->source = label + " (" + m_files.credentials.label + ")";
      return SourceResult::found(std::move(**from_credentials));
    }
    if (auto command = setting(merged, "credential_process")) {
      auto credentials = run_credential_process(*command, m_context.process_timeout);
      if (!credentials) {
        return tl::unexpected(credentials.error());
      }
      credentials->source = label + " (credential_process)";
      return SourceResult::found(std::move(*credentials));
    }
    auto from_config =
        static_keys(in_config ? &*in_config : nullptr, label + " in " + m_files.config.label);
    if (!from_config) {
      return tl::unexpected(from_config.error());
    }
    if (*from_config) {
      (*from_config)->source = label + " (" + m_files.config.label + ")";
      return SourceResult::found(std::move(**from_config));
    }
    return SourceResult::none(
        "no aws_access_key_id, credential_process or role_arn in the profile");
  }

 private:
  Result<AwsCredentials> assume_role(const std::string& name, const IniSection& settings,
                                     const IniSection* in_credentials,
                                     const std::optional<IniSection>& in_config) {
    AssumeRoleParams params;
    params.role_arn = *setting(settings, "role_arn");
    params.session_name =
        setting(settings, "role_session_name").value_or(default_session_name(m_context.clock()));
    params.external_id = setting(settings, "external_id").value_or("");
    if (auto duration = setting(settings, "duration_seconds")) {
      int seconds = 0;
      const auto [end, ec] =
          std::from_chars(duration->data(), duration->data() + duration->size(), seconds);
      if (ec != std::errc() || end != duration->data() + duration->size() || seconds <= 0) {
        return fail(ErrorKind::config,
                    "duration_seconds must be a positive whole number of seconds");
      }
      params.duration_seconds = seconds;
    }
    if (setting(settings, "mfa_serial")) {
      return fail(ErrorKind::config,
                  "mfa_serial needs an MFA code typed in, which boostburn cannot ask for; "
                  "use credential_process (e.g. aws configure export-credentials) instead");
    }
    const StsEndpoint endpoint = resolve_sts_endpoint(m_context, setting(settings, "region"));
    const auto source_profile = setting(settings, "source_profile");
    const auto credential_source = setting(settings, "credential_source");
    const auto token_file = setting(settings, "web_identity_token_file");
    if (source_profile && credential_source) {
      return fail(ErrorKind::config, "role_arn with both source_profile and credential_source");
    }
    auto labelled = [&](Result<AwsCredentials> result) {
      if (result) {
        result->source = "profile " + name + " (assume role " + params.role_arn + ")";
      }
      return result;
    };
    if (source_profile) {
      auto source = source_credentials(name, *source_profile, in_credentials, in_config);
      if (!source) {
        return tl::unexpected(source.error());
      }
      return labelled(sts_assume_role(m_context, endpoint, *source, params));
    }
    if (credential_source) {
      auto source = named_source_credentials(*credential_source);
      if (!source) {
        return tl::unexpected(source.error());
      }
      return labelled(sts_assume_role(m_context, endpoint, *source, params));
    }
    if (token_file) {
      return labelled(assume_role_with_token_file(m_context, endpoint, params,
                                                  expand_home(*token_file, m_context.var("HOME"))));
    }
    return fail(ErrorKind::config,
                "role_arn needs source_profile, credential_source or web_identity_token_file");
  }

  Result<AwsCredentials> source_credentials(const std::string& name, const std::string& source,
                                            const IniSection* in_credentials,
                                            const std::optional<IniSection>& in_config) {
    const std::string context = "source_profile " + source;
    if (source == name) {
      // A role profile that is its own source uses its own static keys (AWS CLI rule).
      for (const auto& [section, label] :
           {std::pair{in_credentials, m_files.credentials.label},
            std::pair{in_config ? &*in_config : nullptr, m_files.config.label}}) {
        auto keys = static_keys(section, std::string(context).append(" in ").append(label));
        if (!keys) {
          return tl::unexpected(keys.error());
        }
        if (*keys) {
          return std::move(**keys);
        }
      }
      return fail(ErrorKind::config, context + ": the profile is its own source but has no keys");
    }
    for (const auto& seen : m_path) {
      if (seen == source) {
        std::string cycle = "source_profile cycle: ";
        for (const auto& step : m_path) {
          cycle.append(step).append(" -> ");
        }
        return fail(ErrorKind::config, cycle.append(source));
      }
    }
    if (m_path.size() >= k_max_role_chain) {
      return fail(ErrorKind::config, "role chain longer than " + std::to_string(k_max_role_chain));
    }
    auto found = resolve(source);
    if (!found) {
      return tl::unexpected(found.error().with_context(context));
    }
    if (!found->credentials) {
      return fail(ErrorKind::config, context + ": " + found->reason);
    }
    return std::move(*found->credentials);
  }

  Result<AwsCredentials> named_source_credentials(const std::string& which) {
    std::unique_ptr<CredentialSource> source;
    if (which == "Environment") {
      source = make_environment_source(m_context);
    } else if (which == "Ec2InstanceMetadata") {
      source = make_instance_metadata_source(m_context);
    } else if (which == "EcsContainer") {
      source = make_container_source(m_context);
    } else {
      return fail(ErrorKind::config,
                  "credential_source must be Environment, Ec2InstanceMetadata or "
                  "EcsContainer");
    }
    const std::string context = "credential_source " + which;
    auto found = source->resolve();
    if (!found) {
      return tl::unexpected(found.error().with_context(context));
    }
    if (!found->credentials) {
      return fail(ErrorKind::config, context + ": " + found->reason);
    }
    return std::move(*found->credentials);
  }

  const CredentialContext& m_context;
  const SharedConfigFiles& m_files;
  std::vector<std::string> m_path;  // profiles being resolved, outermost first
};

class ProfileSource final : public CredentialSource {
 public:
  explicit ProfileSource(CredentialContext context)
      : m_context(std::move(context)), m_choice(choose_profile(m_context)) {}

  [[nodiscard]] std::string name() const override { return "profile " + m_choice.name; }

  Result<SourceResult> resolve() override {
    auto files = load_shared_config_files(m_context);
    if (!files) {
      return tl::unexpected(files.error());
    }
    ProfileResolver resolver(m_context, *files);
    auto found = resolver.resolve(m_choice.name);
    if (found && !found->credentials && m_choice.named &&
        files->credentials_profile(m_choice.name) == nullptr &&
        !files->config_profile(m_choice.name)) {
      // The user asked for this profile by name: not finding it is an error.
      return fail(ErrorKind::config, "not found (" + found->reason + ")");
    }
    return found;
  }

 private:
  CredentialContext m_context;
  ProfileChoice m_choice;
};

}  // namespace

std::unique_ptr<CredentialSource> make_profile_source(const CredentialContext& context) {
  return std::make_unique<ProfileSource>(context);
}

}  // namespace boostburn
