// MappedFile: a file's bytes mapped read-only, to be read without copying
// them into a buffer first (on the local store, a run's ingest reads each log
// object this way).
//
// A file that shrinks while it is mapped would kill the process: touching a
// page that now lies wholly past its end raises SIGBUS. So each mapping is
// registered with a SIGBUS handler (installed once per process, chaining to
// whatever handler was there before). On such a fault in a registered
// mapping it maps zero pages over the rest of it and marks it; the read that
// faulted then goes on and reads zeros, and intact() turns false: the reader
// must throw away what it made of these bytes and read the file again. A file
// cut within its last page raises nothing (the rest of that page reads as
// zeros), so intact() also compares the file's size (by its path, while that
// names the mapped file) with the mapping's. Any other SIGBUS goes to the
// previous handler, called with our mask and flags rather than its own; by
// default the process dies of it, as before. If the handler is not in place
// (replaced since, or refused by a sanitizer), open() maps nothing and files
// are read.
#pragma once

#include <cstddef>
#include <cstdint>
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
  // False once the file is shorter than when it was mapped: what lay past
  // its new end read, or may have read, as zeros. One stat of its path.
  [[nodiscard]] bool intact() const;

 private:
  struct FileId {
    std::filesystem::path path;
    std::uint64_t device = 0;
    std::uint64_t inode = 0;
  };
  MappedFile(const char* data, std::size_t size, std::size_t slot, FileId file)
      : m_data(data), m_size(size), m_slot(slot), m_file(std::move(file)) {}
  void release() noexcept;

  const char* m_data = nullptr;
  std::size_t m_size = 0;
  std::size_t m_slot = 0;  // its entry in the SIGBUS handler's table
  FileId m_file;           // to compare the file's size (no fd kept open)
};

}  // namespace boostburn
