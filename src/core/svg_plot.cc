// SVG line charts: layout, ticks and the markup (see svg_plot.h).
#include "core/svg_plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "core/atomic_file.h"

namespace ida {
namespace {

// Panel geometry in SVG pixels: the plot area sits inside these margins; the legend is
// a strip below the x-axis label, one line per series, so it never hides a curve.
constexpr double kPlotWidth = 420, kPlotHeight = 260;
constexpr double kLeft = 64, kRight = 24, kTop = 36, kAxisBelow = 58, kLegendLine = 18;
constexpr double kFigureTitle = 34;
constexpr const char* kPalette[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e",
                                    "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"};

std::string escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string text_at(double x, double y, const std::string& text, const char* anchor,
                    int size = 12, const std::string& extra = "") {
  return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" text-anchor=\"" + anchor +
         "\" font-size=\"" + std::to_string(size) + "\"" + extra + ">" + escape(text) +
         "</text>\n";
}

// The axis range: fixed, or the data's extent widened to nice ticks.
struct Axis {
  double lo = 0, hi = 1;
  std::vector<double> ticks;
};

Axis make_axis(std::optional<std::pair<double, double>> fixed, double data_lo, double data_hi) {
  Axis axis;
  if (fixed) {
    axis.lo = fixed->first;
    axis.hi = fixed->second;
    if (!(axis.hi > axis.lo)) axis.hi = axis.lo + 1;
    const double eps = (axis.hi - axis.lo) * 1e-9;
    for (double t : nice_ticks(axis.lo, axis.hi))
      if (t >= axis.lo - eps && t <= axis.hi + eps) axis.ticks.push_back(t);
    return axis;
  }
  if (!(data_lo <= data_hi)) data_lo = 0, data_hi = 1;  // no finite data
  axis.ticks = nice_ticks(data_lo, data_hi);
  axis.lo = axis.ticks.front();
  axis.hi = axis.ticks.back();
  return axis;
}

std::string render_panel(const LineChart& chart, size_t index, double x0, double y0) {
  const std::string clip = "clip" + std::to_string(index);
  double x_lo = std::numeric_limits<double>::infinity(), x_hi = -x_lo, y_lo = x_lo, y_hi = -x_lo;
  for (const auto& s : chart.series)
    for (const auto& [x, y] : s.points) {
      if (!std::isfinite(x) || !std::isfinite(y)) continue;
      x_lo = std::min(x_lo, x), x_hi = std::max(x_hi, x);
      y_lo = std::min(y_lo, y), y_hi = std::max(y_hi, y);
    }
  for (const auto& m : chart.markers)
    if (std::isfinite(m.x)) x_lo = std::min(x_lo, m.x), x_hi = std::max(x_hi, m.x);
  const Axis xa = make_axis(chart.x_range, x_lo, x_hi);
  const Axis ya = make_axis(chart.y_range, y_lo, y_hi);
  const double left = x0 + kLeft, top = y0 + kTop;
  auto px = [&](double x) { return left + (x - xa.lo) / (xa.hi - xa.lo) * kPlotWidth; };
  auto py = [&](double y) { return top + (1 - (y - ya.lo) / (ya.hi - ya.lo)) * kPlotHeight; };
  auto y_tick = [&](double v) { return chart.y_percent ? format_tick(v * 100) + "%" : format_tick(v); };

  std::string out = "<g>\n";
  out += text_at(left + kPlotWidth / 2, y0 + 20, chart.title, "middle", 14, " font-weight=\"bold\"");
  for (double t : xa.ticks) {  // grid, ticks and labels
    out += "<line x1=\"" + num(px(t)) + "\" y1=\"" + num(top) + "\" x2=\"" + num(px(t)) +
           "\" y2=\"" + num(top + kPlotHeight) + "\" stroke=\"#e5e5e5\"/>\n";
    out += text_at(px(t), top + kPlotHeight + 16, format_tick(t), "middle", 11);
  }
  for (double t : ya.ticks) {
    out += "<line x1=\"" + num(left) + "\" y1=\"" + num(py(t)) + "\" x2=\"" +
           num(left + kPlotWidth) + "\" y2=\"" + num(py(t)) + "\" stroke=\"#e5e5e5\"/>\n";
    out += text_at(left - 6, py(t) + 4, y_tick(t), "end", 11);
  }
  out += "<rect x=\"" + num(left) + "\" y=\"" + num(top) + "\" width=\"" + num(kPlotWidth) +
         "\" height=\"" + num(kPlotHeight) + "\" fill=\"none\" stroke=\"#333\"/>\n";
  out += text_at(left + kPlotWidth / 2, top + kPlotHeight + 36, chart.x_label, "middle");
  const double ly = top + kPlotHeight / 2;
  out += text_at(x0 + 14, ly, chart.y_label, "middle", 12,
                 " transform=\"rotate(-90 " + num(x0 + 14) + " " + num(ly) + ")\"");
  out += "<clipPath id=\"" + clip + "\"><rect x=\"" + num(left) + "\" y=\"" + num(top) +
         "\" width=\"" + num(kPlotWidth) + "\" height=\"" + num(kPlotHeight) + "\"/></clipPath>\n";
  for (const auto& m : chart.markers) {
    if (!std::isfinite(m.x) || m.x < xa.lo || m.x > xa.hi) continue;
    out += "<line x1=\"" + num(px(m.x)) + "\" y1=\"" + num(top) + "\" x2=\"" + num(px(m.x)) +
           "\" y2=\"" + num(top + kPlotHeight) + "\" stroke=\"#999\" stroke-dasharray=\"2 3\"/>\n";
    out += text_at(px(m.x) + 4, top + 12, m.label, "start", 10, " fill=\"#666\"");
  }
  for (size_t i = 0; i < chart.series.size(); ++i) {
    const auto& s = chart.series[i];
    const std::string color = kPalette[i % std::size(kPalette)];
    const std::string style = " fill=\"none\" stroke=\"" + color + "\" stroke-width=\"1.8\"" +
                              (s.dashed ? " stroke-dasharray=\"6 4\"" : "");
    std::string path;  // one polyline per run of finite points
    auto flush = [&] {
      if (!path.empty())
        out += "<polyline clip-path=\"url(#" + clip + ")\" points=\"" + path + "\"" +
               style + "/>\n";
      path.clear();
    };
    for (const auto& [x, y] : s.points) {
      if (!std::isfinite(x) || !std::isfinite(y)) {
        flush();
        continue;
      }
      path += (path.empty() ? "" : " ") + num(px(x)) + "," + num(py(y));
    }
    flush();
    const double legend_y = top + kPlotHeight + kAxisBelow + kLegendLine * static_cast<double>(i);
    out += "<line x1=\"" + num(left) + "\" y1=\"" + num(legend_y - 4) + "\" x2=\"" +
           num(left + 24) + "\" y2=\"" + num(legend_y - 4) + "\"" + style + "/>\n";
    out += text_at(left + 30, legend_y, s.name, "start", 11);
  }
  return out + "</g>\n";
}

}  // namespace

std::vector<double> nice_ticks(double lo, double hi, int target) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) return {0, 1};
  if (lo > hi) std::swap(lo, hi);
  if (hi == lo) lo -= 0.5, hi += 0.5;
  const double raw = (hi - lo) / std::max(1, target);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double norm = raw / magnitude;
  const double step = (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * magnitude;
  const double first = std::floor(lo / step + 1e-9), last = std::ceil(hi / step - 1e-9);
  std::vector<double> ticks;
  for (double k = first; k <= last + 0.5 && ticks.size() < 100; k += 1) {
    const double t = k * step;
    ticks.push_back(std::fabs(t) < step * 1e-9 ? 0.0 : t);
  }
  return ticks;
}

