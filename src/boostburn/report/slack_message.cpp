#include "boostburn/report/slack_message.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include <fmt/format.h>

#include "boostburn/report/format.hpp"
#include "boostburn/report/json.hpp"
#include "boostburn/util/text.hpp"

namespace boostburn {
namespace {

using slack::code;
using slack::escape;

// "+5.2%" from an exact ratio (integer arithmetic, rounded half away from 0);
// a rise to ten times or more reads better as a factor: "12.3x".
std::string percent_change(Int128 now, Int128 before) {
  if (before <= 0) {
    return now == before ? "0.0%" : "new";
  }
  if (now >= before * 10) {
    const Int128 tenths = (now * 20 / before + 1) / 2;  // round(now / before * 10)
    return fmt::format("{}.{}x", static_cast<std::uint64_t>(tenths / 10),
                       static_cast<std::uint64_t>(tenths % 10));
  }
  const Int128 delta = now - before;
  const Int128 magnitude = delta < 0 ? -delta : delta;
  const Int128 tenths = (magnitude * 2000 / before + 1) / 2;  // round(|delta| / before * 1000)
  return fmt::format("{}{}.{}%", delta < 0 ? "-" : "+", static_cast<std::uint64_t>(tenths / 10),
                     static_cast<std::uint64_t>(tenths % 10));
}

std::string signed_count(std::uint64_t now, std::uint64_t before) {
  return now >= before ? "+" + format_count(now - before) : "-" + format_count(before - now);
}

class SlackReportBuilder {
 public:
  explicit SlackReportBuilder(const SlackReport& report) : m_report(report) {}

  std::string render(const slack::Destination& destination) {
    m_blocks.header(fmt::format("Bedrock usage {} (UTC)", m_report.snapshot.report_date));
    if (totals().counters == Counters{}) {
      m_blocks.section("No Bedrock usage recorded for this date.");
    } else {
      total_fields();
      m_blocks.divider();
      top("Top models", "models", m_report.priced.by_model);
      top("Top identities", "identities", m_report.priced.by_identity);
      top("Regions", "regions", m_report.priced.by_region);
    }
    warnings();
    footer();
    return render_json(m_blocks.message(fallback_text(), destination));
  }

 private:
  [[nodiscard]] const PricedCounters& totals() const { return m_report.priced.totals; }
  [[nodiscard]] std::string money(Money amount) const {
    return format_money(amount, m_report.context.currency);
  }
  [[nodiscard]] std::string price_file() const {
    return m_report.context.pricing_path.empty() ? std::string("the price file")
                                                  : code(m_report.context.pricing_path);
  }

  // The total cost leaves unpriced usage out: say so next to it.
  [[nodiscard]] std::string unpriced_hint() const {
    const std::size_t count = m_report.priced.unpriced_models.size();
    if (count == 0) {
      return "";
    }
    return fmt::format(" + {} unpriced model{}", count, count == 1 ? "" : "s");
  }

  void total_fields() {
    const Counters& c = totals().counters;
    std::vector<std::string> fields{
        fmt::format("*Cost*\n{}{}", money(totals().cost), unpriced_hint()),
        fmt::format("*Total tokens*\n{}", format_count(c.total_tokens())),
        fmt::format("*Requests*\n{}", format_count(c.requests)),
        fmt::format("*Input / output tokens*\n{} / {}", format_count(c.input_tokens),
                    format_count(c.output_tokens)),
        fmt::format("*Cache read / write tokens*\n{} / {}", format_count(c.cache_read_input_tokens),
                    format_count(c.cache_write_input_tokens)),
    };
    if (c.cache_read_input_tokens != 0 || c.cache_write_input_tokens != 0) {
      const Money saved = m_report.priced.cache_savings;
      fields.push_back(saved < Money()
                           ? fmt::format("*Caching cost extra*\n{} against uncached input",
                                         money(-saved))
                           : fmt::format("*Caching saved*\n{} against uncached input",
                                         money(saved)));
    }
    if (const auto& previous = m_report.previous_day) {
      const Money before = previous->totals.cost;
      const Money delta = totals().cost - before;
      fields.push_back(fmt::format("*Cost vs {}*\n{}{} ({})", previous->report_date,
                                   delta < Money() ? "" : "+", money(delta),
                                   percent_change(totals().cost.femto(), before.femto())));
      const std::uint64_t tokens_before = previous->totals.counters.total_tokens();
      fields.push_back(fmt::format("*Tokens vs {}*\n{} ({})", previous->report_date,
                                   signed_count(c.total_tokens(), tokens_before),
                                   percent_change(c.total_tokens(), tokens_before)));
    }
    m_blocks.fields(fields);
  }

