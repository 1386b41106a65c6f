// Shared test data for the report tests: a small day of usage, a stand-in for
// the price table (one flat rate per model, per 1M tokens of any type) and
// golden-file comparison.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "boostburn/metrics/priced_metrics.hpp"
#include "boostburn/report/snapshot.hpp"

namespace boostburn::report_test {

inline const UsageKey k_alice_opus{"us-east-1", "arn:aws:iam::111122223333:user/alice",
                                   "us.anthropic.claude-opus-4-5-20251101-v1", false};
inline const UsageKey k_alice_opus_long{"us-east-1", "arn:aws:iam::111122223333:user/alice",
                                        "us.anthropic.claude-opus-4-5-20251101-v1", true};
inline const UsageKey k_ci_haiku{"us-west-2", "arn:aws:sts::111122223333:assumed-role/ci/build-7",
                                 "anthropic.claude-3-haiku-20240307-v1", false};
inline const UsageKey k_unknown_mystery{"us-west-2", "unknown", "mystery.model-v9", false};

// Strings a YAML writer can get wrong: indicators, look-alikes of other
// types, spaces at the ends, escapes, line breaks of every kind, non-ASCII.
inline const std::vector<std::string>& awkward_strings() {
  static const std::vector<std::string> strings{
      "plain",
      "arn:aws:sts::111122223333:assumed-role/ci/build-7",
      "anthropic.claude-3-5-sonnet-20240620-v1:0",
      "AWSLogs/1/BedrockModelInvocationLogs/us-east-1/2025/06/15/05/x.json.gz",
      "",
      " ",
      "true",
      "No",
      "NULL",
      "~",
      "123",
      "1.5",
      "-1",
      ".inf",
      "2026-11-30",
      "0x1F",
      "=",
      "<<",
      "- item",
      "-",
      "a: b",
      "a:b",
      "a #b",
      "a#b",
      "#c",
      "key:",
      "[x]",
      "{y}",
      "x, y",
      "*ref",
      "&anchor",
      "!tag",
      "|",
      ">",
      "?q",
      "? q",
      "'single'",
      "\"double\"",
      "back\\slash",
      " padded ",
      "trailing ",
      "tab\there",
      "line\nbreak",
      "carriage\rreturn",
      "crlf\r\n",
      "caf\xC3\xA9 \xE2\x82\xAC",
      "ctl\x01\x1f\x7f",
      "nel\xC2\x85next",
      "ls\xE2\x80\xA8ps\xE2\x80\xA9",
      "c1\xC2\x80\xC2\x9F",
      "nonchar\xEF\xBF\xBE\xEF\xBF\xBF",
      "\xC2\xA0nbsp",
      "\xEF\xBB\xBF"
      "bom",
      "bad\xFFutf8",
      "%percent",
      "@at",
      "`tick`",
      ",comma",
      std::string("nul\0byte", 8),
  };
  return strings;
}

inline Snapshot sample_snapshot() {
  Snapshot s;
  s.report_date = "2026-11-30";
  s.generated_at = "2026-12-01T03:04:05Z";
  s.runs = 2;
  s.account_id = "111122223333";
  s.usage.add(k_alice_opus, Counters{3, 1200, 350, 129709, 411, 11});
  s.usage.add(k_alice_opus_long, Counters{1, 250000, 800, 0, 0, 0});
  s.usage.add(k_ci_haiku, Counters{2, 46, 638, 0, 0, 0});
  s.usage.add(k_unknown_mystery, Counters{1, 10, 5, 0, 0, 0});
  s.warnings.malformed_records.add(
      {"us-east-1",
       "AWSLogs/111122223333/BedrockModelInvocationLogs/us-east-1/2026/11/30/07/a.json.gz", 7, "",
       "not a JSON object"});
  s.warnings.missing_token_counts.add(
      {"us-west-2",
       "AWSLogs/111122223333/BedrockModelInvocationLogs/us-west-2/2026/11/30/09/b.json.gz", 3,
       "0f9c-1", ""});
  s.warnings.corrupt_objects.add(
      {"us-west-2",
       "AWSLogs/111122223333/BedrockModelInvocationLogs/us-west-2/2026/11/30/10/c.json.gz", 0, "",
       "gzip: invalid header"});
  s.stats.objects_listed = 12;
  s.stats.objects_skipped = 2;
  s.stats.objects_already_processed = 4;
  s.stats.objects_processed = 6;
  s.stats.bytes_downloaded = 123456;
  s.stats.bytes_decompressed = 567890;
  s.stats.records_parsed = 9;
  s.stats.records_used = 7;
  s.stats.records_other_day = 1;
  s.stats.duplicate_records = 1;
  s.sources["us-east-1"]
           ["AWSLogs/111122223333/BedrockModelInvocationLogs/us-east-1/2026/11/30/07/a.json.gz"] =
      "\"9b2cf535f27731c974343645a3985328\"";
  s.sources["us-west-2"]
           ["AWSLogs/111122223333/BedrockModelInvocationLogs/us-west-2/2026/11/30/09/b.json.gz"] =
      "\"d41d8cd98f00b204e9800998ecf8427e-2\"";
  return s;
}

// model id -> nano-dollars per 1M tokens, applied to every token type.
using FlatRates = std::map<std::string, std::int64_t>;

inline FlatRates sample_rates() {
  return {{"us.anthropic.claude-opus-4-5-20251101-v1", 5'500'000'000},
          {"anthropic.claude-3-haiku-20240307-v1", 250'000'000}};
}

// What apply_pricing would produce for `usage` with flat per-model rates.
inline PricedMetrics flat_price(const Aggregate& usage, const FlatRates& rates) {
  PricedMetrics priced;
  for (const auto& [key, counters] : usage.rows()) {
    PricedCounters row{counters, Money()};
    const auto rate = rates.find(key.model_id);
    if (rate == rates.end()) {
      priced.unpriced_models.push_back(key.model_id);
    } else {
      row.cost = PricePerMillion::from_nano(rate->second).cost_of(counters.total_tokens());
    }
    priced.totals += row;
    priced.by_region[key.region] += row;
    priced.by_model[key.model_id] += row;
    priced.by_identity[key.identity] += row;
    priced.by_usage_key.emplace_back(key, row);
  }
  std::sort(priced.unpriced_models.begin(), priced.unpriced_models.end());
  priced.unpriced_models.erase(
      std::unique(priced.unpriced_models.begin(), priced.unpriced_models.end()),
      priced.unpriced_models.end());
  return priced;
}

// Compares `actual` with tests/unit/report/golden/<name>. Run the tests with
// BOOSTBURN_UPDATE_GOLDEN=1 to rewrite the files after an intended change,
// then review the diff.
inline void expect_golden(const std::string& name, const std::string& actual) {
  const std::string path = std::string(BOOSTBURN_SOURCE_DIR) + "/tests/unit/report/golden/" + name;
  if (std::getenv("BOOSTBURN_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  std::ifstream file(path, std::ios::binary);
  ASSERT_TRUE(file) << "missing golden file " << path;
  std::stringstream expected;
  expected << file.rdbuf();
  EXPECT_EQ(actual, expected.str()) << "differs from " << path;
}

}  // namespace boostburn::report_test
