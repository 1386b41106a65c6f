// Pseudo-terminals for tests of what a user sees on a terminal.
//   Pty: a pseudo-terminal pair; what is written to its terminal side (a real
//     tty for isatty() and TIOCGWINSZ) is read back from the other side byte for
//     byte (output processing off: no "\n" -> "\r\n").
//   run_on_terminal(): run_process() with stdout and/or stderr on a terminal of
//     its own each; the other streams go to files as in run_process().
// Failures to set up a terminal abort the test binary (they are not what is tested).
#pragma once

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "support/process.hpp"

namespace boostburn::testing {

class Pty {
 public:
  explicit Pty(unsigned short columns = 120) {
    winsize size{};
    size.ws_row = 40;
    size.ws_col = columns;
    if (::openpty(&m_reader, &m_terminal, nullptr, nullptr, &size) != 0) {
      std::perror("openpty");
      std::abort();
    }
    termios modes{};
    ::tcgetattr(m_terminal, &modes);
    modes.c_oflag &= ~static_cast<tcflag_t>(OPOST);
    ::tcsetattr(m_terminal, TCSANOW, &modes);
  }
  ~Pty() {
    close_terminal();
    ::close(m_reader);
  }
  Pty(const Pty&) = delete;
  Pty& operator=(const Pty&) = delete;

  // The terminal side, for a child's stdout/stderr or fdopen().
  [[nodiscard]] int terminal() const { return m_terminal; }
  // The parent's copy of the terminal side; once every copy is closed, read()
  // reports the end.
  void close_terminal() {
    if (m_terminal >= 0) {
      ::close(m_terminal);
      m_terminal = -1;
    }
  }
  [[nodiscard]] int reader() const { return m_reader; }

  // Appends what is ready to `out`, waiting up to `timeout_ms` for it. False
  // once the terminal side is closed everywhere and everything has been read.
  bool read_some(std::string& out, int timeout_ms) const {
    pollfd ready{m_reader, POLLIN, 0};
    if (::poll(&ready, 1, timeout_ms) <= 0) {
      return true;
    }
    char buffer[4096];
    const ssize_t n = ::read(m_reader, buffer, sizeof buffer);
    if (n <= 0) {
      return false;  // EIO on Linux when the last terminal-side descriptor closed
    }
    out.append(buffer, static_cast<std::size_t>(n));
    return true;
  }

  // Everything written so far (for a terminal side still open in this process).
  [[nodiscard]] std::string written() const {
    std::string out;
    std::size_t before = 0;
    do {
      before = out.size();
      read_some(out, 50);
    } while (out.size() != before);
    return out;
  }

 private:
  int m_reader = -1;
  int m_terminal = -1;
};

struct OnTerminal {
  bool out = false;
  bool err = false;
};

// Runs `argv` like run_process(), with the streams `on` names on terminals
// `columns` wide. Kills the program after `timeout` (exit_code -1).
inline ProcessResult run_on_terminal(const std::vector<std::string>& argv, OnTerminal on,
                                     const std::map<std::string, std::string>& env = {},
                                     const std::filesystem::path& cwd = {},
                                     unsigned short columns = 120,
                                     std::chrono::seconds timeout = std::chrono::seconds(60)) {
  TempDir capture;
  const auto out_path = capture / "out";
  const auto err_path = capture / "err";
  std::optional<Pty> out_pty;
  std::optional<Pty> err_pty;
  if (on.out) {
    out_pty.emplace(columns);
  }
  if (on.err) {
    err_pty.emplace(columns);
  }
  const PreparedExec prepared(argv, env, cwd);
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int out =
        on.out ? out_pty->terminal() : ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err =
        on.err ? err_pty->terminal() : ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(out, 1);
    ::dup2(err, 2);
    prepared.exec();
  }
  ProcessResult result;
  // Read the terminals while the program runs: a full one would block it.
  struct Reading {
    Pty* pty;
    std::string* into;
    bool open = true;
  };
  std::vector<Reading> readings;
  if (out_pty) {
    out_pty->close_terminal();
    readings.push_back({&*out_pty, &result.out});
  }
  if (err_pty) {
    err_pty->close_terminal();
    readings.push_back({&*err_pty, &result.err});
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (bool any_open = !readings.empty(); any_open;) {
    any_open = false;
    for (Reading& reading : readings) {
      if (reading.open) {
        reading.open = reading.pty->read_some(*reading.into, 20);
        any_open = any_open || reading.open;
      }
    }
    if (any_open && std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      break;
    }
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (!on.out) {
    result.out = slurp(out_path);
  }
  if (!on.err) {
    result.err = slurp(err_path);
  }
  return result;
}

}  // namespace boostburn::testing
