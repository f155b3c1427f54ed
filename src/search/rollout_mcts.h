// Classic UCT Monte Carlo tree search with uniformly random rollouts: the
// network-free reference opponent (OpenSpiel's MCTSBot with a random rollout evaluator).
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

#include "core/error.h"
#include "core/rng.h"
#include "games/game.h"

namespace ida::search {

using games::Action;
using games::Game;

struct RolloutMctsParams {
  int simulations = 1000;  // simulations per move
  float uct_c = 2.0f;      // UCT exploration constant
};

// Each simulation descends by UCT (unvisited children first, in random order), adds
// one new node, and scores it with one uniformly random playout. Nodes live in one
// vector that is reused from call to call; an instance is not thread-safe.
template <Game G>
class RolloutMcts {
 public:
  using State = typename G::State;

  explicit RolloutMcts(RolloutMctsParams params = {}) : params_(params) {
    IDA_CHECK(params_.simulations >= 1);
  }

  // The most visited root action after params.simulations simulations from s.
  // Precondition: !s.is_terminal().
  Action choose(const State& s, Rng& rng) {
    search(s, rng);
    const Node& root = nodes_[0];
    int best = root.first_child;
    for (int c = root.first_child; c < root.first_child + root.num_children; ++c)
      if (nodes_[c].visits > nodes_[best].visits) best = c;
    return nodes_[best].action;
  }

  // Runs params.simulations simulations from s (a fresh tree each call).
  void search(const State& s, Rng& rng) {
    IDA_CHECK(!s.is_terminal());
    nodes_.clear();
    nodes_.push_back(Node{});
    for (int i = 0; i < params_.simulations; ++i) simulate(s, rng);
  }

  // Visits of each root action in the last search (0 for illegal actions).
  std::array<int, G::kNumActions> root_visits() const {
    std::array<int, G::kNumActions> visits{};
    const Node& root = nodes_.at(0);
    for (int c = root.first_child; c < root.first_child + root.num_children; ++c)
      visits[nodes_[c].action] = nodes_[c].visits;
    return visits;
  }

  const RolloutMctsParams& params() const { return params_; }

 private:
  struct Node {
    float value_sum = 0;  // summed values for the player who moved into this node
    int32_t visits = 0;
    int32_t first_child = -1;  // children are contiguous; -1 until first expanded
    int16_t action = -1;       // the move into this node
    int16_t num_children = 0;
  };

  // Uniform integer in [0, n) from one 64-bit draw (bias below 2^-32 for small n).
  static int random_below(Rng& rng, int n) {
    return static_cast<int>(((rng() >> 32) * static_cast<uint64_t>(n)) >> 32);
  }

  // Creates the children of `node` (one per legal action of s) in random order.
  void expand(int node, const State& s, Rng& rng) {
    auto actions = s.legal_actions();
    for (int i = actions.size - 1; i > 0; --i)
      std::swap(actions.items[i], actions.items[random_below(rng, i + 1)]);
    const int first = static_cast<int>(nodes_.size());
    for (Action a : actions) nodes_.push_back(Node{0.0f, 0, -1, static_cast<int16_t>(a), 0});
    nodes_[node].first_child = first;  // index, not reference: push_back may reallocate
    nodes_[node].num_children = static_cast<int16_t>(actions.size);
  }

  // The first unvisited child if any (children are shuffled), else the UCT maximum.
  int select_child(int node) const {
    const Node& parent = nodes_[node];
    const float log_n = std::log(static_cast<float>(parent.visits));
    int best = -1;
    float best_score = -1e30f;
    for (int c = parent.first_child; c < parent.first_child + parent.num_children; ++c) {
      const Node& child = nodes_[c];
      if (child.visits == 0) return c;
      const float n = static_cast<float>(child.visits);
      const float score = child.value_sum / n + params_.uct_c * std::sqrt(log_n / n);
      if (score > best_score) {
        best_score = score;
        best = c;
      }
    }
    return best;
  }

  // Plays uniformly random moves to the end; the result for the player to move in s.
  static float rollout(State s, Rng& rng) {
    const int player = s.to_move();
    for (;;) {
      const auto actions = s.legal_actions();
      if (actions.empty()) break;
      s.play(actions[random_below(rng, actions.size)]);
    }
    const float v = s.terminal_value();
    return s.to_move() == player ? v : -v;
  }

  void simulate(const State& root, Rng& rng) {
    State s = root;
    int depth = 0;
    path_[depth++] = 0;
    int node = 0;
    while (!s.is_terminal()) {
      if (nodes_[node].first_child < 0) expand(node, s, rng);
      node = select_child(node);
      s.play(nodes_[node].action);
      path_[depth++] = node;
      if (nodes_[node].visits == 0) break;  // the one new node of this simulation
    }
    float value = rollout(s, rng);  // for the player to move at the last node
    while (depth > 0) {
      Node& n = nodes_[path_[--depth]];
      n.visits += 1;
      n.value_sum -= value;  // the mover into n is the opponent of the player to move
      value = -value;
    }
  }

  RolloutMctsParams params_;
  std::vector<Node> nodes_;
  std::array<int, G::kMaxLength + 1> path_{};
};

}  // namespace ida::search
