// Behaviour of StateGraph / CompiledGraph: runs, branches, loops, limits,
// error propagation, observers and the Mermaid diagram.
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "boostburn/graph/state_graph.hpp"

namespace boostburn {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

struct TinyState {
  int counter = 0;
  bool flag = false;
  std::vector<std::string> log;
};

// A node that appends its name to the state's log.
StateGraph<TinyState>::NodeFn logs(const std::string& name) {
  return [name](TinyState& s) -> Status {
    s.log.push_back(name);
    return {};
  };
}

// Records every observer call as text, e.g. "before a 1", "after a 1 ok".
class EventLog final : public GraphObserver {
 public:
  void before_node(std::string_view node, std::size_t step) override {
    events.push_back("before " + std::string(node) + " " + std::to_string(step));
  }
  void after_node(std::string_view node, std::size_t step, std::chrono::nanoseconds elapsed,
                  const Status& result) override {
    EXPECT_GE(elapsed.count(), 0);
    events.push_back("after " + std::string(node) + " " + std::to_string(step) +
                     (result ? " ok" : " error: " + result.error().message));
  }
  std::vector<std::string> events;
};

CompiledGraph<TinyState> compile_or_die(const StateGraph<TinyState>& graph) {
  auto compiled = graph.compile();
  EXPECT_TRUE(compiled.has_value()) << compiled.error().message;
  return std::move(compiled).value();
}

// a -> b -> c -> END
StateGraph<TinyState> linear_graph() {
  StateGraph<TinyState> graph;
  graph.add_node("a", logs("a"));
  graph.add_node("b", logs("b"));
  graph.add_node("c", logs("c"));
  graph.add_edge("a", "b");
  graph.add_edge("b", "c");
  graph.add_edge("c", k_end);
  graph.set_entry("a");
  return graph;
}

// check -(yes)-> on_yes -> done; check -(no)-> on_no -> done; done -> END
StateGraph<TinyState> branch_graph() {
  StateGraph<TinyState> graph;
  graph.add_node("check", logs("check"));
  graph.add_node("on_yes", logs("on_yes"));
  graph.add_node("on_no", logs("on_no"));
  graph.add_node("done", logs("done"));
  graph.add_conditional_edges("check", [](const TinyState& s) { return s.flag ? "yes" : "no"; },
                              {{"yes", "on_yes"}, {"no", "on_no"}});
  graph.add_edge("on_yes", "done");
  graph.add_edge("on_no", "done");
  graph.add_edge("done", k_end);
  graph.set_entry("check");
  return graph;
}

// start -> inc -(again)-> inc ... -(stop)-> END, while counter < 3
StateGraph<TinyState> loop_graph() {
  StateGraph<TinyState> graph;
  graph.add_node("start", logs("start"));
  graph.add_node("inc", [](TinyState& s) -> Status {
    ++s.counter;
    s.log.push_back("inc");
    return {};
  });
  graph.add_edge("start", "inc");
  graph.add_conditional_edges("inc",
                              [](const TinyState& s) { return s.counter < 3 ? "again" : "stop"; },
                              {{"again", "inc"}, {"stop", k_end}});
  graph.set_entry("start");
  return graph;
}

std::string compile_error(const StateGraph<TinyState>& graph) {
  auto compiled = graph.compile();
  if (compiled) {
    ADD_FAILURE() << "graph compiled although it should not";
    return "";
  }
  EXPECT_EQ(compiled.error().kind, ErrorKind::internal);
  return compiled.error().message;
}

TEST(StateGraphRun, LinearGraphRunsEveryNodeOnceInOrder) {
  const auto graph = compile_or_die(linear_graph());
  TinyState state;
  ASSERT_TRUE(graph.invoke(state, GraphRunOptions{10}));
  EXPECT_THAT(state.log, ElementsAre("a", "b", "c"));
}

TEST(StateGraphRun, CompiledGraphCanRunAgainOnAFreshState) {
  const auto graph = compile_or_die(linear_graph());
  TinyState first;
  TinyState second;
  ASSERT_TRUE(graph.invoke(first, GraphRunOptions{10}));
  ASSERT_TRUE(graph.invoke(second, GraphRunOptions{10}));
  EXPECT_EQ(first.log, second.log);
}

TEST(StateGraphRun, BranchFollowsTheLabelTheRouterReturns) {
  const auto graph = compile_or_die(branch_graph());
  TinyState yes;
  yes.flag = true;
  ASSERT_TRUE(graph.invoke(yes, GraphRunOptions{10}));
  EXPECT_THAT(yes.log, ElementsAre("check", "on_yes", "done"));

  TinyState no;
  ASSERT_TRUE(graph.invoke(no, GraphRunOptions{10}));
  EXPECT_THAT(no.log, ElementsAre("check", "on_no", "done"));
}

TEST(StateGraphRun, ConditionalEdgeLoopsUntilTheRouterSaysStop) {
  const auto graph = compile_or_die(loop_graph());
  TinyState state;
  PathRecorder path;
  ASSERT_TRUE(graph.invoke(state, GraphRunOptions{4, &path}));  // exactly enough steps
  EXPECT_EQ(state.counter, 3);
  EXPECT_THAT(path.path(), ElementsAre("start", "inc", "inc", "inc"));
}

TEST(StateGraphRun, ExceedingMaxStepsNamesTheNodeThatWouldRunNext) {
  const auto graph = compile_or_die(loop_graph());
  TinyState state;
  const Status result = graph.invoke(state, GraphRunOptions{3});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::internal);
  EXPECT_EQ(result.error().message, "graph exceeded max_steps=3 at node 'inc'");
  EXPECT_EQ(state.counter, 2);  // the nodes that ran keep their effect
}

