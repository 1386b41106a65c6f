#include "boostburn/workflow/run.hpp"

#include <cstdlib>

#include <fmt/format.h>

#include "boostburn/graph/observer.hpp"
#include "boostburn/report/json.hpp"
#include "boostburn/util/time.hpp"
#include "boostburn/workflow/build_workflow.hpp"

namespace boostburn {
namespace {

bool has_data_warnings(const BurnState& state) {
  return state.merged.warnings.any() || !state.priced.unpriced_models.empty() ||
         !state.priced.partial_pricing_models.empty() ||
         !state.priced.not_token_priced_models.empty();
}

}  // namespace

ExitCode print_graph() {
  const Deps deps;
  auto graph = build_workflow(deps);
  if (!graph) {
    fmt::print(stderr, "boostburn: error: {}\n", graph.error().message);
    return ExitCode::internal;
  }
  fmt::print("{}", graph->to_mermaid());
  return ExitCode::ok;
}

ExitCode run_daily_report(const RunOptions& options, const Deps& deps) {
  if (options.test_slack) {
    fmt::print(deps.err, "boostburn: error: --test-slack: Slack posting is not part of this "
                         "build yet\n");
    return ExitCode::usage;
  }
  auto graph = build_workflow(deps);
  if (!graph) {
    fmt::print(deps.err, "boostburn: error: {}\n", graph.error().message);
    return ExitCode::internal;
  }
  BurnState state;
  state.options = options;
  TraceObserver trace(deps.err);
  const GraphRunOptions run_options(options.max_steps, options.trace ? &trace : nullptr);
  const Status outcome = graph->invoke(state, run_options);

  if (outcome && options.json) {
    fmt::print("{}", render_snapshot_json(state.merged, state.priced, state.verification_errors));
  } else if (!state.report_text.empty()) {
    fmt::print("{}", state.report_text);
  }
  std::fflush(stdout);
  if (!outcome) {
    fmt::print(deps.err, "boostburn: error: {}\n", outcome.error().message);
    return exit_code_for(outcome.error().kind);
  }
  if (!options.json) {
    fmt::print(deps.err, "snapshot: {}\n", state.snapshot_path);
  }
  if (options.strict && has_data_warnings(state)) {
    fmt::print(deps.err, "boostburn: --strict: the report carries data warnings\n");
    return ExitCode::data_warnings;
  }
  return ExitCode::ok;
}

}  // namespace boostburn
