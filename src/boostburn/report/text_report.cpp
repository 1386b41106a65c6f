#include "boostburn/report/text_report.hpp"

#include <algorithm>
#include <map>
#include <string_view>
#include <utility>

#include <fmt/core.h>

#include "boostburn/report/format.hpp"
#include "boostburn/report/table.hpp"
#include "boostburn/util/text.hpp"

namespace boostburn {
namespace {

// Names come from log files and bucket keys: keep terminal control codes out.
std::string printable(std::string_view text) {
  return printable_text(text);
}

class TextReport {
 public:
  TextReport(const ReportContext& context, const Snapshot& snapshot, const PricedMetrics& priced)
      : m_context(context), m_snapshot(snapshot), m_priced(priced) {}

  [[nodiscard]] std::string money(Money amount) const {
    return format_money(amount, m_context.currency);
  }
  [[nodiscard]] std::string price_file() const {
    return m_context.pricing_path.empty() ? "the price file" : printable(m_context.pricing_path);
  }

  void title() {
    m_out += fmt::format("Bedrock usage report for {} (UTC)\n", printable(m_snapshot.report_date));
    std::string line = fmt::format("Generated {}", printable(m_snapshot.generated_at));
    if (m_snapshot.runs > 1) {
      line += fmt::format(" from {} runs", format_count(m_snapshot.runs));
    }
    if (!m_snapshot.account_id.empty()) {
      line += fmt::format(", account {}", printable(m_snapshot.account_id));
    }
    m_out += line + fmt::format("; prices from {} ({})\n", price_file(), m_context.currency);
  }

  void totals() {
    const Counters& c = m_priced.totals.counters;
    std::vector<std::pair<std::string, std::string>> lines{
        {"Requests", format_count(c.requests)},
        {"Input tokens", format_count(c.input_tokens)},
        {"Output tokens", format_count(c.output_tokens)},
        {"Cache read tokens", format_count(c.cache_read_input_tokens)},
        {"Cache write tokens", format_count(c.cache_write_input_tokens)},
        {"  of which 1-hour writes", format_count(c.cache_write_1h_input_tokens)},
        {"Total tokens", format_count(c.total_tokens())},
        {"Cost", money(m_priced.totals.cost)},
    };
    if (c.cache_read_input_tokens != 0 || c.cache_write_input_tokens != 0) {
      // Against the same tokens as uncached input, net of the write premium.
      const Money saved = m_priced.cache_savings;
      lines.emplace_back(saved < Money() ? "Caching cost extra" : "Caching saved",
                         money(saved < Money() ? -saved : saved));
    }
    TextTable table{{Align::left, Align::right}, {}, {}};
    for (const auto& [label, value] : lines) {
      table.rows.push_back({label, value});
    }
    m_out += "\nTOTALS\n";
    append_table(m_out, table, m_context.style);
  }

  void breakdown(std::string_view title, std::string_view name_header,
                 const std::map<std::string, PricedCounters>& breakdown) {
    std::vector<std::pair<std::string, const PricedCounters*>> sorted;
    sorted.reserve(breakdown.size());
    for (const auto& [name, priced] : breakdown) {
      sorted.emplace_back(name, &priced);
    }
    std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
      if (a.second->cost != b.second->cost) {
        return a.second->cost > b.second->cost;
      }
      return a.first < b.first;
    });
    TextTable table{{Align::left, Align::right, Align::right, Align::right, Align::right,
                     Align::right, Align::right, Align::right},
                    {std::string(name_header), "Requests", "Input", "Output", "Cache read",
                     "Cache write", "Total tokens", "Cost"},
                    {}};
    table.rows.reserve(sorted.size());
    for (const auto& [name, priced] : sorted) {
      const Counters& c = priced->counters;
      table.rows.push_back({printable(name), format_count(c.requests), format_count(c.input_tokens),
                            format_count(c.output_tokens), format_count(c.cache_read_input_tokens),
                            format_count(c.cache_write_input_tokens),
                            format_count(c.total_tokens()), money(priced->cost)});
    }
    m_out += fmt::format("\n{}\n", title);
    append_table(m_out, table, m_context.style);
  }

