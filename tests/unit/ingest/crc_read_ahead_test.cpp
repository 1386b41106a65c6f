#include "boostburn/ingest/crc_read_ahead.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "boostburn/ingest/gzip_member.hpp"

namespace boostburn {
namespace {

constexpr std::size_t k_piece = CrcReadAhead::k_piece;

// Members of the given sizes laid end to end, with their right CRC-32s.
struct Members {
  explicit Members(const std::vector<std::size_t>& sizes) {
    for (const std::size_t size : sizes) {
      std::string part;
      for (std::size_t i = 0; i < size; ++i) {
        part += static_cast<char>('a' + (text.size() + i) * 7 % 26);
      }
      list.push_back(UncheckedMember{text.size(), size, gzip_crc32(part)});
      text += part;
    }
  }
  std::string text;
  std::vector<UncheckedMember> list;
};

// Where a parser that reads from `start` on, calling where it is asked to,
// calls: the offsets of its calls.
std::vector<std::size_t> calls_from(CrcReadAhead& ahead, std::size_t start, std::size_t size) {
  std::vector<std::size_t> calls;
  for (std::size_t at = start; at < size;) {
    calls.push_back(at);
    const std::size_t next = ahead.reached(at);
    EXPECT_GT(next, at);
    at = next;
  }
  return calls;
}

TEST(CrcReadAhead, ChecksAPieceAheadOfEachCallAcrossMembers) {
  const Members members({100'000, 3 * k_piece + 17, 0, 5'000, k_piece});
  CrcReadAhead ahead(members.text, members.list);
  const std::vector<std::size_t> calls = calls_from(ahead, 0, members.text.size());
  // One call per piece, each asking again a piece on.
  ASSERT_EQ(calls.size(), (members.text.size() + k_piece - 1) / k_piece);
  for (std::size_t i = 0; i < calls.size(); ++i) {
    EXPECT_EQ(calls[i], i * k_piece);
  }
  EXPECT_TRUE(ahead.finish());
}

TEST(CrcReadAhead, OnceAllIsCheckedItAsksNoMore) {
  const Members members({1'000, 2'000});
  CrcReadAhead ahead(members.text, members.list);
  EXPECT_EQ(ahead.reached(0), members.text.size());
  EXPECT_TRUE(ahead.finish());
}

TEST(CrcReadAhead, NothingToCheckAsksNoMore) {
  const std::string text(5 * k_piece, 'x');  // plain text: no members
  CrcReadAhead ahead(text, {});
  EXPECT_EQ(ahead.reached(0), text.size());
  EXPECT_TRUE(ahead.finish());
}

// A mismatch is found in whichever member it is, however far the parser
// asked: finish() checks the rest.
TEST(CrcReadAhead, AMismatchIsFoundWhereverTheParserStopped) {
  const Members members({2 * k_piece, 2 * k_piece, 2 * k_piece});
  for (std::size_t bad = 0; bad < members.list.size(); ++bad) {
    for (const std::size_t asked_to : {std::size_t{0}, k_piece, 3 * k_piece, 6 * k_piece}) {
      std::vector<UncheckedMember> list = members.list;
      list[bad].crc ^= 0x80000000U;
      CrcReadAhead ahead(members.text, list);
      if (asked_to > 0) {
        calls_from(ahead, 0, asked_to);
      }
      EXPECT_FALSE(ahead.finish()) << "member " << bad << ", asked to " << asked_to;
    }
  }
}

// Past a mismatch there is nothing more worth checking: the object is read
// again anyway.
TEST(CrcReadAhead, AfterAMismatchItAsksNoMore) {
  const Members members({1'000, 4 * k_piece});
  std::vector<UncheckedMember> list = members.list;
  list[0].crc ^= 1U;
  CrcReadAhead ahead(members.text, list);
  EXPECT_EQ(ahead.reached(0), members.text.size());
  EXPECT_FALSE(ahead.finish());
}

// Every byte counts: a change anywhere in a member's text is found.
TEST(CrcReadAhead, ABitFlippedAnywhereIsFound) {
  const Members members({k_piece + 3, 1'000});
  for (const std::size_t at :
       {std::size_t{0}, k_piece - 1, k_piece, k_piece + 2, k_piece + 3, members.text.size() - 1}) {
    std::string text = members.text;
    text[at] = static_cast<char>(text[at] ^ 4);
    CrcReadAhead ahead(text, members.list);
    calls_from(ahead, 0, text.size());
    EXPECT_FALSE(ahead.finish()) << at;
  }
}

}  // namespace
}  // namespace boostburn
