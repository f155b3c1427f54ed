// Searches a list of independent positions with the agent, batching the leaf
// evaluations of all searches (used by `ida analyze`, `ida play` and grading).
#pragma once

#include <array>
#include <memory>
#include <vector>

#include "core/rng.h"
#include "games/game.h"
#include "net/evaluator.h"
#include "search/mcts.h"

namespace ida::selfplay {

template <games::Game G>
struct Analysis {
  games::Action move = -1;  // most visited (simulations 1: the raw policy's argmax)
  float value = 0;          // for the player to move (simulations 1: the network's value)
  std::array<float, G::kNumActions> prior{};  // the raw network policy
};

// positions must be non-terminal. params.simulations == 1 means the raw network. `seed`
// draws the searches' randomness (root noise): position i's search is seeded i for seed 0,
// mix_seed(seed, i) otherwise.
template <games::Game G>
std::vector<Analysis<G>> analyze_positions(const std::vector<typename G::State>& positions,
                                           net::Evaluator& network,
                                           const search::MctsParams& params, int batch_size = 256,
                                           uint64_t seed = 0) {
  constexpr int kIn = games::kInputSize<G>;
  constexpr int kA = G::kNumActions;
  std::vector<Analysis<G>> results(positions.size());
  std::vector<float> inputs, logits, values;
  for (size_t begin = 0; begin < positions.size(); begin += batch_size) {
    size_t end = std::min(positions.size(), begin + static_cast<size_t>(batch_size));
    std::vector<std::unique_ptr<search::SearchTree<G>>> trees;
    for (size_t i = begin; i < end; ++i) {
      trees.push_back(
          std::make_unique<search::SearchTree<G>>(params, seed == 0 ? i : mix_seed(seed, i)));
      trees.back()->reset(positions[i]);
    }
    std::vector<search::SearchTree<G>*> waiting;
    for (;;) {
      inputs.clear();
      waiting.clear();
      for (auto& t : trees) {
        while (!t->done()) {
          if (t->select_leaf()) {
            size_t at = inputs.size();
            inputs.resize(at + kIn);
            t->leaf_state().encode(inputs.data() + at);
            waiting.push_back(t.get());
            break;
          }
        }
      }
      if (waiting.empty()) break;
      int n = static_cast<int>(waiting.size());
      logits.resize(static_cast<size_t>(n) * kA);
      values.resize(n);
      network.evaluate(inputs.data(), n, logits.data(), values.data());
      for (int i = 0; i < n; ++i) waiting[i]->expand_and_backup(logits.data() + i * kA, values[i]);
    }
    for (size_t i = begin; i < end; ++i) {
      const auto& t = *trees[i - begin];
      results[i] = {t.best_action(), t.root_value(), t.raw_prior()};
    }
  }
  return results;
}

}  // namespace ida::selfplay
