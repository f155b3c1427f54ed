// bfloat16 arithmetic on the CPU: whether this machine has it, and a scope that runs torch's
// matrix products in it (mixed precision). Internal to the network layer.
#pragma once

namespace ida::net {

// True when this CPU does bfloat16 arithmetic natively (AVX512-BF16, AMX) and torch reaches
// it (oneDNN).
bool cpu_has_bf16();

// While alive, and when `on`, this thread's CPU ops run under torch's autocast to bfloat16:
// linear layers and batched products take bf16 inputs, while the weights, the optimiser
// state, layer norms and softmaxes stay float32 (torch's autocast lists). Autocast keeps
// each weight's bf16 copy until the outermost scope ends; ending it clears them, so no copy
// outlives an optimiser step. Nests (an inner scope changes nothing).
class Bf16Scope {
 public:
  explicit Bf16Scope(bool on);
  ~Bf16Scope();
  Bf16Scope(const Bf16Scope&) = delete;
  Bf16Scope& operator=(const Bf16Scope&) = delete;

 private:
  bool entered_ = false;
};

}  // namespace ida::net
