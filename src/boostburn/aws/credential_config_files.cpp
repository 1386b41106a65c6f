#include "boostburn/aws/credential_config_files.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

#include "boostburn/aws/credential_util.hpp"
#include "boostburn/util/text.hpp"

namespace boostburn {

namespace {

std::size_t indentation(std::string_view line) {
  const auto first = line.find_first_not_of(" \t");
  return first == std::string_view::npos ? line.size() : first;
}

// "profile  dev" -> "dev"; nullopt for any other section name.
std::optional<std::string> profile_section_name(std::string_view section) {
  constexpr std::string_view k_prefix = "profile";
  if (!section.starts_with(k_prefix) || section.size() == k_prefix.size() ||
      (section[k_prefix.size()] != ' ' && section[k_prefix.size()] != '\t')) {
    return std::nullopt;
  }
  const auto name = trim_space(section.substr(k_prefix.size()));
  if (name.empty()) {
    return std::nullopt;
  }
  return std::string(name);
}

Result<SharedFile> load_file(const CredentialContext& context, const char* variable,
                             const char* default_path) {
  SharedFile file;
  std::string path;
  if (auto chosen = context.var(variable)) {
    file.label = *chosen;
    path = expand_home(*chosen, context.var("HOME"));
  } else {
    file.label = default_path;
    const auto home = context.var("HOME");
    if (!home) {
      return file;  // no home folder: no default files to read
    }
    path = expand_home(default_path, home);
  }
  auto text = read_text_file(path, file.label);
  if (!text) {
    return tl::unexpected(text.error());
  }
  if (*text) {
    auto parsed = parse_ini(**text, file.label);
    if (!parsed) {
      return tl::unexpected(parsed.error());
    }
    file.content = std::move(*parsed);
  }
  return file;
}

}  // namespace

Result<IniFile> parse_ini(std::string_view text, std::string_view label) {
  IniFile file;
  IniSection* section = nullptr;
  // A line indented deeper than the last key continues it (configparser).
  // Indentation of the last key line; k_no_key before the first key of a
  // section. (A sentinel rather than std::optional: g++ 12 -O2 misreports
  // the optional as maybe-uninitialized.)
  constexpr std::size_t k_no_key = static_cast<std::size_t>(-1);
  std::size_t key_indent = k_no_key;
  int line_number = 0;
  while (!text.empty()) {
    const auto end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    ++line_number;
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    const auto content = trim_space(line);
    if (content.empty() || content[0] == '#' || content[0] == ';') {
      continue;
    }
    const auto where = std::string(label) + " line " + std::to_string(line_number);
    if (key_indent != k_no_key && indentation(line) > key_indent) {
      continue;  // nested setting or continuation: not needed for credentials
    }
    if (content[0] == '[') {
      // As configparser: the name runs to the last ']', text after it is ignored.
      const auto close = content.rfind(']');
      const auto name = close == std::string_view::npos ? std::string_view()
                                                        : trim_space(content.substr(1, close - 1));
      if (name.empty()) {
        return fail(ErrorKind::config, where + ": malformed section header");
      }
      section = &file.sections[std::string(name)];
      key_indent = k_no_key;
      continue;
    }
    const auto split = content.find_first_of("=:");
    if (split == std::string_view::npos || trim_space(content.substr(0, split)).empty()) {
      return fail(ErrorKind::config, where + ": expected 'key = value'");
    }
    if (section == nullptr) {
      return fail(ErrorKind::config, where + ": setting before any [section]");
    }
    (*section)[ascii_lower(trim_space(content.substr(0, split)))] =
        std::string(trim_space(content.substr(split + 1)));
    key_indent = indentation(line);
  }
  return file;
}

const IniSection* SharedConfigFiles::credentials_profile(const std::string& name) const {
  if (!credentials.content) {
    return nullptr;
  }
  const auto found = credentials.content->sections.find(name);
  return found == credentials.content->sections.end() ? nullptr : &found->second;
}

std::optional<IniSection> SharedConfigFiles::config_profile(const std::string& name) const {
  if (!config.content) {
    return std::nullopt;
  }
  std::optional<IniSection> merged;
  auto take = [&merged](const IniSection& section) {
    if (!merged) {
      merged.emplace();
    }
    for (const auto& [key, value] : section) {
      (*merged)[key] = value;
    }
  };
  for (const auto& [section_name, section] : config.content->sections) {
    if (name == "default" && section_name == "default") {
      take(section);
    }
  }
  for (const auto& [section_name, section] : config.content->sections) {
    if (profile_section_name(section_name) == name) {
      take(section);
    }
  }
  return merged;
}

Result<SharedConfigFiles> load_shared_config_files(const CredentialContext& context) {
  auto credentials = load_file(context, "AWS_SHARED_CREDENTIALS_FILE", "~/.aws/credentials");
  if (!credentials) {
    return tl::unexpected(credentials.error());
  }
  auto config = load_file(context, "AWS_CONFIG_FILE", "~/.aws/config");
  if (!config) {
    return tl::unexpected(config.error());
  }
  return SharedConfigFiles{std::move(*credentials), std::move(*config)};
}

ProfileChoice choose_profile(const CredentialContext& context) {
  if (auto name = context.var("AWS_PROFILE")) {
    return {std::move(*name), true};
  }
  if (auto name = context.var("AWS_DEFAULT_PROFILE")) {
    return {std::move(*name), true};
  }
  return {"default", false};
}

}  // namespace boostburn
