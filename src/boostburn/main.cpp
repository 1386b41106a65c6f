// boostburn: parse the command line, build the outside world, run the graph.
#include "boostburn/cli/command_line.hpp"
#include "boostburn/workflow/run.hpp"

#include <cstdio>

#include <fmt/format.h>

int main(int argc, char** argv) {
  using namespace boostburn;
  const ParsedCommandLine parsed = parse_command_line(argc, argv);
  switch (parsed.command) {
    case Command::exit_now:
      return parsed.exit_code;
    case Command::graph:
      return static_cast<int>(print_graph());
    case Command::run:
      break;
  }
  auto clock = make_clock();
  if (!clock) {
    fmt::print(stderr, "boostburn: error: {}\n", clock.error().message);
    return static_cast<int>(ExitCode::usage);
  }
  Deps deps;
  deps.now = *clock;
  return static_cast<int>(run_daily_report(parsed.options, deps));
}
