#include "boostburn/workflow/slack_delivery.hpp"

#include <chrono>

#include <fmt/format.h>

#include "boostburn/notify/slack_webhook.hpp"
#include "boostburn/report/slack_message.hpp"
#include "boostburn/util/time.hpp"

namespace boostburn {

slack::Destination slack_destination(const RunOptions& options) {
  return {options.slack_channel, options.slack_username};
}

Status deliver_to_slack(const RunOptions& options, const Deps& deps, std::string_view payload) {
  SlackWebhookSettings settings;
  settings.url = options.slack_webhook_url;
  settings.timeout = std::chrono::seconds(options.slack_timeout_seconds);
  RetryHooks hooks;
  hooks.on_retry = [&deps, attempts = settings.retry.max_attempts](
                       int attempt, const std::string& reason, std::chrono::milliseconds delay) {
    fmt::print(deps.err, "slack: {}; retrying in {:.1f} s (attempt {} of {})\n", reason,
               static_cast<double>(delay.count()) / 1000.0, attempt + 1, attempts);
  };
  const std::unique_ptr<HttpClient> http = deps.make_http_client();
  if (auto posted = SlackWebhook(*http, settings, std::move(hooks)).post(payload); !posted) {
    return posted;
  }
  fmt::print(deps.err, "slack: posted to {}\n", describe_webhook(options.slack_webhook_url));
  return {};
}

ExitCode run_test_slack(const RunOptions& options, const Deps& deps) {
  if (options.slack_webhook_url.empty()) {
    fmt::print(deps.err, "boostburn: error: --test-slack needs a webhook: set SLACK_WEBHOOK_URL "
                         "(or --slack-webhook-url)\n");
    return ExitCode::usage;
  }
  if (auto usable = check_webhook_url(options.slack_webhook_url); !usable) {
    fmt::print(deps.err, "boostburn: error: {}\n", usable.error().message);
    return exit_code_for(usable.error().kind);
  }
  const std::string payload =
      render_slack_test_message(format_rfc3339(deps.now()), slack_destination(options));
  if (auto posted = deliver_to_slack(options, deps, payload); !posted) {
    fmt::print(deps.err, "boostburn: error: --test-slack: {}\n", posted.error().message);
    return exit_code_for(posted.error().kind);
  }
  return ExitCode::ok;
}

}  // namespace boostburn
