#include "boostburn/ingest/crc_read_ahead.hpp"

#include <algorithm>
#include <utility>

#include <isa-l/crc.h>

namespace boostburn {

CrcReadAhead::CrcReadAhead(std::string_view text, std::vector<UncheckedMember> members)
    : m_text(text), m_members(std::move(members)) {}

std::size_t CrcReadAhead::reached(std::size_t offset) {
  check_to(offset + k_piece);
  return m_member < m_members.size() && m_intact ? m_done : m_text.size();
}

bool CrcReadAhead::finish() {
  check_to(m_text.size());
  return m_intact && m_member == m_members.size();  // a member past the text is not intact
}

void CrcReadAhead::check_to(std::size_t end) {
  end = std::min(end, m_text.size());
  while (m_intact && m_member < m_members.size()) {
    const UncheckedMember& member = m_members[m_member];
    const std::size_t member_end = member.offset + member.size;
    m_done = std::max(m_done, member.offset);
    const std::size_t upto = std::min(end, member_end);
    if (upto < m_done) {
      return;  // this member starts past `end`
    }
    m_crc = crc32_gzip_refl(m_crc, reinterpret_cast<const unsigned char*>(m_text.data() + m_done),
                            upto - m_done);
    m_done = upto;
    if (m_done < member_end) {
      return;  // `end` falls inside this member
    }
    m_intact = m_crc == member.crc;
    m_crc = 0;
    ++m_member;
  }
}

}  // namespace boostburn
