// Deps: the outside world the workflow talks to, as narrow seams that tests
// replace or wrap (fault-injecting stores, a fixed clock, captured output).
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <string_view>

#include "boostburn/http/http_client.hpp"
#include "boostburn/store/object_store.hpp"
#include "boostburn/util/result.hpp"

namespace boostburn {

// Opens the bucket `url` of `region` (file:// URLs relative to base_dir).
using MakeStore = std::function<Result<std::unique_ptr<ObjectStore>>(
    std::string_view url, std::string_view region, const std::filesystem::path& base_dir)>;

struct Deps {
  // Default: local folders only; main() installs a StoreFactory that adds S3.
  MakeStore make_store = [](std::string_view url, std::string_view /*region*/,
                            const std::filesystem::path& base_dir) {
    return make_object_store(url, base_dir);
  };
  // Current time as UTC epoch seconds: decides "today" and which hours exist yet.
  std::function<std::int64_t()> now;
  // HTTP for Slack (S3 has its own clients inside make_store).
  std::function<std::unique_ptr<HttpClient>()> make_http_client = [] {
    return make_curl_http_client();
  };
  std::FILE* err = stderr;  // progress notes and warnings for humans
  // Whether stdout / `err` is a terminal (main() asks isatty): a terminal gets
  // the boxed tables and the live ingest progress line, anything else plain text.
  bool out_is_terminal = false;
  bool err_is_terminal = false;
};

// The real clock, or BOOSTBURN_NOW (RFC 3339) when set: tests pin time with it.
Result<std::function<std::int64_t()>> make_clock();

}  // namespace boostburn
