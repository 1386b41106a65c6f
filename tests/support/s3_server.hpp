// S3Server: a signature-verifying S3 on loopback for tests, run by
// tests/support/moto_server.py (moto's server) with python3 from PATH.
//
// start() spawns the launcher in its own process group, waits (with a
// timeout) for the JSON line it prints when ready, and returns the endpoint
// and the access key it created. It fails, never skips, when moto is missing
// (launcher exit 77) or the launcher dies or hangs, with the launcher's stderr
// in the message. The destructor closes the launcher's stdin and ends its
// process group (SIGTERM, then SIGKILL after a grace period).
#pragma once

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "boostburn/util/result.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace boostburn::testing {

struct S3ServerOptions {
  std::string region = "us-east-1";
  // Buckets to create; a non-empty folder is uploaded into its bucket (keys
  // are the files' paths relative to it) with boto3 before start() returns.
  std::vector<std::pair<std::string, std::filesystem::path>> buckets;
  std::chrono::seconds ready_timeout{120};
};

class S3Server {
 public:
  static Result<std::unique_ptr<S3Server>> start(const S3ServerOptions& options = {}) {
    std::unique_ptr<S3Server> server(new S3Server());
    if (auto started = server->launch(options); !started) {
      return tl::unexpected(started.error());
    }
    return server;
  }

  ~S3Server() { stop(); }
  S3Server(const S3Server&) = delete;
  S3Server& operator=(const S3Server&) = delete;

  [[nodiscard]] const std::string& endpoint() const { return m_endpoint; }  // http://127.0.0.1:PORT
  [[nodiscard]] const std::string& access_key_id() const { return m_access_key_id; }
  [[nodiscard]] const std::string& secret_access_key() const { return m_secret_access_key; }
  // A second user whose policy denies every S3 action (AccessDenied tests).
  [[nodiscard]] const std::string& denied_access_key_id() const { return m_denied_access_key_id; }
  [[nodiscard]] const std::string& denied_secret_access_key() const {
    return m_denied_secret_access_key;
  }
  [[nodiscard]] const std::string& region() const { return m_region; }

 private:
  S3Server() = default;

  static Error failure(std::string message) {
    return Error{ErrorKind::internal, std::move(message)};
  }

  std::string launcher_stderr() const {
    std::string text = slurp(m_stderr_dir / "stderr");
    return text.empty() ? "(no output on stderr)" : text;
  }

  Status launch(const S3ServerOptions& options) {
    const std::string script = std::string(BOOSTBURN_SOURCE_DIR) + "/tests/support/moto_server.py";
    std::vector<std::string> argv{"python3", script, "--region", options.region};
    for (const auto& [bucket, folder] : options.buckets) {
      argv.emplace_back("--bucket");
      argv.push_back(folder.empty() ? bucket : bucket + "=" + folder.string());
    }
    int to_child[2] = {-1, -1};
    int from_child[2] = {-1, -1};
    if (::pipe2(to_child, O_CLOEXEC) != 0 || ::pipe2(from_child, O_CLOEXEC) != 0) {
      return tl::unexpected(failure("S3Server: pipe() failed"));
    }
    const std::string stderr_path = (m_stderr_dir / "stderr").string();
    // The launcher's boto3 must not pick up the developer's AWS settings.
    std::map<std::string, std::string> clean_env;
    for (const char* name :
         {"AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE",
          "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL_IAM", "AWS_CA_BUNDLE"}) {
      clean_env[name] = "";
    }
    const PreparedExec prepared(argv, clean_env, {});
    m_pid = ::fork();
    if (m_pid < 0) {
      return tl::unexpected(failure("S3Server: fork() failed"));
    }
    if (m_pid == 0) {
      ::setpgid(0, 0);
      ::dup2(to_child[0], 0);
      ::dup2(from_child[1], 1);
      const int err = ::open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (err >= 0) {
        ::dup2(err, 2);
      }
      prepared.exec();
    }
    ::setpgid(m_pid, m_pid);  // also from the parent, so that stop() cannot race the child
    ::close(to_child[0]);
    ::close(from_child[1]);
    m_stdin = to_child[1];
    m_stdout = from_child[0];

    std::string line;
    const auto deadline = std::chrono::steady_clock::now() + options.ready_timeout;
    while (line.find('\n') == std::string::npos) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        return tl::unexpected(failure("S3Server: moto_server.py was not ready within " +
                                      std::to_string(options.ready_timeout.count()) +
                                      " s; its stderr:\n" + launcher_stderr()));
      }
      pollfd fd{m_stdout, POLLIN, 0};
      if (::poll(&fd, 1, static_cast<int>(left.count())) <= 0) {
        continue;
      }
      char buffer[4096];
      const ssize_t got = ::read(m_stdout, buffer, sizeof buffer);
      if (got <= 0) {
        return tl::unexpected(exited_early());
      }
      line.append(buffer, static_cast<std::size_t>(got));
    }
    try {
      const auto ready = nlohmann::json::parse(line.substr(0, line.find('\n')));
      m_endpoint = ready.at("endpoint").get<std::string>();
      m_access_key_id = ready.at("access_key_id").get<std::string>();
      m_secret_access_key = ready.at("secret_access_key").get<std::string>();
      m_denied_access_key_id = ready.value("denied_access_key_id", "");
      m_denied_secret_access_key = ready.value("denied_secret_access_key", "");
      m_region = ready.at("region").get<std::string>();
    } catch (const nlohmann::json::exception& error) {
      return tl::unexpected(
          failure(std::string("S3Server: unexpected ready line from moto_server.py (") +
                  error.what() + "); its stderr:\n" + launcher_stderr()));
    }
    return {};
  }

  Error exited_early() {
    int status = 0;
    ::waitpid(m_pid, &status, 0);
    m_pid = -1;
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (code == 77) {
      return failure(
          "S3Server: moto is not installed for the python3 on PATH, so the S3 tests "
          "cannot run (install it with: python3 -m pip install --user \"moto[server]\" "
          "boto3):\n" +
          launcher_stderr());
    }
    return failure("S3Server: moto_server.py exited with code " + std::to_string(code) +
                   " before it was ready; its stderr:\n" + launcher_stderr());
  }

  void stop() {
    if (m_stdin >= 0) {
      ::close(m_stdin);  // the launcher exits when its stdin closes
      m_stdin = -1;
    }
    if (m_pid > 0) {
      ::kill(-m_pid, SIGTERM);
      int status = 0;
      for (int i = 0; i < 100 && ::waitpid(m_pid, &status, WNOHANG) == 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        if (i == 99) {
          ::kill(-m_pid, SIGKILL);
          ::waitpid(m_pid, &status, 0);
        }
      }
      m_pid = -1;
    }
    if (m_stdout >= 0) {
      ::close(m_stdout);
      m_stdout = -1;
    }
  }

  TempDir m_stderr_dir;
  pid_t m_pid = -1;
  int m_stdin = -1;
  int m_stdout = -1;
  std::string m_endpoint;
  std::string m_access_key_id;
  std::string m_secret_access_key;
  std::string m_denied_access_key_id;
  std::string m_denied_secret_access_key;
  std::string m_region;
};

}  // namespace boostburn::testing
