// Shared by the networks' save/load (torch-side, src/net only): one archive holding a
// module's weights and its optimiser state, and the shape check torch's loading lacks.
#pragma once

#include <torch/torch.h>

#include <string>
#include <string_view>

namespace ida::net {

// The bytes of an archive with entries "model" and "optimizer".
std::string save_archive(const torch::nn::Module& model, const torch::optim::Optimizer& optimizer);

// Reads such bytes onto `device`. Throws c10::Error for bytes that are not one.
void read_archive(std::string_view bytes, const torch::Device& device,
                  torch::serialize::InputArchive& model, torch::serialize::InputArchive& optimizer);

// Torch's Module::load silently takes tensors of any shape: true iff both modules have the
// same parameters and buffers, by name and shape.
bool same_shapes(const torch::nn::Module& a, const torch::nn::Module& b);

}  // namespace ida::net
