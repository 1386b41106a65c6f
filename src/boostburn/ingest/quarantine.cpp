#include "boostburn/ingest/quarantine.hpp"

#include <algorithm>
#include <charconv>
#include <set>
#include <system_error>
#include <utility>

#include <fmt/format.h>
#include <xxhash.h>

#include "boostburn/util/atomic_file.hpp"
#include "boostburn/util/text.hpp"

namespace boostburn {
namespace {

constexpr std::string_view k_lines_suffix = ".lines";
constexpr std::string_view k_index_name = "index.tsv";
constexpr std::string_view k_index_header = "region\tkey\tline\treason\n";
// File names stay well below the usual 255-byte limit, suffix included.
constexpr std::size_t k_max_segment_bytes = 200;
constexpr std::size_t k_kept_prefix_bytes = 160;

bool must_encode(unsigned char byte, bool encode_non_ascii) {
  return byte < 0x20 || byte == 0x7f || byte == '%' || byte == '/' || byte == '\\' ||
         (encode_non_ascii && byte >= 0x80);
}

// One key segment as a file or folder name: control bytes, '%' and '\\'
// percent-encoded ("." and ".." too, and non-ASCII bytes when the key is not
// UTF-8), an empty segment as "%", a long one cut with a hash of the whole.
// Injective: '%' never stands for itself.
std::string encode_segment(std::string_view segment, bool encode_non_ascii) {
  if (segment.empty()) {
    return "%";
  }
  if (segment == "." || segment == "..") {
    return segment.size() == 1 ? "%2E" : "%2E%2E";
  }
  std::string out;
  out.reserve(segment.size());
  for (const char c : segment) {
    const auto byte = static_cast<unsigned char>(c);
    if (must_encode(byte, encode_non_ascii)) {
      out += fmt::format("%{:02X}", byte);
    } else {
      out += c;
    }
  }
  if (out.size() > k_max_segment_bytes) {
    std::size_t cut = k_kept_prefix_bytes;
    // Never inside a %XX escape or a UTF-8 sequence.
    while (cut > 0 && ((static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80 ||
                       out[cut - 1] == '%' || (cut >= 2 && out[cut - 2] == '%'))) {
      --cut;
    }
    const XXH64_hash_t hash = XXH64(segment.data(), segment.size(), 0);
    out = fmt::format("{}~{:016x}", out.substr(0, cut), hash);
  }
  return out;
}

std::string escape_field(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      default: out += c;
    }
  }
  return out;
}

std::string unescape_field(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\' || i + 1 == text.size()) {
      out += text[i];
      continue;
    }
    const char next = text[++i];
    out += next == 't' ? '\t' : next == 'n' ? '\n' : next == 'r' ? '\r' : next;
  }
  return out;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    const std::size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end - start));
    if (end == std::string_view::npos) {
      return parts;
    }
    start = end + 1;
  }
}

Status write_file(const std::filesystem::path& path, std::string_view contents) {
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) {
    return fail(ErrorKind::io, fmt::format("quarantine: create folder {}: {}",
                                           path.parent_path().string(), ec.message()));
  }
  return write_file_atomic(path, contents);
}

}  // namespace

std::filesystem::path quarantine_object_path(std::string_view key) {
  const bool encode_non_ascii = !is_valid_utf8(key);
  const std::vector<std::string_view> segments = split(key, '/');
  std::filesystem::path path;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    std::string name = encode_segment(segments[i], encode_non_ascii);
    if (i + 1 == segments.size()) {
      name += k_lines_suffix;
    } else if (name.ends_with(k_lines_suffix)) {
      // A folder never ends like a copy's file name: key "a/b" (file
      // "a/b.lines") and key "a/b.lines/c" (folder "a/b%2Elines") stay apart.
      name.replace(name.size() - k_lines_suffix.size(), 1, "%2E");
    }
    path /= name;
  }
  return path;
}

Quarantine::Quarantine(std::filesystem::path dir, std::string report_date)
    : m_dir(std::move(dir)), m_report_date(std::move(report_date)) {}

Status Quarantine::put_object(std::string_view region, std::string_view key,
                              const std::vector<QuarantinedLine>& lines) {
  m_objects.emplace_back(region, key);
  const std::filesystem::path path = day_dir() /
                                     encode_segment(region, !is_valid_utf8(region)) /
                                     quarantine_object_path(key);
  if (lines.empty()) {
    std::error_code ec;
    std::filesystem::remove(path, ec);  // an earlier run's copy; usually there is none
    if (ec) {
      return fail(ErrorKind::io,
                  fmt::format("quarantine: remove {}: {}", path.string(), ec.message()));
    }
    return {};
  }
  std::string contents;
  for (const QuarantinedLine& line : lines) {
    contents += line.raw;
    contents += '\n';
  }
  if (auto written = write_file(path, contents); !written) {
    return written;
  }
  for (const QuarantinedLine& line : lines) {
    m_rows.push_back(Row{std::string(region), std::string(key), line.line, line.reason});
  }
  return {};
}

Status Quarantine::write_index() {
  if (m_objects.empty()) {
    return {};
  }
  const std::filesystem::path path = day_dir() / k_index_name;
  const std::set<std::pair<std::string, std::string>> replaced(m_objects.begin(),
                                                               m_objects.end());
  std::vector<Row> rows = std::move(m_rows);
  m_rows.clear();
  m_objects.clear();
  if (auto existing = read_file(path); existing) {
    for (const std::string_view text : split(*existing, '\n')) {
      const std::vector<std::string_view> fields = split(text, '\t');
      std::uint64_t line = 0;
      if (fields.size() != 4 || fields[2].empty() ||
          std::from_chars(fields[2].data(), fields[2].data() + fields[2].size(), line).ptr !=
              fields[2].data() + fields[2].size()) {
        continue;  // the header, the final empty piece, or not a row of ours
      }
      Row row{unescape_field(fields[0]), unescape_field(fields[1]), line,
              unescape_field(fields[3])};
      if (!replaced.contains({row.region, row.key})) {
        rows.push_back(std::move(row));
      }
    }
  } else if (existing.error().kind != ErrorKind::not_found) {
    return tl::unexpected(existing.error());
  }
  std::sort(rows.begin(), rows.end());
  std::string contents(k_index_header);
  for (const Row& row : rows) {
    contents += fmt::format("{}\t{}\t{}\t{}\n", escape_field(row.region), escape_field(row.key),
                            row.line, escape_field(row.reason));
  }
  return write_file(path, contents);
}

}  // namespace boostburn
