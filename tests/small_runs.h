// Small tic-tac-toe runs of `ida train` for end-to-end tests (resume, kills, environment
// errors): their command line, and whether two runs' agents answer alike.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/rng.h"
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

}  // namespace ida::testing
