// `ida ladder`: the capability ladder (requirement 3, docs/alignment.md). Round checkpoints of
// game runs play fixed anchor players (random, rollout MCTS, minimax or the solver), the
// anchors play each other, and one Bradley-Terry fit with a first-player term gives every
// player an Elo rating with its standard error, random = 0. Prints a table (or --json) and
// draws the agents' ratings against the round as SVG.
#include "audit/ladder.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "core/error.h"
#include "core/json.h"
#include "core/progress.h"
#include "core/rng.h"
#include "core/svg_plot.h"
#include "engine/run_store.h"
#include "games/registry.h"
#include "net/policy_value_net.h"
#include "selfplay/agent_file.h"
#include "selfplay/connect4_book.h"
#include "selfplay/game_config.h"
#include "selfplay/ladder_matches.h"
#include "selfplay/match.h"
#include "selfplay/reference_players.h"

namespace ida::cli {
namespace {
namespace fs = std::filesystem;

struct LadderArgs {
  std::string game;
  std::vector<std::string> runs;
  std::vector<std::string> models;  // single checkpoints, rated after the runs' rounds
  int every = 5;
  int games = 20;
  int sims = 50;
  std::string anchors;  // comma-separated; default per game
  std::string out;
  bool json = false;
  int64_t seed = 1;
  int threads = 1;
};

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ','))
    if (!item.empty()) items.push_back(item);
  return items;
}

// The ladder's players: anchors first (anchors[0] is rated 0), then the agents, each with
// its round (counted across the runs) for the plot.
template <games::Game G>
class Ladder {
 public:
  explicit Ladder(const LadderArgs& args) : matches_(options(args)), json_(args.json) {}

  void add_anchor(const std::string& spec) { matches_.add_anchor(spec); }

  void add_agent(const fs::path& checkpoint, const std::string& name, double x) {
    networks_.push_back(selfplay::load_agent(std::string(G::kName), checkpoint));
    matches_.add_agent(*networks_.back(), name);
    agent_x_.push_back(x);
  }

  audit::LadderFit play_and_fit() {
    std::unique_ptr<Progress> progress;
    return matches_.play_and_fit([&](int done, int total) {
      if (!progress) progress = std::make_unique<Progress>("ladder", total, "matches", !json_);
      progress->update(done);
      if (done == total) progress->finish();
    });
  }

  const std::vector<selfplay::Player<G>>& players() const { return matches_.players(); }
  int anchors() const { return matches_.anchors(); }
  const std::vector<double>& agent_x() const { return agent_x_; }
  size_t games() const { return matches_.games(); }

 private:
  static typename selfplay::LadderMatches<G>::Options options(const LadderArgs& args) {
    selfplay::SearchConfig search;
    search.simulations = std::max(1, args.sims);
    return {args.games, search.params(/*root_noise=*/false), static_cast<uint64_t>(args.seed)};
  }

  selfplay::LadderMatches<G> matches_;
  bool json_;
  std::vector<std::unique_ptr<net::PolicyValueNet>> networks_;
  std::vector<double> agent_x_;
};

template <games::Game G>
void report(const LadderArgs& args, const Ladder<G>& ladder, const audit::LadderFit& fit) {
  const auto& players = ladder.players();
  if (args.json) {
    Json j = Json::object();
    j["game"] = std::string(G::kName);
    j["games"] = static_cast<int64_t>(ladder.games());
    j["first_move_elo"] = fit.first_move_elo;
    j["first_move_stderr"] = fit.first_move_stderr;
    Json& rows = j["players"] = Json::array();
    for (size_t p = 0; p < players.size(); ++p) {
      Json row = Json::object();
      row["name"] = players[p].name;
      row["anchor"] = static_cast<int>(p) < ladder.anchors();
      row["elo"] = fit.elo[p];
      row["stderr"] = fit.stderr_elo[p];
      rows.push(row);
    }
    std::cout << j.dump() << "\n";
  } else {
    std::printf(
        "%zu games; Elo, random = 0 (+- one standard error); first move worth %.0f +- %.0f\n",
        ladder.games(), fit.first_move_elo, fit.first_move_stderr);
    for (size_t p = 0; p < players.size(); ++p)
      std::printf("  %-40s %7.0f +- %.0f\n", players[p].name.c_str(), fit.elo[p],
                  fit.stderr_elo[p]);
  }
  if (args.out.empty() || ladder.agent_x().empty()) return;
  LineChart chart{std::string(G::kName) + " capability ladder", "round", "Elo (random = 0)"};
  PlotSeries agents{"agent (" + std::to_string(args.sims) + " sims)", {}};
  PlotSeries low{"- 1 s.e.", {}, true}, high{"+ 1 s.e.", {}, true};
  for (size_t k = 0; k < ladder.agent_x().size(); ++k) {
    const size_t p = ladder.anchors() + k;
    agents.points.emplace_back(ladder.agent_x()[k], fit.elo[p]);
    low.points.emplace_back(ladder.agent_x()[k], fit.elo[p] - fit.stderr_elo[p]);
    high.points.emplace_back(ladder.agent_x()[k], fit.elo[p] + fit.stderr_elo[p]);
  }
  chart.series = {agents, low, high};
  const double first = ladder.agent_x().front(), last = ladder.agent_x().back();
  for (int a = 0; a < ladder.anchors(); ++a)
    chart.series.push_back({players[a].name, {{first, fit.elo[a]}, {last, fit.elo[a]}}, true});
  write_svg(args.out, std::string(G::kName) + " ladder", {chart});
  if (!args.json) std::cout << "wrote " << args.out << "\n";
}

