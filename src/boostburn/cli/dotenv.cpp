#include <cstdlib>
#include <fstream>

#include <fmt/format.h>

#include "boostburn/cli/command_line.hpp"

namespace boostburn {
namespace {

std::string trim(std::string_view text) {
  const auto begin = text.find_first_not_of(" \t\r");
  if (begin == std::string_view::npos) {
    return {};
  }
  const auto end = text.find_last_not_of(" \t\r");
  return std::string(text.substr(begin, end - begin + 1));
}

bool is_name(std::string_view name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) {
    return false;
  }
  for (const char c : name) {
    if (!(c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
          (c >= '0' && c <= '9'))) {
      return false;
    }
  }
  return true;
}

}  // namespace

Status load_dotenv(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) {
    return {};  // no .env: nothing to load
  }
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    std::string text = trim(line);
    if (text.empty() || text[0] == '#') {
      continue;
    }
    if (text.starts_with("export ")) {
      text = trim(text.substr(7));
    }
    const auto equals = text.find('=');
    const std::string name = equals == std::string::npos ? text : trim(text.substr(0, equals));
    if (equals == std::string::npos || !is_name(name)) {
      // Never echo the line: it may hold a secret.
      return fail(ErrorKind::usage,
                  fmt::format("{}:{}: expected NAME=value", path.string(), number));
    }
    std::string value = trim(text.substr(equals + 1));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    } else if (const auto comment = value.find(" #"); comment != std::string::npos) {
      value = trim(value.substr(0, comment));
    }
    ::setenv(name.c_str(), value.c_str(), /*overwrite=*/0);
  }
  return {};
}

}  // namespace boostburn
