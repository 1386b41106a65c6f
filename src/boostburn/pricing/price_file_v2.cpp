// The v2 price file (schema_version: 2); docs/pricing.md is the reference.
#include <optional>
#include <utility>

#include "boostburn/pricing/price_file_yaml.hpp"

namespace boostburn::price_file {
namespace {

constexpr std::string_view k_rate_keys =
    "input, output, cache_read, cache_write, cache_write_1h, long_context";
constexpr std::string_view k_long_context_keys =
    "threshold_input_tokens, input, output, cache_read, cache_write, cache_write_1h";
constexpr std::string_view k_not_token_priced = "not_token_priced";

// The slot a rate key fills, or null for a key that is not a rate.
PricePerMillion* required_rate(TokenRates& rates, std::string_view key) {
  if (key == "input") {
    return &rates.input;
  }
  if (key == "output") {
    return &rates.output;
  }
  return nullptr;
}

std::optional<PricePerMillion>* optional_rate(TokenRates& rates, std::string_view key) {
  if (key == "cache_read") {
    return &rates.cache_read;
  }
  if (key == "cache_write") {
    return &rates.cache_write;
  }
  if (key == "cache_write_1h") {
    return &rates.cache_write_1h;
  }
  return nullptr;
}

// Fills one rate of `rates` from `entry`; false when entry.key is not a rate.
Result<bool> read_rate(const Reader& reader, const Entry& entry, Unit unit, TokenRates& rates) {
  PricePerMillion* required = required_rate(rates, entry.key);
  std::optional<PricePerMillion>* optional = optional_rate(rates, entry.key);
  if (required == nullptr && optional == nullptr) {
    return false;
  }
  auto price = reader.price(entry, unit);
  if (!price) {
    return tl::unexpected(price.error());
  }
  if (required != nullptr) {
    *required = *price;
  } else {
    *optional = *price;
  }
  return true;
}

Status require_input_and_output(const Reader& reader, const Entry& block,
                                const std::vector<Entry>& entries) {
  for (const std::string_view key : {"input", "output"}) {
    bool found = false;
    for (const Entry& entry : entries) {
      found = found || entry.key == key;
    }
    if (!found) {
      return reader.fail_at(block, "missing the required rate \"" + std::string(key) + "\"");
    }
  }
  return {};
}

Result<LongContextRates> read_long_context(const Reader& reader, const Entry& block, Unit unit) {
  auto entries = reader.entries(block);
  if (!entries) {
    return tl::unexpected(entries.error());
  }
  LongContextRates out;
  bool has_threshold = false;
  for (const Entry& entry : *entries) {
    if (entry.key == "threshold_input_tokens") {
      auto threshold = reader.positive_integer(entry);
      if (!threshold) {
        return tl::unexpected(threshold.error());
      }
      out.threshold_input_tokens = *threshold;
      has_threshold = true;
      continue;
    }
    auto known = read_rate(reader, entry, unit, out.rates);
    if (!known) {
      return tl::unexpected(known.error());
    }
    if (!*known) {
      return reader.fail_at(entry,
                            "unknown key (expected " + std::string(k_long_context_keys) + ")");
    }
  }
  if (!has_threshold) {
    return reader.fail_at(block,
                          "missing \"threshold_input_tokens\" (the input size above which "
                          "the long-context rates apply)");
  }
  if (auto ok = require_input_and_output(reader, block, *entries); !ok) {
    return tl::unexpected(ok.error());
  }
  return out;
}

// Free-text keys a rate card may carry for people; never prices.
bool is_rate_metadata(std::string_view key) {
  return key == "effective_date" || key == "note" || key == "notes" || key == "source";
}

Result<RateCard> read_rate_card(const Reader& reader, const Entry& block, Unit unit) {
  auto entries = reader.entries(block);
  if (!entries) {
    return tl::unexpected(entries.error());
  }
  RateCard card;
  for (const Entry& entry : *entries) {
    if (entry.key == "long_context") {
      auto long_context = read_long_context(reader, entry, unit);
      if (!long_context) {
        return tl::unexpected(long_context.error());
      }
      card.long_context = *long_context;
      continue;
    }
    if (entry.key == "currency") {  // per-entry currency, as the original tool wrote it
      if (auto ok = reader.usd(entry); !ok) {
        return tl::unexpected(ok.error());
      }
      continue;
    }
    if (is_rate_metadata(entry.key)) {
      continue;
    }
    auto known = read_rate(reader, entry, unit, card.standard);
    if (!known) {
      return tl::unexpected(known.error());
    }
    if (!*known) {
      return reader.fail_at(entry, "unknown key (expected " + std::string(k_rate_keys) + ")");
    }
  }
  if (auto ok = require_input_and_output(reader, block, *entries); !ok) {
    return tl::unexpected(ok.error());
  }
  return card;
}

Result<ModelPricing> read_model(const Reader& reader, const Entry& model, Unit unit) {
  auto entries = reader.entries(model);
  if (!entries) {
    return tl::unexpected(entries.error());
  }
  if (entries->empty()) {
    return reader.fail_at(model, "has no rates (give a \"default\" entry)");
  }
  ModelPricing pricing;
  for (const Entry& entry : *entries) {
    if (entry.key == "billing") {
      auto billing = reader.text(entry);
      if (!billing) {
        return tl::unexpected(billing.error());
      }
      if (*billing != k_not_token_priced) {
        return reader.fail_at(entry, "\"" + *billing +
                                         "\" is not a known billing kind (the only one is "
                                         "not_token_priced)");
      }
      if (entries->size() > 1) {
        return reader.fail_at(entry, "billing: not_token_priced cannot be combined with rates");
      }
      pricing.not_token_priced = true;
      continue;
    }
    if (entry.key != "default" && !is_region_name(entry.key)) {
      return reader.fail_at(entry,
                            "unknown key (expected \"default\", \"billing\" or an AWS "
                            "region name such as us-east-1)");
    }
    auto card = read_rate_card(reader, entry, unit);
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

Result<PriceTable> parse_v2(const Reader& reader, const std::vector<Entry>& top) {
  PriceFileInfo info;
  info.source_name = reader.source();
  info.schema_version = 2;
  const Entry* rates = nullptr;
  bool has_unit = false;
  for (const Entry& entry : top) {
    if (entry.key == "schema_version") {
      continue;  // checked by the caller
    }
    if (entry.key == "unit") {
      auto unit = reader.text(entry);
      if (!unit) {
        return tl::unexpected(unit.error());
      }
      if (*unit != "per_1m_tokens" && *unit != "per_1k_tokens") {
        return reader.fail_at(entry, "\"" + *unit +
                                         "\" is not a known unit (use per_1m_tokens or "
                                         "per_1k_tokens)");
      }
      info.unit = *unit;
      has_unit = true;
    } else if (entry.key == "currency") {
      if (auto ok = reader.usd(entry); !ok) {
        return tl::unexpected(ok.error());
      }
    } else if (entry.key == "sources") {
      if (auto sources = reader.text_list(entry); sources) {
        info.sources = std::move(*sources);
      }
    } else if (entry.key == "updated") {
      if (auto updated = reader.text(entry); updated) {
        info.updated = std::move(*updated);
      }
    } else if (entry.key == "rates") {
      rates = &entry;
    }
    // Any other top-level key (source, generated_at, notes, ...) is metadata
    // for people; a misspelt `rates` still fails below as missing.
  }
  const Line start = top.empty() ? Line() : Line(top.front().line);
  if (!has_unit) {
    info.unit = "per_1m_tokens";  // the v2 default
  }
  if (rates == nullptr) {
    return reader.fail_at(start, "", "missing \"rates\"");
  }
  const Unit unit = info.unit == "per_1k_tokens" ? Unit::per_1k_tokens : Unit::per_1m_tokens;
  auto models = reader.entries(*rates);
  if (!models) {
    return tl::unexpected(models.error());
  }
  ModelCollector collector;
  for (const Entry& model : *models) {
    auto pricing = read_model(reader, model, unit);
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
