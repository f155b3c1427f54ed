#include "net/folded_tower.h"

namespace ida::net {

FoldedTower::FoldedTower(TowerImpl& tower, torch::ScalarType trunk) : trunk_(trunk) {
  torch::NoGradGuard no_grad;
  stem_ = fold(*tower.stem, *tower.stem_bn, trunk);
  for (const auto& module : *tower.blocks) {
    auto& block = *module.ptr()->as<ResidualBlockImpl>();
    blocks_.emplace_back(fold(*block.conv1, *block.bn1, trunk),
                         fold(*block.conv2, *block.bn2, trunk));
  }
  policy_conv_ = fold(*tower.policy_conv, *tower.policy_bn, torch::kFloat);
  value_conv_ = fold(*tower.value_conv, *tower.value_bn, torch::kFloat);
  policy_w_ = tower.policy_fc->weight.detach().clone();
  policy_b_ = tower.policy_fc->bias.detach().clone();
  value1_w_ = tower.value_fc1->weight.detach().clone();
  value1_b_ = tower.value_fc1->bias.detach().clone();
  value2_w_ = tower.value_fc2->weight.detach().clone();
  value2_b_ = tower.value_fc2->bias.detach().clone();
}

// conv then eval-mode batch norm: gamma * (conv(x) - mean) / sqrt(var + eps) + beta, which is
// a convolution with weights scaled per output channel and a bias.
FoldedTower::Conv FoldedTower::fold(torch::nn::Conv2dImpl& conv, torch::nn::BatchNorm2dImpl& bn,
                                    torch::ScalarType type) {
  const auto scale = bn.weight / torch::sqrt(bn.running_var + bn.options.eps());
  Conv c;
  c.weight = (conv.weight * scale.view({-1, 1, 1, 1}))
                 .to(type)
                 .contiguous(at::MemoryFormat::ChannelsLast);
  c.bias = (bn.bias - bn.running_mean * scale).to(type);
  c.padding = static_cast<int>(conv.options.kernel_size()->at(0) / 2);
  return c;
}

torch::Tensor FoldedTower::apply(const Conv& c, const torch::Tensor& x) {
  return torch::conv2d(x, c.weight, c.bias, 1, c.padding);
}

std::pair<torch::Tensor, torch::Tensor> FoldedTower::forward(const torch::Tensor& input) const {
  auto x = input.to(trunk_).contiguous(at::MemoryFormat::ChannelsLast);
  x = apply(stem_, x).relu_();
  for (const auto& [first, second] : blocks_) {
    auto y = apply(first, x).relu_();
    x = apply(second, y).add_(x).relu_();
  }
  x = x.to(torch::kFloat);
  auto p = apply(policy_conv_, x).relu_().flatten(1);
  auto v = apply(value_conv_, x).relu_().flatten(1);
  v = torch::linear(torch::linear(v, value1_w_, value1_b_).relu_(), value2_w_, value2_b_);
  return {torch::linear(p, policy_w_, policy_b_), v.tanh_().squeeze(1)};
}

}  // namespace ida::net
