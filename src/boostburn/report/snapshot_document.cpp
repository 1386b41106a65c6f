#include "boostburn/report/snapshot_document.hpp"

#include <algorithm>
#include <map>

#include <fmt/core.h>

#include "boostburn/report/snapshot_fields.hpp"

namespace boostburn {
namespace {

constexpr const char* k_currency = "USD";

DocNode counters_node(DocNode node, const PricedCounters& priced) {
  for (const auto& field : k_counter_fields) {
    node.set(field.name, DocNode::integer(priced.counters.*field.member));
  }
  node.set("total_tokens", DocNode::integer(priced.counters.total_tokens()));
  node.set("cost_usd", DocNode::decimal(priced.cost.to_decimal_string(9)));
  return node;
}

DocNode breakdown_node(const std::map<std::string, PricedCounters>& breakdown) {
  DocNode node = DocNode::map();
  for (const auto& [name, priced] : breakdown) {
    node.set(name, counters_node(DocNode::map(), priced));
  }
  return node;
}

DocNode sorted_text_list(std::vector<std::string> items) {
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
  DocNode node = DocNode::list();
  for (auto& item : items) {
    node.push(DocNode::text(std::move(item)));
  }
  return node;
}

DocNode issue_list_node(const IssueList& issues, const IssueListField& field) {
  DocNode node = DocNode::list();
  for (const RecordIssue& issue : issues.items()) {
    DocNode& item = node.push(DocNode::map());
    item.set("region", DocNode::text(issue.region));
    item.set("object", DocNode::text(issue.object));
    if (field.always_line || issue.line != 0) {
      item.set("line", DocNode::integer(issue.line));
    }
    if (field.always_request_id || !issue.request_id.empty()) {
      item.set("request_id", DocNode::text(issue.request_id));
    }
    if (field.always_detail || !issue.detail.empty()) {
      item.set("detail", DocNode::text(issue.detail));
    }
  }
  return node;
}

struct MetricsView {
  PricedCounters totals;
  std::map<std::string, PricedCounters> by_region;
  std::map<std::string, PricedCounters> by_model;
  std::map<std::string, PricedCounters> by_identity;
  DocNode rows = DocNode::list();
  std::size_t rows_without_price = 0;
};

// The entry of `key` in `map`, looked up only when the key differs from the
// last one asked for: rows come in UsageKey order (region, identity, model),
// so a day of many identities asks for the same region and identity row
// after row.
class RunningSum {
 public:
  explicit RunningSum(std::map<std::string, PricedCounters>& map) : m_map(map) {}

  PricedCounters& operator[](const std::string& key) {
    if (m_last == m_map.end() || m_last->first != key) {
      m_last = m_map.try_emplace(key).first;
    }
    return m_last->second;
  }

 private:
  std::map<std::string, PricedCounters>& m_map;
  std::map<std::string, PricedCounters>::iterator m_last = m_map.end();
};

MetricsView metrics_view(const Aggregate& usage, const PricedMetrics& priced) {
  MetricsView view;
  RunningSum by_region(view.by_region);
  RunningSum by_identity(view.by_identity);
  // Both in UsageKey order: the priced rows are found walking alongside.
  auto priced_row = priced.by_usage_key.begin();
  const auto priced_end = priced.by_usage_key.end();
  for (const auto& [key, counters] : usage.rows()) {
    while (priced_row != priced_end && priced_row->first < key) {
      ++priced_row;
    }
    PricedCounters row{counters, Money()};
    if (priced_row != priced_end && priced_row->first == key &&
        priced_row->second.counters == counters) {
      row.cost = priced_row->second.cost;
    } else {
      ++view.rows_without_price;
    }
    view.totals += row;
    by_region[key.region] += row;
    view.by_model[key.model_id] += row;
    by_identity[key.identity] += row;

    DocNode node = DocNode::map();
    node.set("region", DocNode::text(key.region));
    node.set("identity", DocNode::text(key.identity));
    node.set("model_id", DocNode::text(key.model_id));
    node.set("long_context", DocNode::boolean(key.long_context));
    view.rows.push(counters_node(std::move(node), row));
  }
  return view;
}

}  // namespace

DocNode build_snapshot_document(const Snapshot& snapshot, const PricedMetrics& priced,
                                const std::vector<std::string>& verification_errors) {
  MetricsView view = metrics_view(snapshot.usage, priced);

  DocNode doc = DocNode::map();
  doc.set("schema_version", DocNode::integer(k_snapshot_schema_version));
  doc.set("report_date", DocNode::text(snapshot.report_date));
  doc.set("generated_at", DocNode::text(snapshot.generated_at));
  doc.set("runs", DocNode::integer(snapshot.runs));
  doc.set("account_id", DocNode::text(snapshot.account_id));
  doc.set("currency", DocNode::text(k_currency));

  DocNode& metrics = doc.set("metrics", DocNode::map());
  metrics.set("totals", counters_node(DocNode::map(), view.totals));
  metrics.set("by_region", breakdown_node(view.by_region));
  metrics.set("by_model", breakdown_node(view.by_model));
  metrics.set("by_identity", breakdown_node(view.by_identity));
  metrics.set("by_usage_key", std::move(view.rows));

  DocNode& warnings = doc.set("warnings", DocNode::map());
  warnings.set("unpriced_models", sorted_text_list(priced.unpriced_models));
  warnings.set("partial_pricing_models", sorted_text_list(priced.partial_pricing_models));
  warnings.set("not_token_priced_models", sorted_text_list(priced.not_token_priced_models));
  for (const auto& field : k_issue_list_fields) {
    warnings.set(field.name, issue_list_node(snapshot.warnings.*field.member, field));
  }
  DocNode& errors = warnings.set("verification_errors", DocNode::list());
  for (const auto& error : verification_errors) {
    errors.push(DocNode::text(error));
  }
  if (view.rows_without_price != 0) {
    errors.push(DocNode::text(fmt::format(
        "snapshot: {} usage row(s) have no matching entry in the priced metrics; their cost is "
        "written as 0",
        view.rows_without_price)));
  }

  DocNode& stats = doc.set("stats", DocNode::map());
  for (const auto& field : k_stat_fields) {
    stats.set(field.name, DocNode::integer(snapshot.stats.*field.member));
  }
  for (const auto& field : k_issue_list_fields) {
    stats.set(field.name, DocNode::integer((snapshot.warnings.*field.member).total()));
  }

  DocNode& request_ids = doc.set("request_ids", DocNode::map());
  request_ids.set("file", DocNode::text(snapshot.request_ids.file));
  request_ids.set("count", DocNode::integer(snapshot.request_ids.count));

  DocNode& sources = doc.set("sources", DocNode::map());
  for (const auto& [region, objects] : snapshot.sources) {
    DocNode& region_node = sources.set(region, DocNode::map());
    for (const auto& [key, etag] : objects) {
      region_node.set(key, DocNode::text(etag));
    }
  }
  return doc;
}

}  // namespace boostburn
