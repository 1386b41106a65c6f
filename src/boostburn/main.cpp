// boostburn: parse the command line, build the outside world, run the graph.
#include "boostburn/cli/command_line.hpp"
#include "boostburn/store/store_factory.hpp"
#include "boostburn/workflow/run.hpp"

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>

#include <fmt/format.h>
#include <unistd.h>

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
  S3Settings s3;
  s3.endpoint = parsed.options.s3_endpoint;
  s3.path_style = parsed.options.s3_path_style;
  s3.retry.max_attempts = parsed.options.s3_max_attempts;
  // Requests are signed and credentials refreshed by the real clock, even
  // when BOOSTBURN_NOW pins the report's notion of "now".
  const auto wall_clock = [] {
    return static_cast<std::int64_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                         std::chrono::system_clock::now().time_since_epoch())
                                         .count());
  };
  auto stores = std::make_shared<StoreFactory>(std::move(s3), wall_clock);
  Deps deps;
  deps.now = *clock;
  deps.out_is_terminal = ::isatty(STDOUT_FILENO) == 1;
  deps.err_is_terminal = ::isatty(STDERR_FILENO) == 1;
  deps.make_store = [stores](std::string_view url, std::string_view region,
                             const std::filesystem::path& base_dir) {
    return stores->make(url, region, base_dir);
  };
  return static_cast<int>(run_daily_report(parsed.options, deps));
}
