// What a run noticed about its input, and how much work it did.
//
// Bad input never stops a report and never disappears: every malformed line,
// record without token counts or undecodable object is counted here and
// named (object key and line). Lists keep the first k_max_items entries;
// `total` always has the full count. Both merge across runs of one day.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace boostburn {

struct RecordIssue {
  std::string region;
  std::string object;      // object key
  std::uint64_t line = 0;  // 1-based line in the decompressed object; 0 = whole object
  std::string request_id;  // when known
  std::string detail;      // what was wrong, for a human

  friend bool operator==(const RecordIssue&, const RecordIssue&) = default;
};

class IssueList {
 public:
  static constexpr std::size_t k_max_items = 1000;

  void add(RecordIssue issue);
  void merge(const IssueList& other);
  // For loading: sets the full count, which may exceed items().size().
  void set_total(std::uint64_t total) { m_total = total; }

  [[nodiscard]] const std::vector<RecordIssue>& items() const { return m_items; }
  [[nodiscard]] std::uint64_t total() const { return m_total; }
  [[nodiscard]] bool empty() const { return m_total == 0; }

  friend bool operator==(const IssueList&, const IssueList&) = default;

 private:
  std::vector<RecordIssue> m_items;
  std::uint64_t m_total = 0;
};

struct DataWarnings {
  IssueList malformed_records;     // a line that is not valid JSON, or not a JSON object
  IssueList invalid_records;       // valid JSON without a usable timestamp
  IssueList missing_token_counts;  // counted as one request with zero tokens
  IssueList corrupt_objects;       // an object that could not be decompressed or read

  void merge(const DataWarnings& other);
  [[nodiscard]] bool any() const;

  friend bool operator==(const DataWarnings&, const DataWarnings&) = default;
};

// Work done; every counter merges by addition across runs of one day.
struct IngestStats {
  std::uint64_t objects_listed = 0;      // keys seen by list_objects
  std::uint64_t objects_skipped = 0;     // data/ bodies, permission-check markers, empty objects
  std::uint64_t objects_already_processed = 0;
  std::uint64_t objects_processed = 0;   // downloaded and parsed
  std::uint64_t bytes_downloaded = 0;
  std::uint64_t bytes_decompressed = 0;
  std::uint64_t records_parsed = 0;      // valid JSON records seen
  std::uint64_t records_used = 0;        // counted toward the report day
  std::uint64_t records_other_day = 0;   // belonged to another UTC day
  std::uint64_t duplicate_records = 0;   // requestId already counted for the day
  // Requests to the log buckets (S3 requests, or the same operations on a
  // local folder) up to the snapshot's write; retries are counted apart.
  std::uint64_t list_requests = 0;
  std::uint64_t get_requests = 0;
  std::uint64_t head_requests = 0;
  std::uint64_t put_requests = 0;
  std::uint64_t request_retries = 0;

  IngestStats& operator+=(const IngestStats& other);
  friend bool operator==(const IngestStats&, const IngestStats&) = default;
};

}  // namespace boostburn
