#include "boostburn/ingest/gunzip.hpp"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstring>
#include <new>
#include <optional>

#include <fmt/format.h>
#include <isa-l/crc.h>
#include <libdeflate.h>
#include <zlib.h>

namespace boostburn {
namespace {

constexpr std::size_t k_gzip_trailer_bytes = 8;  // CRC32 + ISIZE
// DEFLATE cannot expand data more than ~1032:1, so a larger trailer size is a lie.
constexpr std::size_t k_max_deflate_ratio = 1032;
constexpr std::size_t k_min_initial_capacity = 64 * 1024;

// The last member's ISIZE (uncompressed size mod 2^32), bounded by what the
// input could possibly inflate to and by the cap: a first guess, no more.
std::size_t initial_capacity(std::string_view bytes, std::size_t cap) {
  std::size_t guess = bytes.size() * 4;
  if (bytes.size() >= k_gzip_trailer_bytes) {
    const auto* tail = reinterpret_cast<const unsigned char*>(bytes.data() + bytes.size() - 4);
    const std::uint32_t isize =
        static_cast<std::uint32_t>(tail[0]) | static_cast<std::uint32_t>(tail[1]) << 8 |
        static_cast<std::uint32_t>(tail[2]) << 16 | static_cast<std::uint32_t>(tail[3]) << 24;
    guess = std::max<std::size_t>(guess, isize);
  }
  guess = std::min(guess, bytes.size() * k_max_deflate_ratio);
  return std::min(std::max(guess, k_min_initial_capacity), cap);
}

std::uint32_t little_endian(std::string_view bytes, std::size_t at, std::size_t width) {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < width; ++i) {
    value |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + i])) << (8 * i);
  }
  return value;
}

// The gzip CRC-32 of `bytes`: ISA-L's, which folds with the widest carry-less
// multiply the CPU has (AVX-512 VPCLMULQDQ where there is one), about 4x
// libdeflate 1.14's on the bench machine; the check was a tenth of gunzip.
std::uint32_t crc32_of(const char* bytes, std::size_t size) {
  return crc32_gzip_refl(0, reinterpret_cast<const unsigned char*>(bytes), size);
}

// The size of the gzip member header at the start of `member` (RFC 1952: ten
// fixed bytes, then the optional extra field, file name, comment and header
// CRC, which is checked), or nullopt when the header is cut short, damaged,
// uses reserved flags or a method other than deflate.
std::optional<std::size_t> gzip_header_size(std::string_view member) {
  constexpr std::size_t k_fixed_bytes = 10;
  constexpr unsigned char k_deflate = 8;
  constexpr unsigned k_header_crc = 0x02, k_extra = 0x04, k_name = 0x08, k_comment = 0x10,
                     k_reserved = 0xE0;
  if (member.size() < k_fixed_bytes || !is_gzip(member) ||
      static_cast<unsigned char>(member[2]) != k_deflate) {
    return std::nullopt;
  }
  const unsigned flags = static_cast<unsigned char>(member[3]);
  if ((flags & k_reserved) != 0) {
    return std::nullopt;
  }
  std::size_t size = k_fixed_bytes;
  if ((flags & k_extra) != 0) {
    if (member.size() - size < 2) {
      return std::nullopt;
    }
    const std::size_t extra = little_endian(member, size, 2);
    size += 2;
    if (member.size() - size < extra) {
      return std::nullopt;
    }
    size += extra;
  }
  for (const unsigned zero_terminated : {k_name, k_comment}) {
    if ((flags & zero_terminated) != 0) {
      const std::size_t end = member.find('\0', size);
      if (end == std::string_view::npos) {
        return std::nullopt;
      }
      size = end + 1;
    }
  }
  if ((flags & k_header_crc) != 0) {
    if (member.size() - size < 2 ||
        (crc32_of(member.data(), size) & 0xFFFFU) != little_endian(member, size, 2)) {
      return std::nullopt;
    }
    size += 2;
  }
  return size;
}

struct Inflated {
  libdeflate_result result = LIBDEFLATE_BAD_DATA;
  std::size_t in_used = 0;  // the whole member: header, deflate data and trailer
  std::size_t out_used = 0;
};

// Inflates the gzip member at the start of `member` into [out, out + room),
// checking its trailer's CRC-32 and size. Anything wrong with the member
// (header, data, trailer) is LIBDEFLATE_BAD_DATA; too little room is
// LIBDEFLATE_INSUFFICIENT_SPACE. What libdeflate_gzip_decompress_ex does,
// with a faster CRC.
Inflated inflate_member(libdeflate_decompressor* decompressor, std::string_view member, char* out,
                        std::size_t room) {
  Inflated inflated;
  const std::optional<std::size_t> header = gzip_header_size(member);
  if (!header) {
    return inflated;
  }
  const std::string_view data = member.substr(*header);
  std::size_t data_used = 0;
  inflated.result = libdeflate_deflate_decompress_ex(decompressor, data.data(), data.size(), out,
                                                     room, &data_used, &inflated.out_used);
  if (inflated.result != LIBDEFLATE_SUCCESS) {
    return inflated;
  }
  const std::string_view trailer = data.substr(data_used);
  if (trailer.size() < k_gzip_trailer_bytes ||
      little_endian(trailer, 0, 4) != crc32_of(out, inflated.out_used) ||
      little_endian(trailer, 4, 4) != static_cast<std::uint32_t>(inflated.out_used)) {
    inflated.result = LIBDEFLATE_BAD_DATA;
    return inflated;
  }
  inflated.in_used = *header + data_used + k_gzip_trailer_bytes;
  return inflated;
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

bool is_gzip(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

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

DecodeReport Gunzipper::decode(std::string_view bytes, PaddedBuffer& out) {
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
    const Inflated inflated =
        inflate_member(m_decompressor.get(), member, out.data() + out.size(), usable - out.size());
    if (inflated.result == LIBDEFLATE_SUCCESS) {
      out.set_size(out.size() + inflated.out_used);
      in_pos += inflated.in_used;
    } else if (inflated.result == LIBDEFLATE_INSUFFICIENT_SPACE && usable < cap) {
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
