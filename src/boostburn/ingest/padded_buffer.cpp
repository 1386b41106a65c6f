#include "boostburn/ingest/padded_buffer.hpp"

#include <cstring>

#include <simdjson.h>

namespace boostburn {

static_assert(PaddedBuffer::k_padding >= simdjson::SIMDJSON_PADDING);

void PaddedBuffer::assign(std::string_view bytes) {
  m_size = 0;
  reserve(bytes.size());
  if (!bytes.empty()) {
    std::memcpy(m_storage.get(), bytes.data(), bytes.size());
  }
  set_size(bytes.size());
}

void PaddedBuffer::reserve(std::size_t capacity) {
  if (m_storage && capacity <= m_capacity) {
    return;
  }
  // Not value-initialised: the buffer can be a gigabyte and is written before it is read.
  // Not in transparent huge pages either (MADV_HUGEPAGE, until 7d24380): they
  // cut a run's page faults from 10,171 to 3,441, but on the 2-core VM
  // measured, zeroing fresh huge pages took 6 times as long unless the run
  // closely followed another one (clear_page_rep: 19 ms of CPU against 3).
  // Held-out-style day, all cores, medians of 5-7 runs, huge against small
  // pages: after another run 237.7 / 243.8 ms, after the Python baseline
  // 251.5 / 244.6, after 3 s idle 255.6 / 247.2.
  std::unique_ptr<char[]> grown(new char[capacity + k_padding]);
  if (m_size > 0) {
    std::memcpy(grown.get(), m_storage.get(), m_size);
  }
  std::memset(grown.get() + m_size, 0, k_padding);
  m_storage = std::move(grown);
  m_capacity = capacity;
}

void PaddedBuffer::set_size(std::size_t size) {
  if (!m_storage || size > m_capacity) {
    reserve(size);  // keeps [0, size()); the rest is new
    std::memset(m_storage.get() + m_size, 0, size - m_size);
  }
  m_size = size;
  std::memset(m_storage.get() + m_size, 0, k_padding);
}

}  // namespace boostburn
