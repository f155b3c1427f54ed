// The acceptance test of the game instance: tic-tac-toe learned from random
// initialisation with the shipped config reaches perfect play, and the
// distillation gap (the fixed-point signal) falls. Label long; under the sanitizers it
// trains 8 rounds without the per-round assessment games and audit (their code has its own
// tests) and must still never lose with search, its raw policy 97% optimal (tests/budget.h).
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

#include "core/config.h"
#include "engine/round_loop.h"
#include "games/tictactoe.h"
#include "search/minimax.h"
#include "selfplay/analysis.h"
#include "selfplay/game_instance.h"
#include "selfplay/grading.h"

#include "budget.h"

namespace ida {
namespace {
namespace fs = std::filesystem;
using games::TicTacToe;

// Plays the agent (deterministic search) against every optimal reply of the
// minimax player, from `state` on; counts the lines the agent loses.
int losing_lines(const TicTacToe::State& state, int agent, net::Evaluator& network,
                 const search::MctsParams& params, search::Minimax<TicTacToe>& solver,
                 int* lines) {
  if (state.is_terminal()) {
    ++*lines;
    bool agent_to_move = state.to_move() == agent;
    return (agent_to_move ? state.terminal_value() : -state.terminal_value()) < 0;
  }
  if (state.to_move() == agent) {
    auto next = state;
    next.play(selfplay::analyze_positions<TicTacToe>({state}, network, params)[0].move);
    return losing_lines(next, agent, network, params, solver, lines);
  }
  int lost = 0;
  for (auto a : solver.optimal_actions(state)) {
    auto next = state;
    next.play(a);
    lost += losing_lines(next, agent, network, params, solver, lines);
  }
  return lost;
}

TEST(Learning, TicTacToeFromScratchReachesPerfectPlay) {
  selfplay::GameRunConfig config;
  ConfigSchema schema;
  selfplay::describe(config, schema);
  schema.load_file(fs::path(IDA_SOURCE_DIR) / "configs" / "tictactoe.toml");
  ASSERT_EQ(config.game, "tictactoe");
  if (testing::kSanitized) {
    config.rounds = 8;  // 1.5 s a round in the release build, about 30 s here
    config.arena_games = config.reference_games = 0;
    config.audit_every = 0;
  }

  fs::path run = fs::temp_directory_path() / ("ida_learning_" + std::to_string(getpid()));
  fs::remove_all(run);
  fs::create_directories(run);
  engine::RunStore store(run / "run.db");
  selfplay::GameInstance<TicTacToe> instance(config, /*show_progress=*/false);
  engine::RoundLoop loop(instance, store, run);
  std::vector<engine::Metrics> rounds;
  auto t0 = std::chrono::steady_clock::now();
  loop.run({config.rounds, static_cast<uint64_t>(config.seed)},
           [&](int, const engine::Metrics& m) { rounds.push_back(m); });
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("trained %zu rounds in %.1f s\n", rounds.size(), seconds);
  ASSERT_EQ(static_cast<int>(rounds.size()), config.rounds);

  double first_gap = rounds.front().get("gap"), last_gap = rounds.back().get("gap");
  std::printf("distillation gap: first round %.4f, last round %.4f\n", first_gap, last_gap);
  EXPECT_LE(last_gap, 0.5 * first_gap);

  double optimal = selfplay::optimal_move_rate<TicTacToe>(instance.agent());
  std::printf("raw policy optimal in %.2f%% of reachable positions\n", 100 * optimal);
  EXPECT_GE(optimal, testing::budget(0.99, 0.97));

  search::Minimax<TicTacToe> solver;
  auto params = config.search.params(/*root_noise=*/false);
  for (int agent = 0; agent < 2; ++agent) {
    int lines = 0;
    int lost = losing_lines(TicTacToe::initial(), agent, instance.agent(), params, solver, &lines);
    std::printf("agent as player %d: lost %d of %d lines against minimax\n", agent + 1, lost,
                lines);
    EXPECT_EQ(lost, 0);
  }
  fs::remove_all(run);
}

}  // namespace
}  // namespace ida
