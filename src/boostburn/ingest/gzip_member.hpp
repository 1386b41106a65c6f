// One gzip member (RFC 1952) as it is on the wire: a header, deflate data,
// and a trailer holding the CRC-32 and the size (mod 2^32) of what it
// inflates to. Gunzipper (gunzip.hpp) decodes whole objects of members with
// these; this part only knows the format.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

struct libdeflate_decompressor;

namespace boostburn {

inline constexpr std::size_t k_gzip_trailer_bytes = 8;  // CRC-32 + ISIZE

// True when `bytes` starts with the gzip magic 1f 8b.
bool is_gzip(std::string_view bytes);

// The unsigned little-endian 32-bit number at bytes[at, at + 4).
std::uint32_t little_endian_u32(std::string_view bytes, std::size_t at);

// The gzip CRC-32 of `bytes`. ISA-L's, which folds with the widest
// carry-less multiply the CPU has (AVX-512 VPCLMULQDQ where there is one):
// 0.27 ms per 13 MB on the bench machine against libdeflate 1.14's 0.99 ms,
// when the check was a tenth of gunzip.
std::uint32_t gzip_crc32(std::string_view bytes);

// The size of the member header at the start of `member`: ten fixed bytes,
// then the optional extra field, file name, comment and header CRC; nullopt
// when it is cut short, sets a reserved flag or names a method other than
// deflate. The header CRC covers only these bytes and is not checked, as
// libdeflate does not: the trailer's CRC-32 guards the data, and a header
// damaged only in its file name costs nothing.
std::optional<std::size_t> gzip_header_size(std::string_view member);

enum class MemberStatus {
  inflated,  // whole, and the trailer matches
  no_room,   // the output did not fit in the room given
  damaged,   // a bad header or deflate data, cut short, or a trailer mismatch
};

// Who compares a member's text with the CRC-32 of its trailer: the inflate,
// or its caller later (InflatedMember::crc), e.g. a piece at a time just
// before the text is parsed, while the piece is still in cache.
enum class CrcCheck { inflating, by_caller };

struct InflatedMember {
  MemberStatus status = MemberStatus::damaged;
  std::size_t in_used = 0;   // when inflated: the whole member, header to trailer
  std::size_t out_used = 0;  // when inflated: bytes written to the output
  std::uint32_t crc = 0;     // when inflated: the trailer's CRC-32
};

// Inflates the member at the start of `member` (more members or other bytes
// may follow it) into [out, out + room) with libdeflate, and checks its
// trailer: its size always, its CRC-32 unless `check` leaves it to the caller.
InflatedMember inflate_gzip_member(libdeflate_decompressor* decompressor, std::string_view member,
                                   char* out, std::size_t room,
                                   CrcCheck check = CrcCheck::inflating);

}  // namespace boostburn
