// The policy/value network (agent A of the game instance) and its training
// step. Torch stays behind this header (pimpl): search, games and the engine
// never include <torch/torch.h>.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "net/evaluator.h"

namespace ida::net {

// What the network reads and predicts (from the game).
struct NetShape {
  int planes = 0, height = 0, width = 0;  // input: planes x height x width
  int actions = 0;                        // policy output size
};

// Architecture: a residual tower (AlphaGo Zero), scaled to the machine.
struct NetConfig {
  int channels = 32;      // width of the residual tower
  int blocks = 3;         // residual blocks
  int value_hidden = 64;  // hidden units of the value head
  // Precision of the residual trunk at inference: "bf16" where the CPU has bf16 arithmetic
  // (AVX512-BF16; float32 elsewhere and on CUDA), or "fp32". Training is always float32.
  std::string inference = "bf16";
};

struct OptimConfig {
  std::string optimizer = "adam";  // "adam" or "sgd" (with momentum 0.9)
  double learning_rate = 1e-3;
  double weight_decay = 1e-4;  // L2 penalty, as in AlphaGo Zero
};

struct TrainStats {
  double policy_loss = 0;  // cross-entropy against the visit distribution
  double value_loss = 0;   // mean squared error against the value target
};

class PolicyValueNet final : public Evaluator {
 public:
  // Initialises weights from `seed` (reproducible). Runs on CUDA when available.
  PolicyValueNet(NetShape shape, NetConfig config, OptimConfig optim, uint64_t seed);
  ~PolicyValueNet() override;
  PolicyValueNet(const PolicyValueNet&) = delete;
  PolicyValueNet& operator=(const PolicyValueNet&) = delete;

  // Inference in evaluation mode (batch-norm running statistics), by the folded tower:
  // batch norm folded into the convolutions, no autograd, the trunk in the inference
  // precision (NetConfig::inference).
  void evaluate(const float* inputs, int n, float* logits, float* values) override;
  // The same outputs computed by the training module in float32, unfolded: the reference
  // evaluate() is checked against.
  void evaluate_unfolded(const float* inputs, int n, float* logits, float* values);
  // "bf16" or "fp32": the trunk precision evaluate() uses on this machine.
  std::string inference_precision() const;
  // Inference reads the weights only; train_step and load must not run at the same time.
  bool concurrent() const override { return true; }

  // One optimiser step on a minibatch of n examples:
  //   inputs [n, planes*height*width], policy_targets [n, actions] (rows sum to 1),
  //   value_targets [n] in [-1, 1]. Returns the losses before the step.
  TrainStats train_step(const float* inputs, const float* policy_targets,
                        const float* value_targets, int n);

  // Weights and optimiser state, as bytes (exact resume).
  std::string save() const;
  // Throws InputError when the bytes do not fit this architecture; on error
  // this network is unchanged. Without the optimiser, the optimiser restarts
  // fresh with this network's own settings (a warm start).
  void load(std::string_view bytes, std::string_view origin, bool with_optimizer = true);

  // A deep copy (weights and optimiser state), e.g. to keep the previous agent.
  std::unique_ptr<PolicyValueNet> clone() const;

  // A one-line description of the architecture; checkpoints of another
  // architecture are refused by comparing it.
  std::string architecture() const;
  // Builds an (untrained) network from an architecture() line, e.g. the one a
  // checkpoint names. Throws InputError when the line is not one, or names a network
  // larger than kMaxFileParameters (net/file_limits.h).
  static std::unique_ptr<PolicyValueNet> from_architecture(std::string_view line);
  const NetShape& shape() const { return shape_; }
  std::string device() const;

  // Torch's intra-op threads (process-wide). ida parallelises across games, so
  // the default is 1: on 2 busy cores, 2 intra-op threads ran ~10x slower.
  static void set_threads(int threads);

  // Empty when torch runs on a fast BLAS; otherwise a warning naming the slow
  // library. Debian's libtorch calls whatever libblas.so.3 is selected, and a
  // fresh machine selects the reference BLAS (measured ~20x slower than OpenBLAS).
  static std::string blas_warning();

 private:
  struct Impl;
  NetShape shape_;
  NetConfig config_;
  OptimConfig optim_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ida::net
