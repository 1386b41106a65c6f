// The model key that usage is aggregated and priced under.
//
// Pure and total: any input gives a key, never an error.
#pragma once

#include <string>
#include <string_view>

namespace boostburn {

// Model key used when a record names no model.
inline constexpr std::string_view k_unknown_model = "unknown";

// Normalises a record's `modelId` to the key the price file uses:
//  - surrounding whitespace is trimmed; empty -> "unknown";
//  - foundation-model and system inference-profile ARNs (any aws* partition)
//    are reduced to the id after the '/', keeping an inference-profile scope
//    such as `us.`, `eu.`, `apac.`, `global.`;
//  - a trailing `:N` version is dropped (`...-v1:0` -> `...-v1`);
//  - ARNs that name no model (application inference profiles, provisioned,
//    custom and imported models, prompt routers) keep their resource part,
//    e.g. `application-inference-profile/hq2of259skzs`: readable, and
//    unpriced unless the price file names it;
//  - anything else is kept as it is (after trimming).
// Examples:
//   anthropic.claude-3-haiku-20240307-v1:0 -> anthropic.claude-3-haiku-20240307-v1
//   arn:aws:bedrock:us-east-1:123456789012:inference-profile/global.anthropic.claude-opus-4-6-v1
//     -> global.anthropic.claude-opus-4-6-v1
std::string normalize_model_id(std::string_view raw);

}  // namespace boostburn
