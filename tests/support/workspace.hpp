// Workspace: a throwaway setup for end-to-end runs of the real binary: a
// regions config with one file:// bucket (us-east-1), a one-model price file,
// and helpers to add log objects and read the day's snapshot.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "support/process.hpp"

namespace boostburn::testing {

inline const std::string k_binary = BOOSTBURN_BINARY;
inline const std::filesystem::path k_source_dir = BOOSTBURN_SOURCE_DIR;

// One Converse record of claude-3-haiku in us-east-1, as a JSON line.
inline std::string log_record(const std::string& request_id, const std::string& timestamp,
                              int input, int output) {
  return R"({"schemaType":"ModelInvocationLog","timestamp":")" + timestamp +
         R"(","accountId":"111122223333","identity":{"arn":"arn:aws:iam::111122223333:user/dev"},)"
         R"("region":"us-east-1","requestId":")" + request_id +
         R"(","operation":"Converse","modelId":"anthropic.claude-3-haiku-20240307-v1:0",)"
         R"("input":{"inputTokenCount":)" + std::to_string(input) +
         R"(},"output":{"outputTokenCount":)" + std::to_string(output) + "}}\n";
}

// True when a run wrote nothing into `state_dir`: no snapshot, request-id set
// or anything else; only the day's (empty) lock file may be there, as a run
// takes the lock before it reads the snapshot.
inline bool nothing_written(const std::filesystem::path& state_dir) {
  if (!std::filesystem::exists(state_dir)) {
    return true;
  }
  for (const auto& entry : std::filesystem::directory_iterator(state_dir)) {
    const std::string name = entry.path().filename().string();
    if (!(name.starts_with(".bedrock-usage-") && name.ends_with(".lock") &&
          entry.file_size() == 0)) {
      return false;
    }
  }
  return true;
}

class Workspace {
 public:
  explicit Workspace(std::string log_prefix = "") : m_log_prefix(std::move(log_prefix)) {
    m_dir.write("regions.yaml", "account_id: \"111122223333\"\nlog_prefix: \"" + m_log_prefix +
                                    "\"\nregions:\n  us-east-1: file://bucket\n");
    m_dir.write("pricing.yaml",
                "schema_version: 2\nunit: per_1m_tokens\nrates:\n"
                "  anthropic.claude-3-haiku-20240307-v1:\n"
                "    default: {input: 0.25, output: 1.25}\n");
    std::filesystem::create_directories(m_dir / "bucket");
  }

  // `hour_and_name`: "YYYY/MM/DD/HH/<file>" below the region's log root.
  void add_object(const std::string& hour_and_name, const std::string& body) const {
    m_dir.write("bucket/" + m_log_prefix +
                    "AWSLogs/111122223333/BedrockModelInvocationLogs/us-east-1/" + hour_and_name,
                body);
  }

  // Runs the report for 2026-11-30 with the clock pinned to `now`.
  [[nodiscard]] ProcessResult run(std::vector<std::string> extra = {},
                                  const std::string& now = "2026-12-02T00:00:00Z",
                                  const std::string& state_dir = "state") const {
    return run_with_env({}, std::move(extra), now, state_dir);
  }

  // run() with more environment variables for the child (e.g. SLACK_WEBHOOK_URL).
  [[nodiscard]] ProcessResult run_with_env(std::map<std::string, std::string> env,
                                           std::vector<std::string> extra = {},
                                           const std::string& now = "2026-12-02T00:00:00Z",
                                           const std::string& state_dir = "state") const {
    std::vector<std::string> argv{k_binary,      "--config",    (m_dir / "regions.yaml").string(),
                                  "--pricing",   (m_dir / "pricing.yaml").string(),
                                  "--state-dir", (m_dir / state_dir).string(),
                                  "--report-date", "2026-11-30"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    env["BOOSTBURN_NOW"] = now;
    return run_process(argv, env, m_dir.path());
  }

  [[nodiscard]] std::string snapshot(const std::string& state_dir = "state") const {
    return slurp(m_dir / state_dir / "bedrock-usage-2026-11-30.yaml");
  }
  [[nodiscard]] const TempDir& dir() const { return m_dir; }

 private:
  std::string m_log_prefix;
  TempDir m_dir;
};

}  // namespace boostburn::testing
