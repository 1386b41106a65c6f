// The daily report as a Slack message (incoming-webhook payload, JSON).
//
// Layout (docs/outputs.md): a header with the report date; the totals as
// fields (cost, requests, every token type, what caching saved, the change
// against the previous day when its snapshot exists); the top models,
// identities and regions by cost; then every warning, loudest first
// (UNPRICED MODELS DETECTED with the model ids and the price file to edit,
// partial pricing, records without token counts, malformed and invalid
// records, corrupt objects, verification errors); and a context line saying
// when, from how many runs and with which prices. A `text` fallback carries
// the date, the total cost and the warnings for notifications. Money and
// counts are formatted as in the text report (report/format.hpp). Lists are
// cut with "...and N more" to stay inside Slack's limits (slack_blocks.hpp).
// Pure; never fails.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "boostburn/metrics/priced_metrics.hpp"
#include "boostburn/report/slack_blocks.hpp"
#include "boostburn/report/snapshot.hpp"
#include "boostburn/report/text_report.hpp"

namespace boostburn {

// How many rows the "top" lists show.
inline constexpr std::size_t k_slack_top_rows = 5;

// The previous day's totals, for the change line.
struct DayTotals {
  std::string report_date;
  PricedCounters totals;
};

struct SlackReport {
  ReportContext context;  // price file and currency, as for the text report
  const Snapshot& snapshot;
  const PricedMetrics& priced;
  const std::vector<std::string>& verification_errors;
  std::optional<DayTotals> previous_day;
};

// The webhook payload for `report`, as pretty-printed JSON.
std::string render_slack_message(const SlackReport& report,
                                 const slack::Destination& destination);

// A short message for --test-slack: it says that the webhook works and what
// will be posted there.
std::string render_slack_test_message(std::string_view generated_at,
                                      const slack::Destination& destination);

}  // namespace boostburn
