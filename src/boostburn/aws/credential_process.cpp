#include "boostburn/aws/credential_process.hpp"

#include <cerrno>
#include <cstring>
#include <thread>

#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "boostburn/aws/credential_util.hpp"

extern char** environ;  // NOLINT: POSIX

namespace boostburn {

namespace {

constexpr std::size_t k_max_output = 1U << 20U;

// Owns a file descriptor.
class Fd {
 public:
  explicit Fd(int fd = -1) : m_fd(fd) {}
  ~Fd() { reset(); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  [[nodiscard]] int get() const { return m_fd; }
  void reset() {
    if (m_fd >= 0) {
      ::close(m_fd);
      m_fd = -1;
    }
  }

 private:
  int m_fd;
};

std::string seconds_text(std::chrono::milliseconds duration) {
  const auto ms = duration.count();
  if (ms % 1000 == 0) {
    return std::to_string(ms / 1000) + "s";
  }
  return std::to_string(ms) + "ms";
}

// Waits for `pid` until `deadline`; kills it (SIGKILL) if it is still running
// then. nullopt when it had to be killed.
std::optional<int> reap(pid_t pid, std::chrono::steady_clock::time_point deadline) {
  int status = 0;
  for (;;) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) {
      break;
    }
    if (done < 0 && errno != EINTR) {
      return -1;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      ::kill(pid, SIGKILL);
      while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
      return std::nullopt;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (WIFEXITED(status)) {
    return WEXITSTATUS(status);
  }
  return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : -1;
}

}  // namespace

Result<std::vector<std::string>> split_command_line(std::string_view command) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  enum class Quote { none, single, dquote } quote = Quote::none;
  for (std::size_t i = 0; i < command.size(); ++i) {
    const char c = command[i];
    switch (quote) {
      case Quote::single:
        if (c == '\'') {
          quote = Quote::none;
        } else {
          word += c;
        }
        break;
      case Quote::dquote:
        if (c == '"') {
          quote = Quote::none;
        } else if (c == '\\' && i + 1 < command.size() &&
                   std::string_view("\\\"$`").find(command[i + 1]) != std::string_view::npos) {
          word += command[++i];
        } else {
          word += c;
        }
        break;
      case Quote::none:
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
          if (in_word) {
            words.push_back(std::move(word));
            word.clear();
            in_word = false;
          }
        } else if (c == '\'') {
          quote = Quote::single;
          in_word = true;
        } else if (c == '"') {
          quote = Quote::dquote;
          in_word = true;
        } else if (c == '\\') {
          if (i + 1 == command.size()) {
            return fail(ErrorKind::config, "credential_process ends with a lone backslash");
          }
          word += command[++i];
          in_word = true;
        } else {
          word += c;
          in_word = true;
        }
        break;
    }
  }
  if (quote != Quote::none) {
    return fail(ErrorKind::config, "credential_process has an unclosed quote");
  }
  if (in_word) {
    words.push_back(std::move(word));
  }
  if (words.empty()) {
    return fail(ErrorKind::config, "credential_process is empty");
  }
  return words;
}

Result<ProcessOutput> run_capturing_stdout(const std::vector<std::string>& argv,
                                           std::chrono::milliseconds timeout) {
  if (argv.empty()) {
    return fail(ErrorKind::internal, "run_capturing_stdout: no program");
  }
  const std::string& program = argv.front();
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    return fail(ErrorKind::io, "cannot run " + program + ": pipe: " + std::strerror(errno));
  }
  Fd read_end(fds[0]);
  Fd write_end(fds[1]);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, write_end.get(), STDOUT_FILENO);
  // Its stderr is dropped, not passed through: a failing credential helper
  // may print the very secrets it failed to deliver.
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const auto& arg : argv) {
    args.push_back(const_cast<char*>(arg.c_str()));  // posix_spawn does not write them
  }
  args.push_back(nullptr);
  pid_t pid = 0;
  const int spawned =
      ::posix_spawnp(&pid, program.c_str(), &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  write_end.reset();
  if (spawned != 0) {
    return fail(ErrorKind::config, "cannot run " + program + ": " + std::strerror(spawned));
  }

  const auto deadline = std::chrono::steady_clock::now() + timeout;
  ProcessOutput output;
  bool timed_out = false;
  bool too_long = false;
  char buffer[8192];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    pollfd watch{read_end.get(), POLLIN, 0};
    const int ready = ::poll(&watch, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) {
      continue;
    }
    if (ready <= 0) {
      timed_out = ready == 0;
      break;
    }
    const ssize_t got = ::read(read_end.get(), buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got <= 0) {
      break;  // end of output (or an error: the exit status tells)
    }
    output.out.append(buffer, static_cast<std::size_t>(got));
    if (output.out.size() > k_max_output) {
      too_long = true;
      break;
    }
  }
  read_end.reset();
  const auto status =
      reap(pid, (timed_out || too_long) ? std::chrono::steady_clock::now() : deadline);
  if (too_long) {
    return fail(ErrorKind::config, program + " printed more than 1 MiB");
  }
  if (timed_out || !status) {
    return fail(ErrorKind::config, program + " did not finish within " + seconds_text(timeout));
  }
  output.exit_status = *status;
  return output;
}

Result<AwsCredentials> parse_credential_process_output(std::string_view out) {
  constexpr std::string_view k_what = "credential_process output";
  const auto document = nlohmann::json::parse(out, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded() || !document.is_object()) {
    return fail(ErrorKind::config,
                std::string(k_what) + " is not a JSON object (not shown: it may hold secrets)");
  }
  const auto version = document.find("Version");
  if (version == document.end() || !version->is_number_integer() ||
      version->get<long long>() != 1) {
    return fail(ErrorKind::config, std::string(k_what) + " needs \"Version\": 1");
  }
  return parse_credentials_json(out, "SessionToken", k_what, ErrorKind::config);
}

Result<AwsCredentials> run_credential_process(std::string_view command,
                                              std::chrono::milliseconds timeout) {
  auto argv = split_command_line(command);
  if (!argv) {
    return tl::unexpected(argv.error());
  }
  auto output = run_capturing_stdout(*argv, timeout);
  if (!output) {
    return tl::unexpected(output.error().with_context("credential_process"));
  }
  if (output->exit_status != 0) {
    return fail(ErrorKind::config, "credential_process: " + argv->front() + " exited with status " +
                                       std::to_string(output->exit_status) +
                                       " (its output is not shown: it may hold secrets)");
  }
  return parse_credential_process_output(output->out);
}

}  // namespace boostburn
