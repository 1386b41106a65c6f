#include "boostburn/report/snapshot_yaml.hpp"

#include <algorithm>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "boostburn/util/text.hpp"
#include "report_fixtures.hpp"

namespace boostburn {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using namespace report_test;

void expect_same_snapshot(const Snapshot& actual, const Snapshot& expected) {
  EXPECT_EQ(actual.schema_version, expected.schema_version);
  EXPECT_EQ(actual.report_date, expected.report_date);
  EXPECT_EQ(actual.generated_at, expected.generated_at);
  EXPECT_EQ(actual.runs, expected.runs);
  EXPECT_EQ(actual.account_id, expected.account_id);
  EXPECT_EQ(actual.usage.rows(), expected.usage.rows());
  EXPECT_EQ(actual.warnings, expected.warnings);
  EXPECT_EQ(actual.stats, expected.stats);
  EXPECT_EQ(actual.sources, expected.sources);
}

Snapshot reload(const Snapshot& snapshot, const PricedMetrics& priced) {
  const std::string text = render_snapshot_yaml(snapshot, priced, {});
  auto loaded = parse_snapshot_yaml(text, "state/bedrock-usage-2026-11-30.yaml");
  EXPECT_TRUE(loaded) << loaded.error().message << "\n" << text;
  return loaded ? *loaded : Snapshot{};
}

// The smallest valid v2 document, for the corrupt-input tests to break.
std::string minimal_v2() {
  Snapshot s;
  s.report_date = "2026-11-30";
  s.generated_at = "2026-12-01T00:00:00Z";
  s.runs = 1;
  s.usage.add(k_ci_haiku, Counters{2, 46, 638, 0, 0, 0});
  return render_snapshot_yaml(s, flat_price(s.usage, sample_rates()), {});
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) {
    text.replace(at, from.size(), to);
  }
  return text;
}

Error load_error(const std::string& text) {
  auto loaded = parse_snapshot_yaml(text, "state/day.yaml");
  EXPECT_FALSE(loaded) << "loaded although it should not:\n" << text;
  return loaded ? Error{} : loaded.error();
}

TEST(SnapshotYamlTest, MatchesTheGoldenFile) {
  const Snapshot s = sample_snapshot();
  PricedMetrics priced = flat_price(s.usage, sample_rates());
  priced.partial_pricing_models = {"anthropic.claude-3-haiku-20240307-v1"};
  expect_golden("sample_snapshot.yaml",
                render_snapshot_yaml(s, priced, {"by_region: requests 7 != 6"}));
}

TEST(SnapshotYamlTest, ASnapshotWrittenBeforeTheRequestCountsLoadsThemAsZero) {
  Snapshot s = sample_snapshot();
  s.stats.get_requests = 5;
  std::string text = render_snapshot_yaml(s, flat_price(s.usage, sample_rates()), {});
  for (const char* line : {"  list_requests: 0\n", "  get_requests: 5\n", "  head_requests: 0\n",
                           "  put_requests: 0\n", "  request_retries: 0\n"}) {
    text = replace(text, line, "");
  }
  auto loaded = parse_snapshot_yaml(text, "state/day.yaml");
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_EQ(loaded->stats.get_requests, 0U);
  EXPECT_EQ(loaded->stats.records_used, s.stats.records_used);
  // The older counters stay required.
  EXPECT_THAT(load_error(replace(text, "  records_used: 7\n", "")).message,
              HasSubstr("records_used"));
}

TEST(SnapshotYamlTest, CostsArePlainDecimalsWithNineDecimals) {
  Snapshot s;
  s.report_date = "2026-11-30";
  s.usage.add(k_ci_haiku, Counters{1, 1, 0, 0, 0, 0});
  const std::string text = render_snapshot_yaml(s, flat_price(s.usage, sample_rates()), {});
  // One token at $0.25 per 1M.
  EXPECT_THAT(text, HasSubstr("\n    cost_usd: 0.000000250\n"));
  EXPECT_THAT(text, HasSubstr("report_date: \"2026-11-30\"\n"));
  EXPECT_THAT(text, StartsWith("schema_version: 2\n"));
}

