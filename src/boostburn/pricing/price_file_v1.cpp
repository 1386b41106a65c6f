// The original tool's price file (schema_version 1 or none), still accepted:
//
//   schema_version: 1            # optional
//   generated_at: '2026-02-01T23:18:20Z'   # optional
//   source: https://aws.amazon.com/bedrock/pricing/   # optional
//   rates:
//     us.anthropic.claude-opus-4-5-20251101-v1:
//       default:   {input_per_1k: 0.0055, output_per_1k: 0.0275, currency: USD}
//       us-west-2: {input_per_1k: 0.006, output_per_1k: 0.03}
//
// Without `rates`, the top-level mapping itself is the rates mapping (as the
// original read it). A model may also carry its rates directly, without the
// default/region level: `model: {input_per_1k: 0.003, output_per_1k: 0.015}`.
// Only input and output are priced: v1 has no cache or long-context rates, so
// cache tokens of these models are priced 0 and reported as partial.
#include <utility>

#include "boostburn/pricing/price_file_yaml.hpp"

namespace boostburn::price_file {
namespace {

constexpr std::string_view k_v1_rate_keys = "input_per_1k, output_per_1k, currency, effective_date";

bool is_rate_key(std::string_view key) {
  return key == "input_per_1k" || key == "output_per_1k" || key == "currency" ||
         key == "effective_date";
}

Result<RateCard> read_v1_rate(const Reader& reader, const Entry& block) {
  auto entries = reader.entries(block);
  if (!entries) {
    return tl::unexpected(entries.error());
  }
  RateCard card;
  bool has_input = false;
  bool has_output = false;
  for (const Entry& entry : *entries) {
    if (entry.key == "input_per_1k" || entry.key == "output_per_1k") {
      auto price = reader.price(entry, Unit::per_1k_tokens);
      if (!price) {
        return tl::unexpected(price.error());
      }
      const bool input = entry.key == "input_per_1k";
      (input ? card.standard.input : card.standard.output) = *price;
      (input ? has_input : has_output) = true;
    } else if (entry.key == "currency") {
      if (auto ok = reader.usd(entry); !ok) {
        return tl::unexpected(ok.error());
      }
    } else if (entry.key == "effective_date") {
      if (auto date = reader.text(entry); !date) {
        return tl::unexpected(date.error());
      }
    } else {
      return reader.fail_at(entry, "unknown key (a v1 price file allows " +
                                       std::string(k_v1_rate_keys) +
                                       "; for the v2 format set schema_version: 2)");
    }
  }
  if (!has_input || !has_output) {
    return reader.fail_at(block, std::string("missing the required rate \"") +
                                     (has_input ? "output_per_1k" : "input_per_1k") + "\"");
  }
  return card;
}

Result<ModelPricing> read_v1_model(const Reader& reader, const Entry& model) {
  auto entries = reader.entries(model);
  if (!entries) {
    return tl::unexpected(entries.error());
  }
  if (entries->empty()) {
    return reader.fail_at(model, "has no rates (give a \"default\" entry)");
  }
  ModelPricing pricing;
  // Flat form: the rates sit directly under the model.
  for (const Entry& entry : *entries) {
    if (is_rate_key(entry.key)) {
      auto card = read_v1_rate(reader, model);
      if (!card) {
        return tl::unexpected(card.error());
      }
      pricing.default_rates = *card;
      return pricing;
    }
  }
  for (const Entry& entry : *entries) {
    if (entry.key != "default" && !is_region_name(entry.key)) {
      return reader.fail_at(entry,
                            "unknown key (expected \"default\", an AWS region name such "
                            "as us-east-1, or input_per_1k/output_per_1k)");
    }
    auto card = read_v1_rate(reader, entry);
    if (!card) {
      return tl::unexpected(card.error());
    }
    if (entry.key == "default") {
      pricing.default_rates = *card;
    } else {
      pricing.by_region.emplace(entry.key, *card);
    }
  }
  return pricing;
}

}  // namespace

Result<PriceTable> parse_v1(const Reader& reader, const std::vector<Entry>& top) {
  PriceFileInfo info;
  info.source_name = reader.source();
  info.schema_version = 1;
  info.unit = "per_1k_tokens";
  const Entry* rates = nullptr;
  std::vector<const Entry*> top_level_models;
  for (const Entry& entry : top) {
    if (entry.key == "schema_version") {
      continue;  // checked by the caller
    }
    if (entry.key == "generated_at") {
      auto generated_at = reader.text(entry);
      if (!generated_at) {
        return tl::unexpected(generated_at.error());
      }
      info.updated = std::move(*generated_at);
    } else if (entry.key == "source") {
      auto source = reader.text(entry);
      if (!source) {
        return tl::unexpected(source.error());
      }
      info.sources = {std::move(*source)};
    } else if (entry.key == "rates") {
      rates = &entry;
    } else {
      top_level_models.push_back(&entry);
    }
  }
  std::vector<Entry> models;
  if (rates != nullptr) {
    if (!top_level_models.empty()) {
      return reader.fail_at(*top_level_models.front(),
                            "unknown key (a v1 price file has schema_version, generated_at, "
                            "source and rates; for the v2 format set schema_version: 2)");
    }
    auto entries = reader.entries(*rates);
    if (!entries) {
      return tl::unexpected(entries.error());
    }
    models = std::move(*entries);
  } else {
    for (const Entry* entry : top_level_models) {
      models.push_back(*entry);
    }
  }
  ModelCollector collector;
  for (const Entry& model : models) {
    auto pricing = read_v1_model(reader, model);
    if (!pricing) {
      return tl::unexpected(pricing.error());
    }
    if (auto ok = collector.add(reader, model, std::move(*pricing)); !ok) {
      return tl::unexpected(ok.error());
    }
  }
  return PriceTable(std::move(info), std::move(collector).take());
}

}  // namespace boostburn::price_file
