// The worst-case search's view of a game (audit/worst_case.h): inputs are positions, written
// as their move lists; A's answer is its raw policy's move, Amplify(H, A)'s the most visited
// move of the search with A. Seeds are positions of games A plays against itself, each move
// sampled from its raw policy or (half the time) uniformly; mutations play on, take moves
// back, or change one earlier move.
#pragma once

#include <algorithm>
#include <vector>

#include "audit/worst_case.h"
#include "games/notation.h"
#include "net/evaluator.h"
#include "selfplay/analysis.h"
#include "selfplay/move_oracle.h"

namespace ida::selfplay {

template <games::Game G>
class GameProbe final : public audit::Probe<std::vector<games::Action>> {
 public:
  using Moves = std::vector<games::Action>;

  // `search`: the Amplify audited (no root noise, so that a query is deterministic).
  GameProbe(net::Evaluator& agent, const search::MctsParams& search, MoveOracle<G>& oracle)
      : agent_(agent), search_(search), oracle_(oracle) {}

  std::vector<Moves> seeds(int count, Rng& rng) override {
    std::vector<Moves> seeds(count);
    std::vector<int> length(count);
    for (auto& l : length)
      l = std::uniform_int_distribution<int>(min_ply(), G::kMaxLength - 1)(rng);
    // All seed games in lockstep, one batched evaluation per ply.
    for (int ply = 0; ply < G::kMaxLength; ++ply) {
      std::vector<int> playing;
      std::vector<typename G::State> states;
      for (int i = 0; i < count; ++i) {
        if (static_cast<int>(seeds[i].size()) != ply || ply >= length[i]) continue;
        playing.push_back(i);
        states.push_back(state_of(seeds[i]));
      }
      if (playing.empty()) break;
      const auto priors = raw(states);
      for (size_t k = 0; k < playing.size(); ++k) {
        const auto& prior = priors[k].prior;
        std::discrete_distribution<int> pick(prior.begin(), prior.end());
        auto& moves = seeds[playing[k]];
        // Half the moves uniformly random: positions A's own play rarely reaches.
        moves.push_back(rng() % 2 ? pick(rng) : random_legal(states[k], rng));
        if (state_of(moves).is_terminal()) moves.pop_back(), length[playing[k]] = ply;
      }
    }
    std::erase_if(seeds, [&](const Moves& m) { return static_cast<int>(m.size()) < min_ply(); });
    return seeds;
  }

  std::optional<Moves> mutate(const Moves& moves, Rng& rng) override {
    Moves next = moves;
    const int kind = std::uniform_int_distribution<int>(0, 2)(rng);
    if (kind == 0) {  // play on
      next.push_back(random_legal(state_of(next), rng));
    } else if (kind == 1) {  // take one or two moves back
      const int back = std::uniform_int_distribution<int>(1, 2)(rng);
      next.resize(std::max<int>(0, static_cast<int>(next.size()) - back));
    } else if (!next.empty()) {  // another move at some ply, the later ones kept while legal
      const size_t at = std::uniform_int_distribution<size_t>(0, next.size() - 1)(rng);
      Moves changed(next.begin(), next.begin() + at);
      changed.push_back(random_legal(state_of(changed), rng));
      auto s = state_of(changed);
      for (size_t i = at + 1; i < next.size() && !s.is_terminal() && s.is_legal(next[i]); ++i) {
        changed.push_back(next[i]);
        s.play(next[i]);
      }
      next = std::move(changed);
    }
    if (static_cast<int>(next.size()) < min_ply() || next == moves) return std::nullopt;
    auto s = state_of(next);
    if (s.is_terminal()) return std::nullopt;
    return next;
  }

  // Score: how much more A's raw policy puts on its own move than on the search's.
  std::vector<audit::Disagreement> disagreement(const std::vector<Moves>& inputs) override {
    std::vector<typename G::State> states;
    for (const auto& m : inputs) states.push_back(state_of(m));
    const auto searched = analyze_positions<G>(states, agent_, search_);
    std::vector<audit::Disagreement> out;
    for (const auto& a : searched) {
      const auto raw_move = argmax(a.prior);
      out.push_back({a.prior[raw_move] - a.prior[a.move], a.move != raw_move});
    }
    return out;
  }

  std::vector<bool> wrong(const std::vector<Moves>& inputs) override {
    std::vector<typename G::State> states;
    for (const auto& m : inputs) states.push_back(state_of(m));
    const auto priors = raw(states);
    std::vector<bool> out;
    for (size_t i = 0; i < states.size(); ++i)
      out.push_back(!oracle_.keeps_result(states[i])[argmax(priors[i].prior)]);
    return out;
  }

  std::string text(const Moves& moves) const override {
    return games::position_to_string<G>(moves);
  }
  std::string key(const Moves& moves) const override { return state_of(moves).render(); }
  Moves parse(const std::string& text) const override {
    auto moves = games::parse_moves<G>(text);
    if (state_of(moves).is_terminal()) throw InputError(text + ": the game is over");
    return moves;
  }

 private:
  static int min_ply() { return MoveOracle<G>::kMinPly; }

  static typename G::State state_of(const Moves& moves) {
    auto s = G::initial();
    for (games::Action a : moves) s.play(a);
    return s;
  }

  static games::Action random_legal(const typename G::State& s, Rng& rng) {
    const auto legal = s.legal_actions();
    return legal[std::uniform_int_distribution<int>(0, legal.size - 1)(rng)];
  }

  static games::Action argmax(const std::array<float, G::kNumActions>& prior) {
    return static_cast<games::Action>(std::max_element(prior.begin(), prior.end()) - prior.begin());
  }

  std::vector<Analysis<G>> raw(const std::vector<typename G::State>& states) {
    search::MctsParams params;
    params.simulations = 1;
    return analyze_positions<G>(states, agent_, params);
  }

  net::Evaluator& agent_;
  search::MctsParams search_;
  MoveOracle<G>& oracle_;
};

}  // namespace ida::selfplay
