// Residual policy/value network in libtorch (AlphaGo Zero's architecture,
// scaled down): conv stem, residual tower, policy head and value head.
#include "net/policy_value_net.h"

#include <torch/torch.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <cstring>
#include <mutex>
#include <sstream>

#include "core/error.h"
#include "net/archive.h"
#include "net/bf16.h"
#include "net/file_limits.h"
#include "net/folded_tower.h"
#include "net/resnet_tower.h"

namespace ida::net {
namespace {

std::unique_ptr<torch::optim::Optimizer> make_optimizer(std::vector<torch::Tensor> params,
                                                        const OptimConfig& optim) {
  if (optim.optimizer == "adam")
    return std::make_unique<torch::optim::Adam>(
        params, torch::optim::AdamOptions(optim.learning_rate).weight_decay(optim.weight_decay));
  if (optim.optimizer == "sgd")
    return std::make_unique<torch::optim::SGD>(
        params, torch::optim::SGDOptions(optim.learning_rate)
                    .momentum(0.9)
                    .weight_decay(optim.weight_decay));
  throw InputError("unknown optimizer '" + optim.optimizer + "' (known: adam, sgd)");
}

}  // namespace

struct PolicyValueNet::Impl {
  torch::Device device{torch::kCPU};
  torch::ScalarType trunk = torch::kFloat;  // the inference precision of the residual trunk
  Tower tower{nullptr};
  std::unique_ptr<torch::optim::Optimizer> optimizer;

  // The folded form of `tower` for inference, rebuilt on the first evaluation after the
  // weights change (train_step, load). Evaluations may run on several threads at once; a
  // change of weights never runs beside them (the class contract).
  const FoldedTower& folded() {
    if (!folded_fresh.load(std::memory_order_acquire)) {
      std::lock_guard<std::mutex> lock(fold_mutex);
      if (!folded_fresh.load(std::memory_order_relaxed)) {
        folded_tower = std::make_unique<FoldedTower>(*tower, trunk);
        folded_fresh.store(true, std::memory_order_release);
      }
    }
    return *folded_tower;
  }
  void weights_changed() { folded_fresh.store(false, std::memory_order_release); }

