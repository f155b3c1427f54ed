#include "net/archive.h"

#include <map>
#include <memory>

#include "core/error.h"
#include "net/file_limits.h"
#include "net/tensor_file.h"

namespace ida::net {

namespace {

using Tensors = std::map<std::string, NamedTensor>;

NamedTensor to_named(std::string name, const torch::Tensor& tensor) {
  const torch::Tensor t = tensor.detach().to(torch::kCPU).contiguous();
  NamedTensor named{std::move(name), DType::kFloat32, {}, {}};
  if (t.scalar_type() == torch::kLong)
    named.dtype = DType::kInt64;
  else
    IDA_CHECK(t.scalar_type() == torch::kFloat);
  named.sizes.assign(t.sizes().begin(), t.sizes().end());
  named.data.assign(static_cast<const char*>(t.data_ptr()), t.numel() * t.element_size());
  return named;
}

torch::Tensor to_torch(const NamedTensor& named) {
  const auto dtype = named.dtype == DType::kInt64 ? torch::kLong : torch::kFloat;
  return torch::from_blob(const_cast<char*>(named.data.data()), named.sizes, dtype).clone();
}

std::string state_key(const torch::Tensor& parameter) {
  return c10::guts::to_string(parameter.unsafeGetTensorImpl());
}

std::vector<torch::Tensor> parameters_of(const torch::optim::Optimizer& optimizer) {
  std::vector<torch::Tensor> all;
  for (const auto& group : optimizer.param_groups())
    for (const auto& p : group.params()) all.push_back(p);
  return all;
}

void save_state(const torch::optim::OptimizerParamState& state, const std::string& prefix,
                std::vector<NamedTensor>& out) {
  if (const auto* adam = dynamic_cast<const torch::optim::AdamParamState*>(&state)) {
    out.push_back(to_named(prefix + "step", torch::tensor(adam->step(), torch::kLong)));
    out.push_back(to_named(prefix + "exp_avg", adam->exp_avg()));
    out.push_back(to_named(prefix + "exp_avg_sq", adam->exp_avg_sq()));
    if (adam->max_exp_avg_sq().defined())
      out.push_back(to_named(prefix + "max_exp_avg_sq", adam->max_exp_avg_sq()));
  } else if (const auto* sgd = dynamic_cast<const torch::optim::SGDParamState*>(&state)) {
    if (sgd->momentum_buffer().defined())
      out.push_back(to_named(prefix + "momentum_buffer", sgd->momentum_buffer()));
  } else {
    IDA_CHECK(false);  // an optimiser ida does not make
  }
}

// Removes and returns the entry `name`, which must be there with the dtype and sizes given.
torch::Tensor take(Tensors& tensors, const std::string& name, DType dtype,
                   const std::vector<int64_t>& sizes) {
  const auto it = tensors.find(name);
  if (it == tensors.end()) throw InputError("tensor " + name + " is missing");
  if (it->second.dtype != dtype || it->second.sizes != sizes)
    throw InputError("tensor " + name + " has another dtype or shape than this network's");
  torch::Tensor t = to_torch(it->second);
  tensors.erase(it);
  return t;
}

torch::Tensor take_like(Tensors& tensors, const std::string& name, const torch::Tensor& like) {
  const auto dtype = like.scalar_type() == torch::kLong ? DType::kInt64 : DType::kFloat32;
  return take(tensors, name, dtype, std::vector<int64_t>(like.sizes().begin(), like.sizes().end()))
      .to(like.device());
}

bool has(const Tensors& tensors, const std::string& name) { return tensors.count(name) > 0; }

// This layer is C++17 under clang (CMakeLists.txt): no std::string::starts_with.
bool starts_with(const std::string& s, std::string_view prefix) {
  return std::string_view(s).substr(0, prefix.size()) == prefix;
}

std::unique_ptr<torch::optim::OptimizerParamState> load_state(
    Tensors& tensors, const std::string& prefix, const torch::Tensor& parameter,
    const torch::optim::Optimizer& optimizer) {
  if (dynamic_cast<const torch::optim::Adam*>(&optimizer)) {
    if (!has(tensors, prefix + "step")) return nullptr;
    auto state = std::make_unique<torch::optim::AdamParamState>();
    state->step(take(tensors, prefix + "step", DType::kInt64, {}).item<int64_t>());
    state->exp_avg(take_like(tensors, prefix + "exp_avg", parameter));
    state->exp_avg_sq(take_like(tensors, prefix + "exp_avg_sq", parameter));
    if (has(tensors, prefix + "max_exp_avg_sq"))
      state->max_exp_avg_sq(take_like(tensors, prefix + "max_exp_avg_sq", parameter));
    return state;
  }
  IDA_CHECK(dynamic_cast<const torch::optim::SGD*>(&optimizer));
  if (!has(tensors, prefix + "momentum_buffer")) return nullptr;
  auto state = std::make_unique<torch::optim::SGDParamState>();
  state->momentum_buffer(take_like(tensors, prefix + "momentum_buffer", parameter));
  return state;
}

// Every parameter and buffer: the file's model tensors must be exactly these.
void load_model(Tensors& tensors, torch::nn::Module& model) {
  torch::NoGradGuard no_grad;
  for (auto& item : model.named_parameters())
    item.value().copy_(take_like(tensors, "model." + item.key(), item.value()));
  for (auto& item : model.named_buffers())
    item.value().copy_(take_like(tensors, "model." + item.key(), item.value()));
  for (const auto& [name, t] : tensors)
    if (starts_with(name, "model."))
      throw InputError("tensor " + name + " is not part of this network");
}

void load_optimizer(Tensors& tensors, torch::optim::Optimizer& optimizer) {
  const auto parameters = parameters_of(optimizer);
  for (size_t i = 0; i < parameters.size(); ++i) {
    const std::string prefix = "optimizer." + std::to_string(i) + ".";
    if (auto state = load_state(tensors, prefix, parameters[i], optimizer))
      optimizer.state()[state_key(parameters[i])] = std::move(state);
  }
  for (const auto& [name, t] : tensors)
    if (starts_with(name, "optimizer."))
      throw InputError("tensor " + name + " does not fit this network's optimiser");
}

}  // namespace

std::string save_archive(const torch::nn::Module& model, const torch::optim::Optimizer& optimizer) {
  std::vector<NamedTensor> tensors;
  for (const auto& item : model.named_parameters())
    tensors.push_back(to_named("model." + item.key(), item.value()));
  for (const auto& item : model.named_buffers())
    tensors.push_back(to_named("model." + item.key(), item.value()));
  const auto parameters = parameters_of(optimizer);
  for (size_t i = 0; i < parameters.size(); ++i) {
    const auto it = optimizer.state().find(state_key(parameters[i]));
    if (it != optimizer.state().end())
      save_state(*it->second, "optimizer." + std::to_string(i) + ".", tensors);
  }
  return write_tensors(tensors);
}

void load_archive(std::string_view bytes, torch::nn::Module& model,
                  torch::optim::Optimizer* optimizer) {
  if (is_torch_archive(bytes))
    throw InputError(
        "a torch archive, the weight format of ida before its own tensor format; this ida "
        "reads only the latter (retrain, or load it with the ida that wrote it)");
  // Weights, and up to three optimiser tensors of the same size each.
  const auto max_elements = static_cast<int64_t>(4 * kMaxFileParameters);
  Tensors tensors;
  for (auto& t : read_tensors(bytes, max_elements)) {
    std::string name = t.name;
    if (!starts_with(name, "model.") && !starts_with(name, "optimizer."))
      throw InputError("tensor " + name + " is neither model. nor optimizer.");
    tensors.emplace(std::move(name), std::move(t));
  }
  load_model(tensors, model);
  if (optimizer) load_optimizer(tensors, *optimizer);
}

}  // namespace ida::net
