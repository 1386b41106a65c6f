// Fuzzes Gunzipper::decode. The first byte picks a mode, the next two the
// output cap (GunzipOptions::max_output_bytes: 16-byte steps up to ~1 MiB, or
// the default 1 GiB for 0xffff); the rest is the payload.
//
//  - mode "raw" decodes the payload as an object's bytes: gzip is recognised
//    by its magic only, plain bytes come back unchanged up to the cap (damage
//    reported past it), gzip output never exceeds the cap, the padding after the output is zero,
//    and a decoder and buffer reused after a bigger object give the same result.
//  - mode "round trip" gzips the payload with zlib (1-4 members, any level,
//    optional FNAME/FCOMMENT/FEXTRA/FHCRC header fields), optionally cuts the
//    stream or appends non-gzip bytes, and decodes it: the output is the
//    payload (up to the cap), damage is reported exactly when something was
//    lost, and a cut stream yields a prefix of the payload.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <zlib.h>

#include "boostburn/ingest/gunzip.hpp"
#include "boostburn/ingest/padded_buffer.hpp"
#include "fuzz_check.hpp"

namespace boostburn {
namespace {

void check_padding(const PaddedBuffer& out) {
  for (std::size_t i = 0; i < PaddedBuffer::k_padding; ++i) {
    FUZZ_CHECK(out.data()[out.size() + i] == 0);
  }
}

struct GzipOptions {
  int level = 6;
  bool header_fields = false;
};

// One gzip member holding `text`, written by zlib.
std::string gzip_member(std::string_view text, const GzipOptions& options) {
  z_stream stream{};
  FUZZ_CHECK(deflateInit2(&stream, options.level, Z_DEFLATED, 16 + MAX_WBITS, 8,
                          Z_DEFAULT_STRATEGY) == Z_OK);
  gz_header header{};
  std::string extra(
      "BB\x04\x00"
      "fuzz",
      8);  // one FEXTRA subfield "BB" of 4 bytes
  std::string name = "object.json";
  std::string comment = "written by gunzip_fuzz";
  if (options.header_fields) {
    header.extra = reinterpret_cast<Bytef*>(extra.data());
    header.extra_len = static_cast<uInt>(extra.size());
    header.name = reinterpret_cast<Bytef*>(name.data());
    header.comment = reinterpret_cast<Bytef*>(comment.data());
    header.hcrc = 1;
    FUZZ_CHECK(deflateSetHeader(&stream, &header) == Z_OK);
  }
  std::string out(
      deflateBound(&stream, text.size()) + 64 + extra.size() + name.size() + comment.size(), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  stream.avail_in = static_cast<uInt>(text.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  FUZZ_CHECK(deflate(&stream, Z_FINISH) == Z_STREAM_END);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

// Objects bigger than most payloads' output, to dirty a reused decoder and
// buffer: plain text (copied whole, whatever the cap) and the same gzipped.
const std::string& big_plain_object() {
  static const std::string text = [] {
    std::string out;
    while (out.size() < (std::size_t{64} << 10)) {
      out += R"({"timestamp":"2026-11-30T10:00:00Z","requestId":")" + std::to_string(out.size()) +
             "\"}\n";
    }
    return out;
  }();
  return text;
}

const std::string& big_gzip_object() {
  static const std::string gz = gzip_member(big_plain_object(), GzipOptions{});
  return gz;
}

void fuzz_raw(std::string_view payload, const GunzipOptions& options) {
  Gunzipper gunzipper(options);
  PaddedBuffer out;
  const DecodeReport report = gunzipper.decode(payload, out);
  FUZZ_CHECK(report.was_gzip == is_gzip(payload));
  FUZZ_CHECK(out.size() <= options.max_output_bytes);
  if (!report.was_gzip) {
    FUZZ_CHECK(out.view() == payload.substr(0, options.max_output_bytes));
    FUZZ_CHECK(report.damage.has_value() == (payload.size() > options.max_output_bytes));
  }
  check_padding(out);
  const std::string first(out.view());

  gunzipper.decode(big_gzip_object(), out);
  gunzipper.decode(big_plain_object(), out);
  const DecodeReport again = gunzipper.decode(payload, out);
  FUZZ_CHECK(out.view() == first);
  FUZZ_CHECK(again.damage == report.damage);
  check_padding(out);

  const GunzipResult one_shot = gunzip_object(payload, options);
  FUZZ_CHECK(one_shot.data.view() == first);
  FUZZ_CHECK(one_shot.damage == report.damage);
}

void fuzz_round_trip(std::uint8_t shape, std::uint8_t cut, std::string_view text,
                     const GunzipOptions& options) {
  const std::size_t members = 1 + (shape & 3u);
  GzipOptions gzip;
  gzip.level = (shape >> 2) % 10;
  gzip.header_fields = (shape & 0x40u) != 0;
  const bool trailing_garbage = (shape & 0x80u) != 0;

  std::string stream;
  std::vector<std::size_t> boundaries{0};  // compressed offsets where members start/end
  std::vector<std::size_t> text_ends{0};   // payload bytes held by members so far
  for (std::size_t i = 0; i < members; ++i) {
    const std::size_t begin = text.size() * i / members;
    const std::size_t end = text.size() * (i + 1) / members;
    stream += gzip_member(text.substr(begin, end - begin), gzip);
    boundaries.push_back(stream.size());
    text_ends.push_back(end);
  }
  std::size_t kept = stream.size();
  if (cut != 0) {
    kept = stream.size() * (cut - 1u) / 255u;  // 0 .. size - 1
    stream.resize(kept);
  } else if (trailing_garbage) {
    stream += std::string("\0garbage", 8);
  }

  PaddedBuffer out;
  Gunzipper gunzipper(options);
  const DecodeReport report = gunzipper.decode(stream, out);
  check_padding(out);
  const std::size_t cap = options.max_output_bytes;
  FUZZ_CHECK(out.size() <= cap);
  if (!is_gzip(stream)) {  // cut inside the first member's magic: plain text
    FUZZ_CHECK(out.view() == std::string_view(stream).substr(0, cap));
    FUZZ_CHECK(report.damage.has_value() == (stream.size() > cap));
    return;
  }
  FUZZ_CHECK(report.was_gzip);
  const std::string_view expected = text.substr(0, std::min(cap, text.size()));
  if (cut == 0) {
    FUZZ_CHECK(out.view() == expected);
    FUZZ_CHECK(report.damage.has_value() == (text.size() > cap || trailing_garbage));
    return;
  }
  // Cut: a prefix of the payload; no damage only when the cut fell between members.
  FUZZ_CHECK(out.view() == expected.substr(0, out.size()));
  const auto boundary = std::find(boundaries.begin(), boundaries.end(), kept);
  if (!report.damage) {
    FUZZ_CHECK(boundary != boundaries.end());
    const std::size_t whole = text_ends[static_cast<std::size_t>(boundary - boundaries.begin())];
    FUZZ_CHECK(out.size() == std::min(cap, whole));
  }
}

}  // namespace
}  // namespace boostburn

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace boostburn;
  if (size < 3) {
    return 0;
  }
  const unsigned cap_selector = static_cast<unsigned>(data[1]) << 8 | data[2];
  GunzipOptions options;
  if (cap_selector != 0xffffu) {
    options.max_output_bytes = std::size_t{cap_selector} * 16;
  }
  if ((data[0] & 1u) == 0) {
    fuzz_raw(fuzz::as_text(data + 3, size - 3), options);
  } else if (size >= 5) {
    fuzz_round_trip(data[3], data[4], fuzz::as_text(data + 5, size - 5), options);
  }
  return 0;
}
