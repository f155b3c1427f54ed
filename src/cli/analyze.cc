// `ida analyze`: reads positions (move sequences) from standard input and
// prints the agent's move and value for each: `<position> <move> <value>`.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>
#include <optional>

#include "cli/commands.h"
#include "games/notation.h"
#include "games/registry.h"
#include "net/policy_value_net.h"
#include "selfplay/agent_file.h"
#include "selfplay/analysis.h"
#include "selfplay/game_config.h"

namespace ida::cli {
namespace {

struct AnalyzeArgs {
  std::string game;
  std::string model;
  int simulations = 400;
};

template <games::Game G>
void analyze(const AnalyzeArgs& args) {
  auto network = selfplay::load_agent(args.game, selfplay::resolve_model(args.game, args.model));
  struct Line {
    std::string text;
    std::string error;
    size_t index = 0;  // into positions, when error is empty
  };
  std::vector<Line> lines;
  std::vector<typename G::State> positions;
  std::string text;
  while (std::getline(std::cin, text)) {
    if (!text.empty() && text.back() == '\r') text.pop_back();
    Line line{text, "", 0};
    try {
      auto state = games::parse_open_position<G>(text);
      line.index = positions.size();
      positions.push_back(state);
    } catch (const InputError& e) {
      line.error = e.what();
    }
    lines.push_back(std::move(line));
  }
  selfplay::SearchConfig search;
  search.simulations = std::max(1, args.simulations);  // 0 = the raw network = 1 visit
  auto results = selfplay::analyze_positions<G>(positions, *network, search.params(false));
  for (const auto& line : lines) {
    if (!line.error.empty()) {
      std::cout << line.text << " error: " << line.error << "\n";
      exit_status() = 1;
      continue;
    }
    const auto& r = results[line.index];
    char value[16];
    std::snprintf(value, sizeof value, "%+.3f", r.value);
    std::string position(games::detail::trim(line.text));
    std::cout << position << " " << G::action_to_string(r.move) << " " << value << "\n";
  }
}

}  // namespace

void add_analyze_command(CLI::App& app) {
  auto args = std::make_shared<AnalyzeArgs>();
  auto* cmd = app.add_subcommand(
      "analyze",
      "Read positions (moves from the start, '-' = start) from stdin; print\n"
      "'<position> <move> <value>' per line (value for the player to move)");
  cmd->add_option("--game", args->game, "tictactoe or connect4")->required();
  cmd->add_option("--model", args->model,
                  "checkpoint file or run directory (default: the shipped model)");
  cmd->add_option("--sims", args->simulations, "MCTS simulations; 0 = the raw network policy")
      ->check(CLI::Range(0, 10000000));
  cmd->callback([args] {
    games::with_game(args->game, [&]<class G>(std::type_identity<G>) { analyze<G>(*args); });
  });
}

}  // namespace ida::cli
