// FoldedTower: the inference form of a Tower (net/resnet_tower.h). Each batch norm is folded
// into the convolution before it (its eval-mode statistics become the convolution's scale
// and bias), so a forward pass is convolutions, additions and ReLUs in place, with no
// autograd. The residual trunk runs in `trunk` precision (bfloat16 where the CPU has bf16
// arithmetic: about 2x the positions/s of float32 on AVX512-BF16) in channels-last layout;
// the small heads run in float32. A snapshot: built from the tower's weights at one moment,
// it does not follow later training. Internal to the network layer.
#pragma once

#include <torch/torch.h>

#include <utility>
#include <vector>

#include "net/resnet_tower.h"

namespace ida::net {

class FoldedTower {
 public:
  FoldedTower(TowerImpl& tower, torch::ScalarType trunk);

  // x: [n, planes, h, w] float32 -> (policy logits [n, actions], value [n]), float32.
  // Call under c10::InferenceMode; thread-safe (reads only).
  std::pair<torch::Tensor, torch::Tensor> forward(const torch::Tensor& x) const;

 private:
  struct Conv {
    torch::Tensor weight, bias;
    int padding = 0;
  };
  static Conv fold(torch::nn::Conv2dImpl& conv, torch::nn::BatchNorm2dImpl& bn,
                   torch::ScalarType type);
  static torch::Tensor apply(const Conv& c, const torch::Tensor& x);

  torch::ScalarType trunk_;
  Conv stem_, policy_conv_, value_conv_;
  std::vector<std::pair<Conv, Conv>> blocks_;
  torch::Tensor policy_w_, policy_b_, value1_w_, value1_b_, value2_w_, value2_b_;
};

}  // namespace ida::net
