// Fault injection in the game instance (engine/fault.h): wrong answers of A inside Amplify,
// the network evaluations inside the search. (Wrong Distill targets: ReplayBuffer::sample.)
#pragma once

#include <algorithm>
#include <string_view>

#include "engine/fault.h"
#include "games/game.h"
#include "net/evaluator.h"

namespace ida::selfplay {

// `inner`'s evaluations, except where `fault` hits a position (keyed by its encoding): there
// the opposite answer, its value negated and its policy logits negated (the search is told
// the position is the reverse of what A thinks, and led to the moves A likes least).
template <games::Game G>
class FaultyEvaluator final : public net::Evaluator {
 public:
  FaultyEvaluator(net::Evaluator& inner, engine::FaultInjector& fault)
      : inner_(inner), fault_(fault) {}
  void evaluate(const float* inputs, int n, float* logits, float* values) override {
    inner_.evaluate(inputs, n, logits, values);
    constexpr int kIn = games::kInputSize<G>;
    for (int i = 0; i < n; ++i) {
      const float* input = inputs + static_cast<size_t>(i) * kIn;
      if (!fault_.hit(engine::hash_bytes(
              std::string_view(reinterpret_cast<const char*>(input), kIn * sizeof(float)))))
        continue;
      values[i] = -values[i];
      float* l = logits + static_cast<size_t>(i) * G::kNumActions;
      std::transform(l, l + G::kNumActions, l, [](float x) { return -x; });
    }
  }

 private:
  net::Evaluator& inner_;
  engine::FaultInjector& fault_;
};

}  // namespace ida::selfplay
