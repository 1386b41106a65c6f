#include "boostburn/util/nesting_guard.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace boostburn {
namespace {

std::optional<std::string> size_problem(std::string_view text, const NestingLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return fmt::format("is {} bytes, over the limit of {} bytes",
                       text.size(), limits.max_bytes);
  }
  return std::nullopt;
}

std::string depth_problem(const NestingLimits& limits, std::size_t line) {
  return fmt::format("nests more than {} levels deep (line {})",
                     limits.max_depth, line);
}

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// Where a quote opens a quoted scalar rather than sitting inside a plain one:
// first on the line, or after a flow or mapping indicator.
bool quote_may_open(char previous) {
  return previous == '\0' || previous == '[' || previous == '{' || previous == ',' ||
         previous == ':' || previous == '-' || previous == '?';
}

// Scans YAML line by line; the quote state carries over (quoted scalars may
// span lines), so does the flow depth.
class YamlScan {
 public:
  // The depth the line reaches.
  std::size_t line_depth(std::string_view line) {
    std::size_t pos = 0;
    std::size_t block = 0;
    if (m_quote == '\0' && m_flow == 0) {
      while (pos < line.size() && line[pos] == ' ') {
        ++pos;
      }
      block = pos;
      // "- - - x" nests a sequence per indicator, as do "? " and ": ".
      while (pos < line.size() && (line[pos] == '-' || line[pos] == '?' || line[pos] == ':') &&
             (pos + 1 == line.size() || is_blank(line[pos + 1]))) {
        ++block;
        ++pos;
        while (pos < line.size() && is_blank(line[pos])) {
          ++pos;
        }
      }
    }
    std::size_t deepest_flow = m_flow;
    char previous = '\0';
    for (; pos < line.size(); ++pos) {
      const char c = line[pos];
      if (m_quote != '\0') {
        if (m_quote == '"' && c == '\\') {
          ++pos;  // an escaped character, maybe a quote
        } else if (c == m_quote) {
          if (m_quote == '\'' && pos + 1 < line.size() && line[pos + 1] == '\'') {
            ++pos;  // '' inside single quotes
          } else {
            m_quote = '\0';
            previous = c;
          }
        }
        continue;
      }
      if (c == '#' && (pos == 0 || is_blank(line[pos - 1]))) {
        break;  // a comment runs to the end of the line
      }
      if ((c == '"' || c == '\'') && quote_may_open(previous)) {
        m_quote = c;
        continue;
      }
      if (c == '[' || c == '{') {
        deepest_flow = std::max(deepest_flow, ++m_flow);
      } else if ((c == ']' || c == '}') && m_flow > 0) {
        --m_flow;
      }
      if (!is_blank(c)) {
        previous = c;
      }
    }
    return block + deepest_flow;
  }

 private:
  std::size_t m_flow = 0;
  char m_quote = '\0';
};

}  // namespace

std::optional<std::string> yaml_nesting_problem(std::string_view text,
                                                 const NestingLimits& limits) {
  if (auto problem = size_problem(text, limits)) {
    return problem;
  }
  YamlScan scan;
  std::size_t line_number = 1;
  for (std::size_t start = 0; start <= text.size(); ++line_number) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    if (scan.line_depth(text.substr(start, end - start)) > limits.max_depth) {
      return depth_problem(limits, line_number);
    }
    start = end + 1;
  }
  return std::nullopt;
}

std::optional<std::string> json_nesting_problem(std::string_view text,
                                                 const NestingLimits& limits) {
  if (auto problem = size_problem(text, limits)) {
    return problem;
  }
  std::size_t depth = 0;
  std::size_t line = 1;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
    }
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limits.max_depth) {
        return depth_problem(limits, line);
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::nullopt;
}

}  // namespace boostburn
