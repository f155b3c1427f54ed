// Many games at once with batched leaf evaluation: teacher outputs are well
// formed, batches span games, and a seed reproduces every game.
#include <gtest/gtest.h>

#include <numeric>

#include "fake_evaluator.h"
#include "games/connect4.h"
#include "games/tictactoe.h"
#include "selfplay/match.h"
#include "selfplay/reference_players.h"

namespace ida {
namespace {

using games::ConnectFour;
using games::TicTacToe;
using selfplay::MatchOptions;
using selfplay::Player;

TEST(Match, SelfPlayRecordsNormalisedVisitsForEveryPly) {
  testing::FakeEvaluator eval(7);
  Player<ConnectFour> a{"A", &eval, {}, {}};
  a.mcts.simulations = 16;
  a.mcts.root_noise = true;
  MatchOptions o;
  o.games = 10;
  o.concurrent_games = 4;
  o.self_play = true;
  o.temperature_moves = 42;
  o.seed = 3;
  auto games = selfplay::play_match<ConnectFour>({&a, &a}, o);
  ASSERT_EQ(games.size(), 10u);
  for (const auto& g : games) {
    ASSERT_EQ(g.visits.size(), g.moves.size());
    auto s = ConnectFour::initial();
    for (size_t i = 0; i < g.moves.size(); ++i) {
      float sum = std::accumulate(g.visits[i].begin(), g.visits[i].end(), 0.0f);
      EXPECT_NEAR(sum, 1.0f, 1e-5);
      EXPECT_GT(g.visits[i][g.moves[i]], 0.0f);  // played moves were searched
      s.play(g.moves[i]);
    }
    ASSERT_TRUE(s.is_terminal());
    float first = s.to_move() == 0 ? s.terminal_value() : -s.terminal_value();
    EXPECT_EQ(g.result, first);
    EXPECT_GE(g.gap_sum, 0.0);
    EXPECT_LE(g.gap_sum, g.gap_max * g.targets() + 1e-9) << "gap_max bounds every position's gap";
  }
  EXPECT_EQ(eval.max_batch, 4);  // one leaf per concurrent game per call
}

TEST(Match, SameSeedSameGamesWhateverTheConcurrency) {
  testing::FakeEvaluator eval(9);
  Player<TicTacToe> a{"A", &eval, {}, {}};
  a.mcts.simulations = 20;
  a.mcts.root_noise = true;
  auto play = [&](int concurrent, uint64_t seed) {
    MatchOptions o;
    o.games = 12;
    o.concurrent_games = concurrent;
    o.self_play = true;
    o.temperature_moves = 9;
    o.seed = seed;
    std::vector<std::vector<games::Action>> moves;
    for (const auto& g : selfplay::play_match<TicTacToe>({&a, &a}, o)) moves.push_back(g.moves);
    return moves;
  };
  EXPECT_EQ(play(1, 5), play(5, 5));
  // Worker threads share the games; per-game seeds keep every game the same.
  auto threaded = [&](int threads) {
    MatchOptions o;
    o.games = 24;
    o.concurrent_games = 8;
    o.threads = threads;
    o.self_play = true;
    o.temperature_moves = 9;
    o.seed = 11;
    std::vector<std::vector<games::Action>> moves;
    for (const auto& g : selfplay::play_match<TicTacToe>({&a, &a}, o)) moves.push_back(g.moves);
    return moves;
  };
  EXPECT_EQ(threaded(1), threaded(2));
  EXPECT_NE(play(3, 5), play(3, 6));
}

TEST(Match, ColoursAlternateAndReferencePlayersPlay) {
  Player<TicTacToe> minimax = selfplay::reference_player<TicTacToe>("minimax");
  Player<TicTacToe> random = selfplay::reference_player<TicTacToe>("random");
  MatchOptions o;
  o.games = 40;
  o.seed = 1;
  auto games = selfplay::play_match<TicTacToe>({&minimax, &random}, o);
  int minimax_first = 0;
  for (const auto& g : games) {
    minimax_first += g.first_player == 0;
    float r = g.first_player == 0 ? g.result : -g.result;
    EXPECT_GE(r, 0.0f) << "minimax never loses";
  }
  EXPECT_EQ(minimax_first, 20);
  EXPECT_GT(selfplay::score_of_first<TicTacToe>(games), 0.8);
}

TEST(Match, NetworkPlayerBeatsRandomWithSearch) {
  testing::FakeEvaluator eval(7);
  Player<ConnectFour> searcher{"A", &eval, {}, {}};
  searcher.mcts.simulations = 200;
  Player<ConnectFour> random = selfplay::reference_player<ConnectFour>("random");
  MatchOptions o;
  o.games = 10;
  o.seed = 2;
  auto games = selfplay::play_match<ConnectFour>({&searcher, &random}, o);
  EXPECT_GE(selfplay::score_of_first<ConnectFour>(games), 0.8);
}

}  // namespace
}  // namespace ida
