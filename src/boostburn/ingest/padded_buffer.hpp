// A growable byte buffer that always keeps simdjson's padding after its data.
//
// Owns its storage. At every point, size() + k_padding bytes from data() are
// allocated and readable, which is what simdjson needs to parse the data (or
// any line within it) in place. The padding bytes right after the data are
// zero after set_size() and assign(). Allocation failure throws
// std::bad_alloc like any container; nothing else throws.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>

namespace boostburn {

class PaddedBuffer {
 public:
  // simdjson::SIMDJSON_PADDING (checked in the .cpp, which includes simdjson).
  static constexpr std::size_t k_padding = 64;

  PaddedBuffer() = default;

  // Replaces the contents with a copy of `bytes`.
  void assign(std::string_view bytes);
  // Makes room for `capacity` bytes of data (plus padding), keeping the first
  // size() bytes.
  void reserve(std::size_t capacity);
  // Sets the data length after writing into data()[0, size) (size <=
  // capacity()). A size past capacity() grows the buffer, keeping the first
  // size() bytes and zero-filling the rest.
  void set_size(std::size_t size);
  void clear() { set_size(0); }
  // Maps in the pages under the first `bytes` of the storage (at most
  // capacity()) in one call, rather than one page fault at a time as they
  // are first written: for a fresh buffer about to be filled. Best effort:
  // where the kernel cannot (before Linux 5.14), the pages fault in as before.
  void prefault(std::size_t bytes);

  [[nodiscard]] char* data() { return m_storage.get(); }
  [[nodiscard]] const char* data() const { return m_storage.get(); }
  [[nodiscard]] std::size_t size() const { return m_size; }
  [[nodiscard]] std::size_t capacity() const { return m_capacity; }
  [[nodiscard]] std::string_view view() const { return {m_storage.get(), m_size}; }

 private:
  std::unique_ptr<char[]> m_storage;
  std::size_t m_size = 0;
  std::size_t m_capacity = 0;  // usable for data; k_padding more are allocated
};

}  // namespace boostburn
