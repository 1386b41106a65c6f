// Small helpers shared by the credential sources (internal to aws/).
//
// They never put a secret into a message: JSON and file contents are
// described, never quoted.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "boostburn/aws/credentials.hpp"
#include "boostburn/util/result.hpp"

namespace boostburn {

// `text` without leading and trailing spaces, tabs, CR and LF.
std::string_view trim_space(std::string_view text);

// Credentials from a JSON document as the credential endpoints and
// credential_process print them: AccessKeyId, SecretAccessKey, the session
// token under `token_field` ("Token" or "SessionToken", optional) and
// Expiration (RFC 3339, optional). `what` names the document in errors
// ("container endpoint answer"). Error: ErrorKind::service for endpoint
// answers and ErrorKind::config for process output, as `kind` says.
Result<AwsCredentials> parse_credentials_json(std::string_view json, std::string_view token_field,
                                              std::string_view what, ErrorKind kind);

// A whole small file (a token, an INI file). nullopt when it does not exist;
// ErrorKind::config when it cannot be read. `label` names it in messages.
Result<std::optional<std::string>> read_text_file(const std::string& path, std::string_view label);

// "~" and "~/x" expanded with `home`; other paths unchanged.
std::string expand_home(const std::string& path, const std::optional<std::string>& home);

// A URL as messages may show it: without query and fragment, and without
// anything between "://" and the last '@' before them (user-info, even when
// malformed with a '/' inside, which url_without_query would miss).
std::string display_url(std::string_view url);

// What display_url drops between "://" and that '@' ("" when nothing): scrub
// it from messages that other layers wrote with the URL in them.
std::string url_user_info(std::string_view url);

// `message` with every occurrence of each non-empty secret replaced by "***":
// a last line of defence for text that came from a server.
std::string scrub_secrets(std::string message, std::initializer_list<std::string_view> secrets);

}  // namespace boostburn
