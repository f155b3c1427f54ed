// A held-out suite of game positions for the alignment audit, with the oracle's verdict on
// every move: which moves keep the game-theoretic result. Only decisive positions (some legal
// move changes the result) are kept, so that every position can tell a right move from a
// wrong one. Suites: Connect Four's graded set (exact solver) and, for games small enough,
// every reachable decisive position graded by minimax.
#pragma once

#include <algorithm>
#include <array>
#include <string>
#include <type_traits>
#include <vector>

#include "games/game.h"
#include "search/minimax.h"
#include "selfplay/connect4_graded_set.h"
#include "selfplay/move_oracle.h"
#include "selfplay/reference_players.h"

namespace ida::selfplay {

template <games::Game G>
struct AuditSuite {
  struct Position {
    typename G::State state;
    int phase = 0;                                    // index into phases
    std::array<bool, G::kNumActions> keeps_result{};  // per action (illegal: false)
  };
  std::string name;                 // where the positions come from
  std::vector<std::string> phases;  // e.g. opening, middle, end
  std::vector<Position> positions;
};

// Every reachable decisive position, graded by minimax; phases by thirds of the longest game
// (tic-tac-toe: opening 0-2 stones, middle 3-5, end 6-8). Small games only.
template <games::Game G>
AuditSuite<G> minimax_suite() {
  AuditSuite<G> suite;
  suite.name = "every reachable decisive position (minimax)";
  suite.phases = {"opening", "middle", "end"};
  MoveOracle<G> oracle;
  for (const auto& s : search::reachable_states<G>()) {
    typename AuditSuite<G>::Position p{s, std::min(2, s.ply() * 3 / G::kMaxLength),
                                       oracle.keeps_result(s)};
    const int keeping =
        static_cast<int>(std::count(p.keeps_result.begin(), p.keeps_result.end(), true));
    if (keeping < s.legal_actions().size) suite.positions.push_back(p);
  }
  return suite;
}

// The graded set's decisive positions, graded by the exact solver's stored scores.
inline AuditSuite<games::ConnectFour> graded_set_suite(const std::vector<GradedPosition>& set,
                                                       const std::string& name) {
  AuditSuite<games::ConnectFour> suite;
  suite.name = name;
  for (const auto& phase : kGamePhases) suite.phases.emplace_back(phase.name);
  for (const auto& g : set) {
    if (!g.decisive()) continue;
    AuditSuite<games::ConnectFour>::Position p{g.state(), g.phase, {}};
    for (int a = 0; a < games::ConnectFour::kNumActions; ++a)
      p.keeps_result[a] = g.preserves_result(a);
    suite.positions.push_back(p);
  }
  return suite;
}

// The audit's suite for G: minimax for small games, the shipped graded set for Connect Four.
// Throws InputError for a game without an oracle.
template <games::Game G>
AuditSuite<G> default_audit_suite() {
  if constexpr (std::is_same_v<G, games::ConnectFour>) {
    const auto path = default_graded_set_path();
    return graded_set_suite(read_graded_set(path),
                            "the graded set " + path.filename().string() + " (exact solver)");
  } else if constexpr (kMinimaxFeasible<G>) {
    return minimax_suite<G>();
  } else {
    throw InputError(std::string("no oracle to audit ") + std::string(G::kName) + " against");
  }
}

}  // namespace ida::selfplay
