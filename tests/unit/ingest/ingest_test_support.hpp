// Helpers shared by the ingest tests: making gzip inputs and recording parser output.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <libdeflate.h>

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
};

struct SeenMalformed {
  std::uint64_t line = 0;
  std::string detail;
  std::string request_id;
  std::string raw;
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
