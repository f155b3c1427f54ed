#include "net/fact_attention.h"

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
