// run_process(): runs a real program (the boostburn binary) and captures its
// exit code, stdout and stderr. For end-to-end tests.
#pragma once

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "support/temp_dir.hpp"

namespace boostburn::testing {

struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal
  std::string out;
  std::string err;
};

inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Everything a forked child needs to exec a program, built in the parent: the
// child of a multi-threaded test (servers run in threads) may only make
// async-signal-safe calls, so it must not allocate (no setenv, no strings) —
// a malloc lock held by another thread at fork time would hang it forever.
class PreparedExec {
 public:
  // `env` entries are set (or, with an empty value, unset) on top of the
  // parent's environment.
  PreparedExec(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
               const std::filesystem::path& cwd)
      : m_args(argv), m_cwd(cwd.string()) {
    std::map<std::string, std::string> merged;
    for (char** entry = environ; *entry != nullptr; ++entry) {
      const std::string text(*entry);
      const auto equals = text.find('=');
      if (equals != std::string::npos) {
        merged[text.substr(0, equals)] = text.substr(equals + 1);
      }
    }
    for (const auto& [name, value] : env) {
      if (value.empty()) {
        merged.erase(name);
      } else {
        merged[name] = value;
      }
    }
    for (const auto& [name, value] : merged) {
      m_env.push_back(name + "=" + value);
    }
    // execve does not search PATH: resolve a bare program name here.
    if (!m_args.empty() && m_args[0].find('/') == std::string::npos) {
      const auto path = merged.find("PATH");
      std::string dirs = path == merged.end() ? "/usr/bin:/bin" : path->second;
      for (std::size_t start = 0; start <= dirs.size();) {
        const std::size_t end = std::min(dirs.find(':', start), dirs.size());
        const std::string candidate = dirs.substr(start, end - start) + "/" + m_args[0];
        if (::access(candidate.c_str(), X_OK) == 0) {
          m_args[0] = candidate;
          break;
        }
        start = end + 1;
      }
    }
    for (std::string& arg : m_args) {
      m_argv.push_back(arg.data());
    }
    m_argv.push_back(nullptr);
    for (std::string& entry : m_env) {
      m_envp.push_back(entry.data());
    }
    m_envp.push_back(nullptr);
  }

  // In the forked child: enters the folder and execs; exits 127 on failure.
  // Async-signal-safe only.
  [[noreturn]] void exec() const {
    if (!m_cwd.empty() && ::chdir(m_cwd.c_str()) != 0) {
      ::_exit(127);
    }
    ::execve(m_argv[0], m_argv.data(), m_envp.data());
    ::_exit(127);
  }

 private:
  std::vector<std::string> m_args;
  std::vector<std::string> m_env;
  std::string m_cwd;
  std::vector<char*> m_argv;
  std::vector<char*> m_envp;
};

// `env` entries are set (or, with an empty value, unset) in the child only.
inline ProcessResult run_process(const std::vector<std::string>& argv,
                                 const std::map<std::string, std::string>& env = {},
                                 const std::filesystem::path& cwd = {}) {
  TempDir capture;
  const auto out_path = capture / "out";
  const auto err_path = capture / "err";
  const PreparedExec prepared(argv, env, cwd);
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(out, 1);
    ::dup2(err, 2);
    prepared.exec();
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  ProcessResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = slurp(out_path);
  result.err = slurp(err_path);
  return result;
}

}  // namespace boostburn::testing
