#include "net/written_layers.h"

#include <cmath>
#include <limits>
#include <vector>

namespace ida::net {

torch::Tensor attend(torch::nn::MultiheadAttentionImpl& attention, const torch::Tensor& queries,
                     const torch::Tensor& keys, const torch::Tensor& bias,
                     const torch::Tensor& padding) {
  namespace F = torch::nn::functional;
  const int64_t T = queries.size(0), S = keys.size(0), B = queries.size(1);
  const int64_t width = queries.size(2), H = attention.options.num_heads(), head = width / H;
  // Self-attention projects once; attention on other keys projects queries and keys apart.
  std::vector<torch::Tensor> qkv;
  if (queries.is_same(keys)) {
    qkv = F::linear(queries, attention.in_proj_weight, attention.in_proj_bias).chunk(3, -1);
  } else {
    const auto& w = attention.in_proj_weight;
    const auto& b = attention.in_proj_bias;
    qkv = F::linear(keys, w.narrow(0, width, 2 * width), b.narrow(0, width, 2 * width))
              .chunk(2, -1);
    qkv.insert(qkv.begin(), F::linear(queries, w.narrow(0, 0, width), b.narrow(0, 0, width)));
  }
  auto by_head = [&](const torch::Tensor& t, int64_t length) {  // -> [B*H, length, head]
    return t.reshape({length, B * H, head}).transpose(0, 1);
  };
  auto scores = torch::bmm(by_head(qkv[0], T), by_head(qkv[1], S).transpose(1, 2))
                    .div(std::sqrt(static_cast<double>(head)));
  if (bias.defined()) scores = scores + bias;
  if (padding.defined())
    scores = scores.view({B, H, T, S})
                 .masked_fill(padding.view({B, 1, 1, S}), -std::numeric_limits<float>::infinity())
                 .view({B * H, T, S});
  const auto mixed = torch::bmm(torch::softmax(scores, -1), by_head(qkv[2], S))
                         .transpose(0, 1)
                         .reshape({T, B, width});
  return attention.out_proj(mixed);
}

namespace {

// A layer norm on the residual stream, kept in float32: under bf16 autocast the sum of a
// residual and a bf16 product may be bf16, and torch's CPU layer norm takes no bf16 input
// with float32 weights.
torch::Tensor norm(torch::nn::LayerNormImpl& layer_norm, const torch::Tensor& x) {
  return layer_norm.forward(x.to(torch::kFloat));
}

}  // namespace

torch::Tensor encoder_layer(torch::nn::TransformerEncoderLayerImpl& layer, const torch::Tensor& x,
                            const torch::Tensor& bias, const torch::Tensor& padding) {
  const auto y = norm(*layer.norm1, x + attend(*layer.self_attn, x, x, bias, padding));
  return norm(*layer.norm2, y + layer.linear2(torch::relu(layer.linear1(y))));
}

torch::Tensor decoder_layer(torch::nn::TransformerDecoderLayerImpl& layer, const torch::Tensor& x,
                            const torch::Tensor& memory, const torch::Tensor& self_mask,
                            const torch::Tensor& memory_padding) {
  auto y = norm(*layer.norm1, x + attend(*layer.self_attn, x, x, self_mask, {}));
  y = norm(*layer.norm2, y + attend(*layer.multihead_attn, y, memory, {}, memory_padding));
  return norm(*layer.norm3, y + layer.linear2(torch::relu(layer.linear1(y))));
}

}  // namespace ida::net
