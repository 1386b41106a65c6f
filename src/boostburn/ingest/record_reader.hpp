// Internal to ingest: reads the fields Boostburn needs from one record object.
#pragma once

#include <string>

#include "boostburn/ingest/json_values.hpp"
#include "boostburn/ingest/record_parser.hpp"

namespace boostburn {

// Fills every field of `record` except `line` from `object`, reading it to
// its end. Returns SUCCESS; a simdjson syntax error; or INCORRECT_TYPE with
// `problem` naming the field of the wrong type (the record is malformed).
// See record_parser.hpp for which counts are used.
simdjson::error_code read_record(json::od::object object, ParsedRecord& record,
                                 std::string& problem);

}  // namespace boostburn
