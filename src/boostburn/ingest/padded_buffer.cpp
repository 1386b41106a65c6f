#include "boostburn/ingest/padded_buffer.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include <simdjson.h>
#include <sys/mman.h>
#include <unistd.h>

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

void PaddedBuffer::prefault(std::size_t bytes) {
  // Only whole pages inside the storage: madvise works on pages, and the
  // ones the storage shares with other allocations are left alone.
  static const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
  const auto start = reinterpret_cast<std::uintptr_t>(m_storage.get());
  const std::uintptr_t first = (start + page - 1) / page * page;
  const std::uintptr_t end = (start + std::min(bytes, m_capacity)) / page * page;
  if (m_storage && end > first) {
    // Fault-in by hand measured 3.4 ms per 14 MB on the 2-core VM, this 2.3
    // ms (the zeroing is the same; the traps and their bookkeeping go).
    ::madvise(reinterpret_cast<void*>(first), end - first, MADV_POPULATE_WRITE);
  }
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
