// Players named on the command line: a checkpoint file or run directory (the
// agent, searched with MCTS), or a reference player (random, minimax, mcts:N).
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "selfplay/agent_file.h"
#include "selfplay/game_config.h"
#include "selfplay/match.h"
#include "selfplay/reference_players.h"

namespace ida::cli {

// Owns the networks behind the players it made.
class PlayerFactory {
 public:
  template <games::Game G>
  selfplay::Player<G> make(const std::string& spec, int simulations) {
    bool reference = spec == "random" || spec == "minimax" || spec.rfind("mcts:", 0) == 0;
    if (reference) return selfplay::reference_player<G>(spec);
    auto path = selfplay::resolve_model(std::string(G::kName), spec);
    networks_.push_back(selfplay::load_agent(std::string(G::kName), path));
    selfplay::Player<G> p;
    p.name = spec.empty() ? path.filename().string() : spec;
    p.network = networks_.back().get();
    selfplay::SearchConfig search;
    search.simulations = std::max(1, simulations);
    p.mcts = search.params(/*root_noise=*/false);
    return p;
  }

 private:
  std::vector<std::unique_ptr<net::PolicyValueNet>> networks_;
};

}  // namespace ida::cli
