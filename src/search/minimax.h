// Exact solver for small games (tic-tac-toe): memoised exhaustive negamax. The
// ground truth that trained players and the other reference players are checked against.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/error.h"
#include "core/oracle_reads.h"
#include "core/rng.h"
#include "games/game.h"

namespace ida::search {

using games::Action;
using games::Game;

// Memory grows with the number of distinct positions reached, so use it only for
// games small enough to enumerate. The memo persists across calls.
template <Game G>
class Minimax {
 public:
  using State = typename G::State;

  // Game-theoretic value for the player to move in s: +1 win, 0 draw, -1 loss. An oracle
  // read (core/oracle_reads.h).
  int value(const State& s) {
    note_oracle_read();
    return solve(s);
  }

  // All actions whose resulting position has the best value for the mover, in
  // increasing order. Precondition: !s.is_terminal().
  std::vector<Action> optimal_actions(const State& s) {
    IDA_CHECK(!s.is_terminal());
    note_oracle_read();
    std::vector<Action> best_actions;
    int best = -2;
    for (Action a : s.legal_actions()) {
      State child = s;
      child.play(a);
      const int v = -solve(child);
      if (v > best) {
        best = v;
        best_actions.clear();
      }
      if (v == best) best_actions.push_back(a);
    }
    return best_actions;
  }

  // A uniformly random optimal action. Precondition: !s.is_terminal().
  Action choose(const State& s, Rng& rng) {
    const std::vector<Action> best = optimal_actions(s);
    return best[std::uniform_int_distribution<size_t>(0, best.size() - 1)(rng)];
  }

  size_t memo_size() const { return memo_.size(); }

 private:
  int solve(const State& s) {
    if (s.is_terminal()) return static_cast<int>(s.terminal_value());
    const uint64_t key = s.hash();
    if (auto it = memo_.find(key); it != memo_.end()) return it->second;
    int best = -1;
    for (Action a : s.legal_actions()) {
      State child = s;
      child.play(a);
      const int v = -solve(child);
      if (v > best) best = v;
      if (best == 1) break;  // cannot do better than a win
    }
    memo_.emplace(key, static_cast<int8_t>(best));
    return best;
  }

  std::unordered_map<uint64_t, int8_t> memo_;  // hash -> value of a non-terminal position
};

// Every distinct position reachable from the start (by hash), depth-first in
// action order; terminal positions only if include_terminal. Small games only.
template <Game G>
std::vector<typename G::State> reachable_states(bool include_terminal = false) {
  using State = typename G::State;
  std::vector<State> states;
  std::unordered_set<uint64_t> seen;
  std::vector<State> stack = {G::initial()};
  seen.insert(stack.back().hash());
  while (!stack.empty()) {
    const State s = stack.back();
    stack.pop_back();
    if (include_terminal || !s.is_terminal()) states.push_back(s);
    const auto actions = s.legal_actions();
    for (int i = actions.size - 1; i >= 0; --i) {  // reversed: pop in action order
      State child = s;
      child.play(actions[i]);
      if (seen.insert(child.hash()).second) stack.push_back(child);
    }
  }
  return states;
}

}  // namespace ida::search
