// The residual policy/value tower (AlphaGo Zero's architecture, scaled down) as a torch
// module: conv stem, residual blocks, policy head and value head. Trained as is; inference
// runs its folded form (net/folded_tower.h). Internal to the network layer.
#pragma once

#include <torch/torch.h>

#include <utility>

#include "net/policy_value_net.h"

namespace ida::net {

inline torch::nn::Conv2d resnet_conv(int in, int out, int kernel) {
  return torch::nn::Conv2d(
      torch::nn::Conv2dOptions(in, out, kernel).padding(kernel / 2).bias(false));
}

struct ResidualBlockImpl : torch::nn::Module {
  explicit ResidualBlockImpl(int c)
      : conv1(register_module("conv1", resnet_conv(c, c, 3))),
        bn1(register_module("bn1", torch::nn::BatchNorm2d(c))),
        conv2(register_module("conv2", resnet_conv(c, c, 3))),
        bn2(register_module("bn2", torch::nn::BatchNorm2d(c))) {}

  torch::Tensor forward(torch::Tensor x) {  // [n, c, h, w] -> [n, c, h, w]
    auto y = torch::relu(bn1(conv1(x)));
    y = bn2(conv2(y));
    return torch::relu(x + y);
  }
  torch::nn::Conv2d conv1;
  torch::nn::BatchNorm2d bn1;
  torch::nn::Conv2d conv2;
  torch::nn::BatchNorm2d bn2;
};
TORCH_MODULE(ResidualBlock);

struct TowerImpl : torch::nn::Module {
  TowerImpl(const NetShape& s, const NetConfig& c) : cells(s.height * s.width) {
    namespace nn = torch::nn;
    stem = register_module("stem", resnet_conv(s.planes, c.channels, 3));
    stem_bn = register_module("stem_bn", nn::BatchNorm2d(c.channels));
    blocks = register_module("blocks", nn::Sequential());
    for (int i = 0; i < c.blocks; ++i) blocks->push_back(ResidualBlock(c.channels));
    policy_conv = register_module("policy_conv", resnet_conv(c.channels, 2, 1));
    policy_bn = register_module("policy_bn", nn::BatchNorm2d(2));
    policy_fc = register_module("policy_fc", nn::Linear(2 * cells, s.actions));
    value_conv = register_module("value_conv", resnet_conv(c.channels, 1, 1));
    value_bn = register_module("value_bn", nn::BatchNorm2d(1));
    value_fc1 = register_module("value_fc1", nn::Linear(cells, c.value_hidden));
    value_fc2 = register_module("value_fc2", nn::Linear(c.value_hidden, 1));
  }

  // x: [n, planes, h, w] -> (policy logits [n, actions], value [n])
  std::pair<torch::Tensor, torch::Tensor> forward(torch::Tensor x) {
    x = torch::relu(stem_bn(stem(x)));
    x = blocks->forward(x);
    auto p = torch::relu(policy_bn(policy_conv(x))).flatten(1);
    auto v = torch::relu(value_bn(value_conv(x))).flatten(1);
    v = torch::tanh(value_fc2(torch::relu(value_fc1(v)))).squeeze(1);
    return {policy_fc(p), v};
  }

  int cells;
  torch::nn::Conv2d stem{nullptr}, policy_conv{nullptr}, value_conv{nullptr};
  torch::nn::BatchNorm2d stem_bn{nullptr}, policy_bn{nullptr}, value_bn{nullptr};
  torch::nn::Sequential blocks{nullptr};
  torch::nn::Linear policy_fc{nullptr}, value_fc1{nullptr}, value_fc2{nullptr};
};
TORCH_MODULE(Tower);

}  // namespace ida::net
