// Where the container and EC2 instance metadata credential endpoints are
// (the sources themselves are made in credential_sources.hpp).
#pragma once

#include <optional>
#include <string>

#include "boostburn/aws/credential_sources.hpp"
#include "boostburn/util/result.hpp"

namespace boostburn {

inline constexpr std::string_view k_container_host = "http://169.254.170.2";
inline constexpr std::string_view k_instance_metadata_endpoint = "http://169.254.169.254";

// The container credentials URL: http://169.254.170.2 + AWS_CONTAINER_CREDENTIALS_RELATIVE_URI
// if set, else AWS_CONTAINER_CREDENTIALS_FULL_URI, which must be https, or
// http to a loopback address (127.0.0.0/8, ::1, localhost) or to the ECS /
// EKS Pod Identity agents (169.254.170.2, 169.254.170.23, fd00:ec2::23).
// nullopt when neither is set; ErrorKind::config for a FULL_URI not allowed.
Result<std::optional<std::string>> container_credentials_url(const CredentialContext& context);

// AWS_EC2_METADATA_SERVICE_ENDPOINT, else http://[fd00:ec2::254] when
// AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE is IPv6, else http://169.254.169.254;
// never with a trailing '/'.
std::string instance_metadata_endpoint(const CredentialContext& context);

}  // namespace boostburn
