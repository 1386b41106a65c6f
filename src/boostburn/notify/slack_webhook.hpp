// SlackWebhook: posts one message to a Slack incoming webhook.
//
// The webhook URL is a secret (anyone who has it can post to the channel): it
// never appears in a message, a log line or a file. Errors name the webhook
// by its last four characters only ("webhook ...x9Zq").
//
// Delivery: one POST of the JSON payload with a timeout. 429 waits for
// Retry-After (capped by the policy's max_delay), 5xx, timeouts and dropped
// connections are retried with full-jitter backoff (http/retry.hpp); any other
// answer but 200 fails at once with Slack's error code (invalid_payload,
// no_service, channel_not_found, ...) and what to do about it. Every failure
// is ErrorKind::service; a retry may deliver a message twice when Slack
// received it but its answer was lost, which is Slack's own retry semantics.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "boostburn/http/http_client.hpp"
#include "boostburn/http/retry.hpp"
#include "boostburn/util/result.hpp"

namespace boostburn {

struct SlackWebhookSettings {
  std::string url;  // a secret
  std::chrono::milliseconds timeout{10'000};
  RetryPolicy retry{5, std::chrono::milliseconds(500), std::chrono::milliseconds(60'000)};
};

// A usage error when `url` cannot be a webhook: not http(s), no host, or
// plain http to anything but loopback (the secret would cross the network in
// clear). The message never contains the URL.
Status check_webhook_url(std::string_view url);

// "webhook ...x9Zq": how messages name a webhook.
std::string describe_webhook(std::string_view url);

class SlackWebhook {
 public:
  // `http` must outlive the webhook. `hooks` replace sleeping and randomness
  // in tests; hooks.on_retry also tells the caller about each retry.
  SlackWebhook(HttpClient& http, SlackWebhookSettings settings, RetryHooks hooks = {});

  // Posts `payload` (a JSON object) and returns once Slack answered "ok".
  Status post(std::string_view payload) const;

 private:
  HttpClient& m_http;
  SlackWebhookSettings m_settings;
  RetryHooks m_hooks;
};

}  // namespace boostburn
