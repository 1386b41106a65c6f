// libcurl, loaded when the first HTTP client is made rather than when the
// program starts.
//
// A run over local buckets (file://) with no Slack never needs it, and
// loading it costs every start about 3.5 ms here: libcurl pulls in some thirty
// shared libraries (TLS, LDAP, Kerberos, SSH, IDN...), which is most of the
// time it takes to start the binary. Its header still gives the types; the
// few entry points used are looked up once.
#pragma once

#include <string>

#include <curl/curl.h>

namespace boostburn {

struct CurlLibrary {
  decltype(&::curl_easy_init) easy_init = nullptr;
  decltype(&::curl_easy_cleanup) easy_cleanup = nullptr;
  decltype(&::curl_easy_reset) easy_reset = nullptr;
  decltype(&::curl_easy_setopt) easy_setopt = nullptr;
  decltype(&::curl_easy_perform) easy_perform = nullptr;
  decltype(&::curl_easy_getinfo) easy_getinfo = nullptr;
  decltype(&::curl_easy_strerror) easy_strerror = nullptr;
  decltype(&::curl_slist_append) slist_append = nullptr;
  decltype(&::curl_slist_free_all) slist_free_all = nullptr;

  // Empty when loaded; else why not (the loader's words), and every entry
  // point is null.
  std::string error;

  [[nodiscard]] bool loaded() const { return error.empty(); }
};

// libcurl (libcurl.so.4, or libcurl-gnutls.so.4), loaded and initialised
// (curl_global_init) on the first call; thread-safe. Never unloaded.
const CurlLibrary& curl_library();

}  // namespace boostburn
