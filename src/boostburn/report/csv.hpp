// The CSV history: one row per run, appended to the file given by --csv.
//
// Columns (docs/snapshot.md): report_date, generated_at, requests,
// input_tokens, output_tokens, cache_read_input_tokens,
// cache_write_input_tokens, total_tokens, cost_usd, unpriced_models,
// warnings. Fields are quoted as RFC 4180 says; a cell that starts with
// =, +, -, @, tab or CR gets a leading ' so that spreadsheets do not run it
// as a formula. Rows end with "\n".
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "boostburn/metrics/priced_metrics.hpp"
#include "boostburn/report/snapshot.hpp"
#include "boostburn/util/result.hpp"

namespace boostburn {

// The header line, without the line break.
std::string csv_header();

// The row for a run, without the line break. cost_usd has 9 decimals;
// unpriced_models is joined with ';'; warnings is the number of data warnings
// (every malformed, invalid, count-less record and corrupt object) plus the
// unpriced, partially priced and not-token-priced models plus the
// verification errors.
std::string csv_row(const Snapshot& snapshot, const PricedMetrics& priced,
                    const std::vector<std::string>& verification_errors);

// One cell, neutralised and quoted as described above.
std::string csv_field(std::string_view cell);

// Appends `row` to the CSV at `path`, writing `header` first when the file is
// missing or empty; missing parent directories are created. The whole file is
// rewritten with write_file_atomic (so it is never left half-written, even by
// a crash or a full disk) under an exclusive flock on its directory (so two
// runs on this machine cannot drop each other's row). A file whose first line
// is not `header` (e.g. from an older version) is left untouched. Every
// failure, that one included, is ErrorKind::io (it comes after the snapshot
// was written, so it is not a config error, which promises nothing written).
Status append_csv_row(const std::filesystem::path& path, std::string_view header,
                      std::string_view row);

}  // namespace boostburn
