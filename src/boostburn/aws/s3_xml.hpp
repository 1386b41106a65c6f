// The S3 XML documents Boostburn reads: a ListObjectsV2 page and an error.
//
// Pure functions over a response body (pugixml); they never throw. A page that
// cannot be trusted (not XML, a <Contents> without <Key> or <Size>, a
// truncated page without a continuation token, a KeyCount that disagrees with
// the entries) is an ErrorKind::corrupt error, so that a caller never acts on
// half a listing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "boostburn/util/result.hpp"

namespace boostburn {

struct S3ListEntry {
  std::string key;
  std::uint64_t size = 0;
  std::string etag;  // as S3 sends it, quotes included, e.g. "\"9b2cf535f27731c974343645a3985328\""

  friend bool operator==(const S3ListEntry&, const S3ListEntry&) = default;
};

struct S3ListPage {
  std::vector<S3ListEntry> entries;
  // <CommonPrefixes><Prefix>: the sub-folders of a delimiter=/ listing, as
  // full prefixes ending in the delimiter, in the page's order.
  std::vector<std::string> common_prefixes;
  bool is_truncated = false;
  std::string next_continuation_token;  // non-empty when is_truncated
  std::optional<std::uint64_t> key_count;
};

// A ListBucketResult (ListObjectsV2). With <EncodingType>url</EncodingType>
// (the store asks for it with encoding-type=url, so that any key survives
// XML), keys and common prefixes are decoded as S3 encodes them: %XX escapes,
// '+' for a space. A <CommonPrefixes> without a non-empty <Prefix> is corrupt.
Result<S3ListPage> parse_list_objects_v2(std::string_view xml);

struct S3ErrorInfo {
  std::string code;     // "NoSuchBucket", "AccessDenied", ...
  std::string message;  // S3's human text
  std::string request_id;
  std::string bucket_name;
  std::string key;
  std::string region;  // set by some redirects / AuthorizationHeaderMalformed

  friend bool operator==(const S3ErrorInfo&, const S3ErrorInfo&) = default;
};

// An <Error> document (S3) or <ErrorResponse><Error> (STS, IAM). nullopt when
// the body is not XML or has no error <Code>.
std::optional<S3ErrorInfo> parse_s3_error(std::string_view xml);

}  // namespace boostburn