TEST(StateGraphRun, ZeroMaxStepsRunsNothing) {
  const auto graph = compile_or_die(linear_graph());
  TinyState state;
  const Status result = graph.invoke(state, GraphRunOptions{0});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message, "graph exceeded max_steps=0 at node 'a'");
  EXPECT_TRUE(state.log.empty());
}

TEST(StateGraphRun, NodeErrorStopsTheRunWithTheNodeNameAsContext) {
  StateGraph<TinyState> builder;
  builder.add_node("load", logs("load"));
  builder.add_node("list_objects", [](TinyState& s) -> Status {
    s.log.push_back("list_objects");
    return fail(ErrorKind::service, "list s3://b/p/: HTTP 503");
  });
  builder.add_node("never", logs("never"));
  builder.add_edge("load", "list_objects");
  builder.add_edge("list_objects", "never");
  builder.add_edge("never", k_end);
  builder.set_entry("load");
  const auto graph = compile_or_die(builder);

  TinyState state;
  EventLog events;
  const Status result = graph.invoke(state, GraphRunOptions{10, &events});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::service);
  EXPECT_EQ(result.error().message, "list_objects: list s3://b/p/: HTTP 503");
  EXPECT_THAT(state.log, ElementsAre("load", "list_objects"));
  EXPECT_THAT(events.events,
              ElementsAre("before load 1", "after load 1 ok", "before list_objects 2",
                          "after list_objects 2 error: list s3://b/p/: HTTP 503"));
}

TEST(StateGraphRun, NodeThatThrowsBecomesAnInternalErrorSeenByTheObserver) {
  StateGraph<TinyState> builder;
  builder.add_node("parse", [](TinyState&) -> Status { throw std::runtime_error("bad input"); });
  builder.add_edge("parse", k_end);
  builder.set_entry("parse");
  const auto graph = compile_or_die(builder);

  TinyState state;
  EventLog events;
  const Status result = graph.invoke(state, GraphRunOptions{10, &events});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::internal);
  EXPECT_EQ(result.error().message, "parse: node threw: bad input");
  EXPECT_THAT(events.events,
              ElementsAre("before parse 1", "after parse 1 error: node threw: bad input"));
}

TEST(StateGraphRun, RouterReturningAnUndeclaredLabelIsAnErrorNamingNodeAndLabel) {
  StateGraph<TinyState> builder;
  builder.add_node("region_router", logs("region_router"));
  builder.add_node("next", logs("next"));
  builder.add_conditional_edges("region_router", [](const TinyState&) { return "maybe"; },
                                {{"has region", "next"}, {"no more regions", k_end}});
  builder.add_edge("next", k_end);
  builder.set_entry("region_router");
  const auto graph = compile_or_die(builder);

  TinyState state;
  const Status result = graph.invoke(state, GraphRunOptions{10});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::internal);
  EXPECT_EQ(result.error().message,
            "region_router: router returned undeclared label 'maybe' "
            "(declared: 'has region', 'no more regions')");
  EXPECT_THAT(state.log, ElementsAre("region_router"));
}

