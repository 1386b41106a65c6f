// Crash points for the fault-injection tests (tests/integration/crash_test.cpp).
//
// With BOOSTBURN_TEST_KILL_AT=<point>[@<n>] in the environment, the process
// kills itself with SIGKILL the n-th time (default: the first) it passes
// fault_point(<point>): no destructor, no flush, no atexit handler runs, as
// when the kernel or an operator kills a run. Without the variable every call
// is one comparison. Points are "before:<node>" and "after:<node>" for every
// graph node (FaultPointObserver), plus the named points inside the writes of
// the commit protocol (docs/commit-protocol.md lists them). A hook for tests
// only: it is not an option and no user needs it.
#pragma once

#include <string_view>

namespace boostburn {

void fault_point(std::string_view point);

}  // namespace boostburn