TEST(SnapshotYamlTest, RoundTripsEverythingItStores) {
  const Snapshot s = sample_snapshot();
  expect_same_snapshot(reload(s, flat_price(s.usage, sample_rates())), s);
}

TEST(SnapshotYamlTest, RoundTripsAnEmptyDay) {
  Snapshot s;
  s.report_date = "2026-11-30";
  expect_same_snapshot(reload(s, PricedMetrics{}), s);
}

TEST(SnapshotYamlTest, RoundTripsStringsThatLookLikeOtherYamlTypes) {
  Snapshot s;
  s.report_date = "2026-11-30";
  s.generated_at = "";
  s.account_id = "000011112222";
  for (const auto& text : awkward_strings()) {
    if (sanitize_utf8(text) != text) {
      continue;  // written as U+FFFD: InvalidUtf8IsWrittenAsReplacementCharacters
    }
    s.usage.add(UsageKey{"us-east-1", text, text, false}, Counters{1, 2, 3, 0, 0, 0});
    s.sources["us-east-1"][text] = text;
    s.warnings.malformed_records.add({"us-east-1", text, 1, text, text});
  }
  s.usage.add(UsageKey{"us-east-1", "", "", true}, Counters{1, 0, 0, 0, 0, 0});
  expect_same_snapshot(reload(s, PricedMetrics{}), s);
}

TEST(SnapshotYamlTest, RoundTripsVeryLongKeys) {
  Snapshot s;
  s.report_date = "2026-11-30";
  const std::string key = "AWSLogs/" + std::string(1500, 'k') + ".json.gz";
  s.sources["us-east-1"][key] = "\"etag\"";
  s.usage.add(UsageKey{"us-east-1", std::string(1100, 'i'), "m", false},
              Counters{1, 1, 1, 0, 0, 0});
  expect_same_snapshot(reload(s, PricedMetrics{}), s);
}

TEST(SnapshotYamlTest, InvalidUtf8IsWrittenAsReplacementCharacters) {
  Snapshot s;
  s.report_date = "2026-11-30";
  s.account_id = "bad\xFF";
  const Snapshot loaded = reload(s, PricedMetrics{});
  EXPECT_EQ(loaded.account_id, "bad\xEF\xBF\xBD");
}

// Found by the snapshot fuzzer: a file holding invalid UTF-8 (written by hand,
// never by Boostburn) sorted its model ids by the raw bytes, so the first
// render and the render after the next load listed them in different orders.
TEST(SnapshotYamlTest, InvalidUtf8InAFileLoadsAsReplacementCharactersAndRendersStably) {
  Snapshot s;
  s.report_date = "2026-11-30";
  s.usage.add(UsageKey{"us-east-1", "alice", "model-\xEF\xBF\xBD-2024030a", false},
              Counters{1, 1, 1, 0, 0, 0});
  s.usage.add(UsageKey{"us-east-1", "alice", "model-PLACEHOLDER-20240307", false},
              Counters{1, 2, 2, 0, 0, 0});
  // Put raw 0xFF, everywhere the model is named, where the writer would
  // have written U+FFFD.
  std::string text = render_snapshot_yaml(s, PricedMetrics{}, {});
  const std::string placeholder = "model-PLACEHOLDER-20240307";
  for (auto at = text.find(placeholder); at != std::string::npos; at = text.find(placeholder)) {
    text.replace(at, placeholder.size(), "model-\xFF-20240307");
  }
  auto loaded = parse_snapshot_yaml(text, "state/day.yaml");
  ASSERT_TRUE(loaded) << loaded.error().message;
  for (const auto& [key, counters] : loaded->usage.rows()) {
    EXPECT_EQ(sanitize_utf8(key.model_id), key.model_id);
  }
  const std::string first = render_snapshot_yaml(*loaded, PricedMetrics{}, {});
  auto reloaded = parse_snapshot_yaml(first, "state/day.yaml");
  ASSERT_TRUE(reloaded) << reloaded.error().message;
  EXPECT_EQ(render_snapshot_yaml(*reloaded, PricedMetrics{}, {}), first);
}

