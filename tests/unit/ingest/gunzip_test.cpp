#include "boostburn/ingest/gunzip.hpp"

#include <random>
#include <string>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "unit/ingest/ingest_test_support.hpp"

namespace boostburn {
namespace {

using testing::gzip;
using ::testing::HasSubstr;
using testing::HeaderParts;
using ::testing::StartsWith;
using testing::zlib_gzip;

// Numbered JSON-ish lines: easy to see where a prefix stops.
std::string lines(int count) {
  std::string text;
  for (int i = 1; i <= count; ++i) {
    text += R"({"requestId":"req-)" + std::to_string(i) + R"(","inputTokenCount":)" +
            std::to_string(i * 7) + "}\n";
  }
  return text;
}

void expect_padding_zeroed(const PaddedBuffer& buffer) {
  for (std::size_t i = 0; i < PaddedBuffer::k_padding; ++i) {
    ASSERT_EQ(buffer.data()[buffer.size() + i], '\0') << "padding byte " << i;
  }
}

TEST(Gunzip, PlainTextIsCopiedWithPadding) {
  const std::string text = R"({"a":1})";
  const GunzipResult result = gunzip_object(text);
  EXPECT_FALSE(result.was_gzip);
  EXPECT_FALSE(result.damage);
  EXPECT_EQ(result.data.view(), text);
  expect_padding_zeroed(result.data);
}

TEST(Gunzip, OnlyTheMagicBytesMakeGzip) {
  // E.g. a `.json.gz` key holding plain JSON: read as text, no damage.
  const GunzipResult plain = gunzip_object("\x1f{\"not\":\"gzip\"}");
  EXPECT_FALSE(plain.was_gzip);
  EXPECT_FALSE(plain.damage);
  EXPECT_EQ(plain.data.view(), "\x1f{\"not\":\"gzip\"}");
  EXPECT_TRUE(is_gzip(gzip("x")));
  EXPECT_FALSE(is_gzip("\x1f"));
  EXPECT_FALSE(is_gzip(""));
}

TEST(Gunzip, RoundTripsOneMember) {
  const std::string text = lines(500);
  const GunzipResult result = gunzip_object(gzip(text));
  EXPECT_TRUE(result.was_gzip);
  EXPECT_FALSE(result.damage) << *result.damage;
  EXPECT_EQ(result.data.view(), text);
  expect_padding_zeroed(result.data);
}

// Each (member, text) pair decodes to its text alone, and all the members
// concatenated to all the texts.
void expect_members_decode(const std::vector<std::pair<std::string, std::string>>& members) {
  std::string stream;
  std::string expected;
  for (const auto& [member, text] : members) {
    const GunzipResult one = gunzip_object(member);
    ASSERT_FALSE(one.damage) << text.size() << ": " << *one.damage;
    ASSERT_EQ(one.data.view(), text) << text.size();
    stream += member;
    expected += text;
  }
  const GunzipResult all = gunzip_object(stream);
  ASSERT_FALSE(all.damage) << *all.damage;
  EXPECT_EQ(all.data.view(), expected);
}

TEST(Gunzip, RoundTripsTextsOfEveryLength) {
  // The CRC-32 folds 256-byte blocks, then the odd bytes: every tail length,
  // each member's output starting at another offset of the buffer.
  std::mt19937 random(7);
  std::vector<std::pair<std::string, std::string>> members;
  for (std::size_t size = 0; size <= 700; ++size) {
    std::string text(size, '\0');
    for (char& c : text) {
      c = static_cast<char>(random());
    }
    members.emplace_back(gzip(text), text);
  }
  expect_members_decode(members);
}

TEST(Gunzip, ReadsHeadersWithNameCommentExtraAndHeaderCrc) {
  const std::string text = lines(200);
  std::vector<std::pair<std::string, std::string>> members;
  for (const HeaderParts& parts : testing::header_variants()) {
    members.emplace_back(zlib_gzip(text, parts), text);
  }
  expect_members_decode(members);
}

TEST(Gunzip, AWrongHeaderCrcIsNotDamage) {
  // It covers only the header (here the file name): the data's own CRC-32
  // still holds, so every member's text counts, as libdeflate reads it.
  const std::string text = lines(20);
  std::string middle = zlib_gzip(text, {"name.json", "", "", true});
  middle[10] = 'N';  // the name's first byte
  const GunzipResult result = gunzip_object(gzip(text) + middle + gzip(text));
  EXPECT_FALSE(result.damage) << *result.damage;
  EXPECT_EQ(result.data.view(), text + text + text);
}

TEST(Gunzip, ADamagedHeaderIsDamageAndTheMembersBeforeItCount) {
  const std::string text = lines(20);
  const std::string first = gzip(text);
  std::string reserved_flag = gzip(text);
  reserved_flag[3] = static_cast<char>(0x20);
  const std::string unterminated_name = zlib_gzip(text, {"name.json", "", "", false}).substr(0, 15);
  for (const std::string& damaged : {reserved_flag, unterminated_name, gzip(text).substr(0, 9)}) {
    const GunzipResult result = gunzip_object(first + damaged);
    EXPECT_TRUE(result.was_gzip);
    ASSERT_TRUE(result.damage);
    EXPECT_EQ(result.data.view(), text);
  }
}

TEST(Gunzip, ATrailerMismatchIsDamageAndTheTextIsKept) {
  const std::string text = lines(300);
  // The trailer's CRC-32 starts 8 bytes from the end, its size 4.
  for (const auto& [from_end, zlib_says] :
       {std::pair{8, "incorrect data check"}, std::pair{4, "incorrect length check"}}) {
    std::string bytes = gzip(text);
    char& flipped = bytes[bytes.size() - static_cast<std::size_t>(from_end)];
    flipped = static_cast<char>(flipped ^ 1);
    const GunzipResult result = gunzip_object(bytes);
    ASSERT_TRUE(result.damage) << zlib_says;
    EXPECT_THAT(*result.damage, HasSubstr(zlib_says));
    EXPECT_EQ(result.data.view(), text);
  }
}

// With the CRC-32 left to the caller, every member inflated is listed with
// where its text is and what its trailer says; a CRC-32 that does not match
// is not damage here.
TEST(Gunzip, MembersLeftUncheckedAreListedWithTheirTrailersCrc) {
  const std::string first = lines(30);
  const std::string second = lines(3000);
  std::string bad_crc = gzip(second);
  bad_crc[bad_crc.size() - 8] = static_cast<char>(bad_crc[bad_crc.size() - 8] ^ 1);
  Gunzipper gunzipper;
  PaddedBuffer out;
  const DecodeReport report =
      gunzipper.decode(gzip(first) + bad_crc + gzip(""), out, CrcCheck::by_caller);
  EXPECT_FALSE(report.damage) << *report.damage;
  EXPECT_EQ(out.view(), first + second);
  ASSERT_EQ(report.unchecked.size(), 3U);
  EXPECT_EQ(report.unchecked[0], (UncheckedMember{0, first.size(), gzip_crc32(first)}));
  EXPECT_EQ(report.unchecked[1],
            (UncheckedMember{first.size(), second.size(), gzip_crc32(second) ^ 1U}));
  EXPECT_EQ(report.unchecked[2], (UncheckedMember{first.size() + second.size(), 0, 0}));

  // Checked while inflating (the default), the same bytes are damage from the
  // second member on, and nothing is left unchecked.
  const DecodeReport checked = gunzipper.decode(gzip(first) + bad_crc + gzip(""), out);
  ASSERT_TRUE(checked.damage);
  EXPECT_THAT(*checked.damage, HasSubstr("incorrect data check"));
  EXPECT_TRUE(checked.unchecked.empty());
}

// Damage other than a CRC-32 is found while inflating either way; the members
// before it are still listed for their check.
TEST(Gunzip, DamageIsFoundWhileInflatingEvenWithTheCrcLeftToTheCaller) {
  const std::string first = lines(30);
  std::string second = gzip(lines(30));
  second[2] = 0x09;  // compression method: not deflate
  Gunzipper gunzipper;
  PaddedBuffer out;
  const DecodeReport report = gunzipper.decode(gzip(first) + second, out, CrcCheck::by_caller);
  ASSERT_TRUE(report.damage);
  EXPECT_THAT(*report.damage, HasSubstr("damaged"));
  EXPECT_EQ(out.view(), first);
  ASSERT_EQ(report.unchecked.size(), 1U);
  EXPECT_EQ(report.unchecked[0], (UncheckedMember{0, first.size(), gzip_crc32(first)}));
}

TEST(Gunzip, EmptyMemberGivesEmptyText) {
  const GunzipResult result = gunzip_object(gzip(""));
  EXPECT_TRUE(result.was_gzip);
  EXPECT_FALSE(result.damage);
  EXPECT_EQ(result.data.size(), 0U);
  expect_padding_zeroed(result.data);
}

TEST(Gunzip, ReadsEveryMemberOfAMultiMemberStream) {
  // The last member's trailer says 12 bytes: far less than the whole output,
  // so the output has to grow past the hint.
  const std::string big = lines(20000);
  const std::string small = "last member\n";
  const GunzipResult result = gunzip_object(gzip(big) + gzip(lines(3)) + gzip(small));
  EXPECT_FALSE(result.damage) << *result.damage;
  EXPECT_EQ(result.data.view(), big + lines(3) + small);
}

TEST(Gunzip, DoesNotTrustTheTrailerSize) {
  const std::string text = lines(300);
  for (const std::uint32_t wrong_size : {0U, 10U, 0xFFFFFFFFU}) {
    std::string bytes = gzip(text);
    for (int i = 0; i < 4; ++i) {
      bytes[bytes.size() - 4 + i] = static_cast<char>((wrong_size >> (8 * i)) & 0xFF);
    }
    const GunzipResult result = gunzip_object(bytes);
    // All the data is there; the wrong length is still a damaged stream.
    EXPECT_EQ(result.data.view(), text) << "ISIZE " << wrong_size;
    ASSERT_TRUE(result.damage) << "ISIZE " << wrong_size;
    EXPECT_THAT(*result.damage, HasSubstr("length")) << "ISIZE " << wrong_size;
  }
}

// A fresh buffer is prefaulted up to the trailer's size, but no further
// than 8 times the compressed size: a forged trailer cannot make a small
// object hold more memory than that.
TEST(Gunzip, AForgedTrailerSizeIsNotPrefaulted) {
  std::string text;  // numbered lines with a long run of one letter: about 50 to 1
  for (int i = 0; text.size() < (std::size_t{4} << 20); ++i) {
    text += R"({"requestId":"req-)" + std::to_string(i) + R"(","pad":")" + std::string(300, 'a') +
            "\"}\n";
  }
  std::string bytes = gzip(text);
  ASSERT_LT(bytes.size() * 8, text.size());
  for (int i = 0; i < 4; ++i) {
    bytes[bytes.size() - 4 + static_cast<std::size_t>(i)] = static_cast<char>(0xF0);
  }
  ASSERT_GT(bytes.size() * 1032, text.size() + (std::size_t{8} << 20));
  Gunzipper gunzipper;
  PaddedBuffer out;
  gunzipper.decode(bytes, out);
  ASSERT_EQ(out.view(), text);
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  // Where transparent huge pages are "always", the last huge page may run
  // past the text.
  const std::size_t past_text = text.size() + PaddedBuffer::k_padding + testing::k_huge_page;
  ASSERT_GT(out.capacity(), past_text + (std::size_t{4} << 20));
  EXPECT_LT(testing::resident_pages(out.data() + past_text, out.capacity() - past_text),
            (bytes.size() * 8) / page + 4);
}

TEST(Gunzip, StopsAtTheSizeCap) {
  const std::string text = lines(200);
  GunzipOptions options;
  options.max_output_bytes = 1000;
  const GunzipResult result = gunzip_object(gzip(text), options);
  ASSERT_TRUE(result.damage);
  EXPECT_THAT(*result.damage, HasSubstr("decompressed size exceeds the cap"));
  EXPECT_EQ(result.data.view(), text.substr(0, 1000));
  expect_padding_zeroed(result.data);
}

TEST(Gunzip, CapAlsoAppliesToPlainText) {
  const std::string text = lines(200);
  GunzipOptions options;
  options.max_output_bytes = 1000;
  const GunzipResult result = gunzip_object(text, options);
  ASSERT_TRUE(result.damage);
  EXPECT_THAT(*result.damage, HasSubstr("cap of 1000 bytes (--max-object-bytes)"));
  EXPECT_FALSE(result.was_gzip);
  EXPECT_EQ(result.data.view(), text.substr(0, 1000));
  expect_padding_zeroed(result.data);
}

TEST(Gunzip, CapAppliesToAllMembersTogether) {
  const std::string first = lines(20);
  GunzipOptions options;
  options.max_output_bytes = first.size() + 10;
  const GunzipResult result = gunzip_object(gzip(first) + gzip(lines(20)), options);
  ASSERT_TRUE(result.damage);
  EXPECT_THAT(*result.damage, HasSubstr("decompressed size exceeds the cap"));
  EXPECT_EQ(result.data.size(), first.size() + 10);
  EXPECT_THAT(std::string(result.data.view()), StartsWith(first));
}

TEST(Gunzip, OutputOfExactlyTheCapIsFine) {
  const std::string text = lines(50);
  GunzipOptions options;
  options.max_output_bytes = text.size();
  const GunzipResult result = gunzip_object(gzip(text), options);
  EXPECT_FALSE(result.damage) << *result.damage;
  EXPECT_EQ(result.data.view(), text);
}

TEST(Gunzip, CapHoldsWhenTheReusedBufferIsBigger) {
  PaddedBuffer buffer;
  buffer.reserve(1 << 20);
  Gunzipper gunzipper(GunzipOptions{100});
  const DecodeReport report = gunzipper.decode(gzip(lines(100)), buffer);
  ASSERT_TRUE(report.damage);
  EXPECT_EQ(buffer.size(), 100U);
}

TEST(Gunzip, SalvagesTheTextBeforeATruncation) {
  const std::string text = lines(5000);
  const std::string bytes = gzip(text);
  const GunzipResult result = gunzip_object(bytes.substr(0, bytes.size() / 2));
  ASSERT_TRUE(result.damage);
  EXPECT_THAT(*result.damage, HasSubstr("truncated"));
  // Much of the text came back, and it is exactly the start of the original.
  EXPECT_GT(result.data.size(), text.size() / 4);
  EXPECT_LT(result.data.size(), text.size());
  EXPECT_EQ(result.data.view(), std::string_view(text).substr(0, result.data.size()));
  expect_padding_zeroed(result.data);
}

TEST(Gunzip, TruncatedTrailerStillGivesAllTheText) {
  const std::string text = lines(100);
  const std::string bytes = gzip(text);
  const GunzipResult result = gunzip_object(bytes.substr(0, bytes.size() - 3));
  ASSERT_TRUE(result.damage);
  EXPECT_EQ(result.data.view(), text);
}

TEST(Gunzip, KeepsGoodMembersBeforeACorruptOne) {
  const std::string first = lines(30);
  std::string second = gzip(lines(30));
  second[2] = 0x09;  // compression method: not deflate
  const GunzipResult result = gunzip_object(gzip(first) + second);
  ASSERT_TRUE(result.damage);
  EXPECT_THAT(*result.damage, HasSubstr("damaged"));
  EXPECT_EQ(result.data.view(), first);
}

TEST(Gunzip, ReportsBytesAfterTheLastMember) {
  const std::string text = lines(10);
  const GunzipResult result = gunzip_object(gzip(text) + "garbage");
  ASSERT_TRUE(result.damage);
  EXPECT_THAT(*result.damage, HasSubstr("7 bytes after the last gzip member"));
  EXPECT_EQ(result.data.view(), text);
}

TEST(Gunzip, CorruptDeflateDataNeverThrows) {
  const std::string text = lines(2000);
  std::string bytes = gzip(text);
  for (std::size_t i = bytes.size() / 3; i < bytes.size() / 3 + 64; ++i) {
    bytes[i] = static_cast<char>(bytes[i] ^ 0x5A);
  }
  GunzipResult result;
  ASSERT_NO_THROW(result = gunzip_object(bytes));
  EXPECT_TRUE(result.damage);
  EXPECT_LE(result.data.size(), k_default_max_decompressed_bytes);
}

TEST(Gunzip, ReusesOneDecoderAndBufferAcrossObjects) {
  Gunzipper gunzipper;
  PaddedBuffer buffer;
  const std::string big = lines(3000);
  EXPECT_FALSE(gunzipper.decode(gzip(big), buffer).damage);
  EXPECT_EQ(buffer.view(), big);
  EXPECT_FALSE(gunzipper.decode(gzip("small\n"), buffer).damage);
  EXPECT_EQ(buffer.view(), "small\n");
  expect_padding_zeroed(buffer);
  EXPECT_FALSE(gunzipper.decode("plain\n", buffer).was_gzip);
  EXPECT_EQ(buffer.view(), "plain\n");
}

}  // namespace
}  // namespace boostburn
