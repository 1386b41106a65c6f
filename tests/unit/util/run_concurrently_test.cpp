#include "boostburn/util/run_concurrently.hpp"

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace boostburn {
namespace {

TEST(RunConcurrently, CallsEveryIndexOnceWithTheConcurrencyAsked) {
  std::vector<std::atomic<int>> calls(40);
  std::atomic<int> running{0};
  std::atomic<int> most{0};
  run_concurrently(calls.size(), 4, [&](std::size_t i) {
    const int now = ++running;
    int seen = most.load();
    while (now > seen && !most.compare_exchange_weak(seen, now)) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    ++calls[i];
    --running;
  });
  for (const auto& count : calls) {
    EXPECT_EQ(count.load(), 1);
  }
  EXPECT_LE(most.load(), 4);
  EXPECT_GE(most.load(), 2);
}

TEST(RunConcurrently, OneThreadRunsInOrderOnTheCaller) {
  std::vector<std::size_t> order;
  const auto caller = std::this_thread::get_id();
  run_concurrently(5, 1, [&](std::size_t i) {
    EXPECT_EQ(std::this_thread::get_id(), caller);
    order.push_back(i);
  });
  EXPECT_EQ(order, (std::vector<std::size_t>{0, 1, 2, 3, 4}));
  run_concurrently(0, 8, [&](std::size_t) { ADD_FAILURE(); });
}

}  // namespace
}  // namespace boostburn
