#include "boostburn/ingest/record_reader.hpp"

#include <algorithm>
#include <optional>

#include "boostburn/ingest/body_usage.hpp"

namespace boostburn {
namespace {

namespace od = json::od;

// Calls on_field(key, value) for each field of `value` when it is an object;
// null is absent; any other type is a wrong type for `name`.
template <typename OnField>
simdjson::error_code for_each_field(od::value& value, std::string_view name, std::string& problem,
                                    OnField&& on_field) {
  od::json_type type{};
  SIMDJSON_TRY(value.type().get(type));
  if (type == od::json_type::null) {
    return simdjson::SUCCESS;
  }
  if (type != od::json_type::object) {
    problem = std::string(name) + ": expected an object, got " + std::string(json::type_name(type));
    return simdjson::INCORRECT_TYPE;
  }
  od::object object;
  SIMDJSON_TRY(value.get_object().get(object));
  return json::each_field(object, std::forward<OnField>(on_field));
}

// The timestamp is checked by the caller: a non-string is passed on as its
// raw JSON text so the caller can say what it was.
simdjson::error_code read_timestamp(od::value& value, std::string_view& out) {
  if (const std::optional<std::string_view> plain = json::plain_string(value)) {
    out = *plain;
    return simdjson::SUCCESS;
  }
  od::json_type type{};
  SIMDJSON_TRY(value.type().get(type));
  if (type == od::json_type::string) {
    return value.get_string().get(out);
  }
  if (type != od::json_type::null) {
    out = value.raw_json_token();
    while (!out.empty() &&
           (out.back() == ' ' || out.back() == '\n' || out.back() == '\r' || out.back() == '\t')) {
      out.remove_suffix(1);
    }
  }
  return simdjson::SUCCESS;
}

}  // namespace

simdjson::error_code read_record(od::object object, ParsedRecord& record, std::string& problem) {
  MetadataCounts metadata;
  BodyUsage body;
  SIMDJSON_TRY(json::each_field(object, [&](od::raw_json_string key, od::value& value) {
    if (key == record_keys::timestamp) {
      return read_timestamp(value, record.timestamp);
    }
    if (key == record_keys::request_id) {
      return json::read_string(value, "requestId", record.request_id, problem);
    }
    if (key == record_keys::region) {
      return json::read_string(value, "region", record.region, problem);
    }
    if (key == record_keys::model_id) {
      return json::read_string(value, "modelId", record.model_id, problem);
    }
    if (key == record_keys::identity) {
      return for_each_field(value, "identity", problem, [&](auto name, od::value& v) {
        return name == record_keys::arn
                   ? json::read_string(v, "identity.arn", record.identity_arn, problem)
                   : simdjson::SUCCESS;
      });
    }
    if (key == record_keys::input) {
      return for_each_field(value, "input", problem, [&](auto name, od::value& v) {
        if (name == record_keys::input_tokens) {
          return json::read_count(v, "input.inputTokenCount", metadata.input, problem);
        }
        if (name == record_keys::cache_read_tokens) {
          return json::read_count(v, "input.cacheReadInputTokenCount", metadata.cache_read,
                                  problem);
        }
        if (name == record_keys::cache_write_tokens) {
          return json::read_count(v, "input.cacheWriteInputTokenCount", metadata.cache_write,
                                  problem);
        }
        return simdjson::SUCCESS;
      });
    }
    if (key == record_keys::output) {
      return for_each_field(value, "output", problem, [&](auto name, od::value& v) {
        if (name == record_keys::output_tokens) {
          return json::read_count(v, "output.outputTokenCount", metadata.output, problem);
        }
        if (name == record_keys::output_body && body_may_matter(metadata)) {
          return read_body_usage(v, body);
        }
        return simdjson::SUCCESS;
      });
    }
    return simdjson::SUCCESS;
  }));
  const bool from_metadata = metadata.input || metadata.output;
  if (!from_metadata && body.problem) {
    problem = *body.problem;
    return simdjson::INCORRECT_TYPE;
  }
  choose_counts(metadata, body, record);
  return simdjson::SUCCESS;
}

void choose_counts(const MetadataCounts& metadata, const BodyUsage& body, ParsedRecord& record) {
  TokenCounts& tokens = record.tokens;
  if (metadata.input || metadata.output) {
    tokens.input_tokens = metadata.input.value_or(0);
    tokens.output_tokens = metadata.output.value_or(0);
    tokens.cache_read_input_tokens = metadata.cache_read.value_or(0);
    tokens.cache_write_input_tokens = metadata.cache_write.value_or(0);
  } else if (body.has_counts()) {
    tokens.input_tokens = body.input_tokens.value_or(0);
    tokens.output_tokens = body.output_tokens.value_or(0);
    tokens.cache_read_input_tokens = body.cache_read_input_tokens.value_or(0);
    tokens.cache_write_input_tokens = body.cache_write_input_tokens.value_or(0);
    record.counts_from_body = true;
  } else {
    record.missing_counts = true;
  }
  tokens.cache_write_1h_input_tokens =
      std::min(body.cache_write_1h_input_tokens.value_or(0), tokens.cache_write_input_tokens);
}

bool body_may_matter(const MetadataCounts& metadata) {
  return !(metadata.input || metadata.output) || metadata.cache_write.value_or(0) > 0;
}

}  // namespace boostburn
