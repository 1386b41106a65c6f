#include "boostburn/ingest/gunzip.hpp"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstring>
#include <new>
#include <optional>

#include <fmt/format.h>
#include <libdeflate.h>
#include <zlib.h>

namespace boostburn {
namespace {

// DEFLATE cannot expand data more than ~1032:1, so a larger trailer size is a lie.
constexpr std::size_t k_max_deflate_ratio = 1032;
constexpr std::size_t k_min_initial_capacity = 64 * 1024;
// Log objects inflate about 4 times (Bedrock's JSON with bodies: 340 MB from
// 90 MB); a fresh buffer is prefaulted up to twice that.
constexpr std::size_t k_prefault_ratio = 8;

// The last member's ISIZE (uncompressed size mod 2^32), bounded by what the
// input could possibly inflate to and by the cap: a first guess, no more.
std::size_t initial_capacity(std::string_view bytes, std::size_t cap) {
  std::size_t guess = bytes.size() * 4;
  if (bytes.size() >= k_gzip_trailer_bytes) {
    guess = std::max<std::size_t>(guess, little_endian_u32(bytes, bytes.size() - 4));
  }
  guess = std::min(guess, bytes.size() * k_max_deflate_ratio);
  return std::min(std::max(guess, k_min_initial_capacity), cap);
}

std::string over_cap(std::size_t cap) {
  return fmt::format(
      "decompressed size exceeds the cap of {} bytes (--max-object-bytes); kept the first {} "
      "bytes, the rest is not counted",
      cap, cap);
}

std::size_t grown_capacity(std::size_t current, std::size_t limit) {
  return std::min(limit, std::max(current * 2, k_min_initial_capacity));
}

// Streams the gzip members in `bytes` from `start` through zlib, appending to
// `out`, until the end, the first damage or `cap` output bytes. Slower than
// libdeflate but keeps everything before the damage. Returns the damage, if
// any (nullopt only when zlib could read everything after all).
std::optional<std::string> salvage_with_zlib(std::string_view bytes, std::size_t start,
                                             PaddedBuffer& out, std::size_t cap) {
  z_stream stream{};
  if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) {
    return fmt::format("gzip data from compressed byte {} could not be read: {}", start,
                       stream.msg != nullptr ? stream.msg : "zlib failed to initialise");
  }
  // One byte more than the cap may be produced, to tell "exactly cap" from "more".
  const std::size_t limit = cap == SIZE_MAX ? cap : cap + 1;
  std::size_t in_pos = start;
  std::optional<std::string> damage;
  while (true) {
    if (stream.avail_in == 0 && in_pos < bytes.size()) {
      const std::size_t chunk = std::min<std::size_t>(bytes.size() - in_pos, UINT_MAX);
      stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data() + in_pos));
      stream.avail_in = static_cast<uInt>(chunk);
      in_pos += chunk;
    }
    if (out.size() >= std::min(out.capacity(), limit)) {
      if (out.size() >= limit) {
        break;
      }
      out.reserve(grown_capacity(out.capacity(), limit));
    }
    const std::size_t room =
        std::min<std::size_t>(std::min(out.capacity(), limit) - out.size(), UINT_MAX);
    stream.next_out = reinterpret_cast<Bytef*>(out.data() + out.size());
    stream.avail_out = static_cast<uInt>(room);
    const int rc = inflate(&stream, Z_NO_FLUSH);
    out.set_size(out.size() + (room - stream.avail_out));
    const std::size_t consumed = in_pos - stream.avail_in;
    if (rc == Z_STREAM_END) {
      if (consumed == bytes.size()) {
        break;
      }
      if (!is_gzip(bytes.substr(consumed))) {
        damage = fmt::format("{} bytes after the last gzip member are not gzip data; ignored",
                             bytes.size() - consumed);
        break;
      }
      inflateReset(&stream);
      continue;
    }
    if (rc == Z_OK || rc == Z_BUF_ERROR) {
      if (stream.avail_in == 0 && in_pos == bytes.size() && stream.avail_out != 0) {
        damage = fmt::format("gzip stream truncated at compressed byte {}; kept {} bytes", consumed,
                             out.size());
        break;
      }
      continue;  // more input to feed or more room to make
    }
    damage = fmt::format("gzip data damaged at compressed byte {} ({}); kept {} bytes", consumed,
                         stream.msg != nullptr ? stream.msg : "invalid data", out.size());
    break;
  }
  inflateEnd(&stream);
  if (out.size() > cap) {
    out.set_size(cap);
    damage = over_cap(cap);
  }
  return damage;
}

}  // namespace

