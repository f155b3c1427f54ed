// Runs the ida binary as a child process (for end-to-end tests of the CLI,
// including killing it mid-run).
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace ida::testing {

// Starts `IDA_BINARY args...` with stdin from `input_file` (or /dev/null) and
// stdout+stderr to `output_file`, `env` ("NAME=value" entries) added to the environment.
// Returns the child's pid.
inline pid_t spawn_ida(const std::vector<std::string>& args, const std::string& output_file,
                       const std::string& input_file = "/dev/null",
                       const std::vector<std::string>& env = {}) {
  pid_t pid = fork();
  if (pid == 0) {
    for (const auto& e : env) putenv(const_cast<char*>(e.c_str()));
    int in = open(input_file.c_str(), O_RDONLY);
    int out = open(output_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(in, 0);
    dup2(out, 1);
    dup2(out, 2);
    std::vector<char*> argv;
    std::string binary = IDA_BINARY;
    argv.push_back(binary.data());
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

// Waits for the child; returns its exit status (or 128 + signal).
inline int wait_ida(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// The whole content of a text file ("" when it cannot be read), for failure messages.
inline std::string read_text(const std::string& path) {
  std::stringstream text;
  text << std::ifstream(path).rdbuf();
  return text.str();
}

struct Result {
  int status;
  std::string output;
};

// Runs ida to completion, feeding `input` on stdin.
inline Result run_ida(const std::vector<std::string>& args, const std::string& input = "",
                      const std::string& scratch = "/tmp") {
  std::string in_file = scratch + "/ida_stdin_" + std::to_string(getpid());
  std::string out_file = scratch + "/ida_stdout_" + std::to_string(getpid());
  std::ofstream(in_file) << input;
  int status = wait_ida(spawn_ida(args, out_file, in_file));
  std::stringstream out;
  out << std::ifstream(out_file).rdbuf();
  unlink(in_file.c_str());
  unlink(out_file.c_str());
  return {status, out.str()};
}

}  // namespace ida::testing
