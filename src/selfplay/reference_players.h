// Fixed reference players that measure capability: uniformly random, pure
// MCTS with random rollouts, and exhaustive minimax (small games only).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/error.h"
#include "games/game.h"
#include "search/minimax.h"
#include "search/rollout_mcts.h"
#include "selfplay/match.h"

namespace ida::selfplay {

// Games short enough for the exhaustive minimax player.
template <games::Game G>
constexpr bool kMinimaxFeasible = G::kMaxLength <= 12;

// Builds a reference player from its name: "random", "minimax" or "mcts:N"
// (pure MCTS with N random-rollout simulations). Throws InputError otherwise.
template <games::Game G>
Player<G> reference_player(std::string_view spec) {
  using State = typename G::State;
  Player<G> p;
  p.name = std::string(spec);
  if (spec == "random") {
    p.pick = [](const State& s, Rng& rng) {
      auto legal = s.legal_actions();
      return legal[std::uniform_int_distribution<int>(0, legal.size - 1)(rng)];
    };
  } else if (spec == "minimax") {
    if constexpr (kMinimaxFeasible<G>) {
      auto solver = std::make_shared<search::Minimax<G>>();
      p.pick = [solver](const State& s, Rng& rng) { return solver->choose(s, rng); };
    } else {
      throw InputError("the minimax player is only available for small games, not " +
                       std::string(G::kName));
    }
  } else if (spec.substr(0, 5) == "mcts:") {
    int sims = 0;
    try {
      sims = std::stoi(std::string(spec.substr(5)));
    } catch (const std::exception&) {
    }
    if (sims <= 0) throw InputError("bad player '" + std::string(spec) + "': want mcts:N, N > 0");
    search::RolloutMctsParams params;
    params.simulations = sims;
    auto mcts = std::make_shared<search::RolloutMcts<G>>(params);
    p.pick = [mcts](const State& s, Rng& rng) { return mcts->choose(s, rng); };
  } else {
    throw InputError("unknown player '" + std::string(spec) +
                     "' (want a checkpoint, a run directory, random, minimax or mcts:N)");
  }
  return p;
}

// Score of players[0] over finished games: (wins + draws / 2) / games.
template <games::Game G>
double score_of_first(const std::vector<GameRecord<G>>& games) {
  if (games.empty()) return 0;
  double total = 0;
  for (const auto& g : games) {
    float r = g.first_player == 0 ? g.result : -g.result;
    total += (r + 1) / 2;
  }
  return total / static_cast<double>(games.size());
}

}  // namespace ida::selfplay
