// A minimal STS client for the credential chain: AssumeRole (SigV4-signed,
// service "sts") and AssumeRoleWithWebIdentity (unsigned), both as form POSTs
// answered with XML.
//
// Endpoint: AWS_ENDPOINT_URL_STS, else AWS_ENDPOINT_URL, else
// https://sts.<region>.amazonaws.com. Region: AWS_REGION, else
// AWS_DEFAULT_REGION, else the profile's `region`, else us-east-1 (the AWS
// CLI's precedence). Transport failures, 5xx and throttling are retried
// (context.endpoint_retry). Errors are ErrorKind::service and read like
//   "AssumeRole arn:aws:iam::1:role/r via https://sts.us-east-1.amazonaws.com:
//    HTTP 403 AccessDenied: User ... is not authorized to perform: sts:AssumeRole"
// with the STS error code and message; secrets and tokens are never included.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "boostburn/aws/credential_sources.hpp"
#include "boostburn/aws/credentials.hpp"
#include "boostburn/util/result.hpp"

namespace boostburn {

struct StsEndpoint {
  std::string url;     // without a trailing '/', e.g. "https://sts.eu-west-1.amazonaws.com"
  std::string region;  // signing region
};

StsEndpoint resolve_sts_endpoint(const CredentialContext& context,
                                 const std::optional<std::string>& profile_region);

struct AssumeRoleParams {
  std::string role_arn;
  std::string session_name;
  std::string external_id;              // sent when not empty
  std::optional<int> duration_seconds;  // sent when set
};

Result<AwsCredentials> sts_assume_role(const CredentialContext& context,
                                       const StsEndpoint& endpoint, const AwsCredentials& source,
                                       const AssumeRoleParams& params);

// `params.external_id` is ignored; `token` is the web identity token (JWT).
Result<AwsCredentials> sts_assume_role_with_web_identity(const CredentialContext& context,
                                                         const StsEndpoint& endpoint,
                                                         const AssumeRoleParams& params,
                                                         const std::string& token);

// Reads the token file afresh and calls AssumeRoleWithWebIdentity: the
// profile and environment web identity sources share it. A missing or empty
// token file is an ErrorKind::config error naming the file.
Result<AwsCredentials> assume_role_with_token_file(const CredentialContext& context,
                                                   const StsEndpoint& endpoint,
                                                   const AssumeRoleParams& params,
                                                   const std::string& token_file);

// Credentials from an STS answer to `action` ("AssumeRole", ...): the
// <action>Result/Credentials of a 200, else the code and message of the
// error document's <Error> (or the bare status when there is none).
Result<AwsCredentials> parse_sts_response(long status, std::string_view body,
                                          std::string_view action);

// "boostburn-<epoch seconds>", the default role session name.
std::string default_session_name(std::int64_t now);

}  // namespace boostburn
