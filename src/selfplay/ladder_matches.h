// The capability ladder's games (requirement 3, docs/alignment.md): fixed anchor players
// (random first, rated 0) play each other, each agent plays every anchor, never another
// agent, so that every rating is against the same fixed players; one Bradley-Terry fit
// (audit/ladder.h) rates them all. Used by `ida ladder` over a run's checkpoints and by the
// game instance's audit of a round (audit.ladder_games).
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "audit/ladder.h"
#include "core/error.h"
#include "core/rng.h"
#include "games/connect4.h"
#include "games/game.h"
#include "net/evaluator.h"
#include "search/connect4_solver.h"
#include "search/eval_cache.h"
#include "selfplay/connect4_book.h"
#include "selfplay/match.h"
#include "selfplay/reference_players.h"

namespace ida::selfplay {

// random, rollout MCTS at 100 and 1000 simulations, and minimax where the game is small.
template <games::Game G>
std::vector<std::string> default_ladder_anchors() {
  if constexpr (kMinimaxFeasible<G>) return {"random", "mcts:100", "mcts:1000", "minimax"};
  return {"random", "mcts:100", "mcts:1000"};
}

template <games::Game G>
class LadderMatches {
 public:
  struct Options {
    int games = 20;           // per pair of players, colours alternating
    search::MctsParams mcts;  // the agents' search (simulations 1: the raw policy)
    uint64_t seed = 1;
  };
  explicit LadderMatches(const Options& options) : options_(options) {}

  // An anchor by name: "random", "mcts:N", "minimax" (small games), "solver" (Connect Four).
  // All anchors come before the first agent; the first anchor must be "random".
  void add_anchor(const std::string& spec) {
    IDA_CHECK(players_.size() == static_cast<size_t>(anchors_));
    if (anchors_ == 0 && spec != "random")
      throw InputError("ladder anchors: want random first, not '" + spec + "'");
    if (spec == "solver") {
      if constexpr (std::is_same_v<G, games::ConnectFour>) {
        auto book = std::make_shared<Connect4Book>();
        if (auto path = default_book_path()) book->load(*path);
        players_.push_back(solver_player(std::make_shared<search::Connect4Solver>(), book));
        players_.back().name = "solver";
      } else {
        throw InputError("ladder anchors: the solver anchor is for connect4; " +
                         std::string(G::kName) + " has minimax");
      }
    } else {
      players_.push_back(reference_player<G>(spec));
    }
    ++anchors_;
  }

  // An agent: `network` searched with the options' MCTS; it must outlive this object.
  void add_agent(net::Evaluator& network, std::string name) {
    Player<G> p;
    p.name = std::move(name);
    p.network = &network;
    p.mcts = options_.mcts;
    players_.push_back(p);
  }

  // Anchors against each other, each agent against each anchor; then the fit. `on_match`
  // is told after each pair (matches done, of total).
  audit::LadderFit play_and_fit(const std::function<void(int, int)>& on_match = {}) {
    IDA_CHECK(anchors_ >= 2);
    std::vector<std::pair<int, int>> pairs;
    for (int a = 0; a < anchors_; ++a)
      for (int b = a + 1; b < static_cast<int>(players_.size()); ++b) pairs.emplace_back(a, b);
    for (size_t m = 0; m < pairs.size(); ++m) {
      play(pairs[m].first, pairs[m].second, mix_seed(options_.seed, m));
      if (on_match) on_match(static_cast<int>(m + 1), static_cast<int>(pairs.size()));
    }
    return audit::fit_ladder(static_cast<int>(players_.size()), games_);
  }

  const std::vector<Player<G>>& players() const { return players_; }
  int anchors() const { return anchors_; }
  size_t games() const { return games_.size(); }

 private:
  void play(int a, int b, uint64_t seed) {
    MatchOptions options;
    options.games = options_.games;
    options.concurrent_games = std::min(options_.games, 64);
    options.threads = 1;
    options.temperature_moves = 2;  // network players sample their first plies: games differ
    options.cache_positions = search::kDefaultEvalCacheEntries;
    options.seed = seed;
    for (const auto& g : play_match<G>({&players_[a], &players_[b]}, options)) {
      const bool a_first = g.first_player == 0;
      games_.push_back({a_first ? a : b, a_first ? b : a, (g.result + 1) / 2.0});
    }
  }

  Options options_;
  std::vector<Player<G>> players_;
  std::vector<audit::LadderGame> games_;
  int anchors_ = 0;
};

}  // namespace ida::selfplay
