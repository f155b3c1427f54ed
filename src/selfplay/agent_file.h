// Finding and loading a trained agent: a checkpoint file, a run directory (its
// latest checkpoint) or, when none is given, the model shipped for the game.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "net/policy_value_net.h"

namespace ida::selfplay {

// Resolves a --model argument for `game`. Empty -> models/<game>.ckpt shipped
// with ida. Throws InputError naming what is missing.
std::filesystem::path resolve_model(const std::string& game, const std::string& model);

// Loads the agent in checkpoint `path`, refusing corrupted files and
// checkpoints of another game (InputError).
std::unique_ptr<net::PolicyValueNet> load_agent(const std::string& game,
                                                const std::filesystem::path& path);

}  // namespace ida::selfplay
