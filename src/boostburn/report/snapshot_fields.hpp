// The field names of the snapshot's counters, stats and warning lists, in
// the order they are written. One table shared by every writer and reader
// (YAML, JSON, CSV, text), so that a name is spelled in exactly one place.
#pragma once

#include <array>
#include <cstdint>

#include "boostburn/metrics/counters.hpp"
#include "boostburn/metrics/data_warnings.hpp"

namespace boostburn {

// Counters' field names: k_counter_fields in metrics/counters.hpp.

struct StatField {
  const char* name;
  std::uint64_t IngestStats::*member;
  bool required = true;  // false: added later, 0 when an older snapshot lacks it
};

inline constexpr std::array<StatField, 15> k_stat_fields{{
    {"objects_listed", &IngestStats::objects_listed},
    {"objects_skipped", &IngestStats::objects_skipped},
    {"objects_already_processed", &IngestStats::objects_already_processed},
    {"objects_processed", &IngestStats::objects_processed},
    {"bytes_downloaded", &IngestStats::bytes_downloaded},
    {"bytes_decompressed", &IngestStats::bytes_decompressed},
    {"records_parsed", &IngestStats::records_parsed},
    {"records_used", &IngestStats::records_used},
    {"records_other_day", &IngestStats::records_other_day},
    {"duplicate_records", &IngestStats::duplicate_records},
    {"list_requests", &IngestStats::list_requests, false},
    {"get_requests", &IngestStats::get_requests, false},
    {"head_requests", &IngestStats::head_requests, false},
    {"put_requests", &IngestStats::put_requests, false},
    {"request_retries", &IngestStats::request_retries, false},
}};

// Which optional RecordIssue fields a list always writes (the others are
// written only when set).
struct IssueListField {
  const char* name;
  IssueList DataWarnings::*member;
  bool always_line;
  bool always_request_id;
  bool always_detail;
};

inline constexpr std::array<IssueListField, 4> k_issue_list_fields{{
    {"malformed_records", &DataWarnings::malformed_records, true, false, true},
    {"invalid_records", &DataWarnings::invalid_records, true, false, true},
    {"missing_token_counts", &DataWarnings::missing_token_counts, true, true, false},
    {"corrupt_objects", &DataWarnings::corrupt_objects, false, false, true},
}};

}  // namespace boostburn
