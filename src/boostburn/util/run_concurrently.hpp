// run_concurrently(count, threads, task): calls task(i) for every i in
// [0, count), on up to `threads` threads at once (the calling thread waits).
// For blocking I/O such as listing many S3 prefixes. task must be safe to
// call concurrently for different i and must not throw.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace boostburn {

template <typename Task>
void run_concurrently(std::size_t count, std::size_t threads, const Task& task) {
  const std::size_t workers = std::min(count, std::max<std::size_t>(1, threads));
  if (workers <= 1) {
    for (std::size_t i = 0; i < count; ++i) {
      task(i);
    }
    return;
  }
  std::atomic<std::size_t> next{0};
  std::vector<std::jthread> pool;
  pool.reserve(workers);
  for (std::size_t w = 0; w < workers; ++w) {
    pool.emplace_back([&] {
      for (std::size_t i = next++; i < count; i = next++) {
        task(i);
      }
    });
  }
}  // the jthreads join here

}  // namespace boostburn
