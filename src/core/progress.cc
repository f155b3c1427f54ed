// Progress: line formatting, redraw throttling and terminal detection.
#include "core/progress.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <utility>

namespace ida {
namespace {

constexpr int kBarWidth = 24;
constexpr auto kRedrawInterval = std::chrono::milliseconds(100);

bool is_terminal(const std::ostream& out) {
  if (&out == &std::cerr || &out == &std::clog) return ::isatty(2) == 1;
  if (&out == &std::cout) return ::isatty(1) == 1;
  return false;
}

std::string count_text(int64_t done, int64_t total, const std::string& unit) {
  std::string out = std::to_string(done);
  if (total > 0) out += "/" + std::to_string(total);
  if (!unit.empty()) out += " " + unit;
  return out;
}

int percent(int64_t done, int64_t total) {
  if (total <= 0) return 0;
  double p = 100.0 * static_cast<double>(done) / static_cast<double>(total);
  return static_cast<int>(std::clamp(std::floor(p), 0.0, 100.0));
}

}  // namespace

std::string format_duration(double seconds) {
  if (!(seconds >= 0) || seconds > 1e9) return "-:--";
  auto s = static_cast<int64_t>(std::llround(seconds));
  char buf[32];
  if (s >= 3600) {
    std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", static_cast<long long>(s / 3600),
                  static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60));
  } else {
    std::snprintf(buf, sizeof buf, "%lld:%02lld", static_cast<long long>(s / 60),
                  static_cast<long long>(s % 60));
  }
  return buf;
}

Progress::Progress(std::string label, int64_t total, std::string unit, bool enabled)
    : Progress(std::move(label), total, std::cerr, std::move(unit), enabled) {}

Progress::Progress(std::string label, int64_t total, std::ostream& out, std::string unit,
                   bool enabled)
    : label_(std::move(label)),
      total_(total),
      out_(out),
      unit_(std::move(unit)),
      enabled_(enabled),
      interactive_(is_terminal(out)),
      start_(Clock::now()),
      last_draw_(start_ - kRedrawInterval) {}

Progress::~Progress() {
  if (drawn_width_ > 0 && !finished_) {
    out_ << '\n';
    out_.flush();
  }
}

double Progress::elapsed() const {
  return std::chrono::duration<double>(Clock::now() - start_).count();
}

std::string Progress::format_line(const std::string& label, int64_t done, int64_t total,
                                  const std::string& unit, double elapsed_seconds) {
  std::string line = label + "  ";
  if (total > 0) {
    int filled = static_cast<int>(static_cast<double>(std::clamp<int64_t>(done, 0, total)) *
                                  kBarWidth / static_cast<double>(total));
    line += "[" + std::string(filled, '#') + std::string(kBarWidth - filled, '.') + "]  ";
  }
  line += count_text(done, total, unit);
  if (total > 0) {
    line += "  " + std::to_string(percent(done, total)) + "%";
    double eta =
        done > 0 ? elapsed_seconds * static_cast<double>(total - done) / static_cast<double>(done)
                 : -1;
    line += "  ETA " + format_duration(eta);
  }
  return line;
}

std::string Progress::format_summary(const std::string& label, int64_t done, int64_t total,
                                     const std::string& unit, double elapsed_seconds) {
  std::string line = label + "  " + count_text(done, total, unit);
  if (total > 0) line += "  " + std::to_string(percent(done, total)) + "%";
  line += "  in " + format_duration(elapsed_seconds);
  if (elapsed_seconds > 0 && done > 0) {
    char rate[64];
    std::snprintf(rate, sizeof rate, "  (%.1f %s/s)", static_cast<double>(done) / elapsed_seconds,
                  unit.empty() ? "items" : unit.c_str());
    line += rate;
  }
  return line;
}

void Progress::draw(const std::string& line) {
  std::string text = "\r" + line;
  if (line.size() < drawn_width_) text += std::string(drawn_width_ - line.size(), ' ');
  out_ << text;
  out_.flush();
  drawn_width_ = std::max(line.size(), size_t{1});
}

void Progress::update(int64_t done) {
  done_ = done;
  if (!enabled_ || !interactive_ || finished_) return;
  Clock::time_point now = Clock::now();
  if (now - last_draw_ < kRedrawInterval && !(total_ > 0 && done >= total_)) return;
  last_draw_ = now;
  draw(format_line(label_, done_, total_, unit_, elapsed()));
}

void Progress::finish() {
  if (finished_) return;
  finished_ = true;
  if (!enabled_) return;
  std::string line = format_summary(label_, done_, total_, unit_, elapsed());
  if (interactive_) {
    draw(line);
  } else {
    out_ << line;
  }
  out_ << '\n';
  out_.flush();
  drawn_width_ = 0;
}

}  // namespace ida
