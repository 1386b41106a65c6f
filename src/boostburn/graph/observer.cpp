#include "boostburn/graph/observer.hpp"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "boostburn/util/fault_point.hpp"

namespace boostburn {

std::string format_trace_ms(std::chrono::nanoseconds elapsed) {
  // Integer arithmetic, rounded to the nearest microsecond; negative durations show as 0.
  const auto micros = std::max<std::chrono::nanoseconds::rep>(0, (elapsed.count() + 500) / 1000);
  return fmt::format("{}.{:03}", micros / 1000, micros % 1000);
}

void TraceObserver::before_node(std::string_view /*node*/, std::size_t /*step*/) {}

void TraceObserver::after_node(std::string_view node, std::size_t /*step*/,
                               std::chrono::nanoseconds elapsed, const Status& result) {
  fmt::print(m_out, "trace: {} {}ms{}\n", node, format_trace_ms(elapsed), result ? "" : " error");
  std::fflush(m_out);
}

void PathRecorder::before_node(std::string_view node, std::size_t /*step*/) {
  m_path.emplace_back(node);
}

void PathRecorder::after_node(std::string_view /*node*/, std::size_t /*step*/,
                              std::chrono::nanoseconds /*elapsed*/, const Status& /*result*/) {}

void FaultPointObserver::before_node(std::string_view node, std::size_t /*step*/) {
  fault_point("before:" + std::string(node));
}

void FaultPointObserver::after_node(std::string_view node, std::size_t /*step*/,
                                    std::chrono::nanoseconds /*elapsed*/,
                                    const Status& /*result*/) {
  fault_point("after:" + std::string(node));
}

CompositeObserver::CompositeObserver(const std::vector<GraphObserver*>& observers) {
  for (GraphObserver* observer : observers) {
    add(observer);
  }
}

void CompositeObserver::add(GraphObserver* observer) {
  if (observer != nullptr) {
    m_observers.push_back(observer);
  }
}

void CompositeObserver::before_node(std::string_view node, std::size_t step) {
  for (GraphObserver* observer : m_observers) {
    observer->before_node(node, step);
  }
}

void CompositeObserver::after_node(std::string_view node, std::size_t step,
                                   std::chrono::nanoseconds elapsed, const Status& result) {
  for (GraphObserver* observer : m_observers) {
    observer->after_node(node, step, elapsed, result);
  }
}

}  // namespace boostburn