std::string format_tick(double v) {
  char buf[32];
  const double a = std::fabs(v);
  if (a >= 1e6)
    std::snprintf(buf, sizeof buf, "%.4gM", v / 1e6);
  else if (a >= 1e4)
    std::snprintf(buf, sizeof buf, "%.4gk", v / 1e3);
  else
    std::snprintf(buf, sizeof buf, "%.4g", a < 1e-12 ? 0.0 : v);
  return buf;
}

std::string render_svg(const std::string& title, const std::vector<LineChart>& panels) {
  size_t legend_lines = 0;
  for (const auto& p : panels) legend_lines = std::max(legend_lines, p.series.size());
  const double panel_width = kLeft + kPlotWidth + kRight;
  const double panel_height =
      kTop + kPlotHeight + kAxisBelow + kLegendLine * static_cast<double>(legend_lines);
  const double width = panel_width * static_cast<double>(std::max<size_t>(1, panels.size()));
  const double height = kFigureTitle + panel_height;
  std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(width) +
                    "\" height=\"" + num(height) + "\" viewBox=\"0 0 " + num(width) + " " +
                    num(height) + "\" font-family=\"sans-serif\">\n";
  out += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  out += text_at(width / 2, 22, title, "middle", 16, " font-weight=\"bold\"");
  for (size_t i = 0; i < panels.size(); ++i)
    out += render_panel(panels[i], i, panel_width * static_cast<double>(i), kFigureTitle);
  return out + "</svg>\n";
}

void write_svg(const std::filesystem::path& path, const std::string& title,
               const std::vector<LineChart>& panels) {
  write_file_atomically(path, render_svg(title, panels));
}

}  // namespace ida
