// `ida play`: a human plays the agent in the terminal (moves typed on stdin).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "games/notation.h"
#include "games/registry.h"
#include "selfplay/agent_file.h"
#include "selfplay/analysis.h"
#include "selfplay/game_config.h"

namespace ida::cli {
namespace {

struct PlayArgs {
  std::string game;
  std::string model;
  int simulations = 400;
  std::string human = "first";
};

template <games::Game G>
void play(const PlayArgs& args) {
  auto network = selfplay::load_agent(args.game, selfplay::resolve_model(args.game, args.model));
  selfplay::SearchConfig search;
  search.simulations = std::max(1, args.simulations);
  const int human = args.human == "first" ? 0 : 1;
  auto state = G::initial();
  std::cout << "You play " << (human == 0 ? "first (X)" : "second (O)") << ". Moves: "
            << G::action_to_string(0) << "-" << G::action_to_string(G::kNumActions - 1)
            << ", q to quit.\n";
  while (!state.is_terminal()) {
    std::cout << "\n" << state.render() << "\n";
    if (state.to_move() == human) {
      std::cout << "your move: " << std::flush;
      std::string text;
      if (!std::getline(std::cin, text) || text == "q") {
        std::cout << "\nbye\n";
        return;
      }
      auto trimmed = games::detail::trim(text);
      auto action = G::parse_action(trimmed);
      if (!action || !state.is_legal(*action)) {
        std::cout << "'" << trimmed << "' is not a legal move here\n";
        continue;
      }
      state.play(*action);
    } else {
      auto r = selfplay::analyze_positions<G>({state}, *network, search.params(false))[0];
      std::printf("A plays %s (value for A %+.2f)\n", G::action_to_string(r.move).c_str(),
                  r.value);
      state.play(r.move);
    }
  }
  std::cout << "\n" << state.render() << "\n";
  float v = state.terminal_value();  // for the player to move, who did not make the last move
  if (v == 0) {
    std::cout << "draw\n";
  } else {
    bool human_won = (state.to_move() == human) == (v > 0);
    std::cout << (human_won ? "you win\n" : "A wins\n");
  }
}

}  // namespace

void add_play_command(CLI::App& app) {
  auto args = std::make_shared<PlayArgs>();
  auto* cmd = app.add_subcommand("play", "Play against the agent in the terminal");
  cmd->add_option("--game", args->game, "tictactoe or connect4")->required();
  cmd->add_option("--model", args->model,
                  "checkpoint file or run directory (default: the shipped model)");
  cmd->add_option("--sims", args->simulations, "the agent's MCTS simulations (0 = raw policy)")
      ->check(CLI::Range(0, 10000000));
  cmd->add_option("--human", args->human, "first or second")
      ->check(CLI::IsMember({"first", "second"}));
  cmd->callback([args] {
    games::with_game(args->game, [&]<class G>(std::type_identity<G>) { play<G>(*args); });
  });
}

}  // namespace ida::cli
