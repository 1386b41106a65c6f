// RunOptions: every setting of one run, after the command line, the
// environment, .env and defaults were resolved (see cli/options_table.hpp for
// the one table of keys and their precedence).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace boostburn {

struct RunOptions {
  std::string report_date;  // YYYY-MM-DD; empty = today (UTC)
  std::filesystem::path config_path = "config/regions.yaml";
  std::filesystem::path pricing_path = "config/pricing.yaml";
  std::filesystem::path state_dir = "state";
  std::optional<std::filesystem::path> csv_path;
  // --quarantine: copies of offending log lines go here (see ingest/quarantine.hpp).
  std::optional<std::filesystem::path> quarantine_dir;
  // Hostile-input caps: decompressed bytes read per object (the rest is not
  // counted and the object is flagged) and bytes per JSON Lines line (a longer
  // line is a malformed record).
  std::uint64_t max_object_bytes = std::uint64_t{1} << 30;  // 1 GiB
  std::uint64_t max_line_bytes = std::uint64_t{16} << 20;   // 16 MiB
  int lookback_hours = 6;    // re-list this far before the manifest's last processed hour
  int lateness_hours = 3;    // scan this far into the next day for late records
  std::string manifest_prefix = "manifests";  // the seed's default
  std::optional<std::string> log_prefix;  // overrides the regions config's log_prefix
  bool force_reprocess = false;
  bool debug = false;
  bool trace = false;
  bool json = false;
  bool strict = false;
  bool test_slack = false;
  // Another run of the same day on the same state folder holds its lock:
  // wait this long for it, then refuse (exit 4).
  int lock_wait_seconds = 300;
  int threads = 0;  // ingest readers (decode + parse); 0 = all cores
  int s3_concurrency = 32;  // S3 fetches in flight per region (ingest and listing)
  std::size_t max_steps = 10000;

  // S3: --s3-endpoint, else AWS_ENDPOINT_URL_S3, else AWS_ENDPOINT_URL.
  std::optional<std::string> s3_endpoint;
  bool s3_path_style = false;  // implied by an endpoint
  int s3_max_attempts = 5;     // per request, retries included

  // Slack: posting is on whenever the webhook URL is set.
  std::string slack_webhook_url;  // a secret: never printed, logged or stored
  std::string slack_channel;
  std::string slack_username;
  int slack_timeout_seconds = 10;  // per attempt
};

}  // namespace boostburn
