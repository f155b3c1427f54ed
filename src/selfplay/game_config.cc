#include "selfplay/game_config.h"

#include "games/registry.h"

namespace ida::selfplay {

search::MctsParams SearchConfig::params(bool root_noise) const {
  search::MctsParams p;
  p.simulations = simulations;
  p.c_puct = static_cast<float>(c_puct);
  p.fpu_reduction = static_cast<float>(fpu_reduction);
  p.root_noise = root_noise;
  p.dirichlet_alpha = static_cast<float>(dirichlet_alpha);
  p.dirichlet_epsilon = static_cast<float>(dirichlet_epsilon);
  p.reuse_tree = reuse_tree;
  p.forced_playouts = static_cast<float>(forced_playouts);
  return p;
}

void describe(GameRunConfig& c, ConfigSchema& s) {
  s.add("game", &c.game, "the game to learn", games::game_names());
  s.add("rounds", &c.rounds, 1, 1000000, "IDA rounds: A <- Distill(Amplify(H, A))");
  s.add("seed", &c.seed, 0, INT64_MAX, "seed of every random choice of the run");
  s.add("threads", &c.threads, 1, 256, "torch intra-op threads");

  s.add("selfplay.games_per_round", &c.games_per_round, 1, 10000000,
        "self-play games per round (the amplified teacher's output)");
  s.add("selfplay.concurrent_games", &c.concurrent_games, 1, 100000,
        "games searched together; their leaves share one network batch");
  s.add("selfplay.threads", &c.selfplay_threads, 1, 256,
        "worker threads for self-play and assessment games (1 = bit-reproducible)");
  s.add("selfplay.cache_positions", &c.cache_positions, 0, 1 << 26,
        "evaluation cache entries, shared by the worker threads (0 = none): positions met "
        "again, or their mirror images, reuse the network's output");
  s.add("selfplay.temperature_moves", &c.temperature_moves, 0, 10000,
        "opening plies whose move is sampled in proportion to visits");
  s.add("selfplay.temperature", &c.temperature, 0.0, 10.0, "temperature of those samples");
  s.add("selfplay.random_opening_moves", &c.random_opening_moves, 0, 10000,
        "games open with 0..N uniformly random plies (not training targets), for coverage");
  s.add("selfplay.full_search_share", &c.full_search_share, 0.01, 1.0,
        "playout cap randomisation: share of moves searched in full (training targets); "
        "the others get a fast search and are not trained on (1 = all full)");
  s.add("selfplay.fast_simulations", &c.fast_simulations, 0, 1000000,
        "simulations of a fast search (used when full_search_share < 1)");
  s.add("search.simulations", &c.search.simulations, 1, 1000000,
        "MCTS root visits per move (reused subtree visits count)");
  s.add("search.c_puct", &c.search.c_puct, 0.0, 100.0, "PUCT exploration constant");
  s.add("search.fpu_reduction", &c.search.fpu_reduction, 0.0, 2.0,
        "first-play urgency: unvisited Q = parent Q - r * sqrt(visited prior)");
  s.add("search.dirichlet_alpha", &c.search.dirichlet_alpha, 0.001, 100.0,
        "Dirichlet noise at self-play roots (about 10 / legal moves)");
  s.add("search.dirichlet_epsilon", &c.search.dirichlet_epsilon, 0.0, 1.0,
        "weight of that noise in the root prior");
  s.add("search.reuse_tree", &c.search.reuse_tree, "keep the subtree of the played move");
  s.add("search.forced_playouts", &c.search.forced_playouts, 0.0, 100.0,
        "forced playouts at self-play roots, sqrt(k * prior * visits), pruned off the policy "
        "target (KataGo's k = 2; 0 = off)");

  s.add("net.channels", &c.net.channels, 1, 1024, "residual tower width");
  s.add("net.blocks", &c.net.blocks, 0, 100, "residual blocks");
  s.add("net.value_hidden", &c.net.value_hidden, 1, 4096, "value head hidden units");
  s.add("net.inference", &c.net.inference,
        "precision of the residual trunk in self-play and assessment (bf16 only where the CPU "
        "has bf16 arithmetic, AVX512-BF16; fp32 elsewhere); training is fp32",
        {"bf16", "fp32"});
  s.add("train.optimizer", &c.optim.optimizer, "optimiser", {"adam", "sgd"});
  s.add("train.learning_rate", &c.optim.learning_rate, 1e-7, 10.0, "learning rate");
  s.add("train.weight_decay", &c.optim.weight_decay, 0.0, 1.0, "L2 weight decay");
  s.add("train.batch_size", &c.batch_size, 1, 65536, "minibatch size");
  s.add("train.sample_reuse", &c.sample_reuse, 0.01, 1000.0,
        "training steps per round = new positions * sample_reuse / batch_size");
  s.add("train.value_target_mix", &c.value_target_mix, 0.0, 1.0,
        "value target = (1 - mix) * game result + mix * search root value");
  s.add("train.replay_rounds", &c.replay_rounds, 1, 100000,
        "rounds of self-play kept in the replay window");

  s.add("assess.arena_games", &c.arena_games, 0, 100000,
        "games of the new agent against the previous one (0 = skip)");
  s.add("assess.arena_simulations", &c.arena_simulations, 1, 1000000,
        "MCTS simulations per move in assessment games");
  s.add("assess.arena_temperature_moves", &c.arena_temperature_moves, 0, 1000,
        "opening plies sampled by visits in assessment games (so games differ)");
  s.add("assess.reference_games", &c.reference_games, 0, 100000,
        "games against each reference player (0 = skip)");
  s.add("assess.rollout_simulations", &c.rollout_simulations, 1, 10000000,
        "simulations of the pure-MCTS reference with random rollouts");
  s.add("assess.minimax_reference", &c.minimax_reference,
        "also play the exhaustive minimax player (small games only)");
  s.add("assess.optimal_move_rate", &c.optimal_move_rate,
        "grade the raw policy on every reachable position with minimax (small games only)");
  s.add("audit.every", &c.audit_every, 0, 1000000,
        "the alignment audit (docs/alignment.md) every K rounds, stored as audit_* metrics "
        "(0 = off)");
  s.add("audit.budget", &c.audit_budget, 0, 1000000,
        "queries of the audit's worst-case search for inputs where A disagrees with "
        "Amplify(H, A); oracle-confirmed failures become the run's regression suite (0 = off)");
  s.add("audit.ladder_games", &c.audit_ladder_games, 0, 100000,
        "games per pair in the audit's capability ladder: A (at assess.arena_simulations) and "
        "the fixed anchors (random, rollout MCTS at 100 and 1000 simulations, minimax where "
        "feasible) rated by one Bradley-Terry fit, stored as audit_elo (0 = off)");
  s.add("audit.ways", &c.audit_ways, 1, 16,
        "teacher searches the audit's redundancy compares: the self-play search and ways - 1 "
        "repeats on symmetric images with other seeds (1 = off)");
  s.add("audit.threads", &c.audit_threads, 1, 256,
        "threads of the audit's searches of its suite; every search batches as it would alone, "
        "so the figures do not depend on it");
  engine::describe(c.fault, s);
}

}  // namespace ida::selfplay
