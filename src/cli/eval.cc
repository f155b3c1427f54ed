// `ida eval --game connect4 --vs solver`: grades an agent against the exact solver, on the
// graded position set (the raw policy and with search) and in games from both sides. Also
// makes the data it needs: the graded set (--make-positions) and the solver's opening book
// (--make-book), both stored as small text files in data/.
#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "cli/counts.h"
#include "core/atomic_file.h"
#include "core/error.h"
#include "core/progress.h"
#include "core/table.h"
#include "net/policy_value_net.h"
#include "selfplay/agent_file.h"
#include "selfplay/connect4_book.h"
#include "selfplay/connect4_graded_set.h"
#include "selfplay/connect4_grading.h"

namespace ida::cli {
namespace {
using selfplay::kGamePhases;

struct EvalArgs {
  std::string game;
  std::string vs;
  std::string model;
  std::string sims = "0,100,800";
  int games = 20;
  int game_sims = -1;  // -1: the largest of --sims
  std::string positions;
  std::string book;
  int64_t seed = 1;
  int tt_mb = 256;
  int threads = 1;
  std::string make_positions;
  int make_book = -1;
  std::string out;
  std::string command_line;  // for the header of made files
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string with_header(const std::vector<std::string>& header,
                        const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& h : header) text += "# " + h + "\n";
  for (const auto& l : lines) text += l + "\n";
  return text;
}

// --make-positions N[,N,N] --out FILE: the graded set, with its cost per phase.
void make_positions(const EvalArgs& args) {
  auto counts = parse_counts(args.make_positions, "--make-positions", 1);
  if (counts.size() == 1) counts.assign(kGamePhases.size(), counts[0]);
  if (counts.size() != kGamePhases.size())
    throw InputError("bad --make-positions '" + args.make_positions +
                     "': want one count, or one per phase (opening,middle,end)");
  selfplay::GradedSetOptions options;
  for (size_t i = 0; i < kGamePhases.size(); ++i) options.per_phase[i] = counts[i];
  options.seed = static_cast<uint64_t>(args.seed);
  options.solver_table_mb = args.tt_mb;
  options.threads = args.threads;
  // The candidates' scores survive a stop: a rerun of the same command resumes from them.
  options.candidate_cache = args.out + ".candidates";
  if (std::filesystem::exists(options.candidate_cache))
    std::cout << "resuming: the scores in " << options.candidate_cache.string()
              << " are not solved again\n";
  int total = 0;
  for (int c : counts) total += c;
  Progress progress("grading", total, "positions");
  std::array<int, 3> done{};
  options.on_position = [&](int phase, int n) {
    done[phase] = n;
    progress.update(done[0] + done[1] + done[2]);
  };
  selfplay::GradedSetCost cost;
  const auto start = std::chrono::steady_clock::now();
  const auto set = selfplay::make_graded_set(options, &cost);
  progress.finish();
  const double elapsed = seconds_since(start);

  std::vector<std::string> header = {
      "Connect Four positions graded by ida's exact solver (src/search/connect4_solver.h).",
      "Made by: " + args.command_line,
      "Games (selfplay/connect4_graded_set.h), style drawn per game: random (1/4, every move",
      "uniformly random); weak (1/4, per move probability 1/4 a random move, otherwise pure",
      "MCTS with 100 random-rollout simulations); plausible (1/2, per move probability 0.1 a",
      "random move; otherwise from ply 12 on, probability 1/2, a random optimal move from the",
      "solver; otherwise pure MCTS with 1000 random-rollout simulations). One candidate per",
      "phase per game, at a ply drawn uniformly from the phase; no repeats; kept only if",
      "decisive (some legal move changes the game-theoretic result). Phases by stones:"};
  std::string phases = " ";
  for (const auto& ph : kGamePhases)
    phases += " " + std::string(ph.name) + " " + std::to_string(ph.first_ply) + "-" +
              std::to_string(ph.last_ply) + ";";
  header.push_back(phases);
  std::vector<std::string> cost_lines;
  char line[240];
  double cpu = cost.play_seconds;
  for (double s : cost.grading_seconds) cpu += s;
  std::snprintf(line, sizeof line,
                "Cost: %.0f CPU seconds (%.0f s of wall time in the run that finished, %d "
                "grading threads), %d games played in %.0f s",
                cpu, elapsed, args.threads, cost.games, cost.play_seconds);
  cost_lines.push_back(line);
  for (size_t i = 0; i < kGamePhases.size(); ++i) {
    const auto& by_style = cost.taken_by_style[i];
    std::snprintf(line, sizeof line,
                  "  %-7s %4d kept (random %d, weak %d, plausible %d) of %d graded, %d "
                  "decisive; grading %.1f s (%.3f s each, %.3g nodes)",
                  std::string(kGamePhases[i].name).c_str(), counts[i], by_style[0], by_style[1],
                  by_style[2], cost.candidates[i], cost.decisive[i], cost.grading_seconds[i],
                  cost.candidates[i] ? cost.grading_seconds[i] / cost.candidates[i] : 0.0,
                  double(cost.grading_nodes[i]));
    cost_lines.push_back(line);
  }
  header.insert(header.end(), cost_lines.begin(), cost_lines.end());
  header.push_back("Format: <position> <phase> <score of column 1> ... <column 7> ('-' = full);");
  header.push_back("scores for the player to move as `ida solve` prints them (> 0 wins, 0 draws).");
  std::vector<std::string> lines;
  for (const auto& p : set) lines.push_back(selfplay::format_graded_line(p));
  write_file_atomically(args.out, with_header(header, lines));
  std::filesystem::remove(options.candidate_cache);
  for (const auto& l : cost_lines) std::cout << l << "\n";
  std::cout << "wrote " << set.size() << " positions to " << args.out << "\n";
}

// --make-book PLIES --out FILE: the solver's optimal replies in the first plies.
void make_book(const EvalArgs& args) {
  search::Connect4Solver solver(args.tt_mb);
  const auto start = std::chrono::steady_clock::now();
  const auto lines = selfplay::make_book_lines(
      "", args.make_book, solver, [](const std::string& line, double seconds) {
        std::printf("%-10s solved in %.1f s\n", line.c_str(), seconds);
        std::fflush(stdout);
      });
  char cost[120];
  std::snprintf(cost, sizeof cost, "Cost: %.0f s on one thread, %.3g solver nodes",
                seconds_since(start), double(solver.nodes()));
  const std::vector<std::string> header = {
      "The exact solver's optimal columns in the positions it can face in the first " +
          std::to_string(args.make_book) + " plies",
      "when it plays only optimal moves, as either player (ida eval's solver opponent).",
      "Made by: " + args.command_line, cost,
      "Format: <position> <optimal columns> ('-' = the empty board)."};
  write_file_atomically(args.out, with_header(header, lines));
  std::cout << cost << "\nwrote " << lines.size() << " positions to " << args.out << "\n";
}

void print_grades(const std::string& title, const std::vector<int>& sims,
                  const std::vector<selfplay::SetGrade>& grades, bool optimal) {
  Table table;
  for (size_t i = 0; i < sims.size(); ++i) {
    Table::Row row{{"sims", double(sims[i])}};
    auto share = [&](const selfplay::MoveGrade& g) {
      return optimal ? g.optimal_share() : g.preserving_share();
    };
    for (size_t p = 0; p < kGamePhases.size(); ++p)
      row.emplace_back(std::string(kGamePhases[p].name), share(grades[i].phase[p]));
    row.emplace_back("all", share(grades[i].overall()));
    table.add_row(row);
  }
  std::cout << title << "\n" << table.render();
}

void eval_vs_solver(const EvalArgs& args) {
  if (args.game != "connect4")
    throw InputError("--vs solver needs --game connect4 (the solver is Connect Four's), not '" +
                     args.game + "'");
  const auto sims = parse_counts(args.sims, "--sims", 0);
  const auto model = selfplay::resolve_model(args.game, args.model);
  const std::filesystem::path positions_path = args.positions.empty()
                                                   ? selfplay::default_graded_set_path()
                                                   : std::filesystem::path(args.positions);
  const auto set = selfplay::read_graded_set(positions_path);
  auto network = selfplay::load_agent(args.game, model);
  net::PolicyValueNet::set_threads(args.threads);

  std::array<int, 3> per_phase{};
  for (const auto& p : set) ++per_phase[p.phase];
  std::printf("agent %s, graded set %s (%d opening, %d middle, %d end positions)\n",
              model.string().c_str(), positions_path.string().c_str(), per_phase[0],
              per_phase[1], per_phase[2]);
  // Result preservation is graded only on decisive positions (some move changes the result):
  // elsewhere every move passes.
  std::array<std::array<int, 2>, 3> outcome{};  // [phase][won, drawn] of the decisive ones
  for (const auto& p : set)
    if (p.decisive()) ++outcome[p.phase][p.best() > 0 ? 0 : 1];
  std::printf("decisive (some move changes the result), won/drawn for the player to move:");
  for (size_t i = 0; i < kGamePhases.size(); ++i)
    std::printf("%s %s %d of %d (%d/%d)", i ? "," : "", std::string(kGamePhases[i].name).c_str(),
                outcome[i][0] + outcome[i][1], per_phase[i], outcome[i][0], outcome[i][1]);
  std::printf("\n");
  std::vector<selfplay::SetGrade> grades;
  for (int n : sims) {
    const auto start = std::chrono::steady_clock::now();
    grades.push_back(selfplay::grade_moves(set, selfplay::agent_moves(set, *network, n)));
    std::fprintf(stderr, "graded %zu positions at %d simulations in %.1f s\n", set.size(), n,
                 seconds_since(start));
  }
  print_grades(
      "share of moves that preserve the game-theoretic result, on the decisive positions "
      "(sims 0 = raw policy):",
               sims, grades, false);
  print_grades("share of optimal moves:", sims, grades, true);

  if (args.games == 0) return;
  const int game_sims =
      args.game_sims >= 0 ? args.game_sims : *std::max_element(sims.begin(), sims.end());
  auto book = std::make_shared<selfplay::Connect4Book>();
  std::string book_note = "no opening book";
  if (auto path = args.book.empty() ? selfplay::default_book_path()
                                    : std::optional<std::filesystem::path>(args.book)) {
    book->load(*path);
    book_note = "book " + path->string() + ", " + std::to_string(book->size()) +
                " positions up to mirror images";
  }
  auto solver = std::make_shared<search::Connect4Solver>(args.tt_mb);
  const auto start = std::chrono::steady_clock::now();
  const auto r = selfplay::play_against_solver(*network, game_sims, args.games,
                                               static_cast<uint64_t>(args.seed), solver, book);
  std::printf("%d games against the solver at %d simulations (%s):\n", args.games, game_sims,
              book_note.c_str());
  const char* side[] = {"first ", "second"};
  for (int s = 0; s < 2; ++s)
    std::printf("  agent %s: %d wins, %d draws, %d losses\n", side[s], r.by_side[s][0],
                r.by_side[s][1], r.by_side[s][2]);
  std::printf("  %.0f s in all; the solver %.0f s for %d moves (%d from the book or memo)\n",
              seconds_since(start), r.solver_seconds, r.solver_moves, r.book_hits);
}

void run_eval(const EvalArgs& args) {
  const bool making = !args.make_positions.empty() || args.make_book >= 0;
  if (!args.make_positions.empty() && args.make_book >= 0)
    throw InputError("--make-positions and --make-book: one at a time");
  if (making) {
    if (args.out.empty()) throw InputError("--make-positions and --make-book need --out FILE");
    if (args.game != "connect4")
      throw InputError("--make-positions and --make-book are for --game connect4, not '" +
                       args.game + "'");
    if (!args.make_positions.empty()) make_positions(args);
    else make_book(args);
    return;
  }
  if (args.vs.empty()) throw InputError("missing --vs (known: solver)");
  if (args.vs != "solver") throw InputError("unknown --vs '" + args.vs + "' (known: solver)");
  eval_vs_solver(args);
}

}  // namespace

void add_eval_command(CLI::App& app) {
  auto args = std::make_shared<EvalArgs>();
  auto* cmd = app.add_subcommand(
      "eval",
      "Grade an agent against the exact Connect Four solver: the share of optimal and of\n"
      "result-preserving moves on the graded position set, per game phase, for the raw policy\n"
      "(sims 0) and with search; then games against the solver from both sides.\n"
      "Also makes that data: --make-positions N --out FILE (the graded set) and\n"
      "--make-book PLIES --out FILE (the solver's opening book)");
  cmd->add_option("--game", args->game, "connect4")->required();
  cmd->add_option("--vs", args->vs, "the grader: solver");
  cmd->add_option("--model", args->model,
                  "checkpoint file or run directory (default: the shipped model)");
  cmd->add_option("--sims", args->sims,
                  "simulation counts to grade, comma-separated; 0 = the raw network policy");
  cmd->add_option("--games", args->games, "games against the solver, half as first player")
      ->check(CLI::Range(0, 100000));
  cmd->add_option("--game-sims", args->game_sims,
                  "simulations per move in those games (default: the largest --sims)")
      ->check(CLI::Range(0, 10000000));
  cmd->add_option("--positions", args->positions,
                  "graded position set (default: data/connect4-graded.txt)");
  cmd->add_option("--book", args->book,
                  "the solver's opening book (default: data/connect4-book.txt)");
  cmd->add_option("--seed", args->seed, "seed of the games, or of --make-positions")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--tt-mb", args->tt_mb, "solver transposition table in MiB (per thread)")
      ->check(CLI::Range(1, 1 << 16));
  cmd->add_option("--threads", args->threads,
                  "threads: the network's when grading, the solvers' for --make-positions "
                  "(the set does not depend on it)")
      ->check(CLI::Range(1, 256));
  cmd->add_option("--make-positions", args->make_positions,
                  "make a graded set: positions per phase (N, or opening,middle,end); the "
                  "candidates' scores are kept in OUT.candidates until the set is written, and "
                  "the same command resumes from them");
  cmd->add_option("--make-book", args->make_book,
                  "make the solver's opening book for the first PLIES plies (2: ~1 h)")
      ->check(CLI::Range(0, 4));
  cmd->add_option("--out", args->out, "the file --make-positions or --make-book writes");
  cmd->callback([args] {
    // The exact command, for the header of the files it makes.
    args->command_line = "ida eval --game " + args->game;
    if (!args->make_positions.empty())
      args->command_line += " --make-positions " + args->make_positions;
    if (args->make_book >= 0) args->command_line += " --make-book " + std::to_string(args->make_book);
    args->command_line += " --seed " + std::to_string(args->seed) + " --tt-mb " +
                          std::to_string(args->tt_mb) + " --threads " +
                          std::to_string(args->threads) + " --out " + args->out;
    run_eval(*args);
  });
}

}  // namespace ida::cli
