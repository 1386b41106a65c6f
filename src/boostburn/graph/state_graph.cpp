#include "boostburn/graph/state_graph.hpp"

#include <fmt/format.h>

namespace boostburn::graph_detail {

Error max_steps_error(std::size_t max_steps, std::string_view next_node) {
  return Error{ErrorKind::internal,
               fmt::format("graph exceeded max_steps={} at node '{}'", max_steps, next_node)};
}

Error undeclared_label_error(std::string_view node, std::string_view label,
                             const std::vector<GraphRoute>& routes) {
  std::string declared;
  for (const auto& [route_label, target] : routes) {
    declared += (declared.empty() ? "'" : ", '") + route_label + "'";
  }
  return Error{ErrorKind::internal,
               fmt::format("{}: router returned undeclared label '{}' (declared: {})", node, label,
                           declared)};
}

Error exception_error(std::string_view what, const std::exception_ptr& exception) {
  try {
    std::rethrow_exception(exception);
  } catch (const std::exception& e) {
    return Error{ErrorKind::internal, fmt::format("{} threw: {}", what, e.what())};
  } catch (...) {
    return Error{ErrorKind::internal, fmt::format("{} threw a non-standard exception", what)};
  }
}

}  // namespace boostburn::graph_detail
