#include "boostburn/state/request_id_file.hpp"

#include <array>
#include <cstring>
#include <system_error>

#include <fmt/format.h>
#include <xxhash.h>

#include "boostburn/util/atomic_file.hpp"

namespace boostburn {
namespace {

constexpr std::string_view k_magic = "BBRIDS1\n";
constexpr std::size_t k_header_size = 16;  // magic + count
constexpr std::size_t k_entry_size = 16;

void put_u64(std::string& out, std::uint64_t value) {
  for (int i = 0; i < 8; ++i) {
    out.push_back(static_cast<char>((value >> (8 * i)) & 0xFFU));
  }
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

}  // namespace

Result<RequestIdsRef> write_request_id_file(const std::filesystem::path& state_dir,
                                            std::string_view report_date,
                                            const RequestIdSet& ids) {
  const std::vector<RequestIdHash> hashes = ids.sorted_hashes();
  std::string content(k_magic);
  content.reserve(k_header_size + hashes.size() * k_entry_size);
  put_u64(content, hashes.size());
  for (const RequestIdHash& hash : hashes) {
    put_u64(content, hash.high);
    put_u64(content, hash.low);
  }
  RequestIdsRef ref{file_prefix(report_date) + content_tag(content), hashes.size()};
  std::error_code ec;
  std::filesystem::create_directories(state_dir, ec);
  if (ec) {
    return fail(ErrorKind::io,
                fmt::format("create state folder {}: {}", state_dir.string(), ec.message()));
  }
  const auto path = state_dir / ref.file;
  if (!std::filesystem::exists(path, ec)) {
    if (auto written = write_file_atomic(path, content); !written) {
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
  RequestIdSet ids;
  for (std::size_t at = k_header_size; at < content->size(); at += k_entry_size) {
    ids.insert(RequestIdHash{get_u64(*content, at), get_u64(*content, at + 8)});
  }
  return ids;
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
