// The AWS retry classification: which S3/STS/credential-endpoint results are
// worth another attempt. The retry loop itself is generic (http/retry.hpp).
#pragma once

#include "boostburn/http/http_client.hpp"
#include "boostburn/http/retry.hpp"
#include "boostburn/util/result.hpp"

namespace boostburn {

// The usual AWS classification: retry transport failures (ErrorKind::service
// from the HttpClient), HTTP 429/500/502/503/504, and any 4xx/5xx whose error
// code (XML <Code> or the x-amzn-ErrorType header) is SlowDown, RequestTimeout,
// InternalError, ServiceUnavailable, Throttling, ThrottlingException,
// RequestLimitExceeded or TooManyRequestsException. Everything else
// (successes, other 4xx, non-transport errors) is final.
RetryDecision classify_aws_result(const Result<HttpResponse>& result);

}  // namespace boostburn
