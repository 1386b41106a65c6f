#include "boostburn/store/local_store.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

#include <fmt/format.h>

#include "boostburn/util/atomic_file.hpp"
#include "boostburn/util/file_lock.hpp"

namespace boostburn {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view k_lock_name = ".boostburn.lock";

std::string etag_of(const struct stat& st) {
  const auto mtime_ns = static_cast<unsigned long long>(st.st_mtim.tv_sec) * 1000000000ULL +
                        static_cast<unsigned long long>(st.st_mtim.tv_nsec);
  return fmt::format("{:x}-{:x}", static_cast<unsigned long long>(st.st_size), mtime_ns);
}

}  // namespace

std::string local_key_problem(std::string_view key) {
  if (key.empty()) {
    return "empty key";
  }
  if (key.find('\0') != std::string_view::npos) {
    return "key contains a NUL byte";
  }
  if (key.front() == '/') {
    return "absolute key";
  }
  std::size_t start = 0;
  while (start <= key.size()) {
    const std::size_t end = std::min(key.find('/', start), key.size());
    const std::string_view segment = key.substr(start, end - start);
    if (segment == "..") {
      return "key escapes the bucket folder ('..')";
    }
    if (segment == "." || (segment.empty() && end != key.size())) {
      return "key has an empty or '.' path segment";
    }
    start = end + 1;
  }
  return {};
}

LocalStore::LocalStore(fs::path root) : m_root(std::move(root)) {}

std::string LocalStore::describe() const { return "file://" + m_root.string(); }

Result<fs::path> LocalStore::path_for(std::string_view key) const {
  if (std::string problem = local_key_problem(key); !problem.empty()) {
    return fail(ErrorKind::usage, fmt::format("refusing key \"{}\" in {}: {}",
                                              std::string(key.substr(0, key.find('\0'))),
                                              describe(), problem));
  }
  return m_root / fs::path(std::string(key));
}

StoreRequestStats LocalStore::request_stats() const {
  return StoreRequestStats{m_list.load(), m_get.load(), m_head.load(), m_put.load(), 0,
                           m_bytes.load()};
}

Result<std::vector<ObjectInfo>> LocalStore::list(std::string_view prefix) {
  ++m_list;
  std::vector<ObjectInfo> objects;
  // Walk only the deepest folder the prefix names; keys are filtered by prefix.
  const std::size_t slash = prefix.rfind('/');
  const std::string dir_part = slash == std::string_view::npos ? "" : std::string(prefix.substr(0, slash));
  if (!dir_part.empty()) {
    if (std::string problem = local_key_problem(dir_part); !problem.empty()) {
      return fail(ErrorKind::usage,
                  fmt::format("refusing prefix \"{}\" in {}: {}", prefix, describe(), problem));
    }
  }
  const fs::path start = dir_part.empty() ? m_root : m_root / dir_part;
  std::error_code ec;
  if (!fs::is_directory(m_root, ec)) {
    // Like S3's NoSuchBucket: a wrong path must not read as a day without usage.
    return fail(ErrorKind::config,
                fmt::format("bucket folder {} does not exist; check the regions config",
                            m_root.string()));
  }
  if (!fs::is_directory(start, ec)) {
    return objects;  // a missing hour folder lists as empty
  }
  fs::recursive_directory_iterator it(start, fs::directory_options::none, ec);
  if (ec) {
    return fail(ErrorKind::io, fmt::format("list {}/{}: {}", describe(), prefix, ec.message()));
  }
  for (const fs::recursive_directory_iterator end; it != end; it.increment(ec)) {
    if (ec) {
      return fail(ErrorKind::io, fmt::format("list {}/{}: {}", describe(), prefix, ec.message()));
    }
    if (!it->is_regular_file(ec)) {
      continue;
    }
    std::string key = fs::relative(it->path(), m_root, ec).generic_string();
    if (ec || !key.starts_with(prefix) || key == k_lock_name ||
        key.find(".tmp.") != std::string::npos) {
      continue;  // outside the prefix, our lock file, or another writer's temporary file
    }
    struct stat st {};
    if (::stat(it->path().c_str(), &st) != 0) {
      continue;  // removed while we listed
    }
    objects.push_back(ObjectInfo{std::move(key), static_cast<std::uint64_t>(st.st_size), etag_of(st)});
  }
  std::sort(objects.begin(), objects.end(),
            [](const ObjectInfo& a, const ObjectInfo& b) { return a.key < b.key; });
  return objects;
}

Result<std::string> LocalStore::get(std::string_view key) {
  ++m_get;
  auto path = path_for(key);
  if (!path) {
    return tl::unexpected(path.error());
  }
  auto bytes = with_context(read_file(*path), fmt::format("get {}/{}", describe(), key));
  if (bytes) {
    m_bytes += bytes->size();
  }
  return bytes;
}

Result<ObjectInfo> LocalStore::head(std::string_view key) {
  ++m_head;
  auto path = path_for(key);
  if (!path) {
    return tl::unexpected(path.error());
  }
  struct stat st {};
  if (::stat(path->c_str(), &st) != 0) {
    const int err = errno;
    return fail(err == ENOENT ? ErrorKind::not_found : ErrorKind::io,
                fmt::format("head {}/{}: {}", describe(), key, std::strerror(err)));
  }
  return ObjectInfo{std::string(key), static_cast<std::uint64_t>(st.st_size), etag_of(st)};
}

Result<std::string> LocalStore::put(std::string_view key, std::string_view body,
                                    const PutCondition& condition) {
  ++m_put;
  auto path = path_for(key);
  if (!path) {
    return tl::unexpected(path.error());
  }
  const std::string what = fmt::format("put {}/{}", describe(), key);
  std::error_code ec;
  fs::create_directories(path->parent_path(), ec);
  if (ec) {
    return fail(ErrorKind::io, fmt::format("{}: {}", what, ec.message()));
  }
  const auto lock = FileLock::acquire(m_root / k_lock_name);
  if (!lock) {
    return tl::unexpected(lock.error().with_context(what));
  }
  if (condition.kind != PutCondition::Kind::none) {
    auto current = head(key);
    if (!current && current.error().kind != ErrorKind::not_found) {
      return tl::unexpected(current.error().with_context(what));
    }
    if (condition.kind == PutCondition::Kind::if_none_match_any && current) {
      return fail(ErrorKind::conflict, fmt::format("{}: object already exists", what));
    }
    if (condition.kind == PutCondition::Kind::if_match &&
        (!current || current->etag != condition.etag)) {
      return fail(ErrorKind::conflict,
                  fmt::format("{}: object changed since it was read (expected ETag {}, found {})",
                              what, condition.etag, current ? current->etag : "none"));
    }
  }
  if (auto written = write_file_atomic(*path, body); !written) {
    return tl::unexpected(written.error().with_context(what));
  }
  auto info = head(key);
  if (!info) {
    return tl::unexpected(info.error());
  }
  return info->etag;
}

}  // namespace boostburn
