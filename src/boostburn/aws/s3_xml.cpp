#include "boostburn/aws/s3_xml.hpp"

#include <charconv>

#include <fmt/format.h>
#include <pugixml.hpp>

namespace boostburn {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

// S3's encoding-type=url form: %XX escapes and '+' for a space. A '%' not
// followed by two hex digits is kept as it is.
std::string url_decode_s3(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
               hex_value(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2])));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::optional<std::uint64_t> parse_unsigned(std::string_view text) {
  std::uint64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc{} || ptr != end || text.empty()) {
    return std::nullopt;
  }
  return value;
}

bool load(pugi::xml_document& doc, std::string_view xml) {
  const pugi::xml_parse_result parsed =
      doc.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_utf8);
  return static_cast<bool>(parsed);
}

Result<S3ListPage> corrupt(std::string_view what) {
  return fail(ErrorKind::corrupt, fmt::format("malformed ListObjectsV2 response: {}", what));
}

}  // namespace

Result<S3ListPage> parse_list_objects_v2(std::string_view xml) {
  pugi::xml_document doc;
  if (!load(doc, xml)) {
    return corrupt("not XML");
  }
  const pugi::xml_node root = doc.child("ListBucketResult");
  if (!root) {
    return corrupt("no <ListBucketResult>");
  }
  const bool url_encoded = std::string_view(root.child_value("EncodingType")) == "url";
  S3ListPage page;
  for (const pugi::xml_node contents : root.children("Contents")) {
    const pugi::xml_node key = contents.child("Key");
    if (!key) {
      return corrupt("an entry without <Key>");
    }
    std::string key_text = key.text().as_string();
    if (url_encoded) {
      key_text = url_decode_s3(key_text);
    }
    const auto size = parse_unsigned(contents.child_value("Size"));
    if (!size) {
      return corrupt(fmt::format("entry \"{}\" has no valid <Size>", key_text));
    }
    page.entries.push_back(S3ListEntry{std::move(key_text), *size, contents.child_value("ETag")});
  }
  for (const pugi::xml_node common : root.children("CommonPrefixes")) {
    std::string prefix = common.child_value("Prefix");
    if (prefix.empty()) {
      return corrupt("a <CommonPrefixes> without <Prefix>");
    }
    page.common_prefixes.push_back(url_encoded ? url_decode_s3(prefix) : std::move(prefix));
  }
  const std::string_view truncated = root.child_value("IsTruncated");
  if (!truncated.empty() && truncated != "true" && truncated != "false") {
    return corrupt(fmt::format("<IsTruncated> is \"{}\"", truncated));
  }
  page.is_truncated = truncated == "true";
  page.next_continuation_token = root.child_value("NextContinuationToken");
  if (page.is_truncated && page.next_continuation_token.empty()) {
    return corrupt("a truncated page without <NextContinuationToken>");
  }
  if (const pugi::xml_node count = root.child("KeyCount")) {
    const auto value = parse_unsigned(count.text().as_string());
    const std::uint64_t listed = page.entries.size() + page.common_prefixes.size();
    if (!value || *value != listed) {
      return corrupt(fmt::format("<KeyCount> is \"{}\" but the page has {} entries",
                                 count.text().as_string(), listed));
    }
    page.key_count = value;
  }
  return page;
}

std::optional<S3ErrorInfo> parse_s3_error(std::string_view xml) {
  pugi::xml_document doc;
  if (xml.empty() || !load(doc, xml)) {
    return std::nullopt;
  }
  pugi::xml_node error = doc.child("Error");
  if (!error) {
    error = doc.child("ErrorResponse").child("Error");
  }
  if (!error || std::string_view(error.child_value("Code")).empty()) {
    return std::nullopt;
  }
  S3ErrorInfo info;
  info.code = error.child_value("Code");
  info.message = error.child_value("Message");
  info.request_id = error.child_value("RequestId");
  if (info.request_id.empty()) {
    info.request_id = doc.child("ErrorResponse").child_value("RequestId");
  }
  info.bucket_name = error.child_value("BucketName");
  info.key = error.child_value("Key");
  info.region = error.child_value("Region");
  return info;
}

}  // namespace boostburn
