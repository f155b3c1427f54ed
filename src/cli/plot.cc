// `ida plot`: any per-round metric of one or more runs against another, as an SVG line chart
// read from the runs' stores (e.g. IDA against its supervised baseline: accuracy by step).
#include <CLI/CLI.hpp>

#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "core/error.h"
#include "core/svg_plot.h"
#include "engine/run_store.h"

namespace ida::cli {
namespace fs = std::filesystem;

namespace {

struct PlotArgs {
  std::vector<std::string> runs;
  std::vector<std::string> labels;
  std::string x = "steps";
  std::vector<std::string> ys{"acc"};
  std::string out;
  std::string title;
};

// The x value of every round: "round", "wall_s" (cumulative), or a metric.
std::vector<double> x_values(const std::vector<engine::RunStore::RoundRecord>& rounds,
                             const std::string& x, const std::string& run) {
  std::vector<double> values;
  double wall = 0;
  for (const auto& r : rounds) {
    wall += r.wall_seconds;
    if (x == "round") {
      values.push_back(r.round);
    } else if (x == "wall_s") {
      values.push_back(wall);
    } else {
      auto it = std::find_if(r.metrics.begin(), r.metrics.end(),
                             [&](const auto& m) { return m.first == x; });
      if (it == r.metrics.end())
        throw InputError(run + ": round " + std::to_string(r.round) + " has no metric '" + x +
                         "'");
      values.push_back(it->second);
    }
  }
  return values;
}

void plot(const PlotArgs& args) {
  if (!args.labels.empty() && args.labels.size() != args.runs.size())
    throw InputError("give one --label per --run (" + std::to_string(args.runs.size()) +
                     " runs, " + std::to_string(args.labels.size()) + " labels)");
  std::vector<LineChart> panels;
  for (const std::string& y : args.ys) {
    LineChart chart{y, args.x == "wall_s" ? "wall time (s)" : args.x, y};
    if (y.rfind("acc", 0) == 0) {
      chart.y_range = {{0.0, 1.0}};
      chart.y_percent = true;
    }
    panels.push_back(chart);
  }
  for (size_t i = 0; i < args.runs.size(); ++i) {
    const fs::path db = fs::path(args.runs[i]) / "run.db";
    if (!fs::exists(db)) throw InputError(args.runs[i] + ": not an ida run (no run.db)");
    const engine::RunStore store(db, engine::RunStore::Access::kRead);
    const auto rounds = store.rounds();
    if (rounds.empty()) throw InputError(args.runs[i] + ": the run has no completed round");
    const auto xs = x_values(rounds, args.x, args.runs[i]);
    const std::string label =
        args.labels.empty() ? fs::path(args.runs[i]).filename().string() : args.labels[i];
    for (size_t p = 0; p < args.ys.size(); ++p) {
      PlotSeries series{label, {}, i % 2 == 1};
      bool any = false;
      for (size_t r = 0; r < rounds.size(); ++r) {
        double y = std::numeric_limits<double>::quiet_NaN();
        for (const auto& [name, value] : rounds[r].metrics)
          if (name == args.ys[p]) {
            y = value;
            any = true;
          }
        series.points.emplace_back(xs[r], y);
      }
      if (!any) throw InputError(args.runs[i] + ": no round has the metric '" + args.ys[p] + "'");
      panels[p].series.push_back(std::move(series));
    }
  }
  write_svg(args.out, args.title, panels);
  std::cout << "wrote " << args.out << "\n";
}

}  // namespace

void add_plot_command(CLI::App& app) {
  auto args = std::make_shared<PlotArgs>();
  auto* cmd = app.add_subcommand(
      "plot", "Plot per-round metrics of runs (one panel per --y) as an SVG line chart");
  cmd->add_option("--run", args->runs, "run directory (repeat to compare runs)")->required();
  cmd->add_option("--label", args->labels, "legend name of each run (default: its folder)");
  cmd->add_option("--x", args->x, "x axis: round, wall_s (cumulative) or a metric")
      ->capture_default_str();
  cmd->add_option("--y", args->ys, "metric(s) to plot, one panel each")->capture_default_str();
  cmd->add_option("--out", args->out, "SVG file to write")->required();
  cmd->add_option("--title", args->title, "title above the panels");
  cmd->callback([args] { plot(*args); });
}

}  // namespace ida::cli
