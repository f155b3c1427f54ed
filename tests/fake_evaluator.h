// A test double for the network: uniform policy and a fixed value, counting
// calls and positions, so that search can be tested without torch.
#pragma once

#include <algorithm>
#include <mutex>

#include "net/evaluator.h"

namespace ida::testing {

class FakeEvaluator : public net::Evaluator {
 public:
  FakeEvaluator(int actions, float value = 0) : actions_(actions), value_(value) {}
  void evaluate(const float*, int n, float* logits, float* values) override {
    std::fill(logits, logits + n * actions_, 0.0f);
    std::fill(values, values + n, value_);
    std::lock_guard<std::mutex> lock(mutex_);  // match workers may call concurrently
    ++calls;
    positions += n;
    max_batch = std::max(max_batch, n);
  }
  int calls = 0;
  long positions = 0;
  int max_batch = 0;

 private:
  int actions_;
  float value_;
  std::mutex mutex_;
};

}  // namespace ida::testing
