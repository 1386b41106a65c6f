#include "boostburn/notify/slack_webhook.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "boostburn/util/text.hpp"

namespace boostburn {
namespace {

constexpr std::size_t k_shown_characters = 4;
constexpr std::size_t k_max_error_text = 200;

struct Advice {
  std::string_view error;
  std::string_view what_to_do;
};

// Slack's documented webhook errors and what a user does about each.
constexpr std::array<Advice, 13> k_advice = {{
    {"invalid_payload", "Slack could not read the message; please report this Boostburn bug"},
    {"invalid_blocks", "Slack rejected the message layout; please report this Boostburn bug"},
    {"invalid_blocks_format", "Slack rejected the message layout; please report this Boostburn bug"},
    {"no_text", "Slack wants a text in the message; please report this Boostburn bug"},
    {"too_many_attachments", "the message is too large; please report this Boostburn bug"},
    {"no_service", "no such webhook (removed, or a wrong URL): check SLACK_WEBHOOK_URL"},
    {"no_service_id", "no such webhook (a wrong URL): check SLACK_WEBHOOK_URL"},
    {"no_team", "the webhook's workspace is gone: create a new webhook"},
    {"team_disabled", "the webhook's workspace is disabled: create a new webhook"},
    {"invalid_token", "the webhook is no longer valid: create a new one"},
    {"channel_not_found", "SLACK_CHANNEL names a channel this webhook cannot post to"},
    {"channel_is_archived", "the webhook's channel is archived: unarchive it or pick another"},
    {"action_prohibited", "a workspace admin restricted posting to this channel"},
}};

struct UrlParts {
  std::string_view scheme;
  std::string_view authority;
};

std::optional<UrlParts> split_url(std::string_view url) {
  const auto separator = url.find("://");
  if (separator == std::string_view::npos) {
    return std::nullopt;
  }
  const std::string_view rest = url.substr(separator + 3);
  return UrlParts{url.substr(0, separator), rest.substr(0, rest.find_first_of("/?#"))};
}

bool is_loopback(std::string_view authority) {
  std::string_view host = authority;
  if (host.starts_with('[')) {
    host = host.substr(0, host.find(']') + 1);
  } else {
    host = host.substr(0, host.find(':'));
  }
  return host == "127.0.0.1" || ascii_iequals(host, "localhost") || host == "[::1]";
}

// The parts of a webhook URL that must never be shown: its path, and the
// path's last segment (the token) on its own.
std::vector<std::string_view> secret_parts(std::string_view url) {
  const auto scheme = url.find("://");
  const auto path = url.find('/', scheme == std::string_view::npos ? 0 : scheme + 3);
  if (path == std::string_view::npos) {
    return {url};
  }
  const std::string_view whole = url.substr(path);
  const std::string_view token = whole.substr(whole.rfind('/') + 1);
  if (token.size() >= 8) {
    return {whole, token};
  }
  return {whole};
}

// Slack's answer as it may be shown: printable ASCII, bounded, and without
// the webhook (an echoing proxy could put the URL in its body).
std::string shown_answer(std::string_view body, std::string_view url) {
  std::string text(body);
  for (const std::string_view secret : secret_parts(url)) {
    for (auto at = text.find(secret); !secret.empty() && at != std::string::npos;
         at = text.find(secret)) {
      text.replace(at, secret.size(), "...");
    }
  }
  const bool cut = text.size() > k_max_error_text;
  text.resize(std::min(text.size(), k_max_error_text));
  for (char& c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x7f) {
      c = ' ';
    }
  }
  while (!text.empty() && text.back() == ' ') {
    text.pop_back();
  }
  if (cut) {
    text += "...";
  }
  return text.empty() ? "(no body)" : text;
}

std::string describe_answer(const HttpResponse& response, std::string_view url) {
  const std::string answer = shown_answer(response.body, url);
  std::string text = fmt::format("HTTP {} {}", response.status, answer);
  const auto advice = std::find_if(k_advice.begin(), k_advice.end(),
                                   [&](const Advice& a) { return a.error == answer; });
  if (advice != k_advice.end()) {
    text += fmt::format(" ({})", advice->what_to_do);
  } else if (response.status == 404) {
    text += " (no such webhook: check SLACK_WEBHOOK_URL)";
  }
  return text;
}

}  // namespace

Status check_webhook_url(std::string_view url) {
  const auto parts = split_url(url);
  if (!parts || !(parts->scheme == "https" || parts->scheme == "http")) {
    return fail(ErrorKind::usage, "SLACK_WEBHOOK_URL must be an https:// URL");
  }
  if (parts->authority.empty() || parts->authority.find('@') != std::string_view::npos) {
    return fail(ErrorKind::usage, "SLACK_WEBHOOK_URL must be https://<host>/<path>, without "
                                  "user information");
  }
  if (parts->scheme == "http" && !is_loopback(parts->authority)) {
    return fail(ErrorKind::usage, "SLACK_WEBHOOK_URL must use https:// (plain http would send "
                                  "the webhook's secret in clear; only loopback may use it)");
  }
  return {};
}

std::string describe_webhook(std::string_view url) {
  if (url.size() <= k_shown_characters * 4) {
    return "webhook ...";  // too short to show any of it safely
  }
  return fmt::format("webhook ...{}", url.substr(url.size() - k_shown_characters));
}

SlackWebhook::SlackWebhook(HttpClient& http, SlackWebhookSettings settings, RetryHooks hooks)
    : m_http(http), m_settings(std::move(settings)), m_hooks(std::move(hooks)) {}

Status SlackWebhook::post(std::string_view payload) const {
  if (auto usable = check_webhook_url(m_settings.url); !usable) {
    return usable;
  }
  const std::string shown = describe_webhook(m_settings.url);
  const auto build = [&]() -> Result<HttpRequest> {
    HttpRequest request;
    request.method = "POST";
    request.url = m_settings.url;
    request.shown_url = "Slack " + shown;
    request.headers = {{"Content-Type", "application/json; charset=utf-8"}};
    request.body = std::string(payload);
    request.timeout = m_settings.timeout;
    return request;
  };
  const auto classify = [&](const Result<HttpResponse>& result) {
    if (!result) {
      return result.error().kind == ErrorKind::service ? RetryDecision::again(result.error().message)
                                                       : RetryDecision::accept();
    }
    if (is_transient_http_status(result->status) || result->status >= 500) {
      return RetryDecision::again(
          fmt::format("Slack {} answered {}", shown, describe_answer(*result, m_settings.url)));
    }
    return RetryDecision::accept();
  };
  auto result = send_with_retries(m_http, build, m_settings.retry, classify, m_hooks);
  if (!result) {
    return tl::unexpected(result.error());
  }
  if (result->status != 200) {
    return fail(ErrorKind::service, fmt::format("Slack {} answered {}", shown,
                                                describe_answer(*result, m_settings.url)));
  }
  return {};
}

}  // namespace boostburn
