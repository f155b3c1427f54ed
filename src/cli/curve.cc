// `ida curve`: the learning curve of a Connect Four run, graded by the exact solver. Grades the
// raw policy of each (or every K-th) round checkpoint on the graded position set, reads the
// self-play positions and wall time of each round from the run store, and writes an SVG with
// the result-preserving and optimal shares against cumulative positions and wall time.
// Several --run directories are stages of one training (e.g. a fine-tuning run started from
// the first one's last checkpoint): their positions and times add up.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "core/atomic_file.h"
#include "core/checksum.h"
#include "core/error.h"
#include "core/svg_plot.h"
#include "core/table.h"
#include "engine/run_store.h"
#include "net/policy_value_net.h"
#include "selfplay/agent_file.h"
#include "selfplay/connect4_graded_set.h"
#include "selfplay/connect4_grading.h"

namespace ida::cli {
namespace fs = std::filesystem;
namespace {
using selfplay::kGamePhases;

struct CurveArgs {
  std::vector<std::string> runs;
  int every = 1;
  std::string out;
  std::string positions;
  std::string title;
};

// Grades are kept in the run store's key-value table under
// "solver_grade2.<CRC-32 of the graded set file>.<round>", so another set is graded afresh.
// The value lists, per phase: name, positions, decisive positions, optimal moves,
// result-preserving moves (on decisive positions). ("solver_grade." keys had no decisive count.)
std::string grade_key(const std::string& set_crc, int round) {
  char key[64];
  std::snprintf(key, sizeof key, "solver_grade2.%s.%04d", set_crc.c_str(), round);
  return key;
}

std::string encode_grade(const selfplay::SetGrade& g) {
  std::string text;
  for (size_t p = 0; p < kGamePhases.size(); ++p)
    text += (p ? " " : "") + std::string(kGamePhases[p].name) + " " +
            std::to_string(g.phase[p].positions) + " " + std::to_string(g.phase[p].decisive) +
            " " + std::to_string(g.phase[p].optimal) +
            " " + std::to_string(g.phase[p].preserving);
  return text;
}

// nullopt for a value that is not encode_grade's (an older format: graded again).
std::optional<selfplay::SetGrade> decode_grade(const std::string& text) {
  std::istringstream in(text);
  selfplay::SetGrade g;
  for (size_t p = 0; p < kGamePhases.size(); ++p) {
    std::string name;
    auto& m = g.phase[p];
    if (!(in >> name >> m.positions >> m.decisive >> m.optimal >> m.preserving) ||
        name != kGamePhases[p].name)
      return std::nullopt;
  }
  return g;
}

double metric(const engine::RunStore::RoundRecord& r, const std::string& name,
              const std::string& run) {
  for (const auto& [n, v] : r.metrics)
    if (n == name) return v;
  throw InputError(run + ": round " + std::to_string(r.round) + " has no metric '" + name + "'");
}

struct CurvePoint {
  double positions = 0, wall_minutes = 0;
  selfplay::SetGrade grade;
};

void curve(const CurveArgs& args) {
  const fs::path set_path =
      args.positions.empty() ? selfplay::default_graded_set_path() : fs::path(args.positions);
  const auto set = selfplay::read_graded_set(set_path);
  const std::string set_crc = crc32_hex(read_file(set_path));
  net::PolicyValueNet::set_threads(1);

  std::vector<CurvePoint> points;
  std::vector<PlotMarker> starts_by_positions, starts_by_time;  // where each later stage starts
  double positions = 0, wall = 0;
  int graded = 0, reused = 0;
  Table table;
  for (size_t i = 0; i < args.runs.size(); ++i) {
    const std::string& run = args.runs[i];
    const fs::path db = fs::path(run) / "run.db";
    if (!fs::exists(db)) throw InputError(run + ": not an ida run (no run.db)");
    engine::RunStore store(db);  // writes: the grades are kept in it for the next curve
    const auto rounds = store.rounds();
    if (rounds.empty()) throw InputError(run + ": the run has no completed round");
    if (i > 0) {
      const std::string name = fs::path(run).filename().string();
      starts_by_positions.push_back({positions, name});
      starts_by_time.push_back({wall / 60, name});
    }
    for (const auto& r : rounds) {
      positions += metric(r, "positions", run);
      wall += r.wall_seconds;
      const bool last = &r == &rounds.back();
      if (r.checkpoint_file.empty() || (r.round % args.every != 0 && !last)) continue;
      const std::string key = grade_key(set_crc, r.round);
      std::optional<selfplay::SetGrade> grade;
      if (auto stored = store.get(key)) grade = decode_grade(*stored);
      if (grade) {
        ++reused;
      } else {
        auto network = selfplay::load_agent("connect4", fs::path(run) / r.checkpoint_file);
        grade = selfplay::grade_moves(set, selfplay::agent_moves(set, *network, 0));
        store.put(key, encode_grade(*grade));
        ++graded;
      }
      points.push_back({positions, wall / 60, *grade});
      Table::Row row{{"stage", double(i + 1)}, {"round", double(r.round)},
                     {"positions", positions}, {"wall_min", wall / 60},
                     {"preserving", grade->overall().preserving_share()},
                     {"optimal", grade->overall().optimal_share()}};
      for (size_t p = 0; p < kGamePhases.size(); ++p)
        row.emplace_back("keep/" + std::string(kGamePhases[p].name),
                         grade->phase[p].preserving_share());
      std::cout << table.add_row(row) << std::flush;
    }
  }

  // Two panels with the same series: against positions and against wall time.
  auto make_series = [&](bool by_positions) {
    std::vector<PlotSeries> series = {{"result-preserving, all phases", {}, false},
                                      {"optimal, all phases", {}, false}};
    for (const auto& ph : kGamePhases)
      series.push_back({"result-preserving, " + std::string(ph.name), {}, true});
    for (const auto& pt : points) {
      const double x = by_positions ? pt.positions : pt.wall_minutes;
      series[0].points.emplace_back(x, pt.grade.overall().preserving_share());
      series[1].points.emplace_back(x, pt.grade.overall().optimal_share());
      for (size_t p = 0; p < kGamePhases.size(); ++p)
        series[2 + p].points.emplace_back(x, pt.grade.phase[p].preserving_share());
    }
    return series;
  };
  LineChart by_positions{"against self-play positions", "self-play positions (cumulative)",
                         "share of moves"};
  by_positions.series = make_series(true);
  by_positions.markers = starts_by_positions;
  by_positions.y_percent = true;
  LineChart by_time{"against training wall time", "wall time (minutes, cumulative)",
                    "share of moves"};
  by_time.series = make_series(false);
  by_time.y_percent = true;
  by_time.markers = starts_by_time;
  const std::string title =
      args.title.empty() ? "Connect Four raw policy graded by the exact solver (" +
                               std::to_string(set.size()) + " positions)"
                         : args.title;
  write_svg(args.out, title, {by_positions, by_time});
  std::cout << "graded " << graded << " checkpoints (" << reused
            << " read from the run stores); wrote " << args.out << "\n";
}

}  // namespace

void add_curve_command(CLI::App& app) {
  auto args = std::make_shared<CurveArgs>();
  auto* cmd = app.add_subcommand(
      "curve",
      "Learning curve of a Connect Four run: the raw policy of each round checkpoint graded\n"
      "on the solver-graded position set, against cumulative self-play positions and wall\n"
      "time, as an SVG. Grades are stored in the run store and not recomputed");
  cmd->add_option("--run", args->runs,
                  "run directory; repeat for successive stages of one training")
      ->required();
  cmd->add_option("--every", args->every, "grade every K-th round (and each run's last)")
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--out", args->out, "SVG file to write")->required();
  cmd->add_option("--positions", args->positions,
                  "graded position set (default: data/connect4-graded.txt)");
  cmd->add_option("--title", args->title, "title above the panels");
  cmd->callback([args] { curve(*args); });
}

}  // namespace ida::cli