  void top(std::string_view title, std::string_view noun,
           const std::map<std::string, PricedCounters>& breakdown) {
    std::vector<std::pair<const std::string*, const PricedCounters*>> rows;
    rows.reserve(breakdown.size());
    for (const auto& [name, priced] : breakdown) {
      rows.emplace_back(&name, &priced);
    }
    // Same order as the text report: cost, then name.
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
      return a.second->cost != b.second->cost ? a.second->cost > b.second->cost
                                              : *a.first < *b.first;
    });
    std::vector<std::string> lines{fmt::format("*{}*", title)};
    const std::size_t shown = std::min(rows.size(), k_slack_top_rows);
    for (std::size_t i = 0; i < shown; ++i) {
      const Counters& c = rows[i].second->counters;
      lines.push_back(fmt::format("{}. {}  {} · {} tokens · {} request{}", i + 1,
                                  code(*rows[i].first), money(rows[i].second->cost),
                                  format_count(c.total_tokens()), format_count(c.requests),
                                  c.requests == 1 ? "" : "s"));
    }
    m_blocks.section(
        slack::join_lines(lines, slack::k_max_section_text, noun, rows.size() - shown));
  }

  // The title, what it means and what to do, then the models: a long list
  // is cut, never the advice.
  void model_warning(std::string_view emoji, std::string_view title, std::string_view advice,
                     const std::vector<std::string>& models) {
    if (models.empty()) {
      return;
    }
    std::vector<std::string> lines{fmt::format("{} *{}*", emoji, title), std::string(advice)};
    for (const std::string& model : models) {
      std::string line = "• " + code(model);
      if (const auto found = m_report.priced.by_model.find(model);
          found != m_report.priced.by_model.end()) {
        const Counters& c = found->second.counters;
        line += fmt::format(" ({} request{}, {} tokens)", format_count(c.requests),
                            c.requests == 1 ? "" : "s", format_count(c.total_tokens()));
      }
      lines.push_back(std::move(line));
    }
    m_blocks.section(slack::join_lines(lines, slack::k_max_section_text, "models"));
  }

  // "2 records without token counts (each counted as ...)", then the first
  // few as in the text report: object:line, request id, what was wrong.
  void issue_warning(std::string_view one, std::string_view many, std::string_view consequence,
                     const IssueList& issues) {
    if (issues.empty()) {
      return;
    }
    std::vector<std::string> lines{fmt::format(":warning: *{} {}* ({})",
                                               format_count(issues.total()),
                                               issues.total() == 1 ? one : many, consequence)};
    const std::size_t shown = std::min<std::size_t>(issues.items().size(), k_report_examples);
    for (std::size_t i = 0; i < shown; ++i) {
      const RecordIssue& issue = issues.items()[i];
      std::string where = issue.object;
      if (issue.line != 0) {
        where += fmt::format(":{}", issue.line);
      }
      std::string line = "• " + code(where);
      if (!issue.request_id.empty()) {
        line += " request " + code(issue.request_id);
      }
      if (!issue.detail.empty()) {
        line += " (" + escape(truncate_utf8(issue.detail, slack::k_max_name)) + ")";
      }
      lines.push_back(std::move(line));
    }
    m_blocks.section(slack::join_lines(lines, slack::k_max_section_text, "(see the snapshot)",
                                       issues.total() - shown));
  }

