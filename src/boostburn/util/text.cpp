#include "boostburn/util/text.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace boostburn {
namespace {

// Length of the well-formed UTF-8 sequence at text[pos], or 0 if there is none.
std::size_t valid_sequence_length(std::string_view text, std::size_t pos) {
  const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(text[pos + i]); };
  const auto continuation = [&](std::size_t i) {
    return pos + i < text.size() && (byte(i) & 0xC0) == 0x80;
  };
  const std::uint8_t lead = byte(0);
  if (lead < 0x80) {
    return 1;
  }
  if (lead >= 0xC2 && lead <= 0xDF) {
    return continuation(1) ? 2 : 0;
  }
  if (lead >= 0xE0 && lead <= 0xEF) {
    if (!continuation(1) || !continuation(2)) {
      return 0;
    }
    const bool overlong = lead == 0xE0 && byte(1) < 0xA0;
    const bool surrogate = lead == 0xED && byte(1) >= 0xA0;
    return overlong || surrogate ? 0 : 3;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    if (!continuation(1) || !continuation(2) || !continuation(3)) {
      return 0;
    }
    const bool overlong = lead == 0xF0 && byte(1) < 0x90;
    const bool too_large = lead == 0xF4 && byte(1) >= 0x90;
    return overlong || too_large ? 0 : 4;
  }
  return 0;
}

}  // namespace

bool is_valid_utf8(std::string_view text) {
  // Most text is ASCII: checked a word at a time, with no decoding.
  std::size_t ascii = 0;
  for (; ascii + 8 <= text.size(); ascii += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, text.data() + ascii, 8);
    if ((word & 0x8080808080808080ULL) != 0) {
      break;
    }
  }
  for (std::size_t pos = ascii; pos < text.size();) {
    const std::size_t length = valid_sequence_length(text, pos);
    if (length == 0) {
      return false;
    }
    pos += length;
  }
  return true;
}

std::string sanitize_utf8(std::string_view text) {
  if (is_valid_utf8(text)) {
    return std::string(text);
  }
  std::string clean;
  clean.reserve(text.size() + 8);
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t length = valid_sequence_length(text, pos);
    if (length == 0) {
      clean += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
      ++pos;
    } else {
      clean.append(text, pos, length);
      pos += length;
    }
  }
  return clean;
}

std::string_view as_valid_utf8(std::string_view text, std::string& storage) {
  if (is_valid_utf8(text)) {
    return text;
  }
  storage = sanitize_utf8(text);
  return storage;
}

std::string printable_text(std::string_view text) {
  const std::string clean = sanitize_utf8(text);
  std::string out;
  out.reserve(clean.size());
  for (std::size_t i = 0; i < clean.size(); ++i) {
    const auto byte = static_cast<unsigned char>(clean[i]);
    if (byte < 0x20 || byte == 0x7f) {
      out += '?';
    } else if (byte == 0xC2 && i + 1 < clean.size() &&
               static_cast<unsigned char>(clean[i + 1]) <= 0x9F) {
      out += '?';  // U+0080..U+009F: C2 followed by 80..9F
      ++i;
    } else {
      out += clean[i];
    }
  }
  return out;
}

std::size_t utf8_length(std::string_view text) {
  std::size_t count = 0;
  for (const char c : text) {
    count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }
  return count;
}

std::string truncate_utf8(std::string_view text, std::size_t max_code_points) {
  if (utf8_length(text) <= max_code_points) {
    return std::string(text);
  }
  if (max_code_points == 0) {
    return {};
  }
  const std::size_t keep = max_code_points - 1;  // room for the ellipsis
  std::size_t count = 0;
  std::size_t end = 0;
  for (; end < text.size(); ++end) {
    if ((static_cast<unsigned char>(text[end]) & 0xC0) != 0x80) {
      if (count == keep) {
        break;
      }
      ++count;
    }
  }
  return std::string(text.substr(0, end)) + "\u2026";
}

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

bool ascii_iequals(std::string_view a, std::string_view b) {
  const auto lower = [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  };
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [&](char x, char y) { return lower(x) == lower(y); });
}

}  // namespace boostburn
