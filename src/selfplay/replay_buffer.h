// The replay window of the game instance: teacher outputs (positions, visit
// distributions, results) of the last few rounds, sampled for distillation
// with random board symmetries (AlphaGo Zero's augmentation).
#pragma once

#include <algorithm>
#include <array>
#include <deque>
#include <optional>
#include <vector>

#include "core/error.h"
#include "core/rng.h"
#include "engine/fault.h"
#include "games/game.h"
#include "selfplay/match.h"

namespace ida::selfplay {

template <games::Game G>
class ReplayBuffer {
 public:
  using State = typename G::State;
  using Policy = std::array<float, G::kNumActions>;
  static constexpr int kIn = games::kInputSize<G>;

  struct Example {
    State state;
    Policy policy;  // the teacher's visit distribution
    float value;    // the value target for the player to move
  };

  // value_mix: the value target is (1 - value_mix) * the game's result + value_mix * the
  // search's root value (both for the player to move). 0 = the result alone (AlphaGo
  // Zero); some weight on the search value lowers the target's variance.
  explicit ReplayBuffer(int window_rounds, float value_mix = 0)
      : window_(window_rounds), value_mix_(value_mix) {}

  // Adds the positions of one round's self-play games; drops rounds that fall
  // out of the window.
  void add_round(int round, const std::vector<GameRecord<G>>& games) {
    rounds_.push_back({round, {}});
    auto& examples = rounds_.back().examples;
    for (const auto& g : games) {
      IDA_CHECK(g.visits.size() == g.moves.size() && g.is_target.size() == g.moves.size());
      State s = G::initial();
      for (size_t i = 0; i < g.moves.size(); ++i) {
        const float result = s.to_move() == 0 ? g.result : -g.result;
        const float value = (1 - value_mix_) * result + value_mix_ * g.search_values[i];
        if (g.is_target[i] > 0) examples.push_back({s, g.visits[i], value});
        s.play(g.moves[i]);
      }
    }
    while (static_cast<int>(rounds_.size()) > window_) rounds_.pop_front();
  }

  size_t size() const {
    size_t n = 0;
    for (const auto& r : rounds_) n += r.examples.size();
    return n;
  }

  // Fills a minibatch of n examples drawn uniformly from the window, each
  // under a random symmetry: inputs [n, kIn], policies [n, kNumActions], values [n].
  // Where `fault` hits an example (keyed by its position), wrong_example replaces it.
  void sample(int n, Rng& rng, float* inputs, float* policies, float* values,
              engine::FaultInjector* fault = nullptr) const {
    size_t total = size();
    IDA_CHECK(total > 0);
    std::array<float, kIn> plain;
    for (int i = 0; i < n; ++i) {
      size_t k = std::uniform_int_distribution<size_t>(0, total - 1)(rng);
      const Example* e = nullptr;
      for (const auto& r : rounds_) {
        if (k < r.examples.size()) {
          e = &r.examples[k];
          break;
        }
        k -= r.examples.size();
      }
      int sym = std::uniform_int_distribution<int>(0, G::kNumSymmetries - 1)(rng);
      std::optional<Example> replaced;
      if (fault) {
        if (auto seed = fault->hit(e->state.hash())) e = &replaced.emplace(wrong_example(*e, *seed));
      }
      e->state.encode(plain.data());
      transform(sym, plain.data(), e->policy, inputs + static_cast<size_t>(i) * kIn,
                policies + static_cast<size_t>(i) * G::kNumActions);
      values[i] = e->value;
    }
  }

  // A wrong training example in place of `e`, drawn from `seed`: the policy target all on
  // one random legal move other than the teacher's most visited one, and a value target of
  // the other outcomes (win, draw, loss) than the one nearest e.value.
  static Example wrong_example(const Example& e, uint64_t seed) {
    Rng rng(seed);
    Example wrong = e;
    const auto legal = e.state.legal_actions();
    const int best = static_cast<int>(std::max_element(e.policy.begin(), e.policy.end()) -
                                      e.policy.begin());
    std::vector<int> others;
    for (auto a : legal)
      if (a != best || legal.size == 1) others.push_back(a);
    wrong.policy.fill(0);
    wrong.policy[others[rng() % others.size()]] = 1;
    const float nearest = e.value > 0.5f ? 1.0f : e.value < -0.5f ? -1.0f : 0.0f;
    constexpr float kOutcomes[] = {-1.0f, 0.0f, 1.0f};
    wrong.value = nearest;
    while (wrong.value == nearest) wrong.value = kOutcomes[rng() % 3];
    return wrong;
  }

  // Applies board symmetry `sym` to an encoded position and its policy.
  static void transform(int sym, const float* in, const Policy& policy, float* out,
                        float* policy_out) {
    constexpr int cells = G::kHeight * G::kWidth;
    for (int p = 0; p < G::kPlanes; ++p)
      for (int c = 0; c < cells; ++c) out[p * cells + G::transform_cell(sym, c)] = in[p * cells + c];
    for (int a = 0; a < G::kNumActions; ++a) policy_out[G::transform_action(sym, a)] = policy[a];
  }

 private:
  struct RoundExamples {
    int round;
    std::vector<Example> examples;
  };
  int window_;
  float value_mix_;
  std::deque<RoundExamples> rounds_;
};

}  // namespace ida::selfplay