TEST(SnapshotYamlTest, KeepsWarningTotalsBeyondTheListedItems) {
  Snapshot s;
  s.report_date = "2026-11-30";
  for (int i = 0; i < 3; ++i) {
    s.warnings.missing_token_counts.add({"us-east-1", "o", static_cast<std::uint64_t>(i), "r", ""});
  }
  s.warnings.missing_token_counts.set_total(1500);
  const Snapshot loaded = reload(s, PricedMetrics{});
  EXPECT_EQ(loaded.warnings.missing_token_counts.total(), 1500u);
  EXPECT_EQ(loaded.warnings.missing_token_counts.items().size(), 3u);
}

// The snapshot is the record of what was counted: its usage rows must
// survive even a call with metrics that were priced from something else.
TEST(SnapshotYamlTest, UsageRowsComeFromTheSnapshotNotFromThePricing) {
  const Snapshot s = sample_snapshot();
  const std::string text = render_snapshot_yaml(s, PricedMetrics{}, {});
  EXPECT_THAT(text, HasSubstr("4 usage row(s) have no matching entry in the priced metrics"));
  expect_same_snapshot(parse_snapshot_yaml(text, "x").value(), s);
}

TEST(SnapshotYamlTest, CostsInTheFileAreIgnoredOnLoad) {
  const std::string text = replace(minimal_v2(), "cost_usd: 0.000171000", "cost_usd: 999.5");
  const auto loaded = parse_snapshot_yaml(text, "x");
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_EQ(loaded->usage.totals().output_tokens, 638u);
}

TEST(SnapshotYamlTest, RefusesASnapshotFromANewerVersion) {
  const Error error = load_error(replace(minimal_v2(), "schema_version: 2", "schema_version: 3"));
  EXPECT_EQ(error.kind, ErrorKind::config);
  EXPECT_THAT(error.message, HasSubstr("state/day.yaml"));
  EXPECT_THAT(error.message, HasSubstr("written by a newer Boostburn"));
}

TEST(SnapshotYamlTest, ReportsBrokenYamlWithItsLine) {
  const Error error = load_error("schema_version: 2\nreport_date: [2026\nruns: 1\n");
  EXPECT_EQ(error.kind, ErrorKind::corrupt);
  EXPECT_THAT(error.message, StartsWith("state/day.yaml: line "));
}

TEST(SnapshotYamlTest, NamesTheLineAndKeyOfAMissingField) {
  const std::string text =
      replace(minimal_v2(), "long_context: false\n      requests: 2\n", "long_context: false\n");
  const auto row_line =
      1 + std::count(text.begin(), text.begin() + text.find("    - region:"), '\n');

  const Error error = load_error(text);
  EXPECT_EQ(error.kind, ErrorKind::corrupt);
  EXPECT_EQ(error.message, "state/day.yaml: line " + std::to_string(row_line) +
                               ": metrics.by_usage_key[0]: missing key 'requests'");
}

