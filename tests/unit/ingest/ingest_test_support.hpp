// Helpers shared by the ingest tests: making gzip inputs and recording parser output.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <libdeflate.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

#include "boostburn/ingest/padded_buffer.hpp"
#include "boostburn/ingest/record_parser.hpp"

namespace boostburn::testing {

// One gzip member holding `text` (libdeflate, level 6).
inline std::string gzip(std::string_view text) {
  libdeflate_compressor* compressor = libdeflate_alloc_compressor(6);
  std::string out(libdeflate_gzip_compress_bound(compressor, text.size()), '\0');
  const std::size_t size =
      libdeflate_gzip_compress(compressor, text.data(), text.size(), out.data(), out.size());
  libdeflate_free_compressor(compressor);
  if (size == 0) {
    throw std::runtime_error("gzip failed");
  }
  out.resize(size);
  return out;
}

// A transparent huge page on x86-64: how far past a range the kernel may map
// in pages when huge pages are on for it.
inline constexpr std::size_t k_huge_page = std::size_t{2} << 20;

// How many of the whole pages in [begin, begin + bytes) are resident (mincore).
inline std::size_t resident_pages(const char* begin, std::size_t bytes) {
  const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
  const auto start = reinterpret_cast<std::uintptr_t>(begin);
  const std::uintptr_t first = (start + page - 1) / page * page;
  const std::uintptr_t end = (start + bytes) / page * page;
  if (end <= first) {
    return 0;
  }
  std::vector<unsigned char> states((end - first) / page);
  if (::mincore(reinterpret_cast<void*>(first), end - first, states.data()) != 0) {
    throw std::runtime_error("mincore failed");
  }
  std::size_t resident = 0;
  for (const unsigned char state : states) {
    resident += state & 1U;
  }
  return resident;
}

// The optional parts of a gzip member header (RFC 1952), written by zlib.
struct HeaderParts {
  std::string name;     // FNAME when not empty
  std::string comment;  // FCOMMENT when not empty
  std::string extra;    // FEXTRA when not empty
  bool header_crc = false;
};

inline std::string zlib_gzip(std::string_view text, HeaderParts parts) {
  z_stream stream{};
  if (deflateInit2(&stream, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2 failed");
  }
  gz_header header{};
  header.name = parts.name.empty() ? Z_NULL : reinterpret_cast<Bytef*>(parts.name.data());
  header.comment = parts.comment.empty() ? Z_NULL : reinterpret_cast<Bytef*>(parts.comment.data());
  header.extra = parts.extra.empty() ? Z_NULL : reinterpret_cast<Bytef*>(parts.extra.data());
  header.extra_len = static_cast<uInt>(parts.extra.size());
  header.hcrc = parts.header_crc ? 1 : 0;
  header.os = 3;
  deflateSetHeader(&stream, &header);
  std::string out(deflateBound(&stream, text.size()) + 1024, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  stream.avail_in = static_cast<uInt>(text.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&stream, Z_FINISH);
  deflateEnd(&stream);
  if (rc != Z_STREAM_END) {
    throw std::runtime_error("deflate failed");
  }
  out.resize(stream.total_out);
  return out;
}

// Headers with each optional part, then with all of them.
inline std::vector<HeaderParts> header_variants() {
  return {
      {"name.json", "", "", false},
      {"", "a comment", "", false},
      {"", "", "xy", false},
      {"", "", "", true},
      {"20250615T0000Z.json", "written by a test", std::string("ab\0cd", 5), true},
  };
}

inline PaddedBuffer padded(std::string_view text) {
  PaddedBuffer buffer;
  buffer.assign(text);
  return buffer;
}

// A record as the sink saw it, with owned strings.
struct SeenRecord {
  std::string timestamp;
  std::string request_id;
  std::string region;
  std::string identity_arn;
  std::string model_id;
  TokenCounts tokens;
  bool missing_counts = false;
  bool counts_from_body = false;
  std::uint64_t line = 0;
  std::string raw;

  friend bool operator==(const SeenRecord&, const SeenRecord&) = default;
};

struct SeenMalformed {
  std::uint64_t line = 0;
  std::string detail;
  std::string request_id;
  std::string raw;

  friend bool operator==(const SeenMalformed&, const SeenMalformed&) = default;
};

class RecordingSink final : public RecordSink {
 public:
  void on_record(const ParsedRecord& r) override {
    records.push_back(SeenRecord{std::string(r.timestamp), std::string(r.request_id),
                                 std::string(r.region), std::string(r.identity_arn),
                                 std::string(r.model_id), r.tokens, r.missing_counts,
                                 r.counts_from_body, r.line, std::string(r.raw)});
  }
  void on_malformed(const MalformedRecord& m) override {
    malformed.push_back(SeenMalformed{m.line, std::string(m.detail), std::string(m.request_id),
                                      std::string(m.raw)});
  }

  std::vector<SeenRecord> records;
  std::vector<SeenMalformed> malformed;
};

}  // namespace boostburn::testing
