// The game oracle of the audit's live checks (the worst-case search, the regression suite):
// which legal moves of a position keep its game-theoretic result. Minimax for small games, the
// exact solver for Connect Four. Training never uses it.
#pragma once

#include <array>
#include <type_traits>

#include "core/error.h"
#include "games/connect4.h"
#include "games/game.h"
#include "search/connect4_solver.h"
#include "search/minimax.h"
#include "selfplay/reference_players.h"

namespace ida::selfplay {

template <games::Game G>
class MoveOracle {
 public:
  static constexpr bool kConnectFour = std::is_same_v<G, games::ConnectFour>;
  // Positions with fewer stones are not searched: the solver's cost grows steeply towards the
  // start of Connect Four, and its openings are covered by the graded set.
  static constexpr int kMinPly = kConnectFour ? 14 : 0;

  // Per action: true where playing it keeps the result of `s` (illegal: false).
  // Precondition: !s.is_terminal().
  std::array<bool, G::kNumActions> keeps_result(const typename G::State& s) {
    std::array<bool, G::kNumActions> keeps{};
    if constexpr (kConnectFour) {
      const auto scores = solver_.column_scores(s);
      int best = -1000;
      for (const auto& score : scores)
        if (score) best = std::max(best, *score);
      for (int a = 0; a < G::kNumActions; ++a)
        keeps[a] = scores[a] && sign(*scores[a]) == sign(best);
    } else if constexpr (kMinimaxFeasible<G>) {
      const int best = minimax_.value(s);
      for (games::Action a : s.legal_actions()) {
        auto child = s;
        child.play(a);
        keeps[a] = -minimax_.value(child) == best;
      }
    } else {
      throw InputError(std::string("no oracle for ") + std::string(G::kName));
    }
    return keeps;
  }

 private:
  static int sign(int x) { return (x > 0) - (x < 0); }
  struct None {};
  std::conditional_t<kConnectFour, search::Connect4Solver, None> solver_;
  std::conditional_t<kMinimaxFeasible<G>, search::Minimax<G>, None> minimax_;
};

}  // namespace ida::selfplay
