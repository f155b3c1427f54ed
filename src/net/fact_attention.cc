#include "net/fact_attention.h"

#include <cmath>
#include <limits>

#include "core/error.h"
#include "net/match_bias.h"

namespace ida::net {

torch::Tensor token_places(const torch::Tensor& facts, int64_t vocabulary) {
  auto places = torch::one_hot(facts, vocabulary).to(torch::kFloat);
  places.select(3, 0).zero_();
  return places;
}

torch::Tensor match_bias(const torch::Tensor& places, const torch::Tensor& weight) {
  const int64_t C = places.size(0), F = places.size(1), L = places.size(2), V = places.size(3);
  const int64_t H = weight.size(0);
  // weighted[c, h, i, (q, t)] = sum_p places[c, i, p, t] * weight[h, p, q], as one product
  // of [C*F*V, L] by [L, H*L].
  const auto weighted = torch::matmul(places.transpose(2, 3).reshape({C * F * V, L}),
                                      weight.permute({1, 0, 2}).reshape({L, H * L}))
                            .view({C, F, V, H, L})
                            .permute({0, 3, 1, 4, 2})
                            .reshape({C, H, F, L * V});
  return torch::matmul(weighted, places.view({C, 1, F, L * V}).transpose(2, 3))
      .view({C * H, F, F});
}

torch::Tensor biased_encoder_layer(torch::nn::TransformerEncoderLayerImpl& layer,
                                   const torch::Tensor& x, const torch::Tensor& bias,
                                   const torch::Tensor& padding) {
  auto& attention = *layer.self_attn;
  const int64_t F = x.size(0), C = x.size(1), width = x.size(2);
  const int64_t H = attention.options.num_heads(), head = width / H;
  const auto qkv =
      torch::nn::functional::linear(x, attention.in_proj_weight, attention.in_proj_bias)
          .chunk(3, -1);
  auto by_head = [&](const torch::Tensor& t) {  // [F, C, width] -> [C*H, F, head]
    return t.reshape({F, C * H, head}).transpose(0, 1);
  };
  const auto scores =
      (torch::bmm(by_head(qkv[0]), by_head(qkv[1]).transpose(1, 2))
           .div(std::sqrt(static_cast<double>(head))) +
       bias)
          .view({C, H, F, F})
          .masked_fill(padding.view({C, 1, 1, F}), -std::numeric_limits<float>::infinity())
          .view({C * H, F, F});
  const auto mixed = torch::bmm(torch::softmax(scores, -1), by_head(qkv[2]))
                         .transpose(0, 1)
                         .reshape({F, C, width});
  const auto y = layer.norm1(x + attention.out_proj(mixed));
  return layer.norm2(y + layer.linear2(torch::relu(layer.linear1(y))));
}

std::vector<float> match_bias(const FactBatch& facts, int fact_length, int vocabulary,
                              const std::vector<float>& weight, int heads) {
  IDA_CHECK(facts.tokens.size() ==
            static_cast<size_t>(facts.contexts) * facts.max_facts * fact_length);
  IDA_CHECK(weight.size() == static_cast<size_t>(heads) * fact_length * fact_length);
  torch::NoGradGuard no_grad;
  const auto tokens = torch::tensor(facts.tokens, torch::kInt64)
                          .view({facts.contexts, facts.max_facts, fact_length});
  const auto w = torch::tensor(weight, torch::kFloat).view({heads, fact_length, fact_length});
  const auto bias = match_bias(token_places(tokens, vocabulary), w).contiguous();
  return {bias.data_ptr<float>(), bias.data_ptr<float>() + bias.numel()};
}

}  // namespace ida::net
