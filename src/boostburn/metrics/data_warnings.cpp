#include "boostburn/metrics/data_warnings.hpp"

#include <utility>

namespace boostburn {

void IssueList::add(RecordIssue issue) {
  ++m_total;
  if (m_items.size() < k_max_items) {
    m_items.push_back(std::move(issue));
  }
}

void IssueList::merge(const IssueList& other) {
  for (const auto& item : other.m_items) {
    if (m_items.size() >= k_max_items) {
      break;
    }
    m_items.push_back(item);
  }
  m_total += other.m_total;
}

void DataWarnings::merge(const DataWarnings& other) {
  malformed_records.merge(other.malformed_records);
  invalid_records.merge(other.invalid_records);
  missing_token_counts.merge(other.missing_token_counts);
  corrupt_objects.merge(other.corrupt_objects);
}

bool DataWarnings::any() const {
  return !malformed_records.empty() || !invalid_records.empty() ||
         !missing_token_counts.empty() || !corrupt_objects.empty();
}

IngestStats& IngestStats::operator+=(const IngestStats& other) {
  objects_listed += other.objects_listed;
  objects_skipped += other.objects_skipped;
  objects_already_processed += other.objects_already_processed;
  objects_processed += other.objects_processed;
  bytes_downloaded += other.bytes_downloaded;
  list_requests += other.list_requests;
  get_requests += other.get_requests;
  head_requests += other.head_requests;
  put_requests += other.put_requests;
  request_retries += other.request_retries;
  bytes_decompressed += other.bytes_decompressed;
  records_parsed += other.records_parsed;
  records_used += other.records_used;
  records_other_day += other.records_other_day;
  duplicate_records += other.duplicate_records;
  return *this;
}

}  // namespace boostburn
