// The distillation data path: symmetry augmentation maps a position and its
// policy consistently, the replay window drops old rounds, and games survive
// the round trip through the run store's record format.
#include <gtest/gtest.h>

#include <numeric>

#include "fake_evaluator.h"
#include "games/connect4.h"
#include "games/tictactoe.h"
#include "selfplay/replay_buffer.h"
#include "selfplay/teacher_record.h"

namespace ida {
namespace {

using games::ConnectFour;
using games::TicTacToe;

template <class G>
std::vector<selfplay::GameRecord<G>> self_play(int games, uint64_t seed, int random_opening = 0) {
  static testing::FakeEvaluator eval(G::kNumActions);
  selfplay::Player<G> a{"A", &eval, {}, {}};
  a.mcts.simulations = 12;
  a.mcts.root_noise = true;
  selfplay::MatchOptions o;
  o.games = games;
  o.self_play = true;
  o.temperature_moves = 100;
  o.random_opening_moves = random_opening;
  o.seed = seed;
  return selfplay::play_match<G>({&a, &a}, o);
}

template <class G>
void check_symmetries() {
  using Buffer = selfplay::ReplayBuffer<G>;
  constexpr int kIn = games::kInputSize<G>;
  for (const auto& game : self_play<G>(5, 1)) {
    auto s = G::initial();
    std::vector<games::Action> moves;
    for (size_t ply = 0; ply < game.moves.size(); ++ply) {
      for (int sym = 0; sym < G::kNumSymmetries; ++sym) {
        std::array<float, kIn> plain, mapped, expected;
        std::array<float, G::kNumActions> policy{};
        s.encode(plain.data());
        Buffer::transform(sym, plain.data(), game.visits[ply], mapped.data(), policy.data());
        auto t = G::initial();  // the same game with every move mapped
        for (auto a : moves) t.play(G::transform_action(sym, a));
        t.encode(expected.data());
        EXPECT_EQ(mapped, expected) << "sym " << sym << " ply " << ply;
        for (int a = 0; a < G::kNumActions; ++a)
          EXPECT_EQ(policy[G::transform_action(sym, a)], game.visits[ply][a]);
      }
      moves.push_back(game.moves[ply]);
      s.play(game.moves[ply]);
    }
  }
}

TEST(ReplayBuffer, SymmetryMapsPositionAndPolicyTogether) {
  check_symmetries<TicTacToe>();
  check_symmetries<ConnectFour>();
}

TEST(ReplayBuffer, WindowDropsOldRoundsAndSkipsNonTargets) {
  selfplay::ReplayBuffer<TicTacToe> buffer(2);
  auto games = self_play<TicTacToe>(10, 2, /*random_opening=*/3);
  size_t targets = 0, plies = 0;
  for (const auto& g : games) {
    targets += g.targets();
    plies += g.moves.size();
  }
  EXPECT_LT(targets, plies) << "random opening plies are not targets";
  buffer.add_round(1, games);
  EXPECT_EQ(buffer.size(), targets);
  buffer.add_round(2, games);
  buffer.add_round(3, {});
  EXPECT_EQ(buffer.size(), targets) << "round 1 left the window";

  std::vector<float> in(16 * 18), pi(16 * 9), z(16);
  Rng rng(3);
  buffer.sample(16, rng, in.data(), pi.data(), z.data());
  for (int i = 0; i < 16; ++i) {
    EXPECT_NEAR(std::accumulate(pi.begin() + i * 9, pi.begin() + i * 9 + 9, 0.0f), 1.0f, 1e-5);
    EXPECT_TRUE(z[i] == 1 || z[i] == 0 || z[i] == -1);
  }
}

TEST(TeacherRecord, RoundTripsThroughTheStoreFormat) {
  for (const auto& g : self_play<ConnectFour>(4, 5, 2)) {
    auto back = selfplay::from_store_record<ConnectFour>(selfplay::to_store_record<ConnectFour>(0, g));
    EXPECT_EQ(back.moves, g.moves);
    EXPECT_EQ(back.result, g.result);
    EXPECT_EQ(back.visits, g.visits);
    EXPECT_EQ(back.search_values, g.search_values);
    EXPECT_EQ(back.is_target, g.is_target);
  }
  auto rec = selfplay::to_store_record<ConnectFour>(0, self_play<ConnectFour>(1, 6)[0]);
  rec.targets.pop_back();
  EXPECT_THROW(selfplay::from_store_record<ConnectFour>(rec), InputError);
  rec.moves = "4444444";
  EXPECT_THROW(selfplay::from_store_record<ConnectFour>(rec), InputError);
}

}  // namespace
}  // namespace ida
