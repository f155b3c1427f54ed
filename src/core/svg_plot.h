// Line charts as hand-written SVG (no dependencies): a figure of one or more panels side by
// side, each with a title, axis labels, "nice" ticks, a legend and several named series of
// (x, y) points. Used for learning curves (accuracy against positions or wall time).
//
//   LineChart chart{"optimal moves", "self-play positions", "share"};
//   chart.y_range = {{0.0, 1.0}};
//   chart.series.push_back({"raw policy", {{0, 0.4}, {1e5, 0.8}}});
//   write_svg("curve.svg", "Connect Four", {chart});
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ida {

struct PlotSeries {
  std::string name;                               // shown in the legend
  std::vector<std::pair<double, double>> points;  // (x, y), drawn in the given order
  bool dashed = false;
};

// A vertical line at x with a short label (e.g. where a second training stage starts).
struct PlotMarker {
  double x = 0;
  std::string label;
};

struct LineChart {
  LineChart(std::string title = "", std::string x_label = "", std::string y_label = "")
      : title(std::move(title)), x_label(std::move(x_label)), y_label(std::move(y_label)) {}

  std::string title;
  std::string x_label;
  std::string y_label;
  std::vector<PlotSeries> series;
  std::vector<PlotMarker> markers;
  // Fixed axis ranges; by default each covers the data (and markers), widened to nice ticks.
  std::optional<std::pair<double, double>> x_range;
  std::optional<std::pair<double, double>> y_range;
  bool y_percent = false;  // tick labels 0..1 written as 0%..100%
};

// The SVG document: `title` above the panels, laid out left to right. Non-finite points are
// skipped (a series breaks there); empty series and empty charts are drawn as empty axes.
std::string render_svg(const std::string& title, const std::vector<LineChart>& panels);

// render_svg written to `path` atomically (core/atomic_file.h; same errors).
void write_svg(const std::filesystem::path& path, const std::string& title,
               const std::vector<LineChart>& panels);

// Tick positions covering [lo, hi] with steps 1, 2 or 5 x 10^k, about `target` of them; the
// first tick <= lo and the last >= hi. lo == hi gives a unit range around it.
std::vector<double> nice_ticks(double lo, double hi, int target = 5);

// A short tick label: "0", "2.5", "200k", "1.2M", "0.05".
std::string format_tick(double value);

}  // namespace ida
