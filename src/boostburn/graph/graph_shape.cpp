#include "boostburn/graph/graph_shape.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace boostburn {

namespace {

bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

// END is our marker and `end` (any case) a Mermaid keyword that breaks a flowchart.
bool is_reserved(std::string_view name) {
  return name.size() == 3 && std::tolower(static_cast<unsigned char>(name[0])) == 'e' &&
         std::tolower(static_cast<unsigned char>(name[1])) == 'n' &&
         std::tolower(static_cast<unsigned char>(name[2])) == 'd';
}

// A label is drawn as `-->|label|`: it must not close the label or break the line.
bool is_drawable_label(std::string_view label) {
  return std::none_of(label.begin(), label.end(), [](char c) {
    return c == '|' || c == '"' || std::iscntrl(static_cast<unsigned char>(c)) != 0;
  });
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const std::string& part : parts) {
    if (!out.empty()) {
      out += separator;
    }
    out += part;
  }
  return out;
}

}  // namespace

bool GraphShape::add_node(std::string name) {
  if (name.empty()) {
    m_problems.push_back("a node has an empty name");
    return false;
  }
  if (is_reserved(name)) {
    m_problems.push_back(fmt::format("node name '{}' is reserved", name));
    return false;
  }
  if (!std::all_of(name.begin(), name.end(), is_name_char)) {
    m_problems.push_back(
        fmt::format("node name '{}' may only contain letters, digits and '_'", name));
    return false;
  }
  if (is_node(name)) {
    m_problems.push_back(fmt::format("duplicate node '{}'", name));
    return false;
  }
  m_nodes.push_back(std::move(name));
  return true;
}

void GraphShape::add_edge(std::string from, std::string to) {
  m_rules.push_back(Rule{std::move(from), false, {GraphRoute{"", std::move(to)}}});
}

void GraphShape::add_conditional_edges(std::string from, std::vector<GraphRoute> routes) {
  if (routes.empty()) {
    m_problems.push_back(fmt::format("conditional edges from '{}' declare no routes", from));
  }
  for (auto it = routes.begin(); it != routes.end(); ++it) {
    const std::string& label = it->first;
    if (label.empty()) {
      m_problems.push_back(fmt::format("conditional edges from '{}' have an empty label", from));
    } else if (!is_drawable_label(label)) {
      m_problems.push_back(fmt::format(
          "label '{}' from '{}' contains '|', '\"' or a control character", label, from));
    }
    auto same_label = [&label](const GraphRoute& route) { return route.first == label; };
    if (std::any_of(routes.begin(), it, same_label)) {
      m_problems.push_back(
          fmt::format("conditional edges from '{}' declare label '{}' twice", from, label));
    }
  }
  m_rules.push_back(Rule{std::move(from), true, std::move(routes)});
}

void GraphShape::set_entry(std::string name) {
  m_entry = std::move(name);
}

void GraphShape::add_problem(std::string message) {
  m_problems.push_back(std::move(message));
}

Status GraphShape::validate() const {
  std::vector<std::string> problems = m_problems;

  if (m_entry.empty()) {
    problems.emplace_back("no entry node set");
  } else if (!is_node(m_entry)) {
    problems.push_back(fmt::format("entry '{}' is not a node", m_entry));
  }

  for (const Rule& rule : m_rules) {
    if (!is_node(rule.from)) {
      problems.push_back(fmt::format("edge from unknown node '{}'", rule.from));
    }
    for (const auto& [label, target] : rule.routes) {
      if (target != k_end && !is_node(target)) {
        problems.push_back(
            fmt::format("edge '{}' -> '{}' goes to unknown node '{}'", rule.from, target, target));
      }
    }
  }

  for (const std::string& node : m_nodes) {
    const auto rules = std::count_if(m_rules.begin(), m_rules.end(),
                                     [&node](const Rule& rule) { return rule.from == node; });
    if (rules == 0) {
      problems.push_back(fmt::format("node '{}' has no outgoing edge (use END to finish)", node));
    } else if (rules > 1) {
      problems.push_back(fmt::format(
          "node '{}' has {} outgoing rules; give it one plain edge or one set of conditional edges",
          node, rules));
    }
  }

  if (is_node(m_entry)) {
    // A missing edge also leaves nodes without a path to END: report that only on its own.
    check_paths(problems, /*report_dead_ends=*/problems.empty());
  }

  if (!problems.empty()) {
    return fail(ErrorKind::internal, "invalid graph: " + join(problems, "; "));
  }
  return {};
}

