#include "boostburn/aws/retry_policy.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "boostburn/aws/s3_xml.hpp"

namespace boostburn {
namespace {

constexpr std::array<std::string_view, 8> k_retryable_codes = {
    "SlowDown",   "RequestTimeout",      "InternalError",        "ServiceUnavailable",
    "Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequestsException",
};

std::string describe_response(const HttpResponse& response,
                              const std::optional<S3ErrorInfo>& error) {
  std::string text = fmt::format("HTTP {}", response.status);
  if (error) {
    text += " " + error->code;
    if (!error->message.empty()) {
      text += ": " + error->message;
    }
  } else if (auto type = response.header("x-amzn-ErrorType")) {
    text += " " + *type;
  }
  return text;
}

}  // namespace

RetryDecision classify_aws_result(const Result<HttpResponse>& result) {
  if (!result) {
    return result.error().kind == ErrorKind::service ? RetryDecision::again(result.error().message)
                                                     : RetryDecision::accept();
  }
  if (result->status < 400) {
    return RetryDecision::accept();
  }
  const auto error = parse_s3_error(result->body);
  std::string code = error ? error->code : result->header("x-amzn-ErrorType").value_or("");
  code = code.substr(0, code.find(':'));  // "ThrottlingException:http://..." form
  const bool retryable_code = std::find(k_retryable_codes.begin(), k_retryable_codes.end(), code) !=
                              k_retryable_codes.end();
  if (is_transient_http_status(result->status) || retryable_code) {
    return RetryDecision::again(describe_response(*result, error));
  }
  return RetryDecision::accept();
}

}  // namespace boostburn
