#include "boostburn/report/csv.hpp"

#include <system_error>
#include <utility>

#include <fmt/core.h>

#include "boostburn/util/atomic_file.hpp"
#include "boostburn/util/file_lock.hpp"

namespace boostburn {
namespace {

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i != 0) {
      out += separator;
    }
    out += items[i];
  }
  return out;
}

std::string join_fields(const std::vector<std::string>& cells) {
  std::string out;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i != 0) {
      out += ',';
    }
    out += csv_field(cells[i]);
  }
  return out;
}

std::string_view first_line(std::string_view text) {
  std::string_view line = text.substr(0, text.find('\n'));
  if (!line.empty() && line.back() == '\r') {
    line.remove_suffix(1);
  }
  return line;
}

}  // namespace

std::string csv_header() {
  return join_fields({"report_date", "generated_at", "requests", "input_tokens", "output_tokens",
                      "cache_read_input_tokens", "cache_write_input_tokens", "total_tokens",
                      "cost_usd", "unpriced_models", "warnings"});
}

std::string csv_row(const Snapshot& snapshot, const PricedMetrics& priced,
                    const std::vector<std::string>& verification_errors) {
  const Counters& totals = priced.totals.counters;
  const DataWarnings& data = snapshot.warnings;
  const std::uint64_t warnings = data.malformed_records.total() + data.invalid_records.total() +
                                 data.missing_token_counts.total() + data.corrupt_objects.total() +
                                 priced.unpriced_models.size() +
                                 priced.partial_pricing_models.size() +
                                 priced.not_token_priced_models.size() + verification_errors.size();
  return join_fields({
      snapshot.report_date,
      snapshot.generated_at,
      std::to_string(totals.requests),
      std::to_string(totals.input_tokens),
      std::to_string(totals.output_tokens),
      std::to_string(totals.cache_read_input_tokens),
      std::to_string(totals.cache_write_input_tokens),
      std::to_string(totals.total_tokens()),
      priced.totals.cost.to_decimal_string(9),
      join(priced.unpriced_models, ";"),
      std::to_string(warnings),
  });
}

std::string csv_field(std::string_view cell) {
  std::string value;
  // Costs and counts are never negative, so no number is ever caught here.
  if (!cell.empty() && std::string_view("=+-@\t\r").find(cell.front()) != std::string_view::npos) {
    value += '\'';
  }
  value += cell;
  if (value.find_first_of(",\"\r\n") == std::string::npos) {
    return value;
  }
  std::string quoted = "\"";
  for (char c : value) {
    quoted += c;
    if (c == '"') {
      quoted += '"';
    }
  }
  quoted += '"';
  return quoted;
}

Status append_csv_row(const std::filesystem::path& path, std::string_view header,
                      std::string_view row) {
  std::filesystem::path dir = path.parent_path();
  if (dir.empty()) {
    dir = ".";
  }
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    return fail(ErrorKind::io,
                fmt::format("{}: create directory: {}", dir.string(), error.message()));
  }
  // The directory, not the CSV, is locked: each append renames a new file
  // over the CSV, and locking the directory leaves no lock file behind.
  const auto lock = FileLock::acquire(dir);
  if (!lock) {
    return tl::unexpected(lock.error());
  }

  auto existing = read_file(path);
  if (!existing && existing.error().kind != ErrorKind::not_found) {
    return tl::unexpected(existing.error());
  }
  std::string contents = existing ? std::move(*existing) : std::string();
  if (contents.empty()) {
    contents.append(header).append("\n");
  } else {
    if (first_line(contents) != header) {
      // ErrorKind::io, not config: the snapshot is already written by now,
      // and config errors promise that nothing was (exit 3).
      return fail(ErrorKind::io,
                  fmt::format("{}: its first line is not Boostburn's CSV header (a file from an "
                              "older version, or another file?); move it aside or choose "
                              "another --csv path",
                              path.string()));
    }
    if (contents.back() != '\n') {
      contents += '\n';
    }
  }
  contents.append(row).append("\n");
  return write_file_atomic(path, contents);
}

}  // namespace boostburn
