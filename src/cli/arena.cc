// `ida arena`: two players (checkpoints or reference players) play N games,
// alternating colours; prints the score with a 95% confidence interval.
#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "cli/player_spec.h"
#include "core/progress.h"
#include "games/registry.h"
#include "net/policy_value_net.h"

namespace ida::cli {
namespace {

struct ArenaArgs {
  std::string game;
  std::string a, b;
  int games = 100;
  int simulations = 400;
  int opening_moves = 0;
  int64_t seed = 1;
  int concurrent = 64;
  int threads = 1;
};

template <games::Game G>
void arena(const ArenaArgs& args) {
  PlayerFactory factory;
  auto a = factory.make<G>(args.a, args.simulations);
  auto b = factory.make<G>(args.b, args.simulations);
  selfplay::MatchOptions options;
  options.games = args.games;
  options.concurrent_games = args.concurrent;
  options.threads = args.threads;
  options.cache_positions = search::kDefaultEvalCacheEntries;
  options.temperature_moves = args.opening_moves;
  options.seed = static_cast<uint64_t>(args.seed);
  Progress progress("arena", args.games, "games");
  options.on_progress = [&](int done, int64_t) { progress.update(done); };
  auto records = selfplay::play_match<G>({&a, &b}, options);
  progress.finish();

  int wins = 0, draws = 0, losses = 0;
  std::array<std::array<int, 3>, 2> by_colour{};  // [a moved first?][win, draw, loss]
  for (const auto& g : records) {
    float r = g.first_player == 0 ? g.result : -g.result;
    int k = r > 0 ? 0 : (r == 0 ? 1 : 2);
    (k == 0 ? wins : k == 1 ? draws : losses)++;
    by_colour[g.first_player == 0 ? 0 : 1][k]++;
  }
  const double n = static_cast<double>(records.size());
  const double score = (wins + 0.5 * draws) / n;
  double var = 0;
  for (const auto& g : records) {
    double s = ((g.first_player == 0 ? g.result : -g.result) + 1) / 2;
    var += (s - score) * (s - score);
  }
  const double half = n > 1 ? 1.96 * std::sqrt(var / (n - 1) / n) : 1.0;
  std::printf("%s vs %s, %d games of %s\n", a.name.c_str(), b.name.c_str(), args.games,
              args.game.c_str());
  std::printf("  %s first:  %d wins, %d draws, %d losses\n", a.name.c_str(), by_colour[0][0],
              by_colour[0][1], by_colour[0][2]);
  std::printf("  %s second: %d wins, %d draws, %d losses\n", a.name.c_str(), by_colour[1][0],
              by_colour[1][1], by_colour[1][2]);
  std::printf("score of %s: %.3f +- %.3f (95%% CI), %d wins, %d draws, %d losses\n",
              a.name.c_str(), score, half, wins, draws, losses);
}

}  // namespace

void add_arena_command(CLI::App& app) {
  auto args = std::make_shared<ArenaArgs>();
  auto* cmd = app.add_subcommand("arena", "Two players play N games; prints the score of --a");
  cmd->add_option("--game", args->game, "tictactoe or connect4")->required();
  cmd->add_option("--a", args->a,
                  "checkpoint, run directory, random, minimax or mcts:N (default: shipped model)");
  cmd->add_option("--b", args->b, "the opponent, same forms")->required();
  cmd->add_option("--games", args->games, "games (colours alternate)")
      ->check(CLI::Range(1, 10000000));
  cmd->add_option("--sims", args->simulations, "MCTS simulations of network players (0 = raw)")
      ->check(CLI::Range(0, 10000000));
  cmd->add_option("--opening-moves", args->opening_moves,
                  "opening plies sampled by visit count, so games between fixed players differ")
      ->check(CLI::Range(0, 1000));
  cmd->add_option("--seed", args->seed, "seed")->check(CLI::NonNegativeNumber);
  cmd->add_option("--concurrent", args->concurrent, "games played at once (network batch)")
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--threads", args->threads,
                  "worker threads when both players are networks")
      ->check(CLI::Range(1, 256));
  cmd->callback([args] {
    games::with_game(args->game, [&]<class G>(std::type_identity<G>) { arena<G>(*args); });
  });
}

}  // namespace ida::cli
