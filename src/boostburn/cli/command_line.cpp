#include "boostburn/cli/command_line.hpp"

#include <cstdint>
#include <cstdlib>
#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

namespace boostburn {
namespace {

constexpr const char* k_version = "boostburn 0.1.0";

// The one table of options: flag names, environment variable, help. CLI11
// gives the command line precedence over the variable, and shows both in --help.
void add_options(CLI::App& app, RunOptions& o, std::string& pricing, std::string& csv,
                 std::string& quarantine, std::string& log_prefix, std::string& s3_endpoint) {
  app.add_option("--report-date", o.report_date, "UTC day to report, YYYY-MM-DD (default: today)")
      ->envname("BOOSTBURN_REPORT_DATE");
  app.add_option("--config", o.config_path, "Regions config (YAML: account_id, log_prefix, regions)")
      ->envname("BOOSTBURN_CONFIG_PATH")
      ->capture_default_str();
  app.add_option("--pricing,--pricing-path", pricing, "Price file (YAML, see docs/pricing.md)")
      ->envname("BOOSTBURN_PRICING_PATH")
      ->capture_default_str();
  app.add_option("--state-dir", o.state_dir, "Folder for daily snapshots (created when missing)")
      ->envname("BOOSTBURN_STATE_DIR")
      ->capture_default_str();
  app.add_option("--csv,--csv-path", csv, "Append one CSV row per run to this file")
      ->envname("BOOSTBURN_CSV_PATH");
  app.add_option("--lookback-hours", o.lookback_hours,
                 "Re-list this many hours before the manifest's last processed hour")
      ->envname("BOOSTBURN_LOOKBACK_HOURS")
      ->check(CLI::Range(0, 48))
      ->capture_default_str();
  app.add_option("--lateness-hours", o.lateness_hours,
                 "Scan this many hours of the next day for late records of the report day")
      ->envname("BOOSTBURN_LATENESS_HOURS")
      ->check(CLI::Range(0, 48))
      ->capture_default_str();
  app.add_option("--manifest-prefix", o.manifest_prefix,
                 "Key prefix of the per-region manifest (<prefix>/bedrock-usage/manifest.json)")
      ->envname("BOOSTBURN_MANIFEST_PREFIX")
      ->capture_default_str();
  app.add_option("--log-prefix", log_prefix, "Override the regions config's log_prefix")
      ->envname("BOOSTBURN_LOG_PREFIX");
  app.add_flag("--force-reprocess", o.force_reprocess,
               "Ignore the day's snapshot and manifests and rebuild the day from scratch")
      ->envname("BOOSTBURN_FORCE_REPROCESS");
  app.add_flag("--json", o.json, "Print the snapshot as JSON on stdout instead of the text report")
      ->envname("BOOSTBURN_JSON");
  app.add_flag("--strict", o.strict,
               "Exit 6 when the report carries data warnings (malformed lines, unpriced models...)")
      ->envname("BOOSTBURN_STRICT");
  app.add_flag("--trace", o.trace, "Print each graph node with its duration on stderr")
      ->envname("BOOSTBURN_TRACE");
  app.add_flag("--debug", o.debug, "Verbose diagnostics on stderr")->envname("BOOSTBURN_DEBUG");
  app.add_option("--lock-wait", o.lock_wait_seconds,
                 "Seconds to wait for another run of the same day on the same state folder to "
                 "finish (0 = refuse at once)")
      ->envname("BOOSTBURN_LOCK_WAIT")
      ->check(CLI::Range(0, 86400))
      ->capture_default_str();
  app.add_option("--max-object-bytes", o.max_object_bytes,
                 "Decompressed bytes read per log object; the rest is not counted and the object "
                 "is named in warnings.corrupt_objects (e.g. 1GiB, 512MiB)")
      ->envname("BOOSTBURN_MAX_OBJECT_BYTES")
      ->transform(CLI::AsSizeValue(false))
      ->check(CLI::Range(std::uint64_t{1024}, std::uint64_t{1} << 40))
      ->default_str("1GiB");
  app.add_option("--max-line-bytes", o.max_line_bytes,
                 "Longest log line read; a longer one is a malformed record (e.g. 16MiB)")
      ->envname("BOOSTBURN_MAX_LINE_BYTES")
      ->transform(CLI::AsSizeValue(false))
      ->check(CLI::Range(std::uint64_t{1024}, std::uint64_t{1} << 40))
      ->default_str("16MiB");
  app.add_option("--quarantine", quarantine,
                 "Copy every malformed, invalid and count-less log line to this folder for "
                 "inspection (<dir>/<date>/index.tsv)")
      ->envname("BOOSTBURN_QUARANTINE_DIR");
  app.add_option("--threads", o.threads,
                 "Threads that decode and parse log objects (0 = all cores)")
      ->envname("BOOSTBURN_THREADS")
      ->check(CLI::Range(0, 1024))
      ->capture_default_str();
  app.add_option("--s3-concurrency", o.s3_concurrency,
                 "S3 requests in flight per region when fetching and listing")
      ->envname("BOOSTBURN_S3_CONCURRENCY")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  app.add_option("--max-steps", o.max_steps, "Graph step limit (a guard against loops)")
      ->envname("BOOSTBURN_MAX_STEPS")
      ->capture_default_str();
  app.add_option("--s3-endpoint", s3_endpoint,
                 "S3 endpoint URL, e.g. http://127.0.0.1:5000 (implies path-style addressing)")
      ->envname("AWS_ENDPOINT_URL_S3");
  app.add_flag("--s3-path-style", o.s3_path_style,
               "Path-style S3 addressing (https://s3.<region>.amazonaws.com/<bucket>/<key>)")
      ->envname("BOOSTBURN_S3_PATH_STYLE");
  app.add_option("--s3-max-attempts", o.s3_max_attempts,
                 "Attempts per S3 request, retries of 5xx/throttling/dropped connections included")
      ->envname("BOOSTBURN_S3_MAX_ATTEMPTS")
      ->check(CLI::Range(1, 20))
      ->capture_default_str();
  app.add_flag("--test-slack", o.test_slack, "Post a test message to the Slack webhook and exit");
  app.add_option("--slack-webhook-url", o.slack_webhook_url,
                 "Slack incoming webhook (secret; prefer the variable)")
      ->envname("SLACK_WEBHOOK_URL");
  app.add_option("--slack-channel", o.slack_channel, "Slack channel override")
      ->envname("SLACK_CHANNEL");
  app.add_option("--slack-username", o.slack_username, "Slack user name override")
      ->envname("SLACK_USERNAME");
  app.add_option("--slack-timeout", o.slack_timeout_seconds,
                 "Seconds to wait for Slack's answer to one attempt (5xx, 429 and timeouts are "
                 "retried)")
      ->envname("BOOSTBURN_SLACK_TIMEOUT")
      ->check(CLI::Range(1, 300))
      ->capture_default_str();
}

}  // namespace

ParsedCommandLine parse_command_line(int argc, char** argv) {
  ParsedCommandLine parsed;
  const char* env_file = std::getenv("BOOSTBURN_ENV_FILE");
  if (auto loaded = load_dotenv(env_file != nullptr ? env_file : ".env"); !loaded) {
    std::cerr << "boostburn: error: " << loaded.error().message << "\n";
    parsed.command = Command::exit_now;
    parsed.exit_code = static_cast<int>(ExitCode::usage);
    return parsed;
  }
  if (const char* alias = std::getenv("BOOSTBURN_CONFIG"); alias != nullptr) {
    ::setenv("BOOSTBURN_CONFIG_PATH", alias, /*overwrite=*/0);
  }

  CLI::App app{"Boostburn: daily Amazon Bedrock usage and cost from model invocation logs.\n"
               "Exit codes: 0 report produced, 1 internal error, 2 bad arguments, 3 bad config\n"
               "or price file, 4 outside service or state failed, 5 verification failed,\n"
               "6 --strict and data warnings.",
               "boostburn"};
  app.set_version_flag("--version", k_version);
  std::string pricing = parsed.options.pricing_path.string();
  std::string csv;
  std::string quarantine;
  std::string log_prefix;
  std::string s3_endpoint;
  add_options(app, parsed.options, pricing, csv, quarantine, log_prefix, s3_endpoint);
  CLI::App* graph = app.add_subcommand("graph", "Print the workflow graph as Mermaid and exit");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    parsed.command = Command::exit_now;
    parsed.exit_code = code == 0 ? 0 : static_cast<int>(ExitCode::usage);
    return parsed;
  }
  parsed.options.pricing_path = pricing;
  if (!csv.empty()) {
    parsed.options.csv_path = csv;
  }
  if (!quarantine.empty()) {
    parsed.options.quarantine_dir = quarantine;
  }
  if (app.count("--log-prefix") > 0 || std::getenv("BOOSTBURN_LOG_PREFIX") != nullptr) {
    parsed.options.log_prefix = log_prefix;
  }
  if (s3_endpoint.empty()) {
    if (const char* any = std::getenv("AWS_ENDPOINT_URL"); any != nullptr) {
      s3_endpoint = any;  // the AWS-wide override, after the S3-specific one
    }
  }
  if (!s3_endpoint.empty()) {
    parsed.options.s3_endpoint = s3_endpoint;
  }
  parsed.command = graph->parsed() ? Command::graph : Command::run;
  return parsed;
}

}  // namespace boostburn
