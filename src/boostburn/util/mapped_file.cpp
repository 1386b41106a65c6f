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

// A mapping's pages as the SIGBUS handler sees them, in one 64-bit word so
// that the handler never pairs one mapping's start with another's length:
// the first page's number above k_page_count_bits, the page count below.
// 0: no mapping. Mappings that do not fit (past 2^47 bytes of address space,
// or over 2^29 pages) are not made: such a file is read instead.
constexpr unsigned k_page_count_bits = 29;
constexpr std::uint64_t k_max_pages = (std::uint64_t{1} << k_page_count_bits) - 1;
constexpr std::uint64_t k_max_first_page = (std::uint64_t{1} << (64 - k_page_count_bits)) - 1;

// The handler's table. Lock-free atomics only: the handler may run on any
// thread at any point. A slot is written only by the thread that owns its
// mapping (registered before the mapping is read, cleared before it is
// unmapped), so the slot of a mapping that faults is stable while the
// handler reads it.
struct Slot {
  std::atomic<bool> taken{false};
  std::atomic<std::uint64_t> pages{0};  // as above
  std::atomic<bool> lost{false};        // zeros were mapped over its tail
};
static_assert(std::atomic<std::uint64_t>::is_always_lock_free);
static_assert(std::atomic<bool>::is_always_lock_free);

// A worker holds one mapping at a time and --threads is at most 1024; past
// that, files are read.
constexpr std::size_t k_slots = 1024;
std::array<Slot, k_slots> g_slots;

struct sigaction g_previous {};
std::uintptr_t g_page_size = 4096;

// True for the codes of a SIGBUS raised by the faulting instruction itself,
// which the kernel delivers even when the signal is ignored.
bool synchronous_fault(int code) {
  return code == BUS_ADRALN || code == BUS_ADRERR || code == BUS_OBJERR || code == BUS_MCEERR_AR;
}

// What would have happened without our handler. The previous handler is
// called with our signal mask and flags, not its own (its sa_mask,
// SA_ONSTACK, SA_RESETHAND and SA_NODEFER are not honoured).
void pass_on(int signal, siginfo_t* info, void* context) {
  // SIG_DFL and SIG_IGN first: saved with SA_SIGINFO set, they are not
  // functions to call.
  if (g_previous.sa_handler == SIG_IGN && !synchronous_fault(info->si_code)) {
    return;  // sent by kill(), or an asynchronous machine check: ignored, as before us
  }
  if (g_previous.sa_handler == SIG_DFL || g_previous.sa_handler == SIG_IGN) {
    // The default action, a core dump: once this handler returns, the
    // pending signal ends the process.
    struct sigaction fallback {};
    fallback.sa_handler = SIG_DFL;
    sigemptyset(&fallback.sa_mask);
    ::sigaction(signal, &fallback, nullptr);
    ::raise(signal);
    return;
  }
  if ((g_previous.sa_flags & SA_SIGINFO) != 0) {
    g_previous.sa_sigaction(signal, info, context);
  } else {
    g_previous.sa_handler(signal);
  }
}

