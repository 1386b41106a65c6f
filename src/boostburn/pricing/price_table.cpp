#include "boostburn/pricing/price_table.hpp"

#include <system_error>
#include <utility>

#include <fmt/format.h>

#include "boostburn/pricing/price_file_yaml.hpp"
#include "boostburn/util/atomic_file.hpp"
#include "boostburn/util/nesting_guard.hpp"
#include "boostburn/yaml/yaml_tree.hpp"

namespace boostburn {

PriceTable::PriceTable(PriceFileInfo info, Models models)
    : m_info(std::move(info)), m_models(std::move(models)) {}

const RateCard* PriceTable::rates_for(std::string_view model_id, std::string_view region) const {
  const auto model = m_models.find(model_id);
  if (model == m_models.end()) {
    return nullptr;
  }
  const ModelPricing& pricing = model->second;
  if (const auto regional = pricing.by_region.find(region); regional != pricing.by_region.end()) {
    return &regional->second;
  }
  return pricing.default_rates ? &*pricing.default_rates : nullptr;
}

bool PriceTable::is_not_token_priced(std::string_view model_id) const {
  const auto model = m_models.find(model_id);
  return model != m_models.end() && model->second.not_token_priced;
}

std::optional<std::uint64_t> PriceTable::long_context_threshold(std::string_view region,
                                                                std::string_view model_id) const {
  const RateCard* card = rates_for(model_id, region);
  if (card == nullptr || !card->long_context) {
    return std::nullopt;
  }
  return card->long_context->threshold_input_tokens;
}

namespace {

Result<PriceTable> parse_document(const YamlNode& document, std::string_view source_name) {
  const price_file::Reader reader(source_name);
  if (document.is_null()) {
    return reader.fail_at(price_file::Line(), "", "the price file is empty");
  }
  auto top = reader.entries(document, document.line(), "");
  if (!top) {
    return tl::unexpected(top.error());
  }
  int schema_version = 1;  // the original's files often carry none
  for (const price_file::Entry& entry : *top) {
    if (entry.key != "schema_version") {
      continue;
    }
    auto text = reader.text(entry);
    if (!text) {
      return tl::unexpected(text.error());
    }
    if (*text != "1" && *text != "2") {
      return reader.fail_at(entry, "\"" + *text +
                                       "\" is not supported (this version reads price files "
                                       "with schema_version 1 and 2)");
    }
    schema_version = *text == "2" ? 2 : 1;
  }
  return schema_version == 2 ? price_file::parse_v2(reader, *top)
                             : price_file::parse_v1(reader, *top);
}

}  // namespace

Result<PriceTable> load_price_text(std::string_view text, std::string_view source_name) {
  if (const auto problem = yaml_nesting_problem(text, k_config_file_limits)) {
    return fail(ErrorKind::config, fmt::format("{}: {}; not a price file", source_name, *problem));
  }
  try {
    const YamlTree documents = parse_yaml_tree(text, YamlAliases::expanded);
    if (documents.several) {
      return fail(
          ErrorKind::config,
          fmt::format("{}:{}: holds more than one YAML document; a price file is one document",
                      source_name, documents.second_start_line + 1));
    }
    return parse_document(documents.root, source_name);
  } catch (const YamlSyntaxError& error) {
    return fail(ErrorKind::config, fmt::format("{}:{}: invalid YAML: {}", source_name,
                                               error.line() + 1, error.what()));
  } catch (const std::exception& error) {
    return fail(ErrorKind::config,
                fmt::format("{}: cannot read the price file: {}", source_name, error.what()));
  }
}

Result<PriceTable> load_price_file(const std::filesystem::path& path) {
  const std::string name = path.string();
  std::error_code ignored;
  if (std::filesystem::is_directory(path, ignored)) {
    return fail(ErrorKind::config, fmt::format("{}: is a directory, not a price file", name));
  }
  // Stops just past the size limit: enough to refuse it (/dev/zero ends too).
  auto content = read_file(path, k_config_file_limits.max_bytes);
  if (!content) {
    return fail(ErrorKind::config,
                fmt::format("cannot read the price file {}", content.error().message));
  }
  return load_price_text(*content, name);
}

}  // namespace boostburn
