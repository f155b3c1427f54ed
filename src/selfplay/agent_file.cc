#include "selfplay/agent_file.h"

#include <unistd.h>

#include "core/error.h"
#include "engine/checkpoint_file.h"
#include "engine/run_store.h"
#include "selfplay/shipped_files.h"

namespace ida::selfplay {
namespace fs = std::filesystem;

fs::path resolve_model(const std::string& game, const std::string& model) {
  if (model.empty()) {
    if (auto path = find_shipped_file(fs::path("models") / (game + ".ckpt"))) return *path;
    throw InputError("no model shipped for " + game +
                     ": pass --model with a checkpoint or a run directory");
  }
  fs::path p(model);
  if (fs::is_directory(p)) {
    if (!fs::exists(p / "run.db"))
      throw InputError(model + ": a directory but not an ida run (no run.db)");
    const engine::RunStore store(p / "run.db", engine::RunStore::Access::kRead);
    auto rounds = store.rounds();
    if (rounds.empty()) throw InputError(model + ": the run has no completed round yet");
    return p / rounds.back().checkpoint_file;
  }
  if (!fs::exists(p)) throw InputError(model + ": no such checkpoint file or run directory");
  return p;
}

std::unique_ptr<net::PolicyValueNet> load_agent(const std::string& game, const fs::path& path) {
  engine::CheckpointFile file = engine::read_checkpoint(path);
  engine::expect(file, "agent", game, file.header.architecture);
  auto net = net::PolicyValueNet::from_architecture(file.header.architecture);
  net->load(file.payload, path.string());
  return net;
}

}  // namespace ida::selfplay
