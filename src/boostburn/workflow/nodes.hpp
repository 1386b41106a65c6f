// The workflow's nodes: one function per graph node, named exactly as the
// node (the seed's names). Each reads and writes BurnState; an Error stops the
// run before anything later is written. Grouped by file:
//   setup_nodes.cpp   load_config, load_snapshot
//   region_nodes.cpp  the per-region loop
//   output_nodes.cpp  pricing, verification, report and every write
#pragma once

#include <string>

#include "boostburn/util/result.hpp"
#include "boostburn/workflow/burn_state.hpp"
#include "boostburn/workflow/deps.hpp"

namespace boostburn::nodes {

Status load_config(BurnState& state, const Deps& deps);
Status load_snapshot(BurnState& state, const Deps& deps);

std::string region_router(const BurnState& state);  // "has region" | "no more regions"
Status load_manifest(BurnState& state, const Deps& deps);
Status plan_scan(BurnState& state, const Deps& deps);
Status list_objects(BurnState& state, const Deps& deps);
Status filter_new_objects(BurnState& state, const Deps& deps);
std::string new_objects_router(const BurnState& state);  // "new objects" | "none"
Status ingest_objects(BurnState& state, const Deps& deps);
Status advance_region(BurnState& state, const Deps& deps);

Status refresh_pricing(BurnState& state, const Deps& deps);
Status apply_pricing(BurnState& state, const Deps& deps);
Status verify_results(BurnState& state, const Deps& deps);
Status render_report(BurnState& state, const Deps& deps);
Status write_snapshot(BurnState& state, const Deps& deps);
Status update_manifest(BurnState& state, const Deps& deps);
Status append_csv(BurnState& state, const Deps& deps);
Status post_report(BurnState& state, const Deps& deps);

}  // namespace boostburn::nodes
