// credential_process: run the command a profile names and read credentials
// from its standard output, as the AWS CLI does (for example
// `aws configure export-credentials --format process` for SSO users).
//
// The command is split like a POSIX shell would split words (whitespace
// separates; '...' is literal; "..." allows \" \\ \$ \` escapes; a backslash
// outside quotes escapes the next character) and run directly, without a
// shell. Its stdin and stderr are ours (it may talk to the user), its stdout
// is captured (at most 1 MiB). Errors are ErrorKind::config and never quote
// the output: it may hold secrets. Only the program name (argv[0]) is ever
// named, never its arguments.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "boostburn/aws/credentials.hpp"
#include "boostburn/util/result.hpp"

namespace boostburn {

// Error when a quote is left open or the command is empty.
Result<std::vector<std::string>> split_command_line(std::string_view command);

struct ProcessOutput {
  int exit_status = 0;  // 128 + signal number when killed by a signal
  std::string out;
};

// Runs argv[0] (searched in PATH) and waits for it, up to `timeout`: after
// that the process is killed and the result is an error. Its stdout is
// captured; its stderr goes to /dev/null (it may hold secrets).
Result<ProcessOutput> run_capturing_stdout(const std::vector<std::string>& argv,
                                           std::chrono::milliseconds timeout);

// Checks the JSON a credential process printed: {"Version": 1, "AccessKeyId",
// "SecretAccessKey", "SessionToken"?, "Expiration"?}.
Result<AwsCredentials> parse_credential_process_output(std::string_view out);

// split + run + parse; a non-zero exit status is an error.
Result<AwsCredentials> run_credential_process(std::string_view command,
                                              std::chrono::milliseconds timeout);

}  // namespace boostburn
