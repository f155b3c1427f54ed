// `ida solve`: reads Connect Four positions from standard input and prints each one's exact score
// and every column's score: `<position> <score> <s1> ... <s7>` (`-` = full column).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "core/error.h"
#include "games/connect4.h"
#include "games/notation.h"
#include "search/connect4_solver.h"

namespace ida::cli {
namespace {

struct SolveArgs {
  int tt_mb = search::Connect4Solver::kDefaultTableMb;
};

// One output line for the position `text`. Throws InputError for a malformed, illegal or finished
// position.
std::string solve_line(search::Connect4Solver& solver, const std::string& text) {
  const auto state = games::parse_open_position<games::ConnectFour>(text);
  const auto scores = solver.column_scores(state);
  int best = -100;
  std::string columns;
  for (const auto& score : scores) {
    columns += " " + (score ? std::to_string(*score) : std::string("-"));
    if (score) best = std::max(best, *score);
  }
  return std::string(games::detail::trim(text)) + " " + std::to_string(best) + columns;
}

// Answers line by line (flushing each, so that another program can drive it through a pipe); bad
// lines print `<position> error: <reason>` and make the exit status 1.
void solve_stream(const SolveArgs& args) {
  search::Connect4Solver solver(args.tt_mb);
  std::string text;
  while (std::getline(std::cin, text)) {
    if (!text.empty() && text.back() == '\r') text.pop_back();
    try {
      std::cout << solve_line(solver, text) << std::endl;
    } catch (const InputError& e) {
      std::cout << games::detail::trim(text) << " error: " << e.what() << std::endl;
      exit_status() = 1;
    }
  }
}

}  // namespace

void add_solve_command(CLI::App& app) {
  auto args = std::make_shared<SolveArgs>();
  auto* cmd = app.add_subcommand(
      "solve",
      "Exact Connect Four solver. Read positions (moves from the start, '-' = start) from\n"
      "stdin; print '<position> <score> <s1> ... <s7>' per line: the exact score for the\n"
      "player to move and each column's score ('-' = full). Scores: positive = the mover\n"
      "wins, 22 - the winner's stones at the end; 0 = draw; negative = the mover loses.\n"
      "Positions with few stones can take minutes (there is no opening book)");
  cmd->add_option("--tt-mb", args->tt_mb, "transposition table size in MiB")
      ->check(CLI::Range(1, 1 << 16));
  cmd->callback([args] { solve_stream(*args); });
}

}  // namespace ida::cli
