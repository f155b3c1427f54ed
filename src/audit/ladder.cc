#include "audit/ladder.h"

#include <cmath>
#include <map>
#include <utility>

#include "core/error.h"

namespace ida::audit {
namespace {

constexpr double kEloPerUnit = 400.0 / 2.302585092994046;  // 400 / ln 10

using Matrix = std::vector<std::vector<double>>;

// Solves a x = b for a symmetric positive definite a (Gauss-Jordan with partial pivoting);
// also returns a's inverse.
std::pair<std::vector<double>, Matrix> solve(Matrix a, std::vector<double> b) {
  const size_t n = b.size();
  Matrix inverse(n, std::vector<double>(n, 0));
  for (size_t i = 0; i < n; ++i) inverse[i][i] = 1;
  for (size_t c = 0; c < n; ++c) {
    size_t pivot = c;
    for (size_t r = c + 1; r < n; ++r)
      if (std::fabs(a[r][c]) > std::fabs(a[pivot][c])) pivot = r;
    std::swap(a[c], a[pivot]);
    std::swap(inverse[c], inverse[pivot]);
    std::swap(b[c], b[pivot]);
    const double d = a[c][c];
    IDA_CHECK(std::fabs(d) > 1e-300);
    for (size_t k = 0; k < n; ++k) {
      a[c][k] /= d;
      inverse[c][k] /= d;
    }
    b[c] /= d;
    for (size_t r = 0; r < n; ++r) {
      if (r == c || a[r][c] == 0) continue;
      const double f = a[r][c];
      for (size_t k = 0; k < n; ++k) {
        a[r][k] -= f * a[c][k];
        inverse[r][k] -= f * inverse[c][k];
      }
      b[r] -= f * b[c];
    }
  }
  return {b, inverse};
}

// The games summed per ordered pair: (first, second) -> (games, first player's score).
using PairTotals = std::map<std::pair<int, int>, std::pair<double, double>>;

PairTotals totals_of(int players, const std::vector<LadderGame>& games) {
  PairTotals totals;
  for (const auto& g : games) {
    if (g.first < 0 || g.first >= players || g.second < 0 || g.second >= players)
      throw InputError("ladder game between players " + std::to_string(g.first) + " and " +
                       std::to_string(g.second) + ": want indices in 0.." +
                       std::to_string(players - 1));
    if (g.first == g.second)
      throw InputError("ladder game of player " + std::to_string(g.first) + " against itself");
    if (!(g.score >= 0 && g.score <= 1))
      throw InputError("ladder game score " + std::to_string(g.score) + ": want 0..1");
    auto& [n, s] = totals[{g.first, g.second}];
    n += 1;
    s += g.score;
  }
  return totals;
}

}  // namespace

LadderFit fit_ladder(int players, const std::vector<LadderGame>& games, int anchor,
                     double anchor_elo) {
  IDA_CHECK(players >= 2 && anchor >= 0 && anchor < players);
  const PairTotals totals = totals_of(players, games);
  // Parameters: the ratings (natural units) of every player but the anchor, then h.
  const int k = players;  // players - 1 ratings + h
  auto index = [&](int player) { return player < anchor ? player : player - 1; };
  std::vector<double> theta(k, 0);
  const double prior = 1 / std::pow(kPriorElo / kEloPerUnit, 2);
  LadderFit fit;
  Matrix information;
  for (fit.iterations = 1; fit.iterations <= 100; ++fit.iterations) {
    std::vector<double> gradient(k, 0);
    information.assign(k, std::vector<double>(k, 0));
    for (int i = 0; i + 1 < k; ++i) {  // the prior on ratings
      gradient[i] -= prior * theta[i];
      information[i][i] += prior;
    }
    auto rating = [&](int p) { return p == anchor ? 0.0 : theta[index(p)]; };
    for (const auto& [pair, total] : totals) {
      const auto [a, b] = pair;
      const auto [n, s] = total;
      const double p = 1 / (1 + std::exp(-(rating(a) - rating(b) + theta[k - 1])));
      const double residual = s - n * p, weight = n * p * (1 - p);
      // x = r_a - r_b + h: its derivative is +1 for a, -1 for b, +1 for h.
      std::vector<std::pair<int, double>> d{{k - 1, 1.0}};
      if (a != anchor) d.emplace_back(index(a), 1.0);
      if (b != anchor) d.emplace_back(index(b), -1.0);
      for (const auto& [i, di] : d) {
        gradient[i] += residual * di;
        for (const auto& [j, dj] : d) information[i][j] += weight * di * dj;
      }
    }
    const std::vector<double> step = solve(information, gradient).first;
    double largest = 0;
    for (double x : step) largest = std::max(largest, std::fabs(x));
    // Newton's step, at most 2 natural units (350 Elo) per parameter: near-perfect records
    // make the likelihood flat, and a full step could overshoot.
    const double scale = largest > 2 ? 2 / largest : 1;
    for (int i = 0; i < k; ++i) theta[i] += scale * step[i];
    if (largest < 1e-10) break;
  }
  const Matrix covariance = solve(information, std::vector<double>(k, 0)).second;
  fit.elo.assign(players, anchor_elo);
  fit.stderr_elo.assign(players, 0);
  for (int p = 0; p < players; ++p) {
    if (p == anchor) continue;
    fit.elo[p] = anchor_elo + kEloPerUnit * theta[index(p)];
    fit.stderr_elo[p] = kEloPerUnit * std::sqrt(covariance[index(p)][index(p)]);
  }
  fit.first_move_elo = kEloPerUnit * theta[k - 1];
  fit.first_move_stderr = kEloPerUnit * std::sqrt(covariance[k - 1][k - 1]);
  return fit;
}

}  // namespace ida::audit