void GraphShape::check_paths(std::vector<std::string>& problems, bool report_dead_ends) const {
  // Successors of each node over every rule (several rules are reported elsewhere).
  std::vector<std::vector<std::size_t>> successors(m_nodes.size());
  std::vector<bool> finishes(m_nodes.size(), false);  // has some way to END
  for (const Rule& rule : m_rules) {
    const std::size_t from = index_of(rule.from);
    if (from == k_end_index) {
      continue;
    }
    for (const auto& [label, target] : rule.routes) {
      if (target == k_end) {
        finishes[from] = true;
      } else if (is_node(target)) {
        successors[from].push_back(index_of(target));
      }
    }
  }
  // Forward from the entry: which nodes a run can visit.
  std::vector<bool> reached(m_nodes.size(), false);
  std::vector<std::size_t> pending{index_of(m_entry)};
  reached[pending.front()] = true;
  while (!pending.empty()) {
    const std::size_t node = pending.back();
    pending.pop_back();
    for (const std::size_t next : successors[node]) {
      if (!reached[next]) {
        reached[next] = true;
        pending.push_back(next);
      }
    }
  }
  // Backward from END, to a fixed point: the nodes left out can only loop.
  for (bool changed = true; changed;) {
    changed = false;
    for (std::size_t node = 0; node < m_nodes.size(); ++node) {
      const auto& next = successors[node];
      if (!finishes[node] &&
          std::any_of(next.begin(), next.end(), [&](std::size_t n) { return finishes[n]; })) {
        finishes[node] = true;
        changed = true;
      }
    }
  }
  for (std::size_t node = 0; node < m_nodes.size(); ++node) {
    if (!reached[node]) {
      problems.push_back(
          fmt::format("node '{}' is unreachable from entry '{}'", m_nodes[node], m_entry));
    } else if (!finishes[node] && report_dead_ends) {
      problems.push_back(fmt::format("node '{}' has no path to END", m_nodes[node]));
    }
  }
}

std::size_t GraphShape::index_of(std::string_view name) const {
  const auto it = std::find(m_nodes.begin(), m_nodes.end(), name);
  return it == m_nodes.end() ? k_end_index : static_cast<std::size_t>(it - m_nodes.begin());
}

const std::vector<GraphRoute>& GraphShape::routes_of(std::string_view node) const {
  static const std::vector<GraphRoute> k_none;
  const Rule* rule = rule_of(node);
  return rule == nullptr ? k_none : rule->routes;
}

bool GraphShape::is_conditional(std::string_view node) const {
  const Rule* rule = rule_of(node);
  return rule != nullptr && rule->conditional;
}

std::vector<GraphEdge> GraphShape::edges() const {
  std::vector<GraphEdge> out;
  for (const std::string& node : m_nodes) {
    for (const Rule& rule : m_rules) {
      if (rule.from != node) {
        continue;
      }
      for (const auto& [label, target] : rule.routes) {
        out.push_back(GraphEdge{node, target, label});
      }
    }
  }
  return out;
}

std::string GraphShape::to_mermaid() const {
  std::string out = "flowchart TD\n";
  for (const GraphEdge& edge : edges()) {
    const std::string target = edge.to == k_end ? fmt::format("{0}(({0}))", k_end) : edge.to;
    if (edge.label.empty()) {
      out += fmt::format("    {} --> {}\n", edge.from, target);
    } else {
      out += fmt::format("    {} -->|{}| {}\n", edge.from, edge.label, target);
    }
  }
  return out;
}

const GraphShape::Rule* GraphShape::rule_of(std::string_view node) const {
  const auto it = std::find_if(m_rules.begin(), m_rules.end(),
                               [node](const Rule& rule) { return rule.from == node; });
  return it == m_rules.end() ? nullptr : &*it;
}

bool GraphShape::is_node(std::string_view name) const {
  return std::find(m_nodes.begin(), m_nodes.end(), name) != m_nodes.end();
}

}  // namespace boostburn
