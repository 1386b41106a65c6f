// GraphObserver: what a running graph reports about each node, and four
// observers: TraceObserver (the `--trace` lines), PathRecorder (the visited
// nodes, for tests), FaultPointObserver (crash points for the fault-injection
// tests) and CompositeObserver (fans out to several).
//
// A CompiledGraph calls before_node just before a node's function runs and
// after_node right after it returns, whether it succeeded or failed (fault
// injection relies on this order: a test build kills the process in
// before_node). Steps count from 1. Observers are borrowed, never owned, and
// must outlive the run; their methods must not throw.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "boostburn/util/result.hpp"

namespace boostburn {

class GraphObserver {
 public:
  virtual ~GraphObserver() = default;
  virtual void before_node(std::string_view node, std::size_t step) = 0;
  virtual void after_node(std::string_view node, std::size_t step, std::chrono::nanoseconds elapsed,
                          const Status& result) = 0;
};

// Writes one line per finished node to `out` (not owned), flushed at once so
// that it survives a crash:
//   "trace: <node> <ms with 3 decimals>ms" and, when the node failed, " error".
// e.g. "trace: load_config 0.412ms". Scripts parse `^trace: (\S+) `.
class TraceObserver final : public GraphObserver {
 public:
  explicit TraceObserver(std::FILE* out) : m_out(out) {}
  void before_node(std::string_view node, std::size_t step) override;
  void after_node(std::string_view node, std::size_t step, std::chrono::nanoseconds elapsed,
                  const Status& result) override;

 private:
  std::FILE* m_out;
};

// Records the name of every node a run started, in order.
class PathRecorder final : public GraphObserver {
 public:
  void before_node(std::string_view node, std::size_t step) override;
  void after_node(std::string_view node, std::size_t step, std::chrono::nanoseconds elapsed,
                  const Status& result) override;
  [[nodiscard]] const std::vector<std::string>& path() const { return m_path; }

 private:
  std::vector<std::string> m_path;
};

// Forwards every call to each observer (null ones are skipped), in the order given.
class CompositeObserver final : public GraphObserver {
 public:
  CompositeObserver() = default;
  explicit CompositeObserver(const std::vector<GraphObserver*>& observers);
  void add(GraphObserver* observer);
  void before_node(std::string_view node, std::size_t step) override;
  void after_node(std::string_view node, std::size_t step, std::chrono::nanoseconds elapsed,
                  const Status& result) override;

 private:
  std::vector<GraphObserver*> m_observers;
};

// Passes fault_point("before:<node>") and fault_point("after:<node>") around
// every node, so that the crash tests can kill a run at any node boundary
// (util/fault_point.hpp).
class FaultPointObserver final : public GraphObserver {
 public:
  void before_node(std::string_view node, std::size_t step) override;
  void after_node(std::string_view node, std::size_t step, std::chrono::nanoseconds elapsed,
                  const Status& result) override;
};

// The duration as trace lines show it: milliseconds with 3 decimals, e.g. "0.412".
std::string format_trace_ms(std::chrono::nanoseconds elapsed);

}  // namespace boostburn
