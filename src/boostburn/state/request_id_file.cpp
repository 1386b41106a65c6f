#include "boostburn/state/request_id_file.hpp"

#include <array>
#include <cstring>
#include <memory>
#include <new>
#include <system_error>

#include <fmt/format.h>
#include <xxhash.h>

#include "boostburn/util/atomic_file.hpp"

namespace boostburn {
namespace {

constexpr std::string_view k_magic = "BBRIDS1\n";
constexpr std::size_t k_header_size = 16;  // magic + count
constexpr std::size_t k_entry_size = 16;

void put_u64(std::string& out, std::uint64_t value) {  // little-endian
  std::array<char, 8> bytes{};
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    bytes[i] = static_cast<char>((value >> (8 * i)) & 0xFFU);
  }
  out.append(bytes.data(), bytes.size());
}

std::uint64_t get_u64(std::string_view in, std::size_t at) {
  std::uint64_t value = 0;
  for (int i = 7; i >= 0; --i) {
    value = (value << 8) | static_cast<unsigned char>(in[at + static_cast<std::size_t>(i)]);
  }
  return value;
}

std::string file_prefix(std::string_view report_date) {
  return fmt::format("bedrock-usage-{}.request-ids.", report_date);
}

std::string content_tag(std::string_view content) {
  return fmt::format("{:016x}", XXH3_64bits(content.data(), content.size()));
}

// The file's bytes, produced a chunk at a time from the set in ascending
// order: the header, then 16 bytes per id. Never a copy of the whole set.
class RequestIdEncoder {
 public:
  explicit RequestIdEncoder(const RequestIdSet& ids) : m_ids(&ids), m_cursor(ids.sorted()) {
    m_chunk.reserve(k_chunk_entries * k_entry_size);
  }

  // The next chunk; empty at the end. Valid until the next call.
  std::string_view next() {
    m_chunk.clear();
    if (!m_header_done) {
      m_chunk.append(k_magic);
      put_u64(m_chunk, m_ids->size());
      m_header_done = true;
    }
    RequestIdHash hash;
    for (std::size_t n = 0; n < k_chunk_entries && m_cursor.next(hash); ++n) {
      put_u64(m_chunk, hash.high);
      put_u64(m_chunk, hash.low);
    }
    return m_chunk;
  }

 private:
  static constexpr std::size_t k_chunk_entries = 4096;
  const RequestIdSet* m_ids;
  RequestIdSet::SortedCursor m_cursor;
  std::string m_chunk;
  bool m_header_done = false;
};

// The tag that names the file: XXH3-64 of everything it holds.
// The same as content_tag() of the whole file, computed a chunk at a time.
std::string content_tag_of(const RequestIdSet& ids) {
  const std::unique_ptr<XXH3_state_t, decltype(&XXH3_freeState)> state(XXH3_createState(),
                                                                        &XXH3_freeState);
  if (!state) {
    throw std::bad_alloc();
  }
  XXH3_64bits_reset(state.get());
  RequestIdEncoder encoder(ids);
  for (std::string_view chunk = encoder.next(); !chunk.empty(); chunk = encoder.next()) {
    XXH3_64bits_update(state.get(), chunk.data(), chunk.size());
  }
  return fmt::format("{:016x}", XXH3_64bits_digest(state.get()));
}

}  // namespace

Result<RequestIdsRef> write_request_id_file(const std::filesystem::path& state_dir,
                                            std::string_view report_date, const RequestIdSet& ids,
                                            const RequestIdsRef* loaded) {
  // Two passes over the set (one to name the file by its content, one to
  // write it) instead of a sorted copy and a buffer of the whole file; one
  // when the set is still the one loaded.
  const std::string prefix = file_prefix(report_date);
  const bool unchanged = loaded != nullptr && loaded->count == ids.size() &&
                         loaded->file.starts_with(prefix) &&
                         loaded->file.size() == prefix.size() + 16;
  RequestIdsRef ref = unchanged ? *loaded : RequestIdsRef{prefix + content_tag_of(ids), ids.size()};
  std::error_code ec;
  std::filesystem::create_directories(state_dir, ec);
  if (ec) {
    return fail(ErrorKind::io,
                fmt::format("create state folder {}: {}", state_dir.string(), ec.message()));
  }
  const auto path = state_dir / ref.file;
  if (!std::filesystem::exists(path, ec)) {
    RequestIdEncoder encoder(ids);
    if (auto written = write_file_atomic_chunks(path, [&encoder] { return encoder.next(); });
        !written) {
      return tl::unexpected(written.error());
    }
  }
  return ref;
}

Result<RequestIdSet> read_request_id_file(const std::filesystem::path& state_dir,
                                          const RequestIdsRef& ref) {
  const auto path = state_dir / ref.file;
  const auto corrupt = [&](std::string_view why) {
    return fail(ErrorKind::corrupt,
                fmt::format("request-id file {} (named by the snapshot) {}; rebuild the day with "
                            "--force-reprocess",
                            path.string(), why));
  };
  if (ref.file.find('/') != std::string::npos || ref.file.starts_with(".")) {
    return corrupt("is not a plain file name");
  }
  auto content = read_file(path);
  if (!content) {
    return content.error().kind == ErrorKind::not_found ? corrupt("is missing")
                                                         : tl::unexpected(content.error());
  }
  if (!ref.file.ends_with(content_tag(*content))) {
    return corrupt("does not match its checksum");
  }
  if (content->size() < k_header_size || !content->starts_with(k_magic)) {
    return corrupt("is not a request-id file");
  }
  const std::uint64_t count = get_u64(*content, k_magic.size());
  if (count != ref.count || content->size() != k_header_size + count * k_entry_size) {
    return corrupt(fmt::format("holds a different number of ids than the snapshot says ({})",
                               ref.count));
  }
  // Written in ascending order: read back in one pass, straight into the
  // set's sorted array.
  RequestIdSet::AscendingBuilder ids(count);
  for (std::size_t at = k_header_size; at < content->size(); at += k_entry_size) {
    if (!ids.add(RequestIdHash{get_u64(*content, at), get_u64(*content, at + 8)})) {
      return corrupt(fmt::format("is not in ascending order (id {} of {})",
                                 (at - k_header_size) / k_entry_size + 1, count));
    }
  }
  return ids.build();
}

void remove_stale_request_id_files(const std::filesystem::path& state_dir,
                                   std::string_view report_date, std::string_view keep) {
  const std::string prefix = file_prefix(report_date);
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(state_dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with(prefix) && name != keep && name.find(".tmp.") == std::string::npos) {
      std::filesystem::remove(entry.path(), ec);
    }
  }
}

}  // namespace boostburn