TEST(StateGraphRun, RouterThatThrowsIsAnErrorNamingTheNode) {
  StateGraph<TinyState> builder;
  builder.add_node("pick", logs("pick"));
  builder.add_conditional_edges(
      "pick", [](const TinyState&) -> std::string { throw std::logic_error("no idea"); },
      {{"done", k_end}});
  builder.set_entry("pick");
  const auto graph = compile_or_die(builder);

  TinyState state;
  const Status result = graph.invoke(state, GraphRunOptions{10});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message, "pick: router threw: no idea");
}

TEST(StateGraphObserver, BeforeAndAfterBracketEveryNodeRunWithItsStep) {
  const auto graph = compile_or_die(loop_graph());
  TinyState state;
  EventLog events;
  ASSERT_TRUE(graph.invoke(state, GraphRunOptions{10, &events}));
  EXPECT_THAT(events.events,
              ElementsAre("before start 1", "after start 1 ok", "before inc 2", "after inc 2 ok",
                          "before inc 3", "after inc 3 ok", "before inc 4", "after inc 4 ok"));
}

TEST(StateGraphObserver, BeforeNodeRunsBeforeTheNodeFunction) {
  EventLog events;
  StateGraph<TinyState> builder;
  builder.add_node("only", [&events](TinyState&) -> Status {
    events.events.emplace_back("node body");
    return {};
  });
  builder.add_edge("only", k_end);
  builder.set_entry("only");
  const auto graph = compile_or_die(builder);
  TinyState state;
  ASSERT_TRUE(graph.invoke(state, GraphRunOptions{1, &events}));
  EXPECT_THAT(events.events, ElementsAre("before only 1", "node body", "after only 1 ok"));
}

TEST(StateGraphObserver, CompositeForwardsToEveryObserverInOrderAndSkipsNull) {
  const auto graph = compile_or_die(linear_graph());
  EventLog first;
  PathRecorder second;
  CompositeObserver both({&first, nullptr, &second});
  TinyState state;
  ASSERT_TRUE(graph.invoke(state, GraphRunOptions{10, &both}));
  EXPECT_EQ(first.events.size(), 6U);
  EXPECT_THAT(second.path(), ElementsAre("a", "b", "c"));
}

TEST(TraceObserver, WritesOneLinePerFinishedNodeAndMarksErrors) {
  StateGraph<TinyState> builder;
  builder.add_node("load_config", logs("load_config"));
  builder.add_node("post_report", [](TinyState&) -> Status {
    return fail(ErrorKind::service, "slack: HTTP 500");
  });
  builder.add_edge("load_config", "post_report");
  builder.add_edge("post_report", k_end);
  builder.set_entry("load_config");
  const auto graph = compile_or_die(builder);

  char* buffer = nullptr;
  std::size_t size = 0;
  std::FILE* out = open_memstream(&buffer, &size);
  ASSERT_NE(out, nullptr);
  TraceObserver trace(out);
  TinyState state;
  EXPECT_FALSE(graph.invoke(state, GraphRunOptions{10, &trace}));
  std::fclose(out);
  const std::string text(buffer, size);
  std::free(buffer);

  EXPECT_THAT(text,
              ::testing::MatchesRegex("trace: load_config [0-9]+\\.[0-9][0-9][0-9]ms\n"
                                      "trace: post_report [0-9]+\\.[0-9][0-9][0-9]ms error\n"));
}

