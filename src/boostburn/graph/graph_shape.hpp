// GraphShape: the structure of a StateGraph without its functions.
//
// It holds the node names (insertion order), the one outgoing rule of each
// node (a plain edge, or conditional edges with labelled routes) and the
// entry. StateGraph<S> records into it while the graph is being built;
// validate() is what compile() checks, to_mermaid() and edges() are what a
// compiled graph shows. It owns plain strings only and never throws on bad
// input: mistakes made while building are kept and reported by validate().
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "boostburn/util/result.hpp"

namespace boostburn {

// The END marker: an edge or route to it finishes the run. Compare it through
// std::string or std::string_view, never as a raw pointer.
inline constexpr const char* k_end = "END";

// One arrow of the graph; a plain edge has an empty label.
struct GraphEdge {
  std::string from;
  std::string to;
  std::string label;
  friend bool operator==(const GraphEdge&, const GraphEdge&) = default;
};

// A route of conditional edges: the label a router returns, and its target.
using GraphRoute = std::pair<std::string, std::string>;

class GraphShape {
 public:
  // Index of a route target that is END rather than a node.
  static constexpr std::size_t k_end_index = static_cast<std::size_t>(-1);

  // Mistakes are kept for validate(); add_node returns false when it did not
  // add the node (a duplicate, empty, reserved or undrawable name).
  bool add_node(std::string name);
  void add_edge(std::string from, std::string to);
  void add_conditional_edges(std::string from, std::vector<GraphRoute> routes);
  void set_entry(std::string name);
  // Keeps a problem found by the caller (e.g. a node without a function).
  void add_problem(std::string message);

  // Ok when the graph can run; otherwise an ErrorKind::internal error listing
  // every problem, each naming its culprit, e.g.
  //   "invalid graph: node 'plan' has no outgoing edge".
  [[nodiscard]] Status validate() const;

  // Node names in insertion order.
  [[nodiscard]] const std::vector<std::string>& node_names() const { return m_nodes; }
  // Index in node_names(), or k_end_index for END. Only meaningful for names
  // that validate() accepted (an unknown name also gives k_end_index).
  [[nodiscard]] std::size_t index_of(std::string_view name) const;
  [[nodiscard]] const std::string& entry() const { return m_entry; }
  // The routes leaving `node` (a plain edge is one route with an empty label),
  // and whether they are conditional; no routes when the node has no rule.
  [[nodiscard]] const std::vector<GraphRoute>& routes_of(std::string_view node) const;
  [[nodiscard]] bool is_conditional(std::string_view node) const;

  // Every edge, ordered by source node (insertion order), then by declaration.
  [[nodiscard]] std::vector<GraphEdge> edges() const;
  // A Mermaid flowchart of edges(), e.g. "flowchart TD\n    a -->|yes| b\n".
  [[nodiscard]] std::string to_mermaid() const;

 private:
  struct Rule {
    std::string from;
    bool conditional = false;
    std::vector<GraphRoute> routes;
  };

  [[nodiscard]] const Rule* rule_of(std::string_view node) const;
  [[nodiscard]] bool is_node(std::string_view name) const;
  // Adds the nodes a run from the (known) entry cannot visit and, if asked,
  // those from which END cannot be reached.
  void check_paths(std::vector<std::string>& problems, bool report_dead_ends) const;

  std::vector<std::string> m_nodes;
  std::vector<Rule> m_rules;  // declaration order; several per node is an error
  std::string m_entry;
  std::vector<std::string> m_problems;  // found while building
};

}  // namespace boostburn
