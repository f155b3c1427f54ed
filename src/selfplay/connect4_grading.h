// Grading a Connect Four agent against the exact solver: its moves on the graded position set
// (raw policy or with search), and games against the solver from both sides.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "net/evaluator.h"
#include "selfplay/connect4_book.h"
#include "selfplay/connect4_graded_set.h"

namespace ida::selfplay {

// Counts of graded moves. Result preservation is counted only on decisive positions (some
// move changes the result: GradedPosition::decisive), where it can tell good moves from bad;
// optimality on every position.
struct MoveGrade {
  int positions = 0;
  int decisive = 0;    // positions where some legal move changes the result
  int optimal = 0;     // of `positions`, moves with the best score
  int preserving = 0;  // of `decisive`, moves that keep the result
  double optimal_share() const { return positions ? double(optimal) / positions : 0; }
  double preserving_share() const { return decisive ? double(preserving) / decisive : 0; }
  double decisive_share() const { return positions ? double(decisive) / positions : 0; }
  MoveGrade& operator+=(const MoveGrade& o);
};

struct SetGrade {
  std::array<MoveGrade, 3> phase;  // by kGamePhases index
  MoveGrade overall() const;
};

// The agent's move in each position: simulations 0 = the raw policy's argmax (one network
// call per position, batched), otherwise the most visited move after that many PUCT
// simulations (default search settings, no noise: deterministic).
std::vector<games::Action> agent_moves(const std::vector<GradedPosition>& set,
                                       net::Evaluator& network, int simulations);

// Grades moves[i] as the answer to set[i].
SetGrade grade_moves(const std::vector<GradedPosition>& set,
                     const std::vector<games::Action>& moves);

// Wins, draws and losses of the agent, as first and as second player.
struct SolverGames {
  std::array<std::array<int, 3>, 2> by_side{};  // [agent moved second][win, draw, loss]
  double solver_seconds = 0;                     // spent choosing the solver's moves
  int solver_moves = 0;
  int book_hits = 0;  // solver moves answered from the book (or an earlier game's solve)
};

// `games` games of the agent (searched with `simulations`, 0 = raw policy, no noise, no
// sampled moves) against the solver, which picks uniformly among its optimal moves; the agent
// moves first in the even games. The solver looks positions up in `book` and adds what it
// solves, so later games (and later calls) reuse them. Single-threaded; reproducible in seed.
SolverGames play_against_solver(net::Evaluator& network, int simulations, int games,
                                uint64_t seed, std::shared_ptr<search::Connect4Solver> solver,
                                std::shared_ptr<Connect4Book> book);

}  // namespace ida::selfplay
