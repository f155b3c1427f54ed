// The configuration of a game run (AlphaGo Zero instance), declared once:
// plain structs, bound to commented config keys by describe().
#pragma once

#include <cstdint>
#include <string>

#include "core/config.h"
#include "engine/fault.h"
#include "net/policy_value_net.h"
#include "search/eval_cache.h"
#include "search/mcts.h"

namespace ida::selfplay {

struct SearchConfig {
  int simulations = 100;
  double c_puct = 1.5;
  double fpu_reduction = 0.25;
  double dirichlet_alpha = 1.0;
  double dirichlet_epsilon = 0.25;
  bool reuse_tree = true;
  double forced_playouts = 0;  // KataGo's k (2 in KataGo); self-play roots only

  search::MctsParams params(bool root_noise) const;
};

// The defaults are the shipped tic-tac-toe run (configs/tictactoe.toml).
struct GameRunConfig {
  std::string game = "tictactoe";
  int rounds = 30;
  int64_t seed = 1;
  int threads = 1;  // torch intra-op threads

  // Amplify: self-play with MCTS.
  int games_per_round = 300;
  int concurrent_games = 64;
  int selfplay_threads = 1;  // worker threads sharing the concurrent games
  int cache_positions = search::kDefaultEvalCacheEntries;  // shared by the workers; 0 = none
  int temperature_moves = 8;
  double temperature = 1.0;
  int random_opening_moves = 4;
  double full_search_share = 1.0;  // playout cap randomisation: share of full searches
  int fast_simulations = 0;        // simulations of the other (fast) searches
  SearchConfig search;

  // Distill: the residual network trained on visit distributions and results.
  net::NetConfig net;
  net::OptimConfig optim;
  int batch_size = 128;
  double sample_reuse = 8.0;    // times each new position is sampled, on average
  double value_target_mix = 0;  // weight of the search value in the value target
  int replay_rounds = 6;        // rounds of self-play kept in the replay window

  // Assess: capability and the fixed-point signal, every round.
  int arena_games = 20;  // new agent vs previous agent
  int arena_simulations = 50;
  int arena_temperature_moves = 2;  // opening plies sampled, so that games differ
  int reference_games = 20;         // vs each reference player
  int rollout_simulations = 200;    // the pure-MCTS reference (random rollouts)
  bool minimax_reference = true;    // the exhaustive minimax reference (small games only)
  bool optimal_move_rate = true;    // raw policy vs minimax on every reachable position
  int audit_every = 5;              // the alignment audit every K rounds (0 = off)
  int audit_budget = 256;           // queries of the audit's worst-case search per audit (0 = off)
  int audit_ladder_games = 20;      // per anchor pair in the audit's capability ladder (0 = off)
  int audit_ways = 2;               // teacher searches compared by the audit's redundancy (1 = off)
  int audit_threads = 2;            // threads of the audit's suite searches (figures do not change)
  engine::FaultConfig fault;        // fault injection (off by default)
};

// Binds every key of `config` to `schema` (names, ranges, help).
void describe(GameRunConfig& config, ConfigSchema& schema);

}  // namespace ida::selfplay
