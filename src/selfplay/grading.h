// Exact grading of the agent on small solved games: the share of reachable
// positions where the raw network policy picks a game-theoretically optimal move.
#pragma once

#include <vector>

#include "games/game.h"
#include "net/evaluator.h"
#include "search/minimax.h"
#include "selfplay/analysis.h"

namespace ida::selfplay {

// Over every reachable non-terminal position (all of them, not only those
// self-play visits): share where the raw policy's argmax is optimal.
template <games::Game G>
double optimal_move_rate(net::Evaluator& network) {
  static const std::vector<typename G::State> positions = search::reachable_states<G>();
  search::Minimax<G> solver;
  search::MctsParams raw;
  raw.simulations = 1;
  auto results = analyze_positions<G>(positions, network, raw);
  int optimal = 0;
  for (size_t i = 0; i < positions.size(); ++i) {
    auto best = solver.optimal_actions(positions[i]);
    optimal += std::find(best.begin(), best.end(), results[i].move) != best.end();
  }
  return static_cast<double>(optimal) / static_cast<double>(positions.size());
}

// optimal_move_rate's chance level: over the same positions, the share of legal moves that
// are optimal (what a uniformly random legal move scores on average).
template <games::Game G>
double chance_optimal_move_rate() {
  static const double rate = [] {
    const std::vector<typename G::State> positions = search::reachable_states<G>();
    search::Minimax<G> solver;
    double sum = 0;
    for (const auto& s : positions)
      sum += static_cast<double>(solver.optimal_actions(s).size()) / s.legal_actions().size;
    return sum / static_cast<double>(positions.size());
  }();
  return rate;
}

}  // namespace ida::selfplay
