// An exact Connect Four solver (negamax, alpha-beta, transposition table, threat move ordering,
// null-window search on the score, after Pascal Pons' "Solving Connect Four"). It grades agents
// and is a reference opponent; it is never a source of training data (its solves are oracle
// reads, core/oracle_reads.h).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "core/rng.h"
#include "games/connect4.h"

namespace ida::search {

// Scores follow Pons' convention, always for the player to move: positive = the mover wins,
// 22 - (the winner's stones on the board after its winning move), so a faster win scores more;
// 0 = draw; negative = the mover loses, -(22 - the opponent's stones after its winning move).
// Both sides are assumed perfect (the winner wins as fast, the loser loses as slowly as it can).
//
// Cost: end and middle-game positions take microseconds to milliseconds; positions with few
// stones can take seconds to minutes (there is no opening book), the empty board the most.
//
// Thread safety: none. A solver owns a mutable transposition table and node counter; use one
// solver per thread. Distinct solvers share nothing.
class Connect4Solver {
 public:
  using State = games::ConnectFour::State;
  static constexpr int kWidth = games::ConnectFour::kWidth;

  // table_mb: transposition table size in MiB (rounded down to a power-of-two number of 8-byte
  // entries); must be >= 1. The table is kept across calls: later solves reuse what earlier ones
  // learnt, and its entries stay exact bounds, so reuse never changes an answer.
  explicit Connect4Solver(int table_mb = kDefaultTableMb);

  static constexpr int kDefaultTableMb = 64;

  // The exact score of s for the player to move. Precondition: !s.is_terminal().
  int solve(const State& s);

  // For each column, the score for the player to move of playing it (an immediate win scores
  // 22 - the mover's stones after it, a move that fills the board draws 0); nullopt for a full
  // column. The maximum over columns equals solve(s). Precondition: !s.is_terminal().
  std::array<std::optional<int>, kWidth> column_scores(const State& s);

  // The columns whose score is the maximum (non-empty, ascending). Precondition: !terminal.
  std::vector<games::Action> optimal_actions(const State& s);

  // A uniformly random optimal column: the solver as a reference player. Precondition: !terminal.
  games::Action choose(const State& s, Rng& rng);

  // Positions searched (negamax calls) since construction or reset_nodes().
  uint64_t nodes() const { return nodes_; }
  void reset_nodes() { nodes_ = 0; }

  // Empties the transposition table (answers are unchanged; only speed is affected).
  void reset();

  size_t table_entries() const { return table_.size(); }

 private:
  struct Position;
  int negamax(const Position& p, int alpha, int beta);
  static std::optional<int> settled_score(const State& s, const State& child);
  size_t slot(uint64_t key) const;

  // Entry = key << 8 | encoded bound (1..255); 0 = empty. Keys are < 2^49 (see Position::key).
  std::vector<uint64_t> table_;
  int table_shift_ = 0;
  uint64_t nodes_ = 0;
};

}  // namespace ida::search
