// Internal to ingest: token usage found in a response body (output.outputBodyJson).
//
// The body's shape is recognised from the body itself, never from the
// record's `operation`:
//  - Converse:         {usage: {inputTokens, outputTokens, cacheReadInputTokens,
//                        cacheWriteInputTokens, cacheDetails: [{ttl: "5m"|"1h", inputTokens}]}}
//  - Anthropic native: {usage: {input_tokens, output_tokens, cache_read_input_tokens,
//                        cache_creation_input_tokens,
//                        cache_creation: {ephemeral_5m_input_tokens, ephemeral_1h_input_tokens}}}
//  - a stream (array of events): Anthropic message_start {message: {usage}} and
//    message_delta {usage} events (later values win), Converse stream
//    {metadata: {usage}}, and `amazon-bedrock-invocationMetrics` {inputTokenCount,
//    outputTokenCount, cacheReadInputTokenCount, cacheWriteInputTokenCount},
//    which wins over the events for those four counts.
// The body is the only place a 1-hour cache write shows.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "boostburn/ingest/json_values.hpp"

namespace boostburn {

struct BodyUsage {
  std::optional<std::uint64_t> input_tokens;
  std::optional<std::uint64_t> output_tokens;
  std::optional<std::uint64_t> cache_read_input_tokens;
  std::optional<std::uint64_t> cache_write_input_tokens;
  std::optional<std::uint64_t> cache_write_1h_input_tokens;
  // The first token field of the wrong type, e.g. "... usage.input_tokens:
  // expected ..."; that field is left absent. Matters only if the body is
  // where the counts have to come from.
  std::optional<std::string> problem;

  [[nodiscard]] bool has_counts() const {
    return input_tokens || output_tokens || cache_read_input_tokens || cache_write_input_tokens;
  }
};

// Reads `body` (any JSON value; shapes it does not know give no counts).
// Returns a simdjson error only for JSON that cannot be read at all.
simdjson::error_code read_body_usage(json::od::value& body, BodyUsage& usage);

}  // namespace boostburn
