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
constexpr std::string_view k_temporary_marker = ".tmp.";  // write_file_atomic's temporary names

std::string etag_of(const struct stat& st) {
  const auto mtime_ns = static_cast<unsigned long long>(st.st_mtim.tv_sec) * 1000000000ULL +
                        static_cast<unsigned long long>(st.st_mtim.tv_nsec);
  return fmt::format("{:x}-{:x}", static_cast<unsigned long long>(st.st_size), mtime_ns);
}

// A sub-folder met while listing: where it is, and its key ("a/b/").
struct Folder {
  fs::path path;
  std::string key;
};

bool is_missing(const std::error_code& ec) {
  return ec == std::errc::no_such_file_or_directory || ec == std::errc::not_a_directory;
}

// Reads the directory `dir`, whose key is `dir_key` ("" or ending in '/'):
// appends its objects and its sub-folders whose name starts with
// `name_prefix`. Keys are built from the names read (no path resolution), and
// each object costs one stat. Returns the error of reading the directory.
std::error_code read_folder(const fs::path& dir, const std::string& dir_key,
                            std::string_view name_prefix, std::vector<ObjectInfo>& objects,
                            std::vector<Folder>& folders) {
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  for (const fs::directory_iterator end; !ec && it != end; it.increment(ec)) {
    const fs::directory_entry& entry = *it;
    const fs::path file_name = entry.path().filename();
    const std::string& name = file_name.native();
    if (!name.starts_with(name_prefix)) {
      continue;
    }
    std::string key = dir_key + name;
    if (key == k_lock_name || key.find(k_temporary_marker) != std::string::npos) {
      continue;  // our lock file, or another writer's temporary file (or a folder of them)
    }
    // The entry's type comes with the directory read: no syscall unless it is a link.
    std::error_code type_ec;
    const bool link = entry.is_symlink(type_ec);
    if (!link && entry.is_directory(type_ec)) {
      key += '/';
      folders.push_back(Folder{entry.path(), std::move(key)});
      continue;
    }
    if (!link && !entry.is_regular_file(type_ec)) {
      continue;  // a FIFO, socket or device
    }
    struct stat st {};
    if (::stat(entry.path().c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
      continue;  // removed while we listed, or a link to something that is not a file
    }
    objects.push_back(
        ObjectInfo{std::move(key), static_cast<std::uint64_t>(st.st_size), etag_of(st)});
  }
  return ec;
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
  auto listing = read_listing(prefix, /*recursive=*/true);
  if (!listing) {
    return tl::unexpected(listing.error());
  }
  return std::move(listing->objects);
}

Result<FolderListing> LocalStore::list_folder(std::string_view prefix) {
  ++m_list;
  return read_listing(prefix, /*recursive=*/false);
}

Result<FolderListing> LocalStore::read_listing(std::string_view prefix, bool recursive) const {
  // The folder the prefix names, and the start of the names in it to list.
  const std::size_t slash = prefix.rfind('/');
  const std::string_view dir_part =
      slash == std::string_view::npos ? std::string_view() : prefix.substr(0, slash);
  const std::string_view name_prefix =
      slash == std::string_view::npos ? prefix : prefix.substr(slash + 1);
  if (!dir_part.empty()) {
    std::string problem = local_key_problem(dir_part);
    if (problem.empty() && dir_part.back() == '/') {
      problem = "key has an empty or '.' path segment";
    }
    if (!problem.empty()) {
      return fail(ErrorKind::usage,
                  fmt::format("refusing prefix \"{}\" in {}: {}", prefix, describe(), problem));
    }
  }
  const auto io_error = [&](const std::error_code& ec) {
    return fail(ErrorKind::io, fmt::format("list {}/{}: {}", describe(), prefix, ec.message()));
  };

  FolderListing listing;
  std::vector<Folder> folders;
  const std::string dir_key = dir_part.empty() ? std::string() : std::string(dir_part) + '/';
  const std::error_code ec = read_folder(dir_part.empty() ? m_root : m_root / dir_part, dir_key,
                                         name_prefix, listing.objects, folders);
  if (is_missing(ec)) {
    std::error_code root_ec;
    if (!fs::is_directory(m_root, root_ec)) {
      // Like S3's NoSuchBucket: a wrong path must not read as a day without usage.
      return fail(ErrorKind::config,
                  fmt::format("bucket folder {} does not exist; check the regions config",
                              m_root.string()));
    }
    return listing;  // a missing hour folder lists as empty
  }
  if (ec) {
    return io_error(ec);
  }
  if (recursive) {
    // Breadth first; `folders` grows while it is read.
    for (std::size_t i = 0; i < folders.size(); ++i) {
      const Folder folder = std::move(folders[i]);
      const std::error_code sub_ec =
          read_folder(folder.path, folder.key, {}, listing.objects, folders);
      if (sub_ec && !is_missing(sub_ec)) {  // one removed while we listed is empty
        return io_error(sub_ec);
      }
    }
  } else {
    listing.folders.reserve(folders.size());
    for (Folder& folder : folders) {
      listing.folders.push_back(std::move(folder.key));
    }
    std::sort(listing.folders.begin(), listing.folders.end());
  }
  std::sort(listing.objects.begin(), listing.objects.end(),
            [](const ObjectInfo& a, const ObjectInfo& b) { return a.key < b.key; });
  return listing;
}

Result<std::string> LocalStore::get(std::string_view key) {
  FetchBuffer buffer;
  buffer.allow_mapping(false);
  auto read = get_into(key, buffer);
  if (!read) {
    return tl::unexpected(read.error());
  }
  std::string& bytes = buffer.memory();
  bytes.resize(read->size());
  return std::move(bytes);
}

Result<std::string_view> LocalStore::get_into(std::string_view key, FetchBuffer& buffer) {
  ++m_get;
  auto path = path_for(key);
  if (!path) {
    return tl::unexpected(path.error());
  }
  if (buffer.may_map()) {
    buffer.drop_mapping();
    if (std::optional<MappedFile> mapping = MappedFile::open(*path)) {
      m_bytes += mapping->bytes().size();
      return buffer.hold(std::move(*mapping));
    }
  }
  std::string& memory = buffer.memory();
  auto size =
      with_context(read_file_into(*path, memory), fmt::format("get {}/{}", describe(), key));
  if (!size) {
    return tl::unexpected(size.error());
  }
  m_bytes += *size;
  return std::string_view(memory.data(), *size);
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
