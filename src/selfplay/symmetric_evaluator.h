// A's evaluations of a position's symmetric image, mapped back to the position: a search
// through this evaluator is the search of the image with the same network (the trees are
// the same up to the symmetry), so its moves can be compared and voted with the plain
// search's (redundancy, docs/alignment.md).
#pragma once

#include <vector>

#include "core/error.h"
#include "games/game.h"
#include "net/evaluator.h"

namespace ida::selfplay {

template <games::Game G>
class SymmetricEvaluator final : public net::Evaluator {
 public:
  // Requires 0 <= sym < G::kNumSymmetries; `network` must outlive this evaluator.
  SymmetricEvaluator(net::Evaluator& network, int sym) : network_(network), sym_(sym) {
    IDA_CHECK(sym >= 0 && sym < G::kNumSymmetries);
  }

  void evaluate(const float* inputs, int n, float* logits, float* values) override {
    constexpr int kIn = games::kInputSize<G>;
    constexpr int kA = G::kNumActions;
    constexpr int kCells = G::kHeight * G::kWidth;
    image_.resize(static_cast<size_t>(n) * kIn);
    image_logits_.resize(static_cast<size_t>(n) * kA);
    for (int i = 0; i < n; ++i)
      for (int p = 0; p < G::kPlanes; ++p)
        for (int c = 0; c < kCells; ++c)
          image_[i * kIn + p * kCells + G::transform_cell(sym_, c)] =
              inputs[i * kIn + p * kCells + c];
    network_.evaluate(image_.data(), n, image_logits_.data(), values);
    for (int i = 0; i < n; ++i)
      for (int a = 0; a < kA; ++a)
        logits[i * kA + a] = image_logits_[i * kA + G::transform_action(sym_, a)];
  }

 private:
  net::Evaluator& network_;
  int sym_;
  std::vector<float> image_, image_logits_;
};

}  // namespace ida::selfplay
