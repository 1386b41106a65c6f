#include "boostburn/workflow/build_workflow.hpp"

#include "boostburn/workflow/nodes.hpp"

namespace boostburn {

Result<CompiledGraph<BurnState>> build_workflow(const Deps& deps) {
  StateGraph<BurnState> graph;
  const auto node = [&](const char* name, Status (*fn)(BurnState&, const Deps&)) {
    graph.add_node(name, [fn, &deps](BurnState& state) { return fn(state, deps); });
  };
  node("load_config", nodes::load_config);
  node("load_snapshot", nodes::load_snapshot);
  graph.add_node("region_router", [](BurnState&) -> Status { return {}; });
  node("load_manifest", nodes::load_manifest);
  node("plan_scan", nodes::plan_scan);
  node("list_objects", nodes::list_objects);
  node("filter_new_objects", nodes::filter_new_objects);
  node("ingest_objects", nodes::ingest_objects);
  node("advance_region", nodes::advance_region);
  node("refresh_pricing", nodes::refresh_pricing);
  node("apply_pricing", nodes::apply_pricing);
  node("verify_results", nodes::verify_results);
  node("render_report", nodes::render_report);
  node("write_snapshot", nodes::write_snapshot);
  node("update_manifest", nodes::update_manifest);
  node("append_csv", nodes::append_csv);
  node("post_report", nodes::post_report);

  graph.set_entry("load_config");
  graph.add_edge("load_config", "load_snapshot");
  graph.add_edge("load_snapshot", "region_router");
  graph.add_conditional_edges("region_router", nodes::region_router,
                              {{"has region", "load_manifest"},
                               {"no more regions", "refresh_pricing"}});
  graph.add_edge("load_manifest", "plan_scan");
  graph.add_edge("plan_scan", "list_objects");
  graph.add_edge("list_objects", "filter_new_objects");
  graph.add_conditional_edges("filter_new_objects", nodes::new_objects_router,
                              {{"new objects", "ingest_objects"}, {"none", "advance_region"}});
  graph.add_edge("ingest_objects", "advance_region");
  graph.add_edge("advance_region", "region_router");
  graph.add_edge("refresh_pricing", "apply_pricing");
  graph.add_edge("apply_pricing", "verify_results");
  graph.add_edge("verify_results", "render_report");
  graph.add_edge("render_report", "write_snapshot");
  graph.add_edge("write_snapshot", "update_manifest");
  graph.add_edge("update_manifest", "append_csv");
  graph.add_edge("append_csv", "post_report");
  graph.add_edge("post_report", k_end);
  return graph.compile();
}

}  // namespace boostburn