  void model_list(std::string_view title, std::string_view explanation,
                  const std::vector<std::string>& models, std::string_view action) {
    if (models.empty()) {
      return;
    }
    m_out += fmt::format("\n{}\n  {}\n", title, explanation);
    for (const auto& model : models) {
      std::string line = fmt::format("    - {}", printable(model));
      if (const auto found = m_priced.by_model.find(model); found != m_priced.by_model.end()) {
        const Counters& c = found->second.counters;
        line += fmt::format(" ({} request{}, {} tokens)", format_count(c.requests),
                            c.requests == 1 ? "" : "s", format_count(c.total_tokens()));
      }
      m_out += line + '\n';
    }
    if (!action.empty()) {
      m_out += fmt::format("  {}\n", action);
    }
  }

  void pricing_warnings() {
    model_list(
        "UNPRICED MODELS DETECTED",
        fmt::format("These models have no price in {}; their usage is counted at {}:", price_file(),
                    money(Money())),
        m_priced.unpriced_models,
        fmt::format("Action required: add each model id above to {} and run again.", price_file()));
    model_list("PARTIAL PRICING",
               fmt::format("These models used token types that have no rate in {}; those tokens "
                           "are counted at {}:",
                           price_file(), money(Money())),
               m_priced.partial_pricing_models,
               fmt::format("Add the missing rates (input, output, cache_read, cache_write, "
                           "cache_write_1h) to {}.",
                           price_file()));
    model_list("NOT TOKEN-PRICED MODELS",
               "These models are billed per image, second or query, not per token; their cost "
               "is not in this report:",
               m_priced.not_token_priced_models, "");
  }

  void issue_section(std::string_view label, const IssueList& issues) {
    if (issues.empty()) {
      return;
    }
    m_out += fmt::format("  {}: {}\n", label, format_count(issues.total()));
    const std::size_t shown = std::min(issues.items().size(), k_report_examples);
    for (std::size_t i = 0; i < shown; ++i) {
      const RecordIssue& issue = issues.items()[i];
      std::string line = fmt::format("    {} {}", printable(issue.region), printable(issue.object));
      if (issue.line != 0) {
        line += fmt::format(":{}", issue.line);
      }
      if (!issue.request_id.empty()) {
        line += fmt::format(" request {}", printable(issue.request_id));
      }
      if (!issue.detail.empty()) {
        line += fmt::format(" ({})", printable(issue.detail));
      }
      m_out += line + '\n';
    }
    if (issues.total() > shown) {
      m_out += fmt::format("    ... and {} more (see the snapshot's warnings)\n",
                           format_count(issues.total() - shown));
    }
  }

  void data_warnings() {
    const DataWarnings& w = m_snapshot.warnings;
    if (!w.any()) {
      return;
    }
    m_out += "\nDATA WARNINGS\n";
    issue_section("Malformed records (not valid JSON objects), not counted", w.malformed_records);
    issue_section("Invalid records (no usable timestamp), not counted", w.invalid_records);
    issue_section("Records without token counts, counted as 1 request with 0 tokens",
                  w.missing_token_counts);
    issue_section("Corrupt objects (could not be read), not counted", w.corrupt_objects);
  }

  void verification(const std::vector<std::string>& errors) {
    if (errors.empty()) {
      return;
    }
    m_out += "\nVERIFICATION ERRORS\n";
    for (const auto& error : errors) {
      m_out += fmt::format("  - {}\n", printable(error));
    }
  }

  void not_covered() {
    m_out +=
        "\nNOT COVERED\n"
        "  Only requests in the Bedrock model invocation logs are counted. Not included:\n"
        "  calls through the bedrock-mantle endpoint, batch inference, provisioned throughput\n"
        "  (billed per hour), regions without invocation logging, and credits or private\n"
        "  pricing on the AWS bill.\n";
  }

  std::string render(const std::vector<std::string>& verification_errors) {
    title();
    if (m_priced.totals.counters == Counters{}) {
      m_out += "\nNo Bedrock usage recorded for this date.\n";
    } else {
      totals();
      breakdown("BY REGION", "Region", m_priced.by_region);
      breakdown("BY MODEL", "Model", m_priced.by_model);
      breakdown("BY IDENTITY", "Identity", m_priced.by_identity);
    }
    pricing_warnings();
    data_warnings();
    verification(verification_errors);
    not_covered();
    return std::move(m_out);
  }

 private:
  const ReportContext& m_context;
  const Snapshot& m_snapshot;
  const PricedMetrics& m_priced;
  std::string m_out;
};

}  // namespace

std::string render_text_report(const ReportContext& context, const Snapshot& snapshot,
                               const PricedMetrics& priced,
                               const std::vector<std::string>& verification_errors) {
  return TextReport(context, snapshot, priced).render(verification_errors);
}

}  // namespace boostburn
