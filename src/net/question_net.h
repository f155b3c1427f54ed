// The agent A of the question instance (Christiano, Shlegeris & Amodei 2018), in libtorch:
// a set encoder over the facts of a context (no positions across facts), and an answer
// decoder whose queries (the question, one per answer position) attend to those facts.
// Torch stays behind this header (pimpl): the question domains and the engine never
// include <torch/torch.h>.
//
// The answer is decoded autoregressively (greedy): one query per answer position, with
// causal self-attention over the tokens chosen before it. Decoding the tokens independently
// was tried first and mixed the letters of two candidate names ("ab"/"cd" -> "ad").
// Questions about one context are decoded together, in groups that read the context's
// facts once (the logits are those of each question decoded alone).
// With `pointer` (the paper's decoder), each answer token's distribution mixes the vocabulary
// softmax with a copy (pointer) distribution over the tokens of the context's facts, through
// a learned gate; without it (the default), the vocabulary softmax alone.
// With `match_bias`, the fact encoder's attention also sees which facts share tokens (see
// QuestionNetConfig).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ida::net {

// What the model reads and writes (from the question domain).
struct QuestionNetShape {
  int vocabulary = 0;       // tokens 0..vocabulary-1; token 0 is "don't know"/padding
  int fact_length = 0;      // tokens per fact
  int question_length = 0;  // tokens per question
  int answer_length = 0;    // tokens per answer
};

// Sizes, scaled to 2 CPU cores by default; the paper's (width 512, 8 heads, 6 + 3 layers)
// are reachable on a GPU.
struct QuestionNetConfig {
  int width = 64;         // model width
  int heads = 4;          // attention heads (divides width)
  int fact_layers = 2;    // self-attention layers over the facts
  int answer_layers = 2;  // decoder layers: answer queries attend to each other and the facts
  int feedforward = 128;  // hidden units of each layer's feed-forward block
  bool pointer = false;   // mix a copy distribution over the facts' tokens into the answer
  // The fact encoder's attention adds a learned bias, per layer, head and pair of token
  // places (p, q), where fact i's token p equals fact j's token q: a shared name or value
  // links two facts before any weight has learned to match them.
  bool match_bias = false;
  // Arithmetic of the matrix products in encode, answer and train_step: "bf16" (mixed
  // precision: weights, optimiser, norms, softmaxes and the loss stay float32) only where
  // the CPU has bf16 arithmetic; "fp32" elsewhere and on CUDA. Not part of the architecture:
  // a checkpoint loads under either.
  std::string precision = "fp32";
};

struct QuestionOptimConfig {
  double learning_rate = 1e-3;  // Adam
  double gradient_clip = 1.0;   // max global gradient norm (the paper: 1.0)
};

// Contexts as one padded array: context c's fact f is tokens[(c*max_facts + f)*fact_length..];
// padding[c*max_facts + f] = 1 marks a slot past the context's facts (every context has at
// least one fact).
struct FactBatch {
  int contexts = 0;
  int max_facts = 0;
  std::vector<int64_t> tokens;
  std::vector<uint8_t> padding;
};

// Questions, each about one context of a FactBatch: question i is
// tokens[i*question_length..] about context[i].
struct QuestionBatch {
  std::vector<int64_t> context;
  std::vector<int64_t> tokens;
  int size() const { return static_cast<int>(context.size()); }
};

class QuestionNet {
 public:
  // Facts encoded once, answered many times (by every question on those contexts).
  class Encoding;

  // Initialises weights from `seed` (reproducible). Runs on CUDA when available.
  QuestionNet(QuestionNetShape shape, QuestionNetConfig config, QuestionOptimConfig optim,
              uint64_t seed);
  ~QuestionNet();
  QuestionNet(const QuestionNet&) = delete;
  QuestionNet& operator=(const QuestionNet&) = delete;

  // Encodes the facts (inference, no gradients). The encoding holds this network's current
  // weights' result: encode again after training.
  std::shared_ptr<const Encoding> encode(const FactBatch& facts) const;
  // Greedy answers, answer_length tokens per question (one decoder pass per token; the
  // facts are not re-encoded). With `confidence`, also each answer's probability under the
  // model (the product over its tokens).
  std::vector<int64_t> answer(const Encoding& encoding, const QuestionBatch& questions,
                              std::vector<float>* confidence = nullptr) const;

  // One optimiser step on cross-entropy over all answer tokens; targets holds answer_length
  // tokens per question. Returns the mean loss per token before the step.
  double train_step(const FactBatch& facts, const QuestionBatch& questions,
                    const std::vector<int64_t>& targets);

  // Moves these weights toward `online`'s: w <- decay * w + (1 - decay) * online. This is how
  // the teacher (an exponential moving average of A) follows A. Same architecture required.
  void track(const QuestionNet& online, double decay);

  // Weights and optimiser state, as bytes (exact resume).
  std::string save() const;
  // Throws InputError when the bytes do not fit this architecture; on error this network is
  // unchanged. Without the optimiser, the optimiser restarts fresh (a warm start).
  void load(std::string_view bytes, std::string_view origin, bool with_optimizer = true);
  std::unique_ptr<QuestionNet> clone() const;  // weights and optimiser state

  // One line naming the architecture; checkpoints of another one are refused.
  std::string architecture() const;
  // The network an architecture() line names, untrained. Throws InputError when the line is
  // not one, or names a network larger than kMaxFileParameters (net/file_limits.h).
  static std::unique_ptr<QuestionNet> from_architecture(std::string_view line);
  const QuestionNetShape& shape() const { return shape_; }
  int64_t parameter_count() const;
  std::string device() const;

  // Wall seconds spent inside encode, answer, train_step and track of every QuestionNet of
  // this process so far, summed over threads (for the share of a step spent in the model).
  static double seconds_in_calls();

 private:
  struct Impl;
  QuestionNetShape shape_;
  QuestionNetConfig config_;
  QuestionOptimConfig optim_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ida::net