  void warnings() {
    const PricedMetrics& priced = m_report.priced;
    const DataWarnings& data = m_report.snapshot.warnings;
    const bool any = !priced.unpriced_models.empty() || !priced.partial_pricing_models.empty() ||
                     !priced.not_token_priced_models.empty() || data.any() ||
                     !m_report.verification_errors.empty();
    if (!any) {
      return;
    }
    m_blocks.divider();
    model_warning(":rotating_light:", "UNPRICED MODELS DETECTED",
                  fmt::format("These models have no price, so their usage is counted at {}. "
                              "Action required: add each of them to {} and run again.",
                              money(Money()), price_file()),
                  priced.unpriced_models);
    model_warning(":warning:", "Partial pricing",
                  fmt::format("These models used token types without a rate, counted at {}. "
                              "Add the missing rates to {}.",
                              money(Money()), price_file()),
                  priced.partial_pricing_models);
    model_warning(":information_source:", "Not token-priced",
                  "Billed per image, second or query: their cost is not in this report.",
                  priced.not_token_priced_models);
    // In the text report's order.
    issue_warning("malformed record", "malformed records", "not valid JSON objects, not counted",
                  data.malformed_records);
    issue_warning("invalid record", "invalid records", "no usable timestamp, not counted",
                  data.invalid_records);
    issue_warning("record without token counts", "records without token counts",
                  "each counted as 1 request with 0 tokens", data.missing_token_counts);
    issue_warning("corrupt object", "corrupt objects", "could not be read, not counted",
                  data.corrupt_objects);
    if (!m_report.verification_errors.empty()) {
      std::vector<std::string> lines{":x: *Verification errors*"};
      for (const std::string& error : m_report.verification_errors) {
        lines.push_back("• " + escape(error));
      }
      m_blocks.section(slack::join_lines(lines, slack::k_max_section_text, "errors"));
    }
  }

  void footer() {
    const Snapshot& s = m_report.snapshot;
    std::string line = fmt::format("Generated {}", escape(s.generated_at));
    if (s.runs > 1) {
      line += fmt::format(" from {} runs", format_count(s.runs));
    }
    if (!s.account_id.empty()) {
      line += fmt::format(" · account {}", escape(s.account_id));
    }
    line += fmt::format(" · prices from {} ({})", price_file(), escape(m_report.context.currency));
    m_blocks.context({line});
  }

  // The notification text: date, cost, tokens, and the warnings by name.
  [[nodiscard]] std::string fallback_text() const {
    const PricedMetrics& priced = m_report.priced;
    std::string text =
        fmt::format("Bedrock usage {}: {}, {} tokens, {} requests", m_report.snapshot.report_date,
                    money(totals().cost), format_count(totals().counters.total_tokens()),
                    format_count(totals().counters.requests));
    if (!priced.unpriced_models.empty()) {
      text += ". UNPRICED MODELS DETECTED:";
      for (std::size_t i = 0; i < priced.unpriced_models.size(); ++i) {
        text += (i == 0 ? " " : ", ") +
                escape(truncate_utf8(priced.unpriced_models[i], slack::k_max_name));
      }
    }
    const DataWarnings& data = m_report.snapshot.warnings;
    const std::uint64_t issues = data.malformed_records.total() + data.invalid_records.total() +
                                 data.missing_token_counts.total() + data.corrupt_objects.total();
    if (issues != 0) {
      text += fmt::format(". {} data warning{}", format_count(issues), issues == 1 ? "" : "s");
    }
    if (!m_report.verification_errors.empty()) {
      text += ". VERIFICATION FAILED";
    }
    return text;
  }

  const SlackReport& m_report;
  slack::Blocks m_blocks;
};

}  // namespace

std::string render_slack_message(const SlackReport& report,
                                 const slack::Destination& destination) {
  return SlackReportBuilder(report).render(destination);
}

std::string render_slack_test_message(std::string_view generated_at,
                                      const slack::Destination& destination) {
  slack::Blocks blocks;
  blocks.header("Boostburn test message");
  blocks.section("This webhook works: Boostburn will post the daily Bedrock usage report here.");
  blocks.context({fmt::format("Sent {} by `boostburn --test-slack`", escape(generated_at))});
  return render_json(blocks.message("Boostburn test message: this webhook works.", destination));
}

}  // namespace boostburn
