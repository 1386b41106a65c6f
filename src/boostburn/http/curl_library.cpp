#include "boostburn/http/curl_library.hpp"

#include <array>

#include <dlfcn.h>

namespace boostburn {
namespace {

// Debian's libcurl4 (OpenSSL) first, then libcurl3-gnutls.
constexpr std::array k_names = {"libcurl.so.4", "libcurl-gnutls.so.4"};

template <typename Function>
bool find(void* library, const char* name, Function& out, std::string& error) {
  void* symbol = dlsym(library, name);
  if (symbol == nullptr) {
    error = std::string("libcurl has no ") + name;
    return false;
  }
  out = reinterpret_cast<Function>(symbol);
  return true;
}

CurlLibrary load() {
  CurlLibrary curl;
  void* library = nullptr;
  std::string tried;
  for (const char* name : k_names) {
    library = dlopen(name, RTLD_NOW | RTLD_LOCAL);
    if (library != nullptr) {
      break;
    }
    const char* why = dlerror();
    tried += std::string(tried.empty() ? "" : "; ") + (why != nullptr ? why : name);
  }
  if (library == nullptr) {
    curl.error = "could not load libcurl (install libcurl4): " + tried;
    return curl;
  }
  decltype(&::curl_global_init) global_init = nullptr;
  std::string& error = curl.error;
  const bool found = find(library, "curl_global_init", global_init, error) &&
                     find(library, "curl_easy_init", curl.easy_init, error) &&
                     find(library, "curl_easy_cleanup", curl.easy_cleanup, error) &&
                     find(library, "curl_easy_reset", curl.easy_reset, error) &&
                     find(library, "curl_easy_setopt", curl.easy_setopt, error) &&
                     find(library, "curl_easy_perform", curl.easy_perform, error) &&
                     find(library, "curl_easy_getinfo", curl.easy_getinfo, error) &&
                     find(library, "curl_easy_strerror", curl.easy_strerror, error) &&
                     find(library, "curl_slist_append", curl.slist_append, error) &&
                     find(library, "curl_slist_free_all", curl.slist_free_all, error);
  if (!found) {
    const std::string why = std::move(curl.error);
    curl = CurlLibrary{};
    curl.error = why;
    return curl;
  }
  if (global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    const std::string why = "curl_global_init failed";
    curl = CurlLibrary{};
    curl.error = why;
  }
  return curl;
}

}  // namespace

const CurlLibrary& curl_library() {
  static const CurlLibrary library = load();
  return library;
}

}  // namespace boostburn
