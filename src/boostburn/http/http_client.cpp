#include "boostburn/http/http_client.hpp"

#include <algorithm>
#include <cctype>

#include "boostburn/util/text.hpp"

namespace boostburn {

std::optional<std::string> HttpResponse::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (ascii_iequals(key, name)) {
      return value;
    }
  }
  return std::nullopt;
}

std::string url_without_query(std::string_view url) {
  const auto cut = url.find_first_of("?#");
  std::string_view kept = url.substr(0, cut);
  // Drop user-info ("scheme://user:pass@host") too: it is a credential.
  const auto scheme_end = kept.find("://");
  if (scheme_end != std::string_view::npos) {
    const auto authority_begin = scheme_end + 3;
    const auto authority_end = kept.find('/', authority_begin);
    const auto at = kept.substr(0, authority_end).rfind('@');
    if (at != std::string_view::npos && at >= authority_begin) {
      return std::string(kept.substr(0, authority_begin)) + std::string(kept.substr(at + 1));
    }
  }
  return std::string(kept);
}

}  // namespace boostburn
