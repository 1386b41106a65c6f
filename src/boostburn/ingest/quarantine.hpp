// Copies of offending log records for inspection (--quarantine DIR).
//
// Layout, per report day (see docs/snapshot.md, "Quarantine"):
//   DIR/<report-date>/<region>/<object key>.lines  the offending records' bytes
//       exactly as logged, each followed by '\n', in line order;
//   DIR/<report-date>/index.tsv  a header, then one row per record:
//       region, object key, line, reason (tab-separated, sorted).
// Object keys come from the logs and are untrusted: every key segment is
// encoded so that it stays below DIR/<report-date>/<region>/ (no "..", no
// absolute paths, no control bytes, names cut to a safe length with a hash),
// and two keys never share a file. Each file is written atomically.
// Idempotent: putting an object again replaces its copy and its index rows,
// so re-reading an object never duplicates lines.
//
// Failure behaviour: nothing throws but std::bad_alloc; each call returns a
// Status (ErrorKind::io, with the path). A quarantine must never fail a run:
// the caller turns a failure into a note.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "boostburn/ingest/day_accumulator.hpp"
#include "boostburn/util/result.hpp"

namespace boostburn {

// Where `key`'s copy goes, relative to DIR/<report-date>/<region>/.
std::filesystem::path quarantine_object_path(std::string_view key);

class Quarantine {
 public:
  // `report_date` is YYYY-MM-DD. Nothing is touched until put_object().
  Quarantine(std::filesystem::path dir, std::string report_date);

  // Replaces the object's copy with `lines` (removes it when there are none)
  // and records its index rows for write_index().
  Status put_object(std::string_view region, std::string_view key,
                    const std::vector<QuarantinedLine>& lines);

  // Rewrites index.tsv: the rows of every object put since the last call
  // replace that object's earlier rows; other rows are kept. Nothing to do
  // (no file written) when no object was put.
  Status write_index();

  [[nodiscard]] std::filesystem::path day_dir() const { return m_dir / m_report_date; }

 private:
  struct Row {
    std::string region;
    std::string key;
    std::uint64_t line = 0;
    std::string reason;

    friend auto operator<=>(const Row&, const Row&) = default;
  };

  std::filesystem::path m_dir;
  std::string m_report_date;
  std::vector<std::pair<std::string, std::string>> m_objects;  // (region, key) put
  std::vector<Row> m_rows;
};

}  // namespace boostburn
