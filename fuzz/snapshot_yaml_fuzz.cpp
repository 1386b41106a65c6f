// Fuzzes parse_snapshot_yaml (schema v1 and v2) with arbitrary text.
//
// Invariants, beyond "no crash, no exception out, no leak, no UB":
//  - a refused file is ErrorKind::corrupt (or config, for "written by a newer
//    Boostburn") and names the file;
//  - a loaded snapshot, rendered (priced with a small fixed price table) and
//    parsed again, loads, and renders to the same bytes: nothing that the
//    file shows is lost or changed by a load;
//  - when its text is valid UTF-8 (the renderer replaces invalid bytes), the
//    reloaded snapshot equals the loaded one field by field.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "boostburn/pricing/apply_pricing.hpp"
#include "boostburn/pricing/price_table.hpp"
#include "boostburn/report/snapshot_yaml.hpp"
#include "boostburn/util/text.hpp"
#include "fuzz_check.hpp"
#include "fuzz_prices.hpp"

namespace boostburn {
namespace {

constexpr std::string_view k_source = "fuzz/bedrock-usage-2026-11-30.yaml";

// Prices for the models of the seed corpus, with a long-context tier and a
// region override, so that costs are rendered too.
constexpr std::string_view k_prices = R"(schema_version: 2
rates:
  anthropic.claude-3-haiku-20240307-v1:
    default: {input: 0.25, output: 1.25, cache_read: 0.03, cache_write: 0.30}
    eu-west-1: {input: 0.27, output: 1.35}
  us.anthropic.claude-sonnet-4-5-20250929-v1:
    default:
      input: 3.30
      output: 16.50
      cache_read: 0.33
      cache_write: 4.125
      cache_write_1h: 6.60
      long_context: {threshold_input_tokens: 200000, input: 6.60, output: 24.75}
  stability.sd3-large-v1: {billing: not_token_priced}
)";

const PriceTable& prices() {
  static const PriceTable table = fuzz::load_prices(k_prices);
  return table;
}

std::string render(const Snapshot& snapshot) {
  return render_snapshot_yaml(snapshot, apply_pricing(snapshot.usage, prices()), {});
}

bool valid_issues(const IssueList& list) {
  for (const RecordIssue& issue : list.items()) {
    for (const std::string* text :
         {&issue.region, &issue.object, &issue.request_id, &issue.detail}) {
      if (!is_valid_utf8(*text)) {
        return false;
      }
    }
  }
  return true;
}

bool all_text_valid_utf8(const Snapshot& s) {
  for (const std::string* text :
       {&s.report_date, &s.generated_at, &s.account_id, &s.request_ids.file}) {
    if (!is_valid_utf8(*text)) {
      return false;
    }
  }
  for (const auto& [key, counters] : s.usage.rows()) {
    if (!is_valid_utf8(key.region) || !is_valid_utf8(key.identity) ||
        !is_valid_utf8(key.model_id)) {
      return false;
    }
  }
  for (const auto& [region, objects] : s.sources) {
    if (!is_valid_utf8(region)) {
      return false;
    }
    for (const auto& [key, etag] : objects) {
      if (!is_valid_utf8(key) || !is_valid_utf8(etag)) {
        return false;
      }
    }
  }
  return valid_issues(s.warnings.malformed_records) && valid_issues(s.warnings.invalid_records) &&
         valid_issues(s.warnings.missing_token_counts) && valid_issues(s.warnings.corrupt_objects);
}

void check_same(const Snapshot& a, const Snapshot& b) {
  FUZZ_CHECK(a.report_date == b.report_date);
  FUZZ_CHECK(a.generated_at == b.generated_at);
  FUZZ_CHECK(a.runs == b.runs);
  FUZZ_CHECK(a.account_id == b.account_id);
  FUZZ_CHECK(a.usage.rows() == b.usage.rows());
  FUZZ_CHECK(a.warnings == b.warnings);
  FUZZ_CHECK(a.stats == b.stats);
  FUZZ_CHECK(a.sources == b.sources);
  FUZZ_CHECK(a.request_ids == b.request_ids);
}

}  // namespace
}  // namespace boostburn

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace boostburn;
  const auto loaded = parse_snapshot_yaml(fuzz::as_text(data, size), k_source);
  if (!loaded) {
    const Error& error = loaded.error();
    FUZZ_CHECK_MSG(error.kind == ErrorKind::corrupt ||
                       (error.kind == ErrorKind::config &&
                        error.message.find("newer Boostburn") != std::string::npos),
                   error.message);
    FUZZ_CHECK_MSG(error.message.rfind(k_source, 0) == 0, error.message);
    return 0;
  }
  const std::string text = render(*loaded);
  const auto reloaded = parse_snapshot_yaml(text, k_source);
  FUZZ_CHECK_MSG(reloaded.has_value(), (reloaded ? "" : reloaded.error().message + "\n") + text);
  const std::string again = render(*reloaded);
  FUZZ_CHECK_MSG(again == text, text + "\n---- rendered again ----\n" + again);
  if (all_text_valid_utf8(*loaded)) {
    check_same(*loaded, *reloaded);
  }
  return 0;
}
