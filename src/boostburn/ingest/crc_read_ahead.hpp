// CrcReadAhead: checks the CRC-32 of the members a gunzip left unchecked
// (CrcCheck::by_caller), a piece at a time just ahead of the record parser.
//
// Checked whole right after inflating, an object's text (14 MB on the bench
// corpus, past any core's L2) came from memory twice: once for the check,
// once for the parse. A piece checked just before the parser reads it is
// still in cache when it does: on the held-out-style day all cores went
// from 222.2 to 215.0 ms and one thread from 373.2 to 358.4 ms (medians of
// 15 and 11 interleaved runs; 256 KB pieces did better than 1 MB).
// finish() checks whatever the parser did not ask for, so every byte is
// checked, whichever way it was parsed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "boostburn/ingest/gunzip.hpp"
#include "boostburn/ingest/record_parser.hpp"

namespace boostburn {

class CrcReadAhead final : public ReadAhead {
 public:
  // Bytes checked at a time: well inside the L2 of current cores (512 KB
  // and up).
  static constexpr std::size_t k_piece = 256 * 1024;

  // `members` as DecodeReport::unchecked gives them, in text order, within `text`.
  CrcReadAhead(std::string_view text, std::vector<UncheckedMember> members);

  // Checks the text up to `offset` + k_piece; returns where checking stopped
  // (the text's end once nothing is left to check).
  std::size_t reached(std::size_t offset) override;

  // Checks all that is left; true when every member's text matches its
  // CRC-32 (the checking stops at the first that does not).
  [[nodiscard]] bool finish();

 private:
  void check_to(std::size_t end);

  std::string_view m_text;
  std::vector<UncheckedMember> m_members;
  std::size_t m_member = 0;  // the first member not yet checked whole
  std::size_t m_done = 0;    // the text is checked up to here
  std::uint32_t m_crc = 0;   // of m_members[m_member]'s text up to m_done
  bool m_intact = true;
};

}  // namespace boostburn