void Gunzipper::Deleter::operator()(libdeflate_decompressor* decompressor) const {
  libdeflate_free_decompressor(decompressor);
}

Gunzipper::Gunzipper(GunzipOptions options)
    : m_options(options), m_decompressor(libdeflate_alloc_decompressor()) {
  if (!m_decompressor) {
    throw std::bad_alloc();
  }
}

Gunzipper::~Gunzipper() = default;
Gunzipper::Gunzipper(Gunzipper&&) noexcept = default;
Gunzipper& Gunzipper::operator=(Gunzipper&&) noexcept = default;

DecodeReport Gunzipper::decode(std::string_view bytes, PaddedBuffer& out, CrcCheck check) {
  DecodeReport report;
  if (!is_gzip(bytes)) {
    if (bytes.size() > m_options.max_output_bytes) {
      out.assign(bytes.substr(0, m_options.max_output_bytes));
      report.damage = over_cap(m_options.max_output_bytes);
      return report;
    }
    out.assign(bytes);
    return report;
  }
  report.was_gzip = true;
  const std::size_t cap = m_options.max_output_bytes;
  out.clear();
  // A buffer reused for object after object is given room to spare (a
  // quarter more than asked, at least twice what it had): an object a little
  // bigger than the biggest so far must not cost a fresh buffer, every page
  // of which faults in again. Pages never written are never resident, so the
  // headroom costs address space, not memory.
  if (const std::size_t wanted = initial_capacity(bytes, cap); wanted > out.capacity()) {
    out.reserve(std::min(std::max(wanted + wanted / 4, 2 * out.capacity()), cap));
    // The fresh pages the object will fill, mapped in at once; no more than
    // the input could plausibly fill, as the trailer's size is untrusted.
    out.prefault(std::min(wanted, bytes.size() * k_prefault_ratio));
  }

  std::size_t in_pos = 0;
  while (in_pos < bytes.size()) {
    const std::string_view member = bytes.substr(in_pos);
    if (!is_gzip(member)) {
      report.damage = fmt::format("{} bytes after the last gzip member are not gzip data; ignored",
                                  member.size());
      return report;
    }
    // A buffer reused from a bigger object may exceed the cap: never write past it.
    const std::size_t usable = std::min(out.capacity(), cap);
    const InflatedMember inflated = inflate_gzip_member(
        m_decompressor.get(), member, out.data() + out.size(), usable - out.size(), check);
    if (inflated.status == MemberStatus::inflated) {
      if (check == CrcCheck::by_caller) {
        report.unchecked.push_back(UncheckedMember{out.size(), inflated.out_used, inflated.crc});
      }
      out.set_size(out.size() + inflated.out_used);
      in_pos += inflated.in_used;
    } else if (inflated.status == MemberStatus::no_room && usable < cap) {
      out.reserve(grown_capacity(out.capacity(), cap));  // and retry this member
    } else {
      // Corrupt, truncated, or larger than the cap: keep what a streaming inflate can.
      report.damage = salvage_with_zlib(bytes, in_pos, out, cap);
      return report;
    }
  }
  return report;
}

GunzipResult gunzip_object(std::string_view bytes, const GunzipOptions& options) {
  GunzipResult result;
  Gunzipper gunzipper(options);
  DecodeReport report = gunzipper.decode(bytes, result.data);
  result.was_gzip = report.was_gzip;
  result.damage = std::move(report.damage);
  return result;
}

}  // namespace boostburn
