#include "boostburn/metrics/verify.hpp"

#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <string_view>
#include <utility>

#include <fmt/format.h>

namespace boostburn {
namespace {

__extension__ using UInt128 = unsigned __int128;

std::string money_text(Money money) {
  return money.to_decimal_string(15);
}

std::string describe(const UsageKey& key) {
  return fmt::format("({}, {}, {}{})", key.region, key.identity, key.model_id,
                     key.long_context ? ", long context" : "");
}

// total_tokens computed without wrap-around.
UInt128 wide_total_tokens(const Counters& counters) {
  return static_cast<UInt128>(counters.input_tokens) + counters.output_tokens +
         counters.cache_read_input_tokens + counters.cache_write_input_tokens;
}

std::string wide_text(UInt128 value) {
  std::string reversed;
  do {
    reversed += static_cast<char>('0' + static_cast<int>(value % 10));
    value /= 10;
  } while (value != 0);
  return {reversed.rbegin(), reversed.rend()};
}

class Problems {
 public:
  void add(std::string problem) {
    if (m_lines.size() < k_max_verification_errors) {
      m_lines.push_back(std::move(problem));
    } else {
      ++m_dropped;
    }
  }

  std::vector<std::string> take() && {
    if (m_dropped > 0) {
      m_lines.push_back(fmt::format("... and {} more problems", m_dropped));
    }
    return std::move(m_lines);
  }

 private:
  std::vector<std::string> m_lines;
  std::size_t m_dropped = 0;
};

// "<what>: <counter> is X but <other> has Y" for every counter that differs.
void compare_counters(Problems& problems, std::string_view what, const Counters& actual,
                      std::string_view other, const Counters& expected) {
  for (const auto& field : k_counter_fields) {
    if (actual.*field.member != expected.*field.member) {
      problems.add(fmt::format("{}: {} is {} but {} has {}", what, field.name, actual.*field.member,
                               other, expected.*field.member));
    }
  }
}

void compare_priced(Problems& problems, std::string_view what, const PricedCounters& actual,
                    std::string_view other, const PricedCounters& expected) {
  compare_counters(problems, what, actual.counters, other, expected.counters);
  if (actual.cost != expected.cost) {
    problems.add(fmt::format("{}: cost_usd is {} but {} has {}", what, money_text(actual.cost),
                             other, money_text(expected.cost)));
  }
}

void check_against_aggregate(Problems& problems, const Aggregate& usage,
                             const PricedMetrics& metrics) {
  compare_counters(problems, "totals", metrics.totals.counters, "the aggregate", usage.totals());

  for (std::size_t i = 1; i < metrics.by_usage_key.size(); ++i) {
    if (!(metrics.by_usage_key[i - 1].first < metrics.by_usage_key[i].first)) {
      problems.add(fmt::format("by_usage_key: row {} {} is out of order or repeated", i,
                               describe(metrics.by_usage_key[i].first)));
    }
  }
  std::map<UsageKey, const Counters*> listed;
  for (const auto& [key, row] : metrics.by_usage_key) {
    listed.emplace(key, &row.counters);
  }
  for (const auto& [key, counters] : usage.rows()) {
    const auto found = listed.find(key);
    if (found == listed.end()) {
      problems.add(fmt::format("by_usage_key: aggregate row {} is missing", describe(key)));
      continue;
    }
    compare_counters(problems, "by_usage_key " + describe(key), *found->second, "the aggregate",
                     counters);
    listed.erase(found);
  }
  for (const auto& [key, counters] : listed) {
    problems.add(fmt::format("by_usage_key: row {} is not in the aggregate", describe(key)));
  }
}

template <typename Rows>
void check_sums_to_totals(Problems& problems, std::string_view name, const Rows& rows,
                          const PricedCounters& totals) {
  PricedCounters sum;
  for (const auto& [key, row] : rows) {
    sum += row;
  }
  compare_priced(problems, fmt::format("{} (sum of {} entries)", name, rows.size()), sum, "totals",
                 totals);
}

// Each entry of a breakdown must equal the sum of the usage rows it covers.
void check_entries(Problems& problems, std::string_view name,
                   const std::map<std::string, PricedCounters>& breakdown,
                   const std::map<std::string, PricedCounters>& expected) {
  for (const auto& [label, sum] : expected) {
    const auto found = breakdown.find(label);
    if (found == breakdown.end()) {
      problems.add(fmt::format("{}: {} is missing, though usage rows have it", name, label));
      continue;
    }
    compare_priced(problems, fmt::format("{}[{}]", name, label), found->second,
                   "the sum of its usage rows", sum);
  }
  for (const auto& [label, entry] : breakdown) {
    if (expected.find(label) == expected.end()) {
      problems.add(fmt::format("{}: {} has no usage rows", name, label));
    }
  }
}

void check_row_invariants(Problems& problems, std::string_view what, const PricedCounters& row) {
  const Counters& c = row.counters;
  if (wide_total_tokens(c) > std::numeric_limits<std::uint64_t>::max()) {
    problems.add(fmt::format("{}: total_tokens {} overflows 64 bits", what,
                             wide_text(wide_total_tokens(c))));
  }
  if (c.cache_write_1h_input_tokens > c.cache_write_input_tokens) {
    problems.add(
        fmt::format("{}: cache_write_1h_input_tokens {} exceeds cache_write_input_tokens {}", what,
                    c.cache_write_1h_input_tokens, c.cache_write_input_tokens));
  }
  if (row.cost < Money()) {
    problems.add(fmt::format("{}: cost_usd {} is negative", what, money_text(row.cost)));
  }
}

}  // namespace

std::vector<std::string> verify_metrics(const Aggregate& usage, const PricedMetrics& metrics) {
  Problems problems;
  check_against_aggregate(problems, usage, metrics);

  check_sums_to_totals(problems, "by_region", metrics.by_region, metrics.totals);
  check_sums_to_totals(problems, "by_model", metrics.by_model, metrics.totals);
  check_sums_to_totals(problems, "by_identity", metrics.by_identity, metrics.totals);
  check_sums_to_totals(problems, "by_usage_key", metrics.by_usage_key, metrics.totals);

  std::map<std::string, PricedCounters> region_sums;
  std::map<std::string, PricedCounters> model_sums;
  std::map<std::string, PricedCounters> identity_sums;
  UInt128 row_total_tokens = 0;
  for (const auto& [key, row] : metrics.by_usage_key) {
    region_sums[key.region] += row;
    model_sums[key.model_id] += row;
    identity_sums[key.identity] += row;
    row_total_tokens += wide_total_tokens(row.counters);
    check_row_invariants(problems, "by_usage_key " + describe(key), row);
  }
  check_entries(problems, "by_region", metrics.by_region, region_sums);
  check_entries(problems, "by_model", metrics.by_model, model_sums);
  check_entries(problems, "by_identity", metrics.by_identity, identity_sums);

  check_row_invariants(problems, "totals", metrics.totals);
  if (row_total_tokens != wide_total_tokens(metrics.totals.counters)) {
    problems.add(fmt::format(
        "totals: total_tokens is {} but the usage rows' total_tokens add up to {}",
        wide_text(wide_total_tokens(metrics.totals.counters)), wide_text(row_total_tokens)));
  }
  return std::move(problems).take();
}

}  // namespace boostburn