 private:
  std::unique_ptr<FoldedTower> folded_tower;
  std::atomic<bool> folded_fresh{false};
  std::mutex fold_mutex;
};

PolicyValueNet::PolicyValueNet(NetShape shape, NetConfig config, OptimConfig optim,
                               uint64_t seed)
    : shape_(shape), config_(config), optim_(optim), impl_(std::make_unique<Impl>()) {
  IDA_CHECK(shape.planes > 0 && shape.height > 0 && shape.width > 0 && shape.actions > 0);
  // Denormal floats are flushed to zero on this thread before torch does any work here, so
  // threads started after it (self-play workers, torch's intra-op pool) inherit the setting.
  // Without it, as training drives weights and activations toward zero, CPU convolutions
  // slowed about 5x within a few rounds (a 64x4 net's self-play fell from 370 to 64
  // positions/s between rounds 15 and 26). Code that runs before the first network, such as
  // config parsing, keeps exact denormals.
  at::globalContext().setFlushDenormal(true);
  torch::manual_seed(seed);
  if (torch::cuda::is_available()) impl_->device = torch::Device(torch::kCUDA);
  IDA_CHECK(config.inference == "bf16" || config.inference == "fp32");
  if (config.inference == "bf16" && impl_->device.is_cpu() && cpu_has_bf16())
    impl_->trunk = torch::kBFloat16;
  impl_->tower = Tower(shape, config);
  impl_->tower->to(impl_->device);
  impl_->optimizer = make_optimizer(impl_->tower->parameters(), optim);
  impl_->tower->eval();
}

PolicyValueNet::~PolicyValueNet() = default;

void PolicyValueNet::evaluate(const float* inputs, int n, float* logits, float* values) {
  if (n == 0) return;
  c10::InferenceMode inference;
  auto x = torch::from_blob(const_cast<float*>(inputs),
                            {n, shape_.planes, shape_.height, shape_.width})
               .to(impl_->device);
  auto [p, v] = impl_->folded().forward(x);
  p = p.to(torch::kCPU).contiguous();
  v = v.to(torch::kCPU).contiguous();
  std::memcpy(logits, p.data_ptr<float>(), sizeof(float) * n * shape_.actions);
  std::memcpy(values, v.data_ptr<float>(), sizeof(float) * n);
}

TrainStats PolicyValueNet::train_step(const float* inputs, const float* policy_targets,
                                      const float* value_targets, int n) {
  IDA_CHECK(n > 0);
  auto& tower = impl_->tower;
  tower->train();
  auto dev = impl_->device;
  auto x = torch::from_blob(const_cast<float*>(inputs),
                            {n, shape_.planes, shape_.height, shape_.width})
               .to(dev);
  auto pi = torch::from_blob(const_cast<float*>(policy_targets), {n, shape_.actions}).to(dev);
  auto z = torch::from_blob(const_cast<float*>(value_targets), {n}).to(dev);
  auto [logits, v] = tower->forward(x);
  auto policy_loss = -(pi * torch::log_softmax(logits, 1)).sum(1).mean();
  auto value_loss = torch::mse_loss(v, z);
  impl_->optimizer->zero_grad();
  (policy_loss + value_loss).backward();
  impl_->optimizer->step();
  tower->eval();
  impl_->weights_changed();
  return {policy_loss.item<double>(), value_loss.item<double>()};
}

std::string PolicyValueNet::save() const {
  return save_archive(*impl_->tower, *impl_->optimizer);
}

void PolicyValueNet::load(std::string_view bytes, std::string_view origin,
                          bool with_optimizer) {
  // Load into a fresh tower and optimiser first: on error this network is unchanged.
  Tower tower(shape_, config_);
  std::unique_ptr<torch::optim::Optimizer> optimizer;
  auto refuse = [&](const std::string& why) {
    return InputError(std::string(origin) + ": network weights do not fit " + architecture() +
                      ": " + why);
  };
  try {
    tower->to(impl_->device);
    optimizer = make_optimizer(tower->parameters(), optim_);
    load_archive(bytes, *tower, with_optimizer ? optimizer.get() : nullptr);
  } catch (const InputError& e) {
    throw refuse(e.what());
  } catch (const c10::Error& e) {
    throw refuse(e.msg().substr(0, 200));
  }
  tower->eval();
  impl_->tower = tower;
  impl_->optimizer = std::move(optimizer);
  impl_->weights_changed();
}

std::unique_ptr<PolicyValueNet> PolicyValueNet::clone() const {
  auto copy = std::make_unique<PolicyValueNet>(shape_, config_, optim_, 0);
  copy->load(save(), "clone");
  return copy;
}

std::string PolicyValueNet::architecture() const {
  std::ostringstream s;
  s << "resnet in=" << shape_.planes << "x" << shape_.height << "x" << shape_.width
    << " actions=" << shape_.actions << " channels=" << config_.channels
    << " blocks=" << config_.blocks << " value_hidden=" << config_.value_hidden
    << " optimizer=" << optim_.optimizer;
  return s.str();
}

std::unique_ptr<PolicyValueNet> PolicyValueNet::from_architecture(std::string_view line) {
  NetShape shape;
  NetConfig config;
  OptimConfig optim;
  std::istringstream in{std::string(line)};
  std::string word;
  in >> word;
  bool ok = word == "resnet";
  while (ok && in >> word) {
    auto eq = word.find('=');
    if (eq == std::string::npos) {
      ok = false;
      break;
    }
    std::string key = word.substr(0, eq), value = word.substr(eq + 1);
    try {
      if (key == "in") {
        ok = std::sscanf(value.c_str(), "%dx%dx%d", &shape.planes, &shape.height,
                         &shape.width) == 3;
      } else if (key == "actions") {
        shape.actions = std::stoi(value);
      } else if (key == "channels") {
        config.channels = std::stoi(value);
      } else if (key == "blocks") {
        config.blocks = std::stoi(value);
      } else if (key == "value_hidden") {
        config.value_hidden = std::stoi(value);
      } else if (key == "optimizer") {
        optim.optimizer = value;
      } else {
        ok = false;
      }
    } catch (const std::exception&) {
      ok = false;
    }
  }
  // The ranges the config accepts (game_config.cc), boards far larger than any game's, and
  // at most kMaxFileParameters weights: a damaged or hostile file must not make torch
  // allocate without bound.
  auto within = [](int v, int lo, int hi) { return v >= lo && v <= hi; };
  ok = ok && within(shape.planes, 1, 64) && within(shape.height, 1, 64) &&
       within(shape.width, 1, 64) && within(shape.actions, 1, 4096) &&
       within(config.channels, 1, 1024) && within(config.blocks, 0, 100) &&
       within(config.value_hidden, 1, 4096) && (optim.optimizer == "adam" || optim.optimizer == "sgd");
  const double c = config.channels, cells = double(shape.height) * shape.width;
  const double weights = 18.0 * config.blocks * c * c + 9.0 * shape.planes * c +
                         cells * (2.0 * shape.actions + config.value_hidden);
  if (!ok) throw InputError("not a network architecture: '" + std::string(line) + "'");
  if (weights > kMaxFileParameters)
    throw InputError("network architecture '" + std::string(line) + "' has about " +
                     std::to_string(static_cast<int64_t>(weights)) + " weights, more than the " +
                     std::to_string(static_cast<int64_t>(kMaxFileParameters)) + " ida loads");
  return std::make_unique<PolicyValueNet>(shape, config, optim, 0);
}

std::string PolicyValueNet::device() const { return impl_->device.str(); }

std::string PolicyValueNet::inference_precision() const {
  return impl_->trunk == torch::kBFloat16 ? "bf16" : "fp32";
}

void PolicyValueNet::evaluate_unfolded(const float* inputs, int n, float* logits,
                                       float* values) {
  torch::NoGradGuard no_grad;
  auto x = torch::from_blob(const_cast<float*>(inputs),
                            {n, shape_.planes, shape_.height, shape_.width})
               .to(impl_->device);
  auto [p, v] = impl_->tower->forward(x);
  p = p.to(torch::kCPU).contiguous();
  v = v.to(torch::kCPU).contiguous();
  std::memcpy(logits, p.data_ptr<float>(), sizeof(float) * n * shape_.actions);
  std::memcpy(values, v.data_ptr<float>(), sizeof(float) * n);
}

std::string PolicyValueNet::blas_warning() {
  // Make sure the BLAS is loaded (lazily bound on first use), then ask the loader.
  torch::mm(torch::ones({2, 2}), torch::ones({2, 2}));
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line)) {
    auto at = line.find('/');
    if (at == std::string::npos) continue;
    std::string path = line.substr(at);
    if (path.find("libblas.so") == std::string::npos) continue;
    std::error_code ec;
    std::string real = std::filesystem::canonical(path, ec).string();
    if (ec) real = path;
    if (real.find("openblas") != std::string::npos || real.find("blis") != std::string::npos ||
        real.find("mkl") != std::string::npos || real.find("atlas") != std::string::npos)
      return "";
    return "torch is using the reference BLAS (" + real +
           "), about 20x slower: install libopenblas0-openmp (scripts/setup.sh does)";
  }
  return "";  // no system libblas mapped: torch brings its own (e.g. MKL in PyTorch builds)
}

void PolicyValueNet::set_threads(int threads) {
  torch::set_num_threads(threads);
}

}  // namespace ida::net
