// The AWS shared credentials and config files, read the way the AWS CLI
// (Python's configparser, as botocore uses it) reads them.
//
// INI rules: `[section]` headers; `key = value` or `key: value` split at the
// first `=` or `:`; keys lower-cased, keys and values trimmed; whole-line
// comments starting with `#` or `;` (no inline comments: `#` inside a value is
// part of it, as in the AWS CLI); lines indented deeper than the key before
// them continue it (nested settings such as `s3 =` blocks) and are ignored
// here; text after a section header's last `]` is ignored; a repeated section
// or key: the later value wins. Parse errors name the file and line
// but never quote the line (it may hold a secret).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "boostburn/aws/credential_sources.hpp"
#include "boostburn/util/result.hpp"

namespace boostburn {

using IniSection = std::map<std::string, std::string>;

struct IniFile {
  std::map<std::string, IniSection> sections;
};

// Error: ErrorKind::config, "<label> line <n>: ...".
Result<IniFile> parse_ini(std::string_view text, std::string_view label);

// One of the two files: where it is and what it holds.
struct SharedFile {
  std::string label;               // "~/.aws/credentials", or the path a variable gave
  std::optional<IniFile> content;  // nullopt: no such file
};

struct SharedConfigFiles {
  SharedFile credentials;  // AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials
  SharedFile config;       // AWS_CONFIG_FILE, else ~/.aws/config

  // Profile `name` in the credentials file (`[name]`); nullptr when absent.
  [[nodiscard]] const IniSection* credentials_profile(const std::string& name) const;
  // Profile `name` in the config file (`[profile name]`, and for "default"
  // also `[default]`, `[profile default]` winning); nullopt when absent.
  // A bare `[name]` other than default is not a profile there (AWS CLI rule).
  [[nodiscard]] std::optional<IniSection> config_profile(const std::string& name) const;
};

// Reads both files (a missing file is fine; an unreadable or malformed one is
// an ErrorKind::config error). `~` is HOME.
Result<SharedConfigFiles> load_shared_config_files(const CredentialContext& context);

// AWS_PROFILE, else AWS_DEFAULT_PROFILE, else "default"; `named` tells whether
// a variable chose it.
struct ProfileChoice {
  std::string name;
  bool named = false;
};
ProfileChoice choose_profile(const CredentialContext& context);

}  // namespace boostburn
