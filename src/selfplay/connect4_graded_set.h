// The graded Connect Four position set: positions from plausible play, stratified by game
// phase, each with the exact score of every column (the solver's, computed once when the set
// is made and stored as text, so grading an agent later costs no solver time).
//
// File format (data/connect4-graded.txt): '#' lines are comments (the header says how the
// file was made); every other line is
//   <position> <phase> <s1> ... <s7>
// position: the moves from the start ("4453"), phase: opening, middle or end, s_c: the score
// of playing column c for the player to move (the convention of `ida solve`: > 0 the mover
// wins, 0 draw, < 0 the mover loses), '-' for a full column.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "games/connect4.h"

namespace ida::selfplay {

// Game phases by plies played (stones on the board). The opening starts at ply 6: positions
// with fewer stones take the solver minutes each (measured: docs/connect4.md), and the agent's
// first moves are graded by the games against the solver instead.
struct GamePhase {
  std::string_view name;
  int first_ply, last_ply;  // inclusive
};
inline constexpr std::array<GamePhase, 3> kGamePhases = {
    {{"opening", 6, 11}, {"middle", 12, 23}, {"end", 24, games::ConnectFour::kMaxLength - 1}}};

// The index into kGamePhases of a position with `ply` stones, or -1 before the opening.
int phase_of_ply(int ply);
// The index of the phase called `name`, or -1.
int phase_named(std::string_view name);

struct GradedPosition {
  using Scores = std::array<std::optional<int>, games::ConnectFour::kWidth>;
  std::string moves;  // move notation, never "-" (every phase has stones)
  int phase = 0;      // index into kGamePhases
  Scores scores;      // per column, for the player to move; nullopt = full column

  games::ConnectFour::State state() const;
  int best() const;  // the position's exact score: the highest column score
  // The move's score equals the best one.
  bool optimal(games::Action a) const;
  // The move keeps the game-theoretic result: won stays won (score > 0), drawn stays drawn
  // (score >= 0); in a lost position every legal move does.
  bool preserves_result(games::Action a) const;
};

// One line of the file format (no newline).
std::string format_graded_line(const GradedPosition& p);

// Reads a graded set. Throws InputError naming the file and line for a malformed position,
// a finished game, a phase that does not match the position's plies, a score that is not an
// integer in [-18, 18], or '-' that does not match the full columns exactly. An empty set is
// an error too.
std::vector<GradedPosition> read_graded_set(const std::filesystem::path& path);

// The shipped set: data/connect4-graded.txt beside the executable's build tree or in the
// source tree. Throws InputError when it is not found.
std::filesystem::path default_graded_set_path();

// How the positions are made (see make_graded_set).
struct GradedSetOptions {
  std::array<int, 3> per_phase{};  // positions wanted in each phase
  uint64_t seed = 1;
  int solver_table_mb = 256;
  // Called after each graded position (phase, positions of that phase so far).
  std::function<void(int phase, int done)> on_position;
};

// What making the set cost, in CPU seconds of the thread that made it (so a busy machine does
// not inflate it): per phase, grading its positions with the solver (and the solver's nodes);
// apart, playing the plausible-play games.
struct GradedSetCost {
  std::array<double, 3> grading_seconds{};
  std::array<uint64_t, 3> grading_nodes{};
  double play_seconds = 0;  // playing the games (rollout MCTS and the solver's moves)
  int games = 0;
};

// Plays games of plausible play and takes one position per phase from each game (at a ply
// drawn uniformly from the phase) until every phase has its count, then grades each with the
// solver. Plausible play, per move: with probability 0.1 a uniformly random legal move (a
// blunder); otherwise from ply 12 on, with probability 1/2, a uniformly random optimal move
// (the solver, cheap from there); otherwise pure MCTS with 1000 random-rollout simulations.
// Positions repeat at most once in the set (transpositions count as repeats), and positions
// where every legal move has the same score (no choice to get wrong) are skipped.
// Deterministic in the options (single-threaded). Positions are ordered by phase, then as
// drawn.
std::vector<GradedPosition> make_graded_set(const GradedSetOptions& options,
                                            GradedSetCost* cost = nullptr);

}  // namespace ida::selfplay
