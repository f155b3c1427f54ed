// Tests of the network-free reference players: the exact minimax solver on
// tic-tac-toe and random-rollout UCT on Connect Four.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <vector>

#include "core/rng.h"
#include "games/connect4.h"
#include "games/notation.h"
#include "games/tictactoe.h"
#include "search/minimax.h"
#include "search/rollout_mcts.h"

namespace ida::search {
namespace {

using games::ConnectFour;
using games::parse_position;
using games::TicTacToe;

// ---- Minimax --------------------------------------------------------------

TEST(MinimaxTest, TicTacToeIsADraw) {
  Minimax<TicTacToe> solver;
  EXPECT_EQ(solver.value(TicTacToe::initial()), 0);
  // Every first move keeps the draw.
  EXPECT_EQ(solver.optimal_actions(TicTacToe::initial()).size(), 9u);
  EXPECT_EQ(solver.value(parse_position<TicTacToe>("12")), 1);  // O's edge reply loses
}

TEST(MinimaxTest, ReachableStateCounts) {
  EXPECT_EQ(reachable_states<TicTacToe>(/*include_terminal=*/true).size(), 5478u);
  EXPECT_EQ(reachable_states<TicTacToe>().size(), 4520u);
  for (const auto& s : reachable_states<TicTacToe>()) ASSERT_FALSE(s.is_terminal());
}

TEST(MinimaxTest, TakesImmediateWin) {
  Minimax<TicTacToe> solver;
  const auto s = parse_position<TicTacToe>("1425");  // X: 1, 2; O: 4, 5; X to move
  EXPECT_EQ(solver.value(s), 1);
  EXPECT_EQ(solver.optimal_actions(s), std::vector<games::Action>{2});
  Rng rng(1);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(solver.choose(s, rng), 2);
}

TEST(MinimaxTest, BlocksImmediateLoss) {
  Minimax<TicTacToe> solver;
  const auto s = parse_position<TicTacToe>("513");  // X: 5, 3 threaten 7; O to move
  EXPECT_EQ(solver.value(s), 0);
  EXPECT_EQ(solver.optimal_actions(s), std::vector<games::Action>{6});
}

TEST(MinimaxTest, ValuesAreConsistentOverAllStates) {
  Minimax<TicTacToe> solver;
  for (const auto& s : reachable_states<TicTacToe>()) {
    int best = -1;
    for (games::Action a : s.legal_actions()) {
      auto child = s;
      child.play(a);
      best = std::max(best, -solver.value(child));
    }
    ASSERT_EQ(solver.value(s), best) << s.render();
  }
  EXPECT_EQ(solver.memo_size(), 4520u);
}

// ---- Rollout MCTS ---------------------------------------------------------

TEST(RolloutMctsTest, FindsImmediateWin) {
  RolloutMcts<ConnectFour> mcts({.simulations = 1000, .uct_c = 2.0f});
  for (uint64_t seed = 0; seed < 5; ++seed) {
    Rng rng(seed);
    EXPECT_EQ(mcts.choose(parse_position<ConnectFour>("121212"), rng), 0) << seed;
    EXPECT_EQ(mcts.choose(parse_position<ConnectFour>("112233"), rng), 3) << seed;
  }
}

TEST(RolloutMctsTest, BlocksImmediateLoss) {
  RolloutMcts<ConnectFour> mcts({.simulations = 1000, .uct_c = 2.0f});
  for (uint64_t seed = 0; seed < 5; ++seed) {
    Rng rng(seed);
    EXPECT_EQ(mcts.choose(parse_position<ConnectFour>("11223"), rng), 3) << seed;
    EXPECT_EQ(mcts.choose(parse_position<ConnectFour>("12131"), rng), 0) << seed;
  }
}

TEST(RolloutMctsTest, VisitsAddUpAndSearchIsReproducible) {
  RolloutMcts<ConnectFour> mcts({.simulations = 500, .uct_c = 2.0f});
  Rng a(42), b(42);
  const auto s = parse_position<ConnectFour>("4444");
  const games::Action first = mcts.choose(s, a);
  const auto visits = mcts.root_visits();
  EXPECT_EQ(std::accumulate(visits.begin(), visits.end(), 0), 500);
  EXPECT_EQ(mcts.choose(s, b), first);
  EXPECT_EQ(mcts.root_visits(), visits);
}

TEST(RolloutMctsTest, BeatsRandomPlayerAtConnectFour) {
  RolloutMcts<ConnectFour> mcts({.simulations = 1000, .uct_c = 2.0f});
  Rng rng(7);
  int wins = 0;
  for (int game = 0; game < 20; ++game) {
    const int mcts_player = game % 2;
    auto s = ConnectFour::initial();
    while (!s.is_terminal()) {
      if (s.to_move() == mcts_player) {
        s.play(mcts.choose(s, rng));
      } else {
        const auto actions = s.legal_actions();
        s.play(actions[static_cast<int>(rng() % actions.size)]);
      }
    }
    // terminal_value is for the player to move; the MCTS won if the other one moved last.
    if (s.terminal_value() == -1.0f && s.to_move() != mcts_player) ++wins;
  }
  EXPECT_GE(wins, 18);
}

TEST(RolloutMctsTest, NeverLosesToPerfectPlayAtTicTacToeFromTheStart) {
  // A sanity check on a solved game: strong rollout MCTS holds the draw as either side.
  RolloutMcts<TicTacToe> mcts({.simulations = 2000, .uct_c = 2.0f});
  Minimax<TicTacToe> solver;
  Rng rng(3);
  for (int game = 0; game < 6; ++game) {
    const int mcts_player = game % 2;
    auto s = TicTacToe::initial();
    while (!s.is_terminal())
      s.play(s.to_move() == mcts_player ? mcts.choose(s, rng) : solver.choose(s, rng));
    // terminal_value is for the player to move: -1 with the MCTS to move is its loss.
    EXPECT_FALSE(s.terminal_value() == -1.0f && s.to_move() == mcts_player)
        << "game " << game << "\n"
        << s.render();
  }
}

}  // namespace
}  // namespace ida::search
