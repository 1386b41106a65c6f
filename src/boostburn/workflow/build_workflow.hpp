// build_workflow(): the daily run as a compiled graph, and run_workflow() to
// execute it. The node names are the seed's; the order differs from the seed
// in two places, for correctness (docs/architecture.md, "Why this order"):
// load_snapshot runs before the region loop (filtering needs to know what the
// snapshot already counted), and update_manifest runs after write_snapshot
// (a manifest must never claim what no snapshot holds).
#pragma once

#include "boostburn/graph/state_graph.hpp"
#include "boostburn/workflow/burn_state.hpp"
#include "boostburn/workflow/deps.hpp"

namespace boostburn {

// `deps` is captured by reference: it must outlive the returned graph.
Result<CompiledGraph<BurnState>> build_workflow(const Deps& deps);

}  // namespace boostburn
