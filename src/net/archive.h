// Shared by the networks' save/load (torch-side, src/net only): a module's weights and its
// optimiser state as ida tensors (net/tensor_file.h), never through torch's own archives.
#pragma once

#include <torch/torch.h>

#include <string>
#include <string_view>

namespace ida::net {

// The bytes: "model.<name>" for every parameter and buffer of `model`, and
// "optimizer.<i>.<field>" for the state of the optimiser's i-th parameter (Adam: step,
// exp_avg, exp_avg_sq and, with amsgrad, max_exp_avg_sq; SGD: momentum_buffer), where it has
// any.
std::string save_archive(const torch::nn::Module& model, const torch::optim::Optimizer& optimizer);

// Reads such bytes into `model`, which must have exactly the file's "model." tensors (by name,
// dtype and shape), and, unless `optimizer` is null, the file's optimiser state into it (an
// Adam or SGD optimiser over `model`'s parameters, without state yet). Throws InputError with
// the reason; torch archives, the format of earlier ida checkpoints, are refused as such.
// `model` may be partly overwritten when it throws: load into a fresh one.
void load_archive(std::string_view bytes, torch::nn::Module& model,
                  torch::optim::Optimizer* optimizer);

}  // namespace ida::net
