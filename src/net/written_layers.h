// torch's transformer layers (post-norm, ReLU, no dropout) written out, on their own
// weights: for what torch's C++ modules cannot do. Their attention takes an additive bias
// per example and head (the match bias), and masks padded keys under bf16 autocast (torch's
// C++ attention applies a key padding mask to float and double scores only). Internal to
// the network layer.
#pragma once

#include <torch/torch.h>

namespace ida::net {

// Multi-head attention of queries [T, B, width] on keys and values [S, B, width] with the
// module's projections; `bias` [B*heads, T, S] or [T, S] (undefined: none) is added to the
// scores, and keys where `padding` [B, S] is true (undefined: none) get no attention.
torch::Tensor attend(torch::nn::MultiheadAttentionImpl& attention, const torch::Tensor& queries,
                     const torch::Tensor& keys, const torch::Tensor& bias,
                     const torch::Tensor& padding);

// TransformerEncoderLayer's forward on x [F, C, width] with `bias` [C*H, F, F] (undefined:
// none) added to the attention scores and padding [C, F] masked. At no bias, the layer's own
// result to float rounding.
torch::Tensor encoder_layer(torch::nn::TransformerEncoderLayerImpl& layer, const torch::Tensor& x,
                            const torch::Tensor& bias, const torch::Tensor& padding);

// TransformerDecoderLayer's forward on x [T, B, width] over memory [S, B, width]: additive
// self-attention mask [T, T], memory_padding [B, S] masked.
torch::Tensor decoder_layer(torch::nn::TransformerDecoderLayerImpl& layer, const torch::Tensor& x,
                            const torch::Tensor& memory, const torch::Tensor& self_mask,
                            const torch::Tensor& memory_padding);

}  // namespace ida::net
