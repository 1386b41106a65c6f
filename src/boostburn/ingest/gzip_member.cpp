#include "boostburn/ingest/gzip_member.hpp"

#include <isa-l/crc.h>
#include <libdeflate.h>

namespace boostburn {
namespace {

std::uint16_t little_endian_u16(std::string_view bytes, std::size_t at) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(bytes[at]) |
                                    static_cast<unsigned char>(bytes[at + 1]) << 8);
}

}  // namespace

bool is_gzip(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

std::uint32_t little_endian_u32(std::string_view bytes, std::size_t at) {
  return static_cast<std::uint32_t>(little_endian_u16(bytes, at)) |
         static_cast<std::uint32_t>(little_endian_u16(bytes, at + 2)) << 16;
}

std::uint32_t gzip_crc32(std::string_view bytes) {
  return crc32_gzip_refl(0, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

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
  std::size_t size = k_fixed_bytes;  // never more than member.size() below
  if ((flags & k_extra) != 0) {
    if (member.size() - size < 2) {
      return std::nullopt;
    }
    const std::size_t extra = little_endian_u16(member, size);
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
    if (member.size() - size < 2) {
      return std::nullopt;
    }
    size += 2;
  }
  return size;
}

InflatedMember inflate_gzip_member(libdeflate_decompressor* decompressor, std::string_view member,
                                   char* out, std::size_t room, CrcCheck check) {
  InflatedMember inflated;
  const std::optional<std::size_t> header = gzip_header_size(member);
  if (!header) {
    return inflated;
  }
  const std::string_view rest = member.substr(*header);
  // The deflate data ends at least a trailer before the end of the input (as
  // libdeflate's own gzip reader sees it): a member cut short is not read on
  // into the bytes after it.
  const std::size_t data_bytes =
      rest.size() >= k_gzip_trailer_bytes ? rest.size() - k_gzip_trailer_bytes : rest.size();
  std::size_t data_used = 0;
  const libdeflate_result result = libdeflate_deflate_decompress_ex(
      decompressor, rest.data(), data_bytes, out, room, &data_used, &inflated.out_used);
  if (result == LIBDEFLATE_INSUFFICIENT_SPACE) {
    inflated.status = MemberStatus::no_room;
    return inflated;
  }
  const std::string_view trailer = rest.substr(data_used);
  if (result != LIBDEFLATE_SUCCESS || trailer.size() < k_gzip_trailer_bytes ||
      little_endian_u32(trailer, 4) != static_cast<std::uint32_t>(inflated.out_used)) {
    return inflated;
  }
  inflated.crc = little_endian_u32(trailer, 0);
  if (check == CrcCheck::inflating && inflated.crc != gzip_crc32({out, inflated.out_used})) {
    return inflated;
  }
  inflated.status = MemberStatus::inflated;
  inflated.in_used = *header + data_used + k_gzip_trailer_bytes;
  return inflated;
}

}  // namespace boostburn
