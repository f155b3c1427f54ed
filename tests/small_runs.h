// Small tic-tac-toe runs of `ida train` for end-to-end tests (resume, kills, environment
// errors): their command line, and whether two runs' rounds and agents are alike.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "core/rng.h"
#include "engine/instance.h"
#include "engine/run_store.h"
#include "selfplay/agent_file.h"

namespace ida::testing {

struct SmallRun {
  int rounds = 4;
  int games = 120;  // self-play games per round
  int simulations = 24;
  int channels = 16;
  int assess_games = 4;  // arena and reference games
};

// `ida train` of such a run in `run`. Element 5 is "rounds=N", element 7 the games per round.
inline std::vector<std::string> small_run_args(const std::filesystem::path& run,
                                               const SmallRun& r = {}) {
  return {"train", "--quiet", "--run", run.string(),
          "--set", "rounds=" + std::to_string(r.rounds),
          "--set", "selfplay.games_per_round=" + std::to_string(r.games),
          "--set", "search.simulations=" + std::to_string(r.simulations),
          "--set", "net.channels=" + std::to_string(r.channels),
          "--set", "net.blocks=1",
          "--set", "assess.arena_games=" + std::to_string(r.assess_games),
          "--set", "assess.reference_games=" + std::to_string(r.assess_games),
          "--set", "assess.optimal_move_rate=false"};
}

// The two tic-tac-toe checkpoints give bit-identical policies and values on 64 random
// positions. (Torch's archives are not byte-stable across processes, so the files differ.)
inline bool same_agent_outputs(const std::filesystem::path& a, const std::filesystem::path& b) {
  auto net_a = selfplay::load_agent("tictactoe", a);
  auto net_b = selfplay::load_agent("tictactoe", b);
  std::vector<float> x(64 * 18), la(64 * 9), lb(64 * 9), va(64), vb(64);
  Rng rng(1);
  for (auto& v : x) v = uniform01(rng) < 0.3f;
  net_a->evaluate(x.data(), 64, la.data(), va.data());
  net_b->evaluate(x.data(), 64, lb.data(), vb.data());
  return la == lb && va == vb;
}

// Everything the two runs decided in a round is the same; only the clock's measurements may
// differ.
inline void expect_same_round(const engine::RunStore::RoundRecord& a,
                              const engine::RunStore::RoundRecord& b) {
  EXPECT_EQ(a.round, b.round);
  EXPECT_EQ(a.checkpoint_file, b.checkpoint_file);
  ASSERT_EQ(a.games.size(), b.games.size()) << "round " << a.round;
  for (size_t i = 0; i < a.games.size(); ++i) {
    EXPECT_EQ(a.games[i].moves, b.games[i].moves);
    EXPECT_EQ(a.games[i].targets, b.games[i].targets);
  }
  ASSERT_EQ(a.metrics.size(), b.metrics.size()) << "round " << a.round;
  for (size_t i = 0; i < a.metrics.size(); ++i) {
    EXPECT_EQ(a.metrics[i].first, b.metrics[i].first);
    if (!engine::measured_by_clock(a.metrics[i].first))
      EXPECT_EQ(a.metrics[i].second, b.metrics[i].second)
          << a.metrics[i].first << " of round " << a.round;
  }
}

}  // namespace ida::testing
