// The fact encoder's match bias (QuestionNetConfig::match_bias), in torch: which token places
// of two facts hold the same token, and the learned bias that makes of it (added to the
// attention scores by net/written_layers.h). Internal to the network layer; match_bias.h has
// the same bias on plain arrays.
#pragma once

#include <torch/torch.h>

namespace ida::net {

// facts [C, F, L] int64 -> [C, F, L, vocabulary] float: 1 where fact f holds token t at
// place p, for t != 0 ("don't know" and padding are shared by everything and link nothing).
torch::Tensor token_places(const torch::Tensor& facts, int64_t vocabulary);

// places [C, F, L, V] (token_places), weight [H, L, L] -> [C*H, F, F]: for each head h, the
// sum of weight[h][p][q] over the places p of fact i and q of fact j that hold the same token.
torch::Tensor match_bias(const torch::Tensor& places, const torch::Tensor& weight);

}  // namespace ida::net
