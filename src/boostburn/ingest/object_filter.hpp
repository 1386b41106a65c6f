// Which listed objects hold invocation records.
//
// Pure and total: decides from the key and size alone, never fails.
#pragma once

#include <cstdint>
#include <string_view>

namespace boostburn {

// `key` is relative to the region's log root (".../<region>/"), so that a
// `data` folder in the user's own log prefix never hides records.
// False for objects that hold no records: large request/response bodies
// (a `data` folder, e.g. `YYYY/MM/DD/HH/data/<requestId>_input.json.gz`),
// Bedrock's `amazon-bedrock-logs-permission-check` marker (as the last path
// segment), empty objects and "directory" keys ending in '/'. True for
// everything else whatever its extension (.json.gz, .json, .gz, none): the
// content decides how it is read.
bool is_record_object(std::string_view key, std::uint64_t size);

// True when a folder key ("…/10/data/", with or without the final '/') is a
// body folder: its last segment is `data`, the segment is_record_object()
// refuses. Listing skips such folders without opening them.
bool is_body_folder(std::string_view folder);

}  // namespace boostburn
