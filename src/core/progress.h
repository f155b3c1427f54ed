// A terminal progress bar for long phases (self-play, training, evaluation):
//   self-play  [#########.........]  512/1024 positions  43%  ETA 0:12
// redrawn in place on a terminal; on a non-terminal (a log file) it prints only one
// summary line at finish() so logs stay clean.
#pragma once

#include <chrono>
#include <cstdint>
#include <iostream>
#include <string>

namespace ida {

// "M:SS" below an hour, "H:MM:SS" from an hour on; negative or NaN seconds -> "-:--".
std::string format_duration(double seconds);

// Not thread-safe: call update() from one thread (e.g. the one that collects results).
class Progress {
 public:
  // `total` <= 0 means unknown (no bar, no ETA). `unit` names what is counted
  // ("positions", "games"; empty for none). `enabled` = false prints nothing at all
  // (--quiet). Output goes to std::cerr, in place iff stderr is a terminal.
  Progress(std::string label, int64_t total, std::string unit = "", bool enabled = true);
  // Same, writing to `out`: in place iff `out` is std::cerr, std::clog or std::cout and
  // the matching file descriptor is a terminal.
  Progress(std::string label, int64_t total, std::ostream& out, std::string unit = "",
           bool enabled = true);
  // Ends a partially drawn line; prints no summary (call finish() for that).
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // Records that `done` items are complete; redraws at most ~10 times a second (and always
  // when done reaches total). Nothing is printed on a non-terminal.
  void update(int64_t done);
  // Prints the final line (count, elapsed time, rate) and a newline. Idempotent.
  // On a non-terminal this is the only output.
  void finish();

  // Overrides terminal detection (for tests, or --progress=always/never).
  void set_interactive(bool interactive) { interactive_ = interactive; }
  bool interactive() const { return interactive_; }

  // The in-progress line for these numbers (no \r, no padding).
  static std::string format_line(const std::string& label, int64_t done, int64_t total,
                                 const std::string& unit, double elapsed_seconds);
  // The final line: "self-play  1024/1024 positions  100%  in 0:25  (41.0 positions/s)".
  static std::string format_summary(const std::string& label, int64_t done, int64_t total,
                                    const std::string& unit, double elapsed_seconds);

 private:
  using Clock = std::chrono::steady_clock;
  double elapsed() const;
  void draw(const std::string& line);

  std::string label_;
  int64_t total_;
  std::ostream& out_;
  std::string unit_;
  bool enabled_;
  bool interactive_;
  int64_t done_ = 0;
  bool finished_ = false;
  size_t drawn_width_ = 0;  // length of the line currently on screen (0: none)
  Clock::time_point start_;
  Clock::time_point last_draw_;
};

}  // namespace ida
