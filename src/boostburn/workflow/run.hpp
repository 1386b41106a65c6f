// run_daily_report(): the whole run for main(): build the graph, run it,
// print the report, and map the outcome to an exit code.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "boostburn/config/run_options.hpp"
#include "boostburn/util/result.hpp"
#include "boostburn/workflow/deps.hpp"

namespace boostburn {

// Without --report-date the run reports today (UTC); while today is younger
// than lateness_hours + 1 hours it first finishes yesterday, whose late
// deliveries are still landing in today's first hour folders.
ExitCode run_daily_report(const RunOptions& options, const Deps& deps);

// The day run_daily_report finishes before today, if any.
std::optional<std::string> day_to_finish(const RunOptions& options, std::int64_t now);
// Prints the compiled workflow as Mermaid on stdout.
ExitCode print_graph();

}  // namespace boostburn
