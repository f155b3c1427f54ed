#include "net/archive.h"

#include <sstream>

namespace ida::net {

std::string save_archive(const torch::nn::Module& model, const torch::optim::Optimizer& optimizer) {
  torch::serialize::OutputArchive weights, optim_state, archive;
  model.save(weights);
  optimizer.save(optim_state);
  archive.write("model", weights);
  archive.write("optimizer", optim_state);
  std::ostringstream out;
  archive.save_to(out);
  return std::move(out).str();
}

void read_archive(std::string_view bytes, const torch::Device& device,
                  torch::serialize::InputArchive& model, torch::serialize::InputArchive& optimizer) {
  std::istringstream in{std::string(bytes)};
  torch::serialize::InputArchive archive;
  archive.load_from(in, device);
  archive.read("model", model);
  archive.read("optimizer", optimizer);
}

namespace {
template <class Dict>
bool same(const Dict& a, const Dict& b) {
  if (a.size() != b.size()) return false;
  for (const auto& item : a)
    if (!b.contains(item.key()) || b[item.key()].sizes() != item.value().sizes()) return false;
  return true;
}
}  // namespace

bool same_shapes(const torch::nn::Module& a, const torch::nn::Module& b) {
  return same(a.named_parameters(), b.named_parameters()) &&
         same(a.named_buffers(), b.named_buffers());
}

}  // namespace ida::net
