// The log object the micro-benchmarks run on.
//
// make bench points BOOSTBURN_BENCH_SAMPLE at one object of its generated
// corpus (tools/generate_logs.py --with-bodies: realistic records with
// request and response bodies), and BOOSTBURN_BENCH_DAY at its UTC day
// (default 2025-06-15). Without the variable, a built-in object of
// Bedrock-like records is used, so the binary also runs on its own. Loading
// failures (unreadable file) print a message and exit 1: a benchmark of
// nothing would be misleading.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace boostburn::bench {

struct Sample {
  std::string gzip;  // the object as stored (gzip)
  std::string text;  // its JSON Lines
  std::string name;  // file name, or "built-in"
  std::uint64_t lines = 0;
  std::chrono::sys_days day;  // the records' UTC day
};

// Loaded once, on first use.
const Sample& sample();

}  // namespace boostburn::bench