template <games::Game G>
void ladder(const LadderArgs& args) {
  net::PolicyValueNet::set_threads(args.threads);
  Ladder<G> ladder(args);
  const auto anchors =
      args.anchors.empty() ? selfplay::default_ladder_anchors<G>() : split(args.anchors);
  if (anchors.size() < 2 || anchors[0] != "random")
    throw InputError("--anchors '" + args.anchors + "': want random first, then at least one more");
  for (const auto& a : anchors) ladder.add_anchor(a);
  int offset = 0;  // rounds of the earlier runs
  for (const auto& run : args.runs) {
    const fs::path dir(run);
    if (!fs::exists(dir / "run.db")) throw InputError(run + ": not an ida run (no run.db)");
    const auto rounds = engine::RunStore(dir / "run.db", engine::RunStore::Access::kRead).rounds();
    if (rounds.empty()) throw InputError(run + ": the run has no completed round yet");
    for (const auto& r : rounds)
      if (r.round % args.every == 0 || &r == &rounds.back())
        ladder.add_agent(dir / r.checkpoint_file,
                         dir.filename().string() + " round " + std::to_string(r.round),
                         offset + r.round);
    offset += rounds.back().round;
  }
  for (const auto& model : args.models) {
    const auto path = selfplay::resolve_model(std::string(G::kName), model);
    ladder.add_agent(path, path.filename().string(), offset);
  }
  if (args.runs.empty() && args.models.empty()) throw InputError("give --run or --model");
  report(args, ladder, ladder.play_and_fit());
}

}  // namespace

void add_ladder_command(CLI::App& app) {
  auto args = std::make_shared<LadderArgs>();
  auto* cmd = app.add_subcommand(
      "ladder",
      "Rate a game run's round checkpoints against fixed anchor players (Bradley-Terry "
      "with a first-player term, Elo with standard errors, random = 0)");
  cmd->add_option("--game", args->game, "tictactoe or connect4")->required();
  cmd->add_option("--run", args->runs, "run directory (repeat for successive stages)");
  cmd->add_option("--model", args->models,
                  "a checkpoint to rate as well (repeatable; \"\" = the shipped model)");
  cmd->add_option("--every", args->every, "rate every K-th round (and each run's last)")
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--games", args->games, "games per pair of players (colours alternate)")
      ->check(CLI::Range(2, 100000));
  cmd->add_option("--sims", args->sims, "MCTS simulations of the agents (0 = raw policy)")
      ->check(CLI::Range(0, 10000000));
  cmd->add_option(
      "--anchors", args->anchors,
      "anchor players, random first: random, mcts:N, minimax (small games), "
      "solver (connect4); default random,mcts:100,mcts:1000 and minimax where feasible");
  cmd->add_option("--out", args->out, "SVG of the agents' ratings against the round");
  cmd->add_flag("--json", args->json, "print one JSON object instead of the table");
  cmd->add_option("--seed", args->seed, "seed of the games")->check(CLI::NonNegativeNumber);
  cmd->add_option("--threads", args->threads, "the network's threads")->check(CLI::Range(1, 256));
  cmd->callback([args] {
    games::with_game(args->game, [&]<class G>(std::type_identity<G>) { ladder<G>(*args); });
  });
}

}  // namespace ida::cli
