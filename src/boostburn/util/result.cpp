#include "boostburn/util/result.hpp"

namespace boostburn {

std::string_view to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::usage: return "usage";
    case ErrorKind::config: return "config";
    case ErrorKind::not_found: return "not found";
    case ErrorKind::io: return "io";
    case ErrorKind::service: return "service";
    case ErrorKind::conflict: return "conflict";
    case ErrorKind::corrupt: return "corrupt";
    case ErrorKind::verification: return "verification";
    case ErrorKind::internal: return "internal";
  }
  return "internal";
}

Error Error::with_context(std::string_view context) const {
  Error copy = *this;
  copy.message = std::string(context) + ": " + message;
  return copy;
}

ExitCode exit_code_for(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::usage: return ExitCode::usage;
    case ErrorKind::config: return ExitCode::config;
    case ErrorKind::verification: return ExitCode::verification;
    case ErrorKind::not_found:
    case ErrorKind::io:
    case ErrorKind::service:
    case ErrorKind::conflict:
    case ErrorKind::corrupt: return ExitCode::service;
    case ErrorKind::internal: return ExitCode::internal;
  }
  return ExitCode::internal;
}

}  // namespace boostburn
