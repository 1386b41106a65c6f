#include "boostburn/util/mapped_file.hpp"

#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdint>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace boostburn {
namespace {

// The SIGBUS handler's table of mappings. Lock-free atomics only: the handler
// may run on any thread, at any point. A mapping's own thread registers it
// before reading it and unregisters it before unmapping it, so the entry of
// a mapping that faults is stable while the handler reads it.
struct Slot {
  std::atomic<bool> taken{false};
  std::atomic<std::uintptr_t> begin{0};  // 0: not registered
  std::atomic<std::uintptr_t> end{0};    // page-aligned
  std::atomic<bool> lost{false};         // zeros were mapped over its tail
};
static_assert(std::atomic<std::uintptr_t>::is_always_lock_free);
static_assert(std::atomic<bool>::is_always_lock_free);

// A worker holds one mapping at a time; far more than any run has workers.
constexpr std::size_t k_slots = 256;
std::array<Slot, k_slots> g_slots;

struct sigaction g_previous {};
std::uintptr_t g_page_size = 4096;

void pass_on(int signal, siginfo_t* info, void* context) {
  if ((g_previous.sa_flags & SA_SIGINFO) != 0) {
    g_previous.sa_sigaction(signal, info, context);
    return;
  }
  if (g_previous.sa_handler == SIG_DFL || g_previous.sa_handler == SIG_IGN) {
    // What would have happened without us: the default action (a core
    // dump). A fault cannot be ignored anyway.
    struct sigaction fallback {};
    fallback.sa_handler = SIG_DFL;
    sigemptyset(&fallback.sa_mask);
    ::sigaction(signal, &fallback, nullptr);
    ::raise(signal);  // blocked until this handler returns, then fatal
    return;
  }
  g_previous.sa_handler(signal);
}

void on_sigbus(int signal, siginfo_t* info, void* context) {
  const int saved_errno = errno;
  const auto address = reinterpret_cast<std::uintptr_t>(info->si_addr);
  for (Slot& slot : g_slots) {
    const std::uintptr_t begin = slot.begin.load(std::memory_order_acquire);
    if (begin == 0 || address < begin) {
      continue;
    }
    const std::uintptr_t end = slot.end.load(std::memory_order_acquire);
    if (address >= end) {
      continue;
    }
    // The file shrank under this mapping: zeros from the faulting page on.
    const std::uintptr_t page = address & ~(g_page_size - 1);
    void* zeros = ::mmap(reinterpret_cast<void*>(page), end - page, PROT_READ,
                         MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (zeros != MAP_FAILED) {
      slot.lost.store(true, std::memory_order_release);
      errno = saved_errno;
      return;  // the faulting read runs again, on zeros
    }
    break;
  }
  errno = saved_errno;
  pass_on(signal, info, context);
}

bool install_handler() {
  static const bool installed = [] {
    if (const long size = ::sysconf(_SC_PAGESIZE); size > 0) {
      g_page_size = static_cast<std::uintptr_t>(size);
    }
    struct sigaction action {};
    action.sa_sigaction = on_sigbus;
    action.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&action.sa_mask);
    return ::sigaction(SIGBUS, &action, &g_previous) == 0;
  }();
  return installed;
}

std::optional<std::size_t> claim_slot() {
  for (std::size_t i = 0; i < k_slots; ++i) {
    bool expected = false;
    if (g_slots[i].taken.compare_exchange_strong(expected, true, std::memory_order_acq_rel)) {
      return i;
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<MappedFile> MappedFile::open(const std::filesystem::path& path) {
  if (!install_handler()) {
    return std::nullopt;
  }
  // Non-blocking: a FIFO is not waited for here, only found not mappable.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    return std::nullopt;
  }
  struct stat info {};
  const bool mappable = ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && info.st_size > 0;
  const auto size = static_cast<std::size_t>(info.st_size);
  void* data = mappable ? ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0) : MAP_FAILED;
  ::close(fd);  // the mapping keeps the file
  if (data == MAP_FAILED) {
    return std::nullopt;
  }
  const std::optional<std::size_t> slot = claim_slot();
  if (!slot) {
    ::munmap(data, size);
    return std::nullopt;
  }
  Slot& entry = g_slots[*slot];
  const auto begin = reinterpret_cast<std::uintptr_t>(data);
  entry.lost.store(false, std::memory_order_relaxed);
  entry.end.store((begin + size + g_page_size - 1) & ~(g_page_size - 1), std::memory_order_release);
  entry.begin.store(begin, std::memory_order_release);
  return MappedFile(static_cast<const char*>(data), size, *slot);
}

MappedFile::MappedFile(MappedFile&& other) noexcept
    : m_data(other.m_data), m_size(other.m_size), m_slot(other.m_slot) {
  other.m_data = nullptr;
}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
  if (this != &other) {
    release();
    m_data = other.m_data;
    m_size = other.m_size;
    m_slot = other.m_slot;
    other.m_data = nullptr;
  }
  return *this;
}

MappedFile::~MappedFile() {
  release();
}

bool MappedFile::intact() const {
  return m_data == nullptr || !g_slots[m_slot].lost.load(std::memory_order_acquire);
}

void MappedFile::release() noexcept {
  if (m_data == nullptr) {
    return;
  }
  Slot& entry = g_slots[m_slot];
  entry.begin.store(0, std::memory_order_release);
  entry.end.store(0, std::memory_order_release);
  ::munmap(const_cast<char*>(m_data), m_size);
  entry.taken.store(false, std::memory_order_release);
  m_data = nullptr;
}

}  // namespace boostburn
