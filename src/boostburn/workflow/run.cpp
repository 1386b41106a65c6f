#include "boostburn/workflow/run.hpp"

#include <cstdlib>

#include <fmt/format.h>

#include "boostburn/graph/observer.hpp"
#include "boostburn/report/json.hpp"
#include "boostburn/util/time.hpp"
#include "boostburn/workflow/build_workflow.hpp"
#include "boostburn/workflow/slack_delivery.hpp"

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

namespace {

// One graph run for options.report_date; prints the report (or JSON) when
// `print` is set.
ExitCode run_one_day(const CompiledGraph<BurnState>& graph, const RunOptions& options,
                     const Deps& deps, bool print) {
  BurnState state;
  state.options = options;
  TraceObserver trace(deps.err);
  FaultPointObserver fault_points;
  CompositeObserver observers({options.trace ? &trace : nullptr, &fault_points});
  const GraphRunOptions run_options(options.max_steps, &observers);
  const Status outcome = graph.invoke(state, run_options);

  if (print && outcome && options.json) {
    fmt::print("{}", render_snapshot_json(state.merged, state.priced, state.verification_errors));
  } else if (print && !state.report_text.empty()) {
    fmt::print("{}", state.report_text);
  }
  std::fflush(stdout);
  if (!outcome) {
    fmt::print(deps.err, "boostburn: error: {}\n", outcome.error().message);
    return exit_code_for(outcome.error().kind);
  }
  fmt::print(deps.err, "snapshot: {}\n", state.snapshot_path);
  if (options.strict && has_data_warnings(state)) {
    fmt::print(deps.err, "boostburn: --strict: the {} report carries data warnings\n",
               state.report_date);
    return ExitCode::data_warnings;
  }
  return ExitCode::ok;
}

}  // namespace

std::optional<std::string> day_to_finish(const RunOptions& options, std::int64_t now) {
  if (!options.report_date.empty()) {
    return std::nullopt;
  }
  const std::chrono::sys_days today = utc_day_of(now);
  const std::int64_t since_midnight =
      now - std::chrono::duration_cast<std::chrono::seconds>(today.time_since_epoch()).count();
  if (since_midnight >= std::int64_t{options.lateness_hours + 1} * 3600) {
    return std::nullopt;
  }
  return format_date(today - std::chrono::days(1));
}

ExitCode run_daily_report(const RunOptions& options, const Deps& deps) {
  if (options.test_slack) {
    return run_test_slack(options, deps);
  }
  auto graph = build_workflow(deps);
  if (!graph) {
    fmt::print(deps.err, "boostburn: error: {}\n", graph.error().message);
    return ExitCode::internal;
  }
  ExitCode worst = ExitCode::ok;
  if (const auto yesterday = day_to_finish(options, deps.now())) {
    // Without --report-date a run reports today; in the first hours of a day
    // yesterday's late deliveries are still arriving, so it finishes
    // yesterday first (a cron job for "today" never re-runs yesterday itself).
    RunOptions finish = options;
    finish.report_date = *yesterday;
    finish.slack_webhook_url.clear();  // one Slack message per run: the day asked for
    fmt::print(deps.err, "finishing {} first: its late deliveries land in today's first {} "
                         "hours\n",
               *yesterday, options.lateness_hours);
    worst = run_one_day(*graph, finish, deps, /*print=*/!options.json);
  }
  const ExitCode today = run_one_day(*graph, options, deps, /*print=*/true);
  return worst != ExitCode::ok ? worst : today;
}

}  // namespace boostburn
