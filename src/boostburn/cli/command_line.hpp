// The command line: argv + environment + .env -> RunOptions.
//
// Precedence, for every option: command line > environment > .env file >
// default. The .env file (./.env, or the file BOOSTBURN_ENV_FILE names) only
// fills variables that are not already set. Each option's variable is listed
// in --help and in docs/configuration.md.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "boostburn/config/run_options.hpp"
#include "boostburn/util/result.hpp"

namespace boostburn {

enum class Command { run, graph, exit_now };

struct ParsedCommandLine {
  Command command = Command::run;
  RunOptions options;
  int exit_code = 0;  // for exit_now (--help, --version, a parse error already printed)
};

// Parses argv; prints --help/--version/usage errors itself (to stdout/stderr)
// and then returns Command::exit_now with the code to exit with.
ParsedCommandLine parse_command_line(int argc, char** argv);

// Loads KEY=VALUE lines (optional `export `, quotes, # comments) into the
// environment without overwriting variables already set. A missing file is
// fine; a malformed line is a usage error naming file and line.
Status load_dotenv(const std::filesystem::path& path);

}  // namespace boostburn
