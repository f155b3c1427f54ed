// Evaluator: the agent A seen from search. One call evaluates a batch of
// positions, so that amplification can serve leaves from many games at once.
#pragma once

namespace ida::net {

class Evaluator {
 public:
  virtual ~Evaluator() = default;
  // inputs: n positions, each the game's encoding (input_size floats).
  // Writes n * num_actions policy logits (unnormalised, all actions; search
  // masks illegal ones) and n values in [-1, 1] for the player to move.
  // Not thread-safe: one caller at a time.
  virtual void evaluate(const float* inputs, int n, float* logits, float* values) = 0;
};

}  // namespace ida::net
