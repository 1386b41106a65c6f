// MappedFile: a file's bytes mapped read-only, to be read without copying
// them into a buffer first (on the local store, a run's ingest reads each log
// object this way).
//
// A file that shrinks while it is mapped would kill the process: touching a
// page that now lies wholly past its end raises SIGBUS. So each mapping is
// registered with a SIGBUS handler (installed once per process, chaining to
// whatever handler was there before). On a fault in a registered mapping it
// maps zero pages over the rest of it and marks it; the read that faulted
// then goes on and reads zeros, and intact() turns false: the reader must
// throw away what it made of these bytes and read the file again. A fault
// anywhere else goes to the previous handler (by default, the process dies
// of SIGBUS as before).
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string_view>

namespace boostburn {

class MappedFile {
 public:
  // Maps the whole of `path`; nullopt when it is better read than mapped:
  // not a regular file, empty, too many mappings open at once, or it cannot
  // be opened or mapped (reading it then tells why).
  static std::optional<MappedFile> open(const std::filesystem::path& path);

  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  [[nodiscard]] std::string_view bytes() const { return {m_data, m_size}; }
  // False once a read found the file shorter than when it was mapped: what
  // lay past its new end read as zeros.
  [[nodiscard]] bool intact() const;

 private:
  MappedFile(const char* data, std::size_t size, std::size_t slot)
      : m_data(data), m_size(size), m_slot(slot) {}
  void release() noexcept;

  const char* m_data = nullptr;
  std::size_t m_size = 0;
  std::size_t m_slot = 0;  // its entry in the SIGBUS handler's table
};

}  // namespace boostburn
