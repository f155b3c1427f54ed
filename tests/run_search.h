// Runs one search to completion, one leaf at a time, with the given evaluator.
#pragma once

#include <vector>

#include "games/game.h"
#include "net/evaluator.h"
#include "search/mcts.h"

namespace ida::testing {

template <class G>
void run_search(search::SearchTree<G>& tree, net::Evaluator& eval) {
  std::vector<float> in(games::kInputSize<G>), logits(G::kNumActions);
  float value;
  while (!tree.done()) {
    if (!tree.select_leaf()) continue;
    tree.leaf_state().encode(in.data());
    eval.evaluate(in.data(), 1, logits.data(), &value);
    tree.expand_and_backup(logits.data(), value);
  }
}

}  // namespace ida::testing
