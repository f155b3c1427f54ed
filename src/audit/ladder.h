// The capability ladder (requirement 3): players' ratings fitted by maximum likelihood to
// their games, a Bradley-Terry model with a first-player term:
//   P(first beats second) = 1 / (1 + exp(-(r_first - r_second + h))),
// a draw counted as half a win and half a loss. Ratings are on the Elo scale (400 / ln 10 per
// natural unit), anchored by fixing one player's rating (e.g. the random player at 0). A weak
// Gaussian prior on the ratings (sd kPriorElo) keeps a player that won or lost every game
// finite. Standard errors come from the inverse of the observed information.
#pragma once

#include <string>
#include <vector>

namespace ida::audit {

struct LadderGame {
  int first = 0;  // player indices
  int second = 0;
  double score = 0.5;  // of the first player: 1 win, 0.5 draw, 0 loss
};

struct LadderFit {
  std::vector<double> elo;         // per player; elo[anchor] = anchor_elo
  std::vector<double> stderr_elo;  // 0 for the anchor
  double first_move_elo = 0;       // h on the Elo scale
  double first_move_stderr = 0;
  int iterations = 0;
};

inline constexpr double kPriorElo = 2000;

// Fits `players` ratings to `games`. Throws InputError for a player index out of range, a
// player playing itself or a score outside [0, 1].
LadderFit fit_ladder(int players, const std::vector<LadderGame>& games, int anchor = 0,
                     double anchor_elo = 0);

}  // namespace ida::audit
