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
  // One caller at a time, unless concurrent() says otherwise.
  virtual void evaluate(const float* inputs, int n, float* logits, float* values) = 0;
  // True when evaluate may be called from several threads at once (with distinct buffers),
  // each call answering as if it were alone.
  virtual bool concurrent() const { return false; }
};

}  // namespace ida::net
