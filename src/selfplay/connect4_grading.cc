// Grading against the solver (see connect4_grading.h for the contracts).
#include "selfplay/connect4_grading.h"

#include <chrono>

#include "core/error.h"
#include "selfplay/analysis.h"
#include "selfplay/game_config.h"
#include "selfplay/match.h"

namespace ida::selfplay {
using games::ConnectFour;

MoveGrade& MoveGrade::operator+=(const MoveGrade& o) {
  positions += o.positions;
  decisive += o.decisive;
  optimal += o.optimal;
  preserving += o.preserving;
  return *this;
}

MoveGrade SetGrade::overall() const {
  MoveGrade total;
  for (const auto& p : phase) total += p;
  return total;
}

namespace {

// The agent searched as `ida analyze` and `ida arena` search it (SearchConfig defaults).
search::MctsParams agent_search(int simulations) {
  SearchConfig search;
  search.simulations = std::max(1, simulations);  // 1 visit = the raw policy's argmax
  return search.params(/*root_noise=*/false);
}

}  // namespace

std::vector<games::Action> agent_moves(const std::vector<GradedPosition>& set,
                                       net::Evaluator& network, int simulations) {
  std::vector<ConnectFour::State> positions;
  positions.reserve(set.size());
  for (const auto& p : set) positions.push_back(p.state());
  const auto analyses =
      analyze_positions<ConnectFour>(positions, network, agent_search(simulations));
  std::vector<games::Action> moves;
  moves.reserve(analyses.size());
  for (const auto& a : analyses) moves.push_back(a.move);
  return moves;
}

SetGrade grade_moves(const std::vector<GradedPosition>& set,
                     const std::vector<games::Action>& moves) {
  IDA_CHECK(set.size() == moves.size());
  SetGrade grade;
  for (size_t i = 0; i < set.size(); ++i) {
    MoveGrade& g = grade.phase.at(set[i].phase);
    ++g.positions;
    g.optimal += set[i].optimal(moves[i]);
    if (!set[i].decisive()) continue;
    ++g.decisive;
    g.preserving += set[i].preserves_result(moves[i]);
  }
  return grade;
}

SolverGames play_against_solver(net::Evaluator& network, int simulations, int games,
                                uint64_t seed, std::shared_ptr<search::Connect4Solver> solver,
                                std::shared_ptr<Connect4Book> book) {
  SolverGames result;
  Player<ConnectFour> agent;
  agent.name = "agent";
  agent.network = &network;
  agent.mcts = agent_search(simulations);
  Player<ConnectFour> opponent = solver_player(solver, book);
  auto pick = opponent.pick;
  opponent.pick = [&, pick](const ConnectFour::State& s, Rng& rng) {
    const size_t known = book->size();
    const auto start = std::chrono::steady_clock::now();
    const games::Action a = pick(s, rng);
    result.solver_seconds +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ++result.solver_moves;
    result.book_hits += book->size() == known;
    return a;
  };
  MatchOptions options;
  options.games = games;
  options.concurrent_games = std::min(games, 64);
  options.cache_positions = search::kDefaultEvalCacheEntries;
  options.seed = seed;
  for (const auto& g : play_match<ConnectFour>({&agent, &opponent}, options)) {
    const float r = g.first_player == 0 ? g.result : -g.result;  // for the agent
    result.by_side[g.first_player == 0 ? 0 : 1][r > 0 ? 0 : r == 0 ? 1 : 2]++;
  }
  return result;
}

}  // namespace ida::selfplay
