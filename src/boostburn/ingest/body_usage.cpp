#include "boostburn/ingest/body_usage.hpp"

#include <array>
#include <utility>

namespace boostburn {
namespace {

namespace od = json::od;

using Count = std::optional<std::uint64_t> BodyUsage::*;

struct CountField {
  std::string_view key;
  Count member;
};

// `usage` objects: Converse names and Anthropic-native names.
constexpr std::array<CountField, 8> k_usage_fields = {{
    {"inputTokens", &BodyUsage::input_tokens},
    {"input_tokens", &BodyUsage::input_tokens},
    {"outputTokens", &BodyUsage::output_tokens},
    {"output_tokens", &BodyUsage::output_tokens},
    {"cacheReadInputTokens", &BodyUsage::cache_read_input_tokens},
    {"cache_read_input_tokens", &BodyUsage::cache_read_input_tokens},
    {"cacheWriteInputTokens", &BodyUsage::cache_write_input_tokens},
    {"cache_creation_input_tokens", &BodyUsage::cache_write_input_tokens},
}};

// `amazon-bedrock-invocationMetrics`, the last event of a stream.
constexpr std::array<CountField, 4> k_metrics_fields = {{
    {"inputTokenCount", &BodyUsage::input_tokens},
    {"outputTokenCount", &BodyUsage::output_tokens},
    {"cacheReadInputTokenCount", &BodyUsage::cache_read_input_tokens},
    {"cacheWriteInputTokenCount", &BodyUsage::cache_write_input_tokens},
}};

// Reads a count; a wrong type is kept as usage.problem (the first one) and
// the count stays as it was.
simdjson::error_code read_body_count(od::value& value, std::string_view context,
                                     std::string_view key, std::optional<std::uint64_t>& out,
                                     BodyUsage& usage) {
  std::optional<std::uint64_t> count;
  std::string problem;
  const auto error = json::read_count(value, key, count, problem);
  if (error == simdjson::INCORRECT_TYPE && !problem.empty()) {
    if (!usage.problem) {
      usage.problem = "output.outputBodyJson " + std::string(context) + "." + problem;
    }
    return simdjson::SUCCESS;
  }
  if (error) {
    return error;
  }
  if (count) {
    out = count;
  }
  return simdjson::SUCCESS;
}

// `value` as an object, or ok() == false when it is some other type.
simdjson::error_code as_object(od::value& value, od::object& object, bool& ok) {
  od::json_type type{};
  SIMDJSON_TRY(value.type().get(type));
  ok = type == od::json_type::object;
  return ok ? value.get_object().get(object) : simdjson::SUCCESS;
}

template <std::size_t N>
simdjson::error_code read_counts(od::value& value, std::string_view context,
                                 const std::array<CountField, N>& fields, BodyUsage& usage) {
  od::object object;
  bool is_object = false;
  SIMDJSON_TRY(as_object(value, object, is_object));
  if (!is_object) {
    return simdjson::SUCCESS;
  }
  return json::each_field(object, [&](od::raw_json_string key, od::value& field) {
    for (const CountField& entry : fields) {
      if (key == entry.key) {
        return read_body_count(field, context, entry.key, usage.*entry.member, usage);
      }
    }
    return simdjson::SUCCESS;
  });
}

// Converse `cacheDetails: [{ttl: "5m"|"1h", inputTokens}]`: the 1-hour part.
simdjson::error_code read_cache_details(od::value& value, BodyUsage& usage) {
  od::json_type type{};
  SIMDJSON_TRY(value.type().get(type));
  if (type != od::json_type::array) {
    return simdjson::SUCCESS;
  }
  od::array details;
  SIMDJSON_TRY(value.get_array().get(details));
  std::uint64_t one_hour = 0;
  SIMDJSON_TRY(json::each_element(details, [&](od::value& element) {
    od::object detail;
    bool is_object = false;
    SIMDJSON_TRY(as_object(element, detail, is_object));
    if (!is_object) {
      return simdjson::SUCCESS;
    }
    bool is_one_hour = false;
    BodyUsage tokens;  // inputTokens of this entry, read like any count
    SIMDJSON_TRY(json::each_field(detail, [&](od::raw_json_string key, od::value& field) {
      if (key == "ttl") {
        std::string_view ttl;
        if (field.get_string().get(ttl) == simdjson::SUCCESS) {
          is_one_hour = ttl == "1h";
        }
      } else if (key == "inputTokens") {
        return read_body_count(field, "usage.cacheDetails", "inputTokens", tokens.input_tokens,
                               usage);
      }
      return simdjson::SUCCESS;
    }));
    if (is_one_hour) {
      one_hour += tokens.input_tokens.value_or(0);
    }
    return simdjson::SUCCESS;
  }));
  usage.cache_write_1h_input_tokens = one_hour;
  return simdjson::SUCCESS;
}

// A `usage` object in either naming.
simdjson::error_code read_usage(od::value& value, BodyUsage& usage) {
  od::object object;
  bool is_object = false;
  SIMDJSON_TRY(as_object(value, object, is_object));
  if (!is_object) {
    return simdjson::SUCCESS;
  }
  return json::each_field(object, [&](od::raw_json_string key, od::value& field) {
    if (key == "cacheDetails") {
      return read_cache_details(field, usage);
    }
    if (key == "cache_creation") {
      // Anthropic: {ephemeral_5m_input_tokens, ephemeral_1h_input_tokens}.
      static constexpr std::array<CountField, 1> k_one_hour = {
          {{"ephemeral_1h_input_tokens", &BodyUsage::cache_write_1h_input_tokens}}};
      return read_counts(field, "usage.cache_creation", k_one_hour, usage);
    }
    for (const CountField& entry : k_usage_fields) {
      if (key == entry.key) {
        return read_body_count(field, "usage", entry.key, usage.*entry.member, usage);
      }
    }
    return simdjson::SUCCESS;
  });
}

// {usage: {...}} one level down: Anthropic message_start {message: {usage}},
// Converse stream {metadata: {usage}}.
simdjson::error_code read_nested_usage(od::value& value, BodyUsage& usage) {
  od::object object;
  bool is_object = false;
  SIMDJSON_TRY(as_object(value, object, is_object));
  if (!is_object) {
    return simdjson::SUCCESS;
  }
  return json::each_field(object, [&](od::raw_json_string key, od::value& field) {
    return key == "usage" ? read_usage(field, usage) : simdjson::SUCCESS;
  });
}

// One body object or one stream event.
simdjson::error_code read_event(od::value& value, BodyUsage& events, BodyUsage& metrics) {
  od::object object;
  bool is_object = false;
  SIMDJSON_TRY(as_object(value, object, is_object));
  if (!is_object) {
    return simdjson::SUCCESS;
  }
  return json::each_field(object, [&](od::raw_json_string key, od::value& field) {
    if (key == "usage") {
      return read_usage(field, events);
    }
    if (key == "message" || key == "metadata") {
      return read_nested_usage(field, events);
    }
    if (key == "amazon-bedrock-invocationMetrics") {
      return read_counts(field, "amazon-bedrock-invocationMetrics", k_metrics_fields, metrics);
    }
    return simdjson::SUCCESS;
  });
}

void override_with(std::optional<std::uint64_t>& target, const std::optional<std::uint64_t>& v) {
  if (v) {
    target = v;
  }
}

}  // namespace

simdjson::error_code read_body_usage(od::value& body, BodyUsage& usage) {
  od::json_type type{};
  SIMDJSON_TRY(body.type().get(type));
  BodyUsage metrics;
  if (type == od::json_type::object) {
    SIMDJSON_TRY(read_event(body, usage, metrics));
  } else if (type == od::json_type::array) {
    od::array events;
    SIMDJSON_TRY(body.get_array().get(events));
    SIMDJSON_TRY(json::each_element(
        events, [&](od::value& event) { return read_event(event, usage, metrics); }));
  }
  // Bedrock's own measurement wins over the model's events.
  override_with(usage.input_tokens, metrics.input_tokens);
  override_with(usage.output_tokens, metrics.output_tokens);
  override_with(usage.cache_read_input_tokens, metrics.cache_read_input_tokens);
  override_with(usage.cache_write_input_tokens, metrics.cache_write_input_tokens);
  if (!usage.problem) {
    usage.problem = std::move(metrics.problem);
  }
  return simdjson::SUCCESS;
}

}  // namespace boostburn
