// StateGraph<S>: a small, typed LangGraph-style graph engine.
//
// Nodes are functions that mutate a state S; each node has exactly one
// outgoing rule: a plain edge, or conditional edges whose router reads the
// state and returns one of the declared labels. An edge to k_end finishes the
// run. Build a StateGraph, compile() it (which checks the wiring and names the
// culprit of every mistake) and invoke() the CompiledGraph as often as needed.
//
// Failure behaviour of invoke(): the first node that returns an Error stops
// the run; the error comes back with the node's name as context
// ("list_objects: ..."). A node or router that throws is reported the same way
// (ErrorKind::internal); no exception leaves invoke(). A router label that was
// not declared, and a run longer than max_steps, are internal errors too. The
// state keeps whatever the nodes did before the failure.
#pragma once

#include <chrono>
#include <cstddef>
#include <exception>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "boostburn/graph/graph_shape.hpp"
#include "boostburn/graph/observer.hpp"
#include "boostburn/util/result.hpp"

namespace boostburn {

struct GraphRunOptions {
  explicit GraphRunOptions(std::size_t steps, GraphObserver* run_observer = nullptr)
      : max_steps(steps), observer(run_observer) {}

  std::size_t max_steps;    // node runs allowed; the next one is an error
  GraphObserver* observer;  // borrowed, may be null
};

namespace graph_detail {
// Error builders shared by every CompiledGraph<S> (state_graph.cpp).
Error max_steps_error(std::size_t max_steps, std::string_view next_node);
Error undeclared_label_error(std::string_view node, std::string_view label,
                             const std::vector<GraphRoute>& routes);
Error exception_error(std::string_view what, const std::exception_ptr& exception);
}  // namespace graph_detail

template <typename S>
class StateGraph;

template <typename S>
class CompiledGraph {
 public:
  // Runs from the entry until an edge reaches END. See the header comment.
  Status invoke(S& state, const GraphRunOptions& options) const;

  [[nodiscard]] std::string to_mermaid() const { return m_shape.to_mermaid(); }
  [[nodiscard]] const std::vector<std::string>& node_names() const { return m_shape.node_names(); }
  [[nodiscard]] std::vector<GraphEdge> edges() const { return m_shape.edges(); }
  [[nodiscard]] const std::string& entry() const { return m_shape.entry(); }

 private:
  friend class StateGraph<S>;

  struct Node {
    std::function<Status(S&)> fn;
    std::function<std::string(const S&)> router;  // empty for a plain edge
    std::vector<GraphRoute> routes;
    std::vector<std::size_t> targets;  // per route: node index or GraphShape::k_end_index
  };

  CompiledGraph(GraphShape shape, std::vector<Node> nodes)
      : m_shape(std::move(shape)), m_nodes(std::move(nodes)) {}

  // The node to run after `node`, or k_end_index.
  Result<std::size_t> next_after(const Node& node, std::string_view name, const S& state) const;

  GraphShape m_shape;
  std::vector<Node> m_nodes;  // parallel to m_shape.node_names()
};

template <typename S>
class StateGraph {
 public:
  using NodeFn = std::function<Status(S&)>;
  using Router = std::function<std::string(const S&)>;

  // Mistakes (duplicate, empty or reserved names, empty functions, ...) are
  // kept and reported by compile().
  void add_node(std::string name, NodeFn fn) {
    if (!fn) {
      m_shape.add_problem("node '" + name + "' has no function");
    }
    if (m_shape.add_node(std::move(name))) {
      m_functions.push_back(std::move(fn));
    }
  }
  // `to` may be k_end.
  void add_edge(std::string from, std::string to) {
    m_shape.add_edge(std::move(from), std::move(to));
  }
  // `routes` are (label, target) pairs, in the order diagrams show them.
  void add_conditional_edges(std::string from, Router router, std::vector<GraphRoute> routes) {
    if (!router) {
      m_shape.add_problem("conditional edges from '" + from + "' have no router");
    }
    m_routers.emplace_back(from, std::move(router));
    m_shape.add_conditional_edges(std::move(from), std::move(routes));
  }
  void set_entry(std::string name) { m_shape.set_entry(std::move(name)); }

  [[nodiscard]] Result<CompiledGraph<S>> compile() const;

 private:
  GraphShape m_shape;
  std::vector<NodeFn> m_functions;  // parallel to m_shape.node_names()
  std::vector<std::pair<std::string, Router>> m_routers;
};

template <typename S>
Result<CompiledGraph<S>> StateGraph<S>::compile() const {
  if (Status valid = m_shape.validate(); !valid) {
    return tl::unexpected(valid.error());
  }
  const std::vector<std::string>& names = m_shape.node_names();
  std::vector<typename CompiledGraph<S>::Node> nodes;
  nodes.reserve(names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    typename CompiledGraph<S>::Node node{m_functions[i], {}, m_shape.routes_of(names[i]), {}};
    if (m_shape.is_conditional(names[i])) {
      for (const auto& [from, router] : m_routers) {
        if (from == names[i]) {
          node.router = router;
        }
      }
    }
    for (const auto& [label, target] : node.routes) {
      node.targets.push_back(m_shape.index_of(target));
    }
    nodes.push_back(std::move(node));
  }
  return CompiledGraph<S>(m_shape, std::move(nodes));
}

template <typename S>
Status CompiledGraph<S>::invoke(S& state, const GraphRunOptions& options) const {
  GraphObserver* observer = options.observer;
  std::size_t current = m_shape.index_of(m_shape.entry());
  for (std::size_t step = 1; current != GraphShape::k_end_index; ++step) {
    const std::string& name = m_shape.node_names()[current];
    if (step > options.max_steps) {
      return tl::unexpected(graph_detail::max_steps_error(options.max_steps, name));
    }
    const Node& node = m_nodes[current];
    if (observer != nullptr) {
      observer->before_node(name, step);
    }
    const auto start = std::chrono::steady_clock::now();
    Status result;
    try {
      result = node.fn(state);
    } catch (...) {
      result = tl::unexpected(graph_detail::exception_error("node", std::current_exception()));
    }
    const auto elapsed = std::chrono::steady_clock::now() - start;
    if (observer != nullptr) {
      observer->after_node(name, step,
                           std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed), result);
    }
    if (!result) {
      return tl::unexpected(result.error().with_context(name));
    }
    Result<std::size_t> next = next_after(node, name, state);
    if (!next) {
      return tl::unexpected(next.error());
    }
    current = *next;
  }
  return {};
}

template <typename S>
Result<std::size_t> CompiledGraph<S>::next_after(const Node& node, std::string_view name,
                                                 const S& state) const {
  if (!node.router) {
    return node.targets.front();
  }
  std::string label;
  try {
    label = node.router(state);
  } catch (...) {
    return tl::unexpected(
        graph_detail::exception_error("router", std::current_exception()).with_context(name));
  }
  for (std::size_t i = 0; i < node.routes.size(); ++i) {
    if (node.routes[i].first == label) {
      return node.targets[i];
    }
  }
  return tl::unexpected(graph_detail::undeclared_label_error(name, label, node.routes));
}

}  // namespace boostburn
