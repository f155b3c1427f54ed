// PUCT search against a fake evaluator: finds forced wins and blocks, reuses
// subtrees, is reproducible, and mixes root noise correctly.
#include <gtest/gtest.h>

#include <numeric>

#include "fake_evaluator.h"
#include "run_search.h"
#include "games/connect4.h"
#include "games/notation.h"
#include "games/tictactoe.h"
#include "search/mcts.h"

namespace ida {
namespace {

using games::ConnectFour;
using games::TicTacToe;
using testing::run_search;

TEST(Mcts, FindsImmediateWinInConnectFour) {
  testing::FakeEvaluator eval(7);
  search::MctsParams p;
  p.simulations = 200;
  search::SearchTree<ConnectFour> tree(p, 1);
  // X has three in column 1; X to move wins by playing 1 again.
  tree.reset(games::parse_position<ConnectFour>("121212"));
  run_search(tree, eval);
  EXPECT_EQ(ConnectFour::action_to_string(tree.best_action()), "1");
  EXPECT_GT(tree.root_value(), 0.5f);
}

TEST(Mcts, BlocksImmediateLossInTicTacToe) {
  testing::FakeEvaluator eval(9);
  search::MctsParams p;
  p.simulations = 400;
  search::SearchTree<TicTacToe> tree(p, 1);
  // X: 1, 2 ; O: 5. O to move must block at 3.
  tree.reset(games::parse_position<TicTacToe>("152"));
  run_search(tree, eval);
  EXPECT_EQ(TicTacToe::action_to_string(tree.best_action()), "3");
}

TEST(Mcts, VisitsSumToSimulationsAndRawPriorIsUniform) {
  testing::FakeEvaluator eval(7);
  search::MctsParams p;
  p.simulations = 64;
  search::SearchTree<ConnectFour> tree(p, 3);
  tree.reset(ConnectFour::initial());
  run_search(tree, eval);
  auto v = tree.visit_counts();
  EXPECT_EQ(std::accumulate(v.begin(), v.end(), 0.0f), 63.0f);  // root expansion is a visit
  for (float q : tree.raw_prior()) EXPECT_NEAR(q, 1.0f / 7, 1e-6);
}

TEST(Mcts, SubtreeReuseKeepsTheChildsVisits) {
  testing::FakeEvaluator eval(9);
  search::MctsParams p;
  p.simulations = 300;
  search::SearchTree<TicTacToe> tree(p, 5);
  tree.reset(TicTacToe::initial());
  run_search(tree, eval);
  auto a = tree.best_action();
  int child_visits = static_cast<int>(tree.visit_counts()[a]);
  tree.advance(a);
  EXPECT_EQ(tree.root_visits(), child_visits);
  EXPECT_EQ(tree.root_state().ply(), 1);
  p.reuse_tree = false;
  search::SearchTree<TicTacToe> fresh(p, 5);
  fresh.reset(TicTacToe::initial());
  run_search(fresh, eval);
  fresh.advance(fresh.best_action());
  EXPECT_EQ(fresh.root_visits(), 0);
}

TEST(Mcts, SameSeedSameSearchWithNoise) {
  testing::FakeEvaluator eval(7);
  search::MctsParams p;
  p.simulations = 100;
  p.root_noise = true;
  auto visits = [&](uint64_t seed) {
    search::SearchTree<ConnectFour> tree(p, seed);
    tree.reset(ConnectFour::initial());
    run_search(tree, eval);
    return tree.visit_counts();
  };
  EXPECT_EQ(visits(7), visits(7));
  EXPECT_NE(visits(7), visits(8));  // the noise differs
}

TEST(Mcts, SampleActionFollowsVisitsAndZeroTemperatureIsArgmax) {
  testing::FakeEvaluator eval(9);
  search::MctsParams p;
  p.simulations = 200;
  search::SearchTree<TicTacToe> tree(p, 9);
  tree.reset(games::parse_position<TicTacToe>("152"));
  run_search(tree, eval);
  EXPECT_EQ(tree.sample_action(0), tree.best_action());
  auto v = tree.visit_counts();
  for (int i = 0; i < 50; ++i) EXPECT_GT(v[tree.sample_action(1.0f)], 0);
}

}  // namespace
}  // namespace ida
