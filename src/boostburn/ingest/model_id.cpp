#include "boostburn/ingest/model_id.hpp"

#include <array>

namespace boostburn {
namespace {

constexpr std::string_view k_whitespace = " \t\r\n\f\v";

// ARN resource types whose id after the '/' is a model id (or a system
// inference profile id, which is a scoped model id).
constexpr std::array<std::string_view, 2> k_model_resource_types = {
    "foundation-model/",
    "inference-profile/",
};

std::string_view trim(std::string_view text) {
  const std::size_t first = text.find_first_not_of(k_whitespace);
  if (first == std::string_view::npos) {
    return {};
  }
  const std::size_t last = text.find_last_not_of(k_whitespace);
  return text.substr(first, last - first + 1);
}

// "anthropic.claude-3-haiku-20240307-v1:0" -> "anthropic.claude-3-haiku-20240307-v1".
std::string_view drop_version_suffix(std::string_view model_id) {
  const std::size_t colon = model_id.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == model_id.size()) {
    return model_id;
  }
  for (const char c : model_id.substr(colon + 1)) {
    if (c < '0' || c > '9') {
      return model_id;
    }
  }
  return model_id.substr(0, colon);
}

// The resource part of a Bedrock ARN ("arn:<partition>:bedrock:<region>:
// <account>:<resource>"); empty when `text` is not one.
std::string_view bedrock_arn_resource(std::string_view text) {
  constexpr std::string_view k_arn_scheme = "arn:";
  if (text.substr(0, k_arn_scheme.size()) != k_arn_scheme) {
    return {};
  }
  std::array<std::string_view, 4> parts;  // partition, service, region, account
  std::size_t pos = k_arn_scheme.size();
  for (auto& part : parts) {
    const std::size_t colon = text.find(':', pos);
    if (colon == std::string_view::npos) {
      return {};
    }
    part = text.substr(pos, colon - pos);
    pos = colon + 1;
  }
  if (parts[0].substr(0, 3) != "aws" || parts[1] != "bedrock") {
    return {};
  }
  return text.substr(pos);
}

}  // namespace

std::string normalize_model_id(std::string_view raw) {
  const std::string_view trimmed = trim(raw);
  if (trimmed.empty()) {
    return std::string(k_unknown_model);
  }
  const std::string_view resource = bedrock_arn_resource(trimmed);
  if (resource.empty()) {
    return std::string(drop_version_suffix(trimmed));
  }
  for (const std::string_view type : k_model_resource_types) {
    if (resource.substr(0, type.size()) == type && resource.size() > type.size()) {
      return std::string(drop_version_suffix(resource.substr(type.size())));
    }
  }
  // Names no model (application inference profile, provisioned/custom/imported model, ...).
  return std::string(resource);
}

}  // namespace boostburn
