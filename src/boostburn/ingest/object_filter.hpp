// Which listed objects hold invocation records.
//
// Pure and total: decides from the key and size alone, never fails.
#pragma once

#include <cstdint>
#include <string_view>

namespace boostburn {

// False for objects that hold no records: large request/response bodies
// (any key with a `data` folder, e.g. `.../HH/data/<requestId>_input.json.gz`),
// Bedrock's `amazon-bedrock-logs-permission-check` marker (as the last path
// segment), empty objects and "directory" keys ending in '/'. True for
// everything else whatever its extension (.json.gz, .json, .gz, none): the
// content decides how it is read.
bool is_record_object(std::string_view key, std::uint64_t size);

}  // namespace boostburn
