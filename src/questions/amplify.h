// Amplify(H, A) for many questions at once: every question's Decomposition (H) runs side by
// side; primitive sub-questions are looked up in the facts; the others are pooled across all
// questions and answered by the model in one batch per step, so that a round's thousands of
// model calls become a few dozen batched ones.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "questions/domain.h"

namespace ida::questions {

// A model answering questions about a fixed list of contexts, many at once (it may encode
// each context once and reuse that for every question on it).
class BatchAnswerer {
 public:
  virtual ~BatchAnswerer() = default;
  // answers[i] answers questions[i] about context number context_of[i].
  virtual std::vector<Answer> answer(const std::vector<int>& context_of,
                                     const std::vector<Question>& questions) = 0;
};

// A BatchAnswerer from a per-question function (the ground truth, a person...).
class FunctionAnswerer final : public BatchAnswerer {
 public:
  using Function = std::function<Answer(int context, const Question&)>;
  explicit FunctionAnswerer(Function f) : f_(std::move(f)) {}
  std::vector<Answer> answer(const std::vector<int>& context_of,
                             const std::vector<Question>& questions) override;

 private:
  Function f_;
};

// Who decomposes: the real H (Domain::begin) or a learned imitation of it.
using Overseer = std::function<std::unique_ptr<Decomposition>(const Question&)>;

struct AmplifyCounts {
  int64_t overseer_calls = 0;  // decompositions begun (questions answered by the overseer)
  int64_t model_calls = 0;     // sub-questions answered by the model
  int64_t lookups = 0;         // primitive sub-questions looked up in the facts
  int64_t batches = 0;         // batched model calls
  AmplifyCounts& operator+=(const AmplifyCounts& o);
};

struct Amplified {
  Answer answer;                     // the overseer's final answer
  std::vector<Exchange> transcript;  // its sub-questions and the answers they got
  std::vector<bool> looked_up;       // per exchange: answered by lookup (not by the model)
};

// Answers questions[i] about contexts[context_of[i]] with one level of the overseer, whose
// non-primitive sub-questions go to `model` (batched across all questions).
std::vector<Amplified> amplify_batch(const Domain& domain, const std::vector<Context>& contexts,
                                     const std::vector<int>& context_of,
                                     const std::vector<Question>& questions,
                                     const Overseer& overseer, BatchAnswerer& model,
                                     AmplifyCounts& counts);

// The real overseer H of `domain`, or its alternative decomposition `variant`.
Overseer overseer_of(const Domain& domain, int variant = 0);

}  // namespace ida::questions