TEST(SnapshotYamlTest, RefusesCorruptInput) {
  const std::string good = minimal_v2();
  ASSERT_TRUE(parse_snapshot_yaml(good, "x")) << good;
  const std::string row = "long_context: false\n      requests: 2\n      input_tokens: 46\n";
  const std::vector<std::pair<std::string, std::string>> damage{
      {row, "long_context: false\n      requests: 2\n      input_tokens: 4.6\n"},
      {row, "long_context: false\n      requests: 2\n      input_tokens: -46\n"},
      {row, "long_context: false\n      requests: 2\n      input_tokens: many\n"},
      {row, "long_context: false\n      requests: 2\n      input_tokens: 1e3\n"},
      {row, "long_context: false\n      requests: 99999999999999999999999\n"},
      {row, "long_context: false\n      requests: 2\n      input_tokens: 47\n"},  // sums
      {row, "long_context: false\n      requests: 3\n      input_tokens: 46\n"},  // totals
      {"      long_context: false", "      long_context: maybe"},
      {"      long_context: false", "      long_context: no"},
      {"    us-west-2:\n      requests: 2", "    us-west-2:\n      requests: 1"},
      {"    us-west-2:\n      requests: 2", "    us-west-2:\n      requests: two"},
      {"    arn:aws:sts::111122223333:assumed-role/ci/build-7:\n",
       "    arn:aws:sts::111122223333:assumed-role/ci/build-8:\n"},
      {"runs: 1", "runs: [1]"},
      {"runs: 1", "runs: 1\nruns: 2"},
      {"report_date: \"2026-11-30\"\n", ""},
      {"  by_usage_key:\n", "  by_usage_key: {}\n  unused:\n"},
      {"  corrupt_objects: 0", "  corrupt_objects: x"},
      {"  invalid_records: []", "  invalid_records: [{region: r, object: o}]"},  // total 0 < 1
      {"  malformed_records: []", "  malformed_records: [{region: r}]"},
      {"sources: {}", "sources: {us-east-1: [a]}"},
      {"sources: {}", "sources: {us-east-1: {k: [a]}}"},
      {"      cache_write_1h_input_tokens: 0\n      total_tokens: 684\n      cost_usd: "
       "0.000171000\nwarnings",
       "      cache_write_1h_input_tokens: 1\n      total_tokens: 684\n      cost_usd: "
       "0.000171000\nwarnings"},
  };
  for (const auto& [from, to] : damage) {
    const Error error = load_error(replace(good, from, to));
    EXPECT_EQ(error.kind, ErrorKind::corrupt) << to;
    EXPECT_THAT(error.message, StartsWith("state/day.yaml")) << to;
  }
}

TEST(SnapshotYamlTest, RefusesTotalsThatDoNotMatchTheRows) {
  const std::string text =
      replace(minimal_v2(), "  totals:\n    requests: 2", "  totals:\n    requests: 3");
  const Error error = load_error(text);
  EXPECT_THAT(error.message, HasSubstr("metrics.totals: do not equal the sum"));
}

TEST(SnapshotYamlTest, RefusesTwoRowsWithTheSameKey) {
  Snapshot s;
  s.report_date = "2026-11-30";
  s.usage.add(k_ci_haiku, Counters{1, 1, 1, 0, 0, 0});
  std::string text = render_snapshot_yaml(s, PricedMetrics{}, {});
  const std::string row_start = "    - region: us-west-2";
  const auto begin = text.find(row_start);
  const auto end = text.find("warnings:");
  ASSERT_NE(begin, std::string::npos);
  const std::string row = text.substr(begin, end - begin);
  text.insert(end, row);
  text = replace(text, "  totals:\n    requests: 1", "  totals:\n    requests: 2");
  const Error error = load_error(text);
  EXPECT_THAT(error.message, HasSubstr("a second row for region 'us-west-2'"));
}

TEST(SnapshotYamlTest, RefusesEmptyAndNonMapDocuments) {
  EXPECT_EQ(load_error("").kind, ErrorKind::corrupt);
  EXPECT_EQ(load_error("# only a comment\n").kind, ErrorKind::corrupt);
  EXPECT_THAT(load_error("- a\n- b\n").message, HasSubstr("expected a map"));
  EXPECT_THAT(load_error(minimal_v2() + "---\nreport_date: x\n").message,
              HasSubstr("more than one YAML document"));
  EXPECT_EQ(load_error("schema_version: 0\nreport_date: x\n").kind, ErrorKind::corrupt);
  EXPECT_EQ(load_error("schema_version: 2\nreport_date: &d x\nruns: *d\n").message,
            "state/day.yaml: line 3, column 7: an alias (*d), which Boostburn never writes");
}

}  // namespace
}  // namespace boostburn
