// Internal to pricing/: the pieces the v1 and v2 price-file parsers share.
//
// Reader turns the nodes of the file's YAML tree (yaml/yaml_tree.hpp) into
// checked values and formats every error as
// "<source>:<line>: <key path>: <what>" (ErrorKind::config, 1-based line).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "boostburn/metrics/money.hpp"
#include "boostburn/pricing/price_table.hpp"
#include "boostburn/util/result.hpp"
#include "boostburn/yaml/yaml_tree.hpp"

namespace boostburn::price_file {

enum class Unit { per_1m_tokens, per_1k_tokens };

// A 0-based line of the file, or nullopt where none applies (an empty file).
using Line = std::optional<std::size_t>;

// One key: value pair of a mapping, with the dotted path of the value.
struct Entry {
  std::string key;
  std::size_t line = 0;             // of the key, 0-based
  const YamlNode* value = nullptr;  // in the file's tree, which outlives its entries
  std::string path;                 // e.g. "rates.anthropic.claude-3-haiku-20240307-v1.default"
};

class Reader {
 public:
  explicit Reader(std::string_view source_name) : m_source(source_name) {}

  [[nodiscard]] const std::string& source() const { return m_source; }

  // "<source>:<line>: <path>: <what>"; line and path are left out when unknown/empty.
  [[nodiscard]] tl::unexpected<Error> fail_at(Line line, std::string_view path,
                                              std::string_view what) const;
  [[nodiscard]] tl::unexpected<Error> fail_at(const Entry& entry, std::string_view what) const {
    return fail_at(entry.line, entry.path, what);
  }

  // The pairs of a mapping in file order. Fails if `node` is not a mapping, a
  // key is not plain text, or a key appears twice.
  [[nodiscard]] Result<std::vector<Entry>> entries(const YamlNode& node, Line line,
                                                   std::string_view path) const;
  [[nodiscard]] Result<std::vector<Entry>> entries(const Entry& entry) const {
    return entries(*entry.value, entry.line, entry.path);
  }

  [[nodiscard]] Result<std::string> text(const Entry& entry) const;
  [[nodiscard]] Result<std::vector<std::string>> text_list(const Entry& entry) const;
  [[nodiscard]] Result<PricePerMillion> price(const Entry& entry, Unit unit) const;
  [[nodiscard]] Result<std::uint64_t> positive_integer(const Entry& entry) const;
  // `currency` must be USD.
  [[nodiscard]] Status usd(const Entry& entry) const;

 private:
  std::string m_source;
};

// The key under which a model's prices are stored: the ARN prefix (up to the
// last '/') and a trailing ":<digits>" version are dropped, the scope
// (us., global., ...) is kept. Matches ingest's normalisation for these forms.
std::string normalize_model_key(std::string_view key);

// "us-east-1", "eu-west-3", "ap-southeast-4", "us-gov-west-1", ...
bool is_region_name(std::string_view key);

// Collects models under their normalised key, refusing two file keys that
// normalise to the same id.
class ModelCollector {
 public:
  Status add(const Reader& reader, const Entry& entry, ModelPricing pricing);
  PriceTable::Models take() && { return std::move(m_models); }

 private:
  PriceTable::Models m_models;
  std::map<std::string, Entry, std::less<>> m_first_seen;
};

// Parse a whole document whose top-level entries are given.
Result<PriceTable> parse_v2(const Reader& reader, const std::vector<Entry>& top);
Result<PriceTable> parse_v1(const Reader& reader, const std::vector<Entry>& top);

}  // namespace boostburn::price_file
