#include "boostburn/aws/credential_util.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>
#include <utility>

#include <nlohmann/json.hpp>

#include "boostburn/util/time.hpp"

namespace boostburn {

namespace {

// The string member `name`, or nullopt when absent, null or not a string.
std::optional<std::string> string_member(const nlohmann::json& object, const char* name) {
  const auto found = object.find(name);
  if (found == object.end() || !found->is_string()) {
    return std::nullopt;
  }
  return found->get<std::string>();
}

}  // namespace

std::string_view trim_space(std::string_view text) {
  constexpr std::string_view k_space = " \t\r\n";
  const auto first = text.find_first_not_of(k_space);
  if (first == std::string_view::npos) {
    return {};
  }
  return text.substr(first, text.find_last_not_of(k_space) - first + 1);
}

Result<AwsCredentials> parse_credentials_json(std::string_view json, std::string_view token_field,
                                              std::string_view what, ErrorKind kind) {
  // No exceptions: nlohmann's parse_error messages quote the input they read.
  const auto document = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded() || !document.is_object()) {
    return fail(kind, std::string(what) + " is not a JSON object (not shown: it may hold secrets)");
  }
  AwsCredentials credentials;
  auto key_id = string_member(document, "AccessKeyId");
  auto secret = string_member(document, "SecretAccessKey");
  if (!key_id || key_id->empty()) {
    return fail(kind, std::string(what) + " has no AccessKeyId");
  }
  if (!secret || secret->empty()) {
    return fail(kind, std::string(what) + " has no SecretAccessKey");
  }
  credentials.access_key_id = std::move(*key_id);
  credentials.secret_access_key = std::move(*secret);
  const std::string token_name(token_field);
  credentials.session_token = string_member(document, token_name.c_str()).value_or("");
  if (document.contains("Expiration") && !document["Expiration"].is_null()) {
    const auto text = string_member(document, "Expiration");
    const auto expires = text ? parse_rfc3339(*text) : std::nullopt;
    if (!expires) {
      return fail(kind, std::string(what) + " has an Expiration that is not an RFC 3339 time");
    }
    credentials.expires_at = *expires;
  }
  return credentials;
}

Result<std::optional<std::string>> read_text_file(const std::string& path, std::string_view label) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (status.type() == std::filesystem::file_type::not_found) {
    return std::optional<std::string>();
  }
  if (std::filesystem::is_directory(status)) {
    return fail(ErrorKind::config, "cannot read " + std::string(label) + ": it is a directory");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return fail(ErrorKind::config,
                "cannot read " + std::string(label) + ": " + std::strerror(errno));
  }
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) {
    return fail(ErrorKind::config, "cannot read " + std::string(label));
  }
  return std::optional<std::string>(content.str());
}

std::string expand_home(const std::string& path, const std::optional<std::string>& home) {
  if (!home || path.empty() || path[0] != '~' || (path.size() > 1 && path[1] != '/')) {
    return path;
  }
  return *home + path.substr(1);
}

namespace {

// [begin, end) of the user-info part including its '@'; empty when none.
std::pair<std::size_t, std::size_t> user_info_span(std::string_view url) {
  const auto cut = url.find_first_of("?#");
  const std::string_view head = url.substr(0, cut);
  const auto scheme_end = head.find("://");
  const auto at = head.rfind('@');
  if (scheme_end == std::string_view::npos || at == std::string_view::npos || at < scheme_end + 3) {
    return {0, 0};
  }
  return {scheme_end + 3, at + 1};
}

}  // namespace

std::string display_url(std::string_view url) {
  const std::string_view head = url.substr(0, url.find_first_of("?#"));
  const auto [begin, end] = user_info_span(head);
  return std::string(head.substr(0, begin)) + std::string(head.substr(end));
}

std::string url_user_info(std::string_view url) {
  const auto [begin, end] = user_info_span(url);
  return end > begin ? std::string(url.substr(begin, end - 1 - begin)) : std::string();
}

std::string scrub_secrets(std::string message, std::initializer_list<std::string_view> secrets) {
  for (const auto secret : secrets) {
    if (secret.empty()) {
      continue;
    }
    for (auto at = message.find(secret); at != std::string::npos;
         at = message.find(secret, at + 3)) {
      message.replace(at, secret.size(), "***");
    }
  }
  return message;
}

}  // namespace boostburn
