// Posting to Slack from a run: the webhook settings from RunOptions, retry
// notes on stderr, and the one place both post_report and --test-slack go
// through.
#pragma once

#include <string_view>

#include "boostburn/config/run_options.hpp"
#include "boostburn/report/slack_blocks.hpp"
#include "boostburn/util/result.hpp"
#include "boostburn/workflow/deps.hpp"

namespace boostburn {

// The channel and user name overrides from the options.
slack::Destination slack_destination(const RunOptions& options);

// Posts `payload` to options.slack_webhook_url (which must be set), printing
// a note on deps.err for each retry and one when it was delivered. Failures
// are ErrorKind::service and never contain the webhook URL.
Status deliver_to_slack(const RunOptions& options, const Deps& deps, std::string_view payload);

// --test-slack: posts a test message and says how it went; exit 0 when Slack
// accepted it, 2 without a webhook URL or with an unusable one, 4 when Slack
// refused it or could not be reached.
ExitCode run_test_slack(const RunOptions& options, const Deps& deps);

}  // namespace boostburn
