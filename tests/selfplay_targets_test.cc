// The learning-efficiency options of self-play: playout cap randomisation,
// forced playouts with policy target pruning, and the value target mix.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "fake_evaluator.h"
#include "run_search.h"
#include "games/connect4.h"
#include "games/tictactoe.h"
#include "search/mcts.h"
#include "selfplay/game_instance.h"
#include "selfplay/match.h"
#include "selfplay/replay_buffer.h"

namespace ida {
namespace {

using games::ConnectFour;
using games::TicTacToe;

TEST(PlayoutCap, OnlyFullSearchesBecomeTargetsAndFastOnesCostLess) {
  testing::FakeEvaluator eval(7);
  selfplay::Player<ConnectFour> a{"A", &eval, {}, {}};
  a.mcts.simulations = 32;
  a.mcts.root_noise = true;
  auto play = [&](float share) {
    selfplay::MatchOptions o;
    o.games = 24;
    o.concurrent_games = 8;
    o.self_play = true;
    o.temperature_moves = 42;
    o.full_search_share = share;
    o.fast_simulations = 4;
    o.seed = 5;
    return selfplay::play_match<ConnectFour>({&a, &a}, o);
  };
  const long before = eval.positions;
  int plies = 0, targets = 0;
  for (const auto& g : play(0.25f)) {
    plies += static_cast<int>(g.moves.size());
    targets += g.targets();
  }
  const long capped = eval.positions - before;
  const double share = static_cast<double>(targets) / plies;
  EXPECT_GT(share, 0.15);
  EXPECT_LT(share, 0.35);
  int all_plies = 0, all_targets = 0;
  for (const auto& g : play(1.0f)) {
    all_plies += static_cast<int>(g.moves.size());
    all_targets += g.targets();
  }
  EXPECT_EQ(all_targets, all_plies) << "share 1: every move a full search and a target";
  const long full = eval.positions - before - capped;
  EXPECT_LT(static_cast<double>(capped) / plies, 0.6 * static_cast<double>(full) / all_plies)
      << "fast searches spend fewer evaluations per move";
}

TEST(PlayoutCap, AFastSearchMustBeFasterThanTheFullOne) {
  selfplay::GameRunConfig config;
  config.game = "connect4";
  config.minimax_reference = false;
  config.optimal_move_rate = false;
  config.full_search_share = 0.25;
  for (int fast : {0, config.search.simulations}) {
    config.fast_simulations = fast;
    try {
      selfplay::GameInstance<ConnectFour> instance(config, false);
      ADD_FAILURE() << "fast_simulations = " << fast << " was accepted";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("selfplay.fast_simulations"), std::string::npos)
          << e.what();
    }
  }
  config.fast_simulations = 10;
  EXPECT_NO_THROW(selfplay::GameInstance<ConnectFour>(config, false));
}

// A network that is sure of one move (action 3) and values everything as a draw.
class ConfidentEvaluator : public net::Evaluator {
 public:
  void evaluate(const float*, int n, float* logits, float* values) override {
    for (int i = 0; i < n; ++i) {
      std::fill(logits + i * 7, logits + (i + 1) * 7, 0.0f);
      logits[i * 7 + 3] = 8.0f;
      values[i] = 0;
    }
  }
};

std::pair<std::array<float, 7>, std::array<float, 7>> search_root(float forced_playouts) {
  search::MctsParams p;
  p.simulations = 400;
  p.root_noise = true;
  p.dirichlet_epsilon = 0;  // noise on, but without effect: priors stay the network's
  p.forced_playouts = forced_playouts;
  search::SearchTree<ConnectFour> tree(p, 1);
  tree.reset(ConnectFour::initial());
  ConfidentEvaluator eval;
  testing::run_search(tree, eval);
  return {tree.visit_counts(), tree.target_counts()};
}

TEST(ForcedPlayouts, EveryRootMoveIsTriedAndTheForcedVisitsArePruned) {
  const auto [plain_visits, plain_target] = search_root(0);
  EXPECT_EQ(plain_visits, plain_target) << "without forcing the target is the visit counts";
  for (int a = 0; a < 7; ++a)
    if (a != 3) EXPECT_EQ(plain_visits[a], 0) << "PUCT alone never tries move " << a;

  const auto [visits, target] = search_root(2);
  for (int a = 0; a < 7; ++a) {
    if (a == 3) continue;
    EXPECT_GE(visits[a], 1) << "forced playouts try move " << a;
    EXPECT_EQ(target[a], 0) << "the forced visit of move " << a << " is pruned";
  }
  EXPECT_EQ(target[3], visits[3]) << "the best move keeps its visits";
}

TEST(ValueTargetMix, BlendsTheResultWithTheSearchValue) {
  selfplay::GameRecord<TicTacToe> game;
  game.moves = {4, 0, 1, 2, 7};  // X wins down the middle column
  game.result = 1;
  for (size_t i = 0; i < game.moves.size(); ++i) {
    game.visits.push_back({});
    game.visits.back()[game.moves[i]] = 1;
    game.search_values.push_back(0.5f);
    game.is_target.push_back(1);
  }
  selfplay::ReplayBuffer<TicTacToe> buffer(1, 0.25f);
  buffer.add_round(1, {game});
  constexpr int kN = 64;
  std::vector<float> inputs(kN * games::kInputSize<TicTacToe>), policies(kN * 9), values(kN);
  Rng rng(3);
  buffer.sample(kN, rng, inputs.data(), policies.data(), values.data());
  // X to move: 0.75 * 1 + 0.25 * 0.5; O to move: 0.75 * -1 + 0.25 * 0.5.
  const std::set<float> seen(values.begin(), values.end());
  EXPECT_EQ(seen, (std::set<float>{-0.625f, 0.875f}));
}

}  // namespace
}  // namespace ida