// A mapping's pages whose file shrank: zeros from the faulting page on.
bool cover_with_zeros(Slot& slot, std::uintptr_t address) {
  const std::uint64_t pages = slot.pages.load(std::memory_order_acquire);
  if (pages == 0) {
    return false;
  }
  const std::uintptr_t begin = (pages >> k_page_count_bits) * g_page_size;
  const std::uintptr_t end = begin + (pages & k_max_pages) * g_page_size;
  if (address < begin || address >= end) {
    return false;
  }
  const std::uintptr_t page = address & ~(g_page_size - 1);
  void* zeros = ::mmap(reinterpret_cast<void*>(page), end - page, PROT_READ,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  if (zeros == MAP_FAILED) {
    return false;
  }
  slot.lost.store(true, std::memory_order_release);
  return true;
}

void on_sigbus(int signal, siginfo_t* info, void* context) {
  const int saved_errno = errno;
  // Only a fault on a page past the end of a mapped file (BUS_ADRERR) has an
  // address to look up; si_addr means nothing for a SIGBUS sent by kill().
  if (info->si_code == BUS_ADRERR) {
    const auto address = reinterpret_cast<std::uintptr_t>(info->si_addr);
    for (Slot& slot : g_slots) {
      if (cover_with_zeros(slot, address)) {
        errno = saved_errno;
        return;  // the faulting read runs again, on zeros
      }
    }
  }
  errno = saved_errno;
  pass_on(signal, info, context);
}

// Installed once; checked on every open, as anyone may replace it later
// (and a sanitizer may refuse it): without it a file cut short would kill
// the process, so files are then read instead.
bool handler_in_place() {
  static const bool installed = [] {
    if (const long size = ::sysconf(_SC_PAGESIZE); size > 0) {
      g_page_size = static_cast<std::uintptr_t>(size);
    }
    // The previous disposition is saved before ours is live: a SIGBUS on
    // another thread meanwhile must find it.
    if (::sigaction(SIGBUS, nullptr, &g_previous) != 0) {
      return false;
    }
    struct sigaction action {};
    action.sa_sigaction = on_sigbus;
    action.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&action.sa_mask);
    return ::sigaction(SIGBUS, &action, nullptr) == 0;
  }();
  struct sigaction current {};
  return installed && ::sigaction(SIGBUS, nullptr, &current) == 0 &&
         (current.sa_flags & SA_SIGINFO) != 0 && current.sa_sigaction == on_sigbus;
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
  if (!handler_in_place()) {
    return std::nullopt;
  }
  FileId file{path};  // copied first: nothing that can throw comes after the open
  // Non-blocking: a FIFO is not waited for here, only found not mappable.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    return std::nullopt;
  }
  struct stat info {};
  const bool mappable = ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && info.st_size > 0 &&
                        static_cast<std::uint64_t>(info.st_size) / g_page_size < k_max_pages;
  const auto size = mappable ? static_cast<std::size_t>(info.st_size) : 0;
  file.device = static_cast<std::uint64_t>(info.st_dev);
  file.inode = static_cast<std::uint64_t>(info.st_ino);
  void* data = mappable ? ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0) : MAP_FAILED;
  ::close(fd);  // a mapping keeps its file: no fd held per worker, which could run out
  const auto first_page = reinterpret_cast<std::uintptr_t>(data) / g_page_size;
  std::optional<std::size_t> slot;
  if (data != MAP_FAILED && first_page <= k_max_first_page) {
    slot = claim_slot();
  }
  if (!slot) {
    if (data != MAP_FAILED) {
      ::munmap(data, size);
    }
    return std::nullopt;
  }
  Slot& entry = g_slots[*slot];
  entry.lost.store(false, std::memory_order_relaxed);
  const std::uint64_t pages = (size + g_page_size - 1) / g_page_size;
  entry.pages.store(first_page << k_page_count_bits | pages, std::memory_order_release);
  return MappedFile(static_cast<const char*>(data), size, *slot, std::move(file));
}

MappedFile::MappedFile(MappedFile&& other) noexcept
    : m_data(other.m_data),
      m_size(other.m_size),
      m_slot(other.m_slot),
      m_file(std::move(other.m_file)) {
  other.m_data = nullptr;
}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
  if (this != &other) {
    release();
    m_data = other.m_data;
    m_size = other.m_size;
    m_slot = other.m_slot;
    m_file = std::move(other.m_file);
    other.m_data = nullptr;
  }
  return *this;
}

MappedFile::~MappedFile() {
  release();
}

bool MappedFile::intact() const {
  if (m_data == nullptr) {
    return true;
  }
  if (g_slots[m_slot].lost.load(std::memory_order_acquire)) {
    return false;
  }
  // A file cut within its last page raises no SIGBUS: the rest of that page
  // reads as zeros. Its size tells, while the path still names the file that
  // was mapped (one replaced by a rename leaves the mapped one as it was).
  struct stat info {};
  if (::stat(m_file.path.c_str(), &info) != 0 ||
      static_cast<std::uint64_t>(info.st_dev) != m_file.device ||
      static_cast<std::uint64_t>(info.st_ino) != m_file.inode) {
    return true;
  }
  return static_cast<std::uint64_t>(info.st_size) >= m_size;
}

void MappedFile::release() noexcept {
  if (m_data == nullptr) {
    return;
  }
  Slot& entry = g_slots[m_slot];
  entry.pages.store(0, std::memory_order_release);
  ::munmap(const_cast<char*>(m_data), m_size);
  entry.taken.store(false, std::memory_order_release);
  m_data = nullptr;
}

}  // namespace boostburn
