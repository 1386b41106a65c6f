// Error and Result: the one way failures cross a module boundary.
//
// Every fallible function at a module boundary returns Result<T>. An Error
// carries a small closed set of kinds (which decide the exit code) and a
// human message to which each layer prepends its context, e.g.
//   "us-east-2: list s3://b/p/: HTTP 503".
// No exception crosses a module boundary.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include <tl/expected.hpp>

namespace boostburn {

enum class ErrorKind {
  usage,         // bad command line or environment value
  config,        // bad regions config, price file or other input the user edits
  not_found,     // an object, file or key that does not exist
  io,            // local file system failure
  service,       // an outside service (S3, Slack) failed after retries
  conflict,      // a concurrent writer got there first (conditional write failed)
  corrupt,       // data that cannot be decoded (gzip, JSON, snapshot)
  verification,  // a cross-check of the results failed
  internal,      // a bug: an invariant of our own code broke
};

std::string_view to_string(ErrorKind kind);

struct Error {
  ErrorKind kind = ErrorKind::internal;
  std::string message;

  // Returns a copy whose message is "<context>: <message>".
  [[nodiscard]] Error with_context(std::string_view context) const;
};

template <typename T>
using Result = tl::expected<T, Error>;

using Status = tl::expected<void, Error>;

inline tl::unexpected<Error> fail(ErrorKind kind, std::string message) {
  return tl::unexpected<Error>(Error{kind, std::move(message)});
}

// Adds context to the error of a Result, leaving a value untouched.
template <typename T>
Result<T> with_context(Result<T> result, std::string_view context) {
  if (!result) {
    return tl::unexpected<Error>(result.error().with_context(context));
  }
  return result;
}

// Process exit codes (documented in README and docs/configuration.md).
enum class ExitCode : int {
  ok = 0,                // report produced (data warnings allowed unless --strict)
  internal = 1,          // a bug
  usage = 2,             // bad arguments or environment
  config = 3,            // bad regions config or price file
  service = 4,           // an outside service (S3, Slack, file system) failed
  verification = 5,      // verify_results found inconsistent totals
  data_warnings = 6,     // --strict and the report carries data warnings
};

ExitCode exit_code_for(ErrorKind kind);

}  // namespace boostburn
