// Runs the ida binary as a child process (for end-to-end tests of the CLI,
// including killing it mid-run).
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace ida::testing {

// In a forked child: becomes `IDA_BINARY args...` (exit status 127 if that fails).
[[noreturn]] inline void exec_ida(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  std::string binary = IDA_BINARY;
  argv.push_back(binary.data());
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  execv(binary.c_str(), argv.data());
  _exit(127);
}

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
    exec_ida(args);
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

// `IDA_BINARY args...` talked to line by line: its stdin and stdout are pipes (stderr goes
// to the test's stderr). Closing ends its input; the destructor waits for it.
class Conversation {
 public:
  explicit Conversation(const std::vector<std::string>& args) {
    int to_child[2], from_child[2];
    if (pipe(to_child) != 0 || pipe(from_child) != 0) return;
    pid_ = fork();
    if (pid_ == 0) {
      dup2(to_child[0], 0);
      dup2(from_child[1], 1);
      close(to_child[1]);
      close(from_child[0]);
      exec_ida(args);
    }
    close(to_child[0]);
    close(from_child[1]);
    to_ = to_child[1];
    from_ = fdopen(from_child[0], "r");
  }
  Conversation(const Conversation&) = delete;
  Conversation& operator=(const Conversation&) = delete;
  ~Conversation() { finish(); }

  // The next line of output without its newline; false at the end of output.
  bool read_line(std::string& line) {
    char* buffer = nullptr;
    size_t capacity = 0;
    const ssize_t n = from_ ? getline(&buffer, &capacity, from_) : -1;
    if (n >= 0) line.assign(buffer, static_cast<size_t>(n) - (n > 0 && buffer[n - 1] == '\n'));
    free(buffer);
    return n >= 0;
  }
  void send(const std::string& line) {
    const std::string text = line + "\n";
    if (to_ >= 0 && write(to_, text.data(), text.size()) != static_cast<ssize_t>(text.size()))
      close_input();
  }
  void close_input() {
    if (to_ >= 0) close(to_);
    to_ = -1;
  }
  // Ends the input, reads the output to its end (so that ida's last lines find a reader)
  // and waits; the exit status (or 128 + signal).
  int finish() {
    close_input();
    for (std::string rest; read_line(rest);) {
    }
    if (from_) fclose(from_);
    from_ = nullptr;
    if (pid_ <= 0) return -1;
    const int status = wait_ida(pid_);
    pid_ = -1;
    return status;
  }

 private:
  pid_t pid_ = -1;
  int to_ = -1;
  FILE* from_ = nullptr;
};

}  // namespace ida::testing
