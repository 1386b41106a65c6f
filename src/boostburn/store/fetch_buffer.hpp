// FetchBuffer: where a worker's fetched object lives until it has been read.
//
// A store either reads the object into memory that is reused from fetch to
// fetch (memory()), or, for a local file, maps the file itself (hold()): no
// buffer, no copy. A mapped file that shrank while it was read comes out not
// intact(); what was made of its bytes must then be thrown away and the
// object fetched again with mapping turned off, which reads what the file
// holds now.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "boostburn/util/mapped_file.hpp"

namespace boostburn {

class FetchBuffer {
 public:
  // The memory to read an object into; drops the mapping held, if any.
  std::string& memory() {
    m_mapping.reset();
    return m_memory;
  }
  // Unmaps the mapping held, if any, before the next one is made: a worker
  // holds one at a time.
  void drop_mapping() { m_mapping.reset(); }
  // Keeps `mapping` until the next fetch; returns its bytes.
  std::string_view hold(MappedFile mapping) {
    m_memory = std::string();  // not a buffer and a mapping at once
    return m_mapping.emplace(std::move(mapping)).bytes();
  }

  [[nodiscard]] bool may_map() const { return m_may_map; }
  // Whether the bytes of the last fetch are a mapping.
  [[nodiscard]] bool mapped() const { return m_mapping.has_value(); }
  void allow_mapping(bool allowed) { m_may_map = allowed; }

  // False when the object was mapped and its file shrank while it was read.
  [[nodiscard]] bool intact() const { return !m_mapping || m_mapping->intact(); }

  // Frees the memory and the mapping (between downloads, for a remote store).
  void release() {
    m_memory = std::string();
    m_mapping.reset();
  }

 private:
  std::string m_memory;
  std::optional<MappedFile> m_mapping;
  bool m_may_map = true;
};

}  // namespace boostburn