TEST(TraceObserver, FormatsMillisecondsWithThreeDecimals) {
  using std::chrono::nanoseconds;
  EXPECT_EQ(format_trace_ms(nanoseconds{412'000}), "0.412");
  EXPECT_EQ(format_trace_ms(nanoseconds{0}), "0.000");
  EXPECT_EQ(format_trace_ms(nanoseconds{5'000'000}), "5.000");
  EXPECT_EQ(format_trace_ms(nanoseconds{1'234'567'891}), "1234.568");  // rounded
}

TEST(StateGraphCompile, RejectsAGraphWithoutEntry) {
  auto graph = linear_graph();
  graph.set_entry("");
  EXPECT_THAT(compile_error(graph), HasSubstr("no entry node set"));
}

TEST(StateGraphCompile, RejectsAnUnknownEntry) {
  auto graph = linear_graph();
  graph.set_entry("z");
  EXPECT_THAT(compile_error(graph), HasSubstr("entry 'z' is not a node"));
}

TEST(StateGraphCompile, RejectsAnEdgeFromAnUnknownNode) {
  auto graph = linear_graph();
  graph.add_edge("ghost", "a");
  EXPECT_THAT(compile_error(graph), HasSubstr("edge from unknown node 'ghost'"));
}

TEST(StateGraphCompile, RejectsAnEdgeToAnUnknownNode) {
  StateGraph<TinyState> graph;
  graph.add_node("a", logs("a"));
  graph.add_edge("a", "ghost");
  graph.set_entry("a");
  EXPECT_THAT(compile_error(graph), HasSubstr("edge 'a' -> 'ghost' goes to unknown node 'ghost'"));
}

TEST(StateGraphCompile, RejectsAConditionalRouteToAnUnknownNode) {
  StateGraph<TinyState> graph;
  graph.add_node("a", logs("a"));
  graph.add_conditional_edges("a", [](const TinyState&) { return "x"; },
                              {{"x", k_end}, {"y", "ghost"}});
  graph.set_entry("a");
  EXPECT_THAT(compile_error(graph), HasSubstr("edge 'a' -> 'ghost' goes to unknown node 'ghost'"));
}

TEST(StateGraphCompile, RejectsADuplicateNodeName) {
  auto graph = linear_graph();
  graph.add_node("b", logs("b again"));
  EXPECT_THAT(compile_error(graph), HasSubstr("duplicate node 'b'"));
}

TEST(StateGraphCompile, RejectsAPlainAndAConditionalRuleOnOneNode) {
  auto graph = linear_graph();
  graph.add_conditional_edges("b", [](const TinyState&) { return "x"; }, {{"x", k_end}});
  EXPECT_THAT(compile_error(graph), HasSubstr("node 'b' has 2 outgoing rules"));
}

TEST(StateGraphCompile, RejectsTwoPlainEdgesFromOneNode) {
  auto graph = linear_graph();
  graph.add_edge("a", "c");
  EXPECT_THAT(compile_error(graph), HasSubstr("node 'a' has 2 outgoing rules"));
}

TEST(StateGraphCompile, RejectsANodeWithoutOutgoingEdge) {
  StateGraph<TinyState> graph;
  graph.add_node("a", logs("a"));
  graph.add_node("b", logs("b"));
  graph.add_edge("a", "b");
  graph.set_entry("a");
  EXPECT_EQ(compile_error(graph),
            "invalid graph: node 'b' has no outgoing edge (use END to finish)");
}

TEST(StateGraphCompile, RejectsANodeUnreachableFromTheEntry) {
  auto graph = linear_graph();
  graph.add_node("island", logs("island"));
  graph.add_edge("island", k_end);
  EXPECT_EQ(compile_error(graph), "invalid graph: node 'island' is unreachable from entry 'a'");
}

TEST(StateGraphCompile, RejectsALoopThatCanNeverReachEnd) {
  StateGraph<TinyState> graph;
  graph.add_node("a", logs("a"));
  graph.add_node("b", logs("b"));
  graph.add_edge("a", "b");
  graph.add_edge("b", "a");
  graph.set_entry("a");
  EXPECT_EQ(compile_error(graph),
            "invalid graph: node 'a' has no path to END; node 'b' has no path to END");
}

TEST(StateGraphCompile, RejectsAnEmptyNodeName) {
  auto graph = linear_graph();
  graph.add_node("", logs(""));
  EXPECT_THAT(compile_error(graph), HasSubstr("a node has an empty name"));
}

TEST(StateGraphCompile, RejectsTheReservedNameEnd) {
  auto graph = linear_graph();
  graph.add_node(k_end, logs("end"));
  EXPECT_THAT(compile_error(graph), HasSubstr("node name 'END' is reserved"));
  auto lower = linear_graph();
  lower.add_node("end", logs("end"));  // a Mermaid keyword
  EXPECT_THAT(compile_error(lower), HasSubstr("node name 'end' is reserved"));
}

TEST(StateGraphCompile, RejectsANodeNameThatWouldBreakTraceOrMermaid) {
  auto graph = linear_graph();
  graph.add_node("two words", logs("x"));
  EXPECT_THAT(compile_error(graph),
              HasSubstr("node name 'two words' may only contain letters, digits and '_'"));
}

TEST(StateGraphCompile, RejectsMissingFunctionsAndRouters) {
  StateGraph<TinyState> graph;
  graph.add_node("a", nullptr);
  graph.add_conditional_edges("a", nullptr, {{"x", k_end}});
  graph.set_entry("a");
  const std::string message = compile_error(graph);
  EXPECT_THAT(message, HasSubstr("node 'a' has no function"));
  EXPECT_THAT(message, HasSubstr("conditional edges from 'a' have no router"));
}

TEST(StateGraphCompile, RejectsBadConditionalRouteLists) {
  StateGraph<TinyState> graph;
  graph.add_node("a", logs("a"));
  graph.add_node("b", logs("b"));
  graph.add_conditional_edges("a", [](const TinyState&) { return "x"; },
                              {{"x", "b"}, {"x", k_end}, {"", k_end}});
  graph.add_conditional_edges("b", [](const TinyState&) { return "x"; }, {});
  graph.set_entry("a");
  const std::string message = compile_error(graph);
  EXPECT_THAT(message, HasSubstr("conditional edges from 'a' declare label 'x' twice"));
  EXPECT_THAT(message, HasSubstr("conditional edges from 'a' have an empty label"));
  EXPECT_THAT(message, HasSubstr("conditional edges from 'b' declare no routes"));
}

TEST(StateGraphCompile, ReportsEveryProblemAtOnce) {
  StateGraph<TinyState> graph;
  graph.add_node("a", logs("a"));
  graph.add_node("a", logs("a"));
  graph.add_edge("a", "ghost");
  EXPECT_EQ(compile_error(graph),
            "invalid graph: duplicate node 'a'; no entry node set; "
            "edge 'a' -> 'ghost' goes to unknown node 'ghost'");
}

TEST(CompiledGraphShape, NodeNamesKeepInsertionOrderAndEdgesAreListed) {
  const auto graph = compile_or_die(branch_graph());
  EXPECT_THAT(graph.node_names(), ElementsAre("check", "on_yes", "on_no", "done"));
  EXPECT_EQ(graph.entry(), "check");
  EXPECT_THAT(graph.edges(),
              ElementsAre(GraphEdge{"check", "on_yes", "yes"}, GraphEdge{"check", "on_no", "no"},
                          GraphEdge{"on_yes", "done", ""}, GraphEdge{"on_no", "done", ""},
                          GraphEdge{"done", "END", ""}));
}

TEST(CompiledGraphShape, MermaidListsNodesInInsertionOrderWithLabelsAndEndAsCircle) {
  StateGraph<TinyState> builder;
  builder.add_node("load_config", logs("load_config"));
  builder.add_node("region_router", logs("region_router"));
  builder.add_node("load_manifest", logs("load_manifest"));
  builder.add_node("post_report", logs("post_report"));
  builder.add_edge("load_config", "region_router");
  // Declared out of insertion order on purpose: output follows node insertion order.
  builder.add_edge("post_report", k_end);
  builder.add_edge("load_manifest", "region_router");
  builder.add_conditional_edges(
      "region_router", [](const TinyState&) { return "no more regions"; },
      {{"has region", "load_manifest"}, {"no more regions", "post_report"}});
  builder.set_entry("load_config");
  const auto graph = compile_or_die(builder);

  EXPECT_EQ(graph.to_mermaid(),
            "flowchart TD\n"
            "    load_config --> region_router\n"
            "    region_router -->|has region| load_manifest\n"
            "    region_router -->|no more regions| post_report\n"
            "    load_manifest --> region_router\n"
            "    post_report --> END((END))\n");
}

TEST(CompiledGraphShape, MermaidDrawsAConditionalRouteToEnd) {
  const auto graph = compile_or_die(loop_graph());
  EXPECT_EQ(graph.to_mermaid(),
            "flowchart TD\n"
            "    start --> inc\n"
            "    inc -->|again| inc\n"
            "    inc -->|stop| END((END))\n");
}

}  // namespace
}  // namespace boostburn
