// run_daily_report(): the whole run for main(): build the graph, run it,
// print the report, and map the outcome to an exit code.
#pragma once

#include "boostburn/config/run_options.hpp"
#include "boostburn/util/result.hpp"
#include "boostburn/workflow/deps.hpp"

namespace boostburn {

ExitCode run_daily_report(const RunOptions& options, const Deps& deps);
// Prints the compiled workflow as Mermaid on stdout.
ExitCode print_graph();

}  // namespace boostburn
