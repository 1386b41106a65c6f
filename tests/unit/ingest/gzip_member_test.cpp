#include "boostburn/ingest/gzip_member.hpp"

#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>

#include <gtest/gtest.h>
#include <libdeflate.h>
#include <zlib.h>

#include "unit/ingest/ingest_test_support.hpp"

namespace boostburn {
namespace {

using testing::gzip;
using testing::HeaderParts;
using testing::zlib_gzip;

// A member header: the ten fixed bytes with `flags`, then `rest` (the
// optional parts, written by hand).
std::string header(unsigned char flags, std::string_view rest = {}) {
  std::string bytes = {'\x1f', '\x8b', '\x08', static_cast<char>(flags), 0, 0, 0, 0, 0, '\x03'};
  bytes += rest;
  return bytes;
}

constexpr unsigned char k_header_crc = 0x02, k_extra = 0x04, k_name = 0x08, k_comment = 0x10;

TEST(GzipMember, HeaderSizeCountsEveryOptionalPart) {
  EXPECT_EQ(gzip_header_size(header(0)), 10U);
  EXPECT_EQ(gzip_header_size(header(0) + "deflate data"), 10U);
  EXPECT_EQ(gzip_header_size(header(k_extra, std::string("\0\0", 2))), 12U);  // XLEN 0
  EXPECT_EQ(gzip_header_size(header(k_extra, std::string("\4\0abcd", 6))), 16U);
  EXPECT_EQ(gzip_header_size(header(k_name, std::string("\0", 1))), 11U);  // an empty name
  EXPECT_EQ(gzip_header_size(header(k_name | k_comment, std::string("a.json\0c\0", 9))), 19U);
  EXPECT_EQ(gzip_header_size(header(k_header_crc, "\x12\x34")), 12U);  // not checked
  EXPECT_EQ(
      gzip_header_size(header(k_extra | k_name | k_comment | k_header_crc, std::string("\1\0x"
                                                                                       "n\0"
                                                                                       "c\0"
                                                                                       "\xff\xff",
                                                                                       9))),
      19U);
}

TEST(GzipMember, HeaderSizeRefusesWhatIsCutShortReservedOrNotDeflate) {
  EXPECT_FALSE(gzip_header_size(""));
  EXPECT_FALSE(gzip_header_size(header(0).substr(0, 9)));
  EXPECT_FALSE(gzip_header_size(header(k_extra, std::string("\4", 1))));       // half of XLEN
  EXPECT_FALSE(gzip_header_size(header(k_extra, std::string("\4\0abc", 5))));  // 3 of 4 bytes
  EXPECT_FALSE(gzip_header_size(header(k_name, "no terminator")));
  EXPECT_FALSE(gzip_header_size(header(k_comment | k_name, std::string("n\0c", 3))));
  EXPECT_FALSE(gzip_header_size(header(k_header_crc, "\x12")));  // one of its two bytes
  for (const unsigned char reserved : {0x20, 0x40, 0x80}) {
    EXPECT_FALSE(gzip_header_size(header(reserved))) << int{reserved};
  }
  std::string stored = header(0);
  stored[2] = 0;  // compression method 0: not deflate
  EXPECT_FALSE(gzip_header_size(stored));
  EXPECT_FALSE(gzip_header_size(std::string("\x1f\x8c\x08\0\0\0\0\0\0\x03", 10)));
}

struct Decompressor {
  std::unique_ptr<libdeflate_decompressor, void (*)(libdeflate_decompressor*)> handle{
      libdeflate_alloc_decompressor(), libdeflate_free_decompressor};
};

InflatedMember inflate(std::string_view member, std::string& out,
                       CrcCheck check = CrcCheck::inflating) {
  static Decompressor decompressor;
  return inflate_gzip_member(decompressor.handle.get(), member, out.data(), out.size(), check);
}

TEST(GzipMember, InflatesEveryHeaderZlibWritesWithoutFallingBack) {
  const std::string text = "{\"requestId\":\"r-1\"}\n";
  for (const HeaderParts& parts : testing::header_variants()) {
    const std::string member = zlib_gzip(text, parts);
    std::string out(1024, '\0');
    const InflatedMember inflated = inflate(member + gzip("next member"), out);
    ASSERT_EQ(inflated.status, MemberStatus::inflated) << parts.name << parts.comment;
    EXPECT_EQ(inflated.in_used, member.size());
    EXPECT_EQ(out.substr(0, inflated.out_used), text);
  }
}

TEST(GzipMember, TellsTooLittleRoomFromDamage) {
  const std::string text(5000, 'x');
  const std::string member = gzip(text);
  std::string small(100, '\0');
  EXPECT_EQ(inflate(member, small).status, MemberStatus::no_room);

  std::string out(text.size(), '\0');
  EXPECT_EQ(inflate(member, out).status, MemberStatus::inflated);
  for (const std::size_t from_end : {8, 4}) {  // the trailer's CRC-32, then its size
    std::string damaged = member;
    damaged[damaged.size() - from_end] = static_cast<char>(damaged[damaged.size() - from_end] ^ 1);
    EXPECT_EQ(inflate(damaged, out).status, MemberStatus::damaged) << from_end;
  }
  // Cut short: never inflated (libdeflate may read the missing bytes as
  // zeros and run out of room first; Gunzipper then grows the buffer up to
  // its cap and falls back to zlib).
  for (std::size_t cut = 1; cut <= k_gzip_trailer_bytes + 2; ++cut) {
    EXPECT_NE(inflate(std::string_view(member).substr(0, member.size() - cut), out).status,
              MemberStatus::inflated)
        << cut;
  }
}

// Left to the caller, the CRC-32 is handed back instead of compared; the
// size is still checked.
TEST(GzipMember, ACrcLeftToTheCallerIsHandedBack) {
  const std::string text(5000, 'x');
  const std::string member = gzip(text);
  std::string out(text.size(), '\0');
  const InflatedMember whole = inflate(member, out, CrcCheck::by_caller);
  ASSERT_EQ(whole.status, MemberStatus::inflated);
  EXPECT_EQ(whole.crc, gzip_crc32(text));
  EXPECT_EQ(whole.out_used, text.size());
  EXPECT_EQ(whole.in_used, member.size());

  std::string wrong_crc = member;
  wrong_crc[wrong_crc.size() - 8] = static_cast<char>(wrong_crc[wrong_crc.size() - 8] ^ 1);
  const InflatedMember unchecked = inflate(wrong_crc, out, CrcCheck::by_caller);
  ASSERT_EQ(unchecked.status, MemberStatus::inflated);
  EXPECT_EQ(unchecked.crc, gzip_crc32(text) ^ 1U);
  EXPECT_EQ(std::string_view(out).substr(0, unchecked.out_used), text);

  std::string wrong_size = member;
  wrong_size[wrong_size.size() - 4] = static_cast<char>(wrong_size[wrong_size.size() - 4] ^ 1);
  EXPECT_EQ(inflate(wrong_size, out, CrcCheck::by_caller).status, MemberStatus::damaged);
}

TEST(GzipMember, Crc32AgreesWithZlibAtEveryLengthAndOffset) {
  std::mt19937 random(11);
  std::string bytes(2048, '\0');
  for (char& c : bytes) {
    c = static_cast<char>(random());
  }
  for (std::size_t offset = 0; offset < 64; offset += 7) {
    for (std::size_t size = 0; size + offset <= bytes.size(); size += size < 600 ? 1 : 97) {
      const std::string_view span = std::string_view(bytes).substr(offset, size);
      const auto expected = static_cast<std::uint32_t>(
          crc32(0, reinterpret_cast<const Bytef*>(span.data()), static_cast<uInt>(span.size())));
      ASSERT_EQ(gzip_crc32(span), expected) << offset << " " << size;
    }
  }
}

}  // namespace
}  // namespace boostburn
