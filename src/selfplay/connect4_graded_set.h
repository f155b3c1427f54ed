// The graded Connect Four position set: positions from a mix of play (random, weak and
// plausible), stratified by game phase, every one decisive (some legal move changes the
// game-theoretic result), each with the exact score of every column (the solver's, computed once when the set
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
  // Some legal move changes the result (a won position has a move that does not win, a drawn
  // one a move that loses). Only here does "result-preserving" tell good moves from bad: a
  // lost position, or one where every move wins, is passed by any move.
  bool decisive() const;
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
  int solver_table_mb = 256;  // per grading thread
  int threads = 1;            // grading threads; the set does not depend on it
  // Where the candidates' scores are kept as they are graded (empty: nowhere). Read at the
  // start and rewritten atomically after each batch, so a stopped run resumes without
  // solving again what it solved; the set made is the same. Lines are
  // `<graded line> <grading CPU seconds> <solver nodes>`.
  std::filesystem::path candidate_cache;
  // Called after each graded position (phase, positions of that phase so far).
  std::function<void(int phase, int done)> on_position;
};

// How the games that supply the positions are played, drawn per game (make_graded_set).
enum class PlayStyle { kRandom, kWeak, kPlausible };
inline constexpr std::array<std::string_view, 3> kPlayStyleNames = {"random", "weak", "plausible"};

// What making the set cost, in CPU seconds of the threads that did the work (so a busy machine
// does not inflate it): per phase, grading the candidate positions with the solver (and the
// solver's nodes), decisive or not; apart, playing the games.
struct GradedSetCost {
  std::array<double, 3> grading_seconds{};
  std::array<uint64_t, 3> grading_nodes{};
  std::array<int, 3> candidates{};  // positions graded per phase (kept or not)
  std::array<int, 3> decisive{};    // of those, decisive
  std::array<std::array<int, 3>, 3> taken_by_style{};  // [phase][PlayStyle] positions kept
  double play_seconds = 0;  // playing the games (rollout MCTS and the solver's moves)
  int games = 0;
};

// Plays games and takes one candidate position per phase from each game (at a ply drawn
// uniformly from the phase), grades the candidates with the solver, and keeps the decisive
// ones until every phase has its count. Each game's style is drawn: random (1/4: every move
// uniformly random), weak (1/4: per move, probability 1/4 a random move, otherwise pure MCTS
// with 100 random-rollout simulations) or plausible (1/2: per move, probability 0.1 a random
// move; otherwise from ply 12 on, probability 1/2, a random optimal move from the solver;
// otherwise pure MCTS with 1000 random-rollout simulations). A position is a candidate at most
// once (transpositions count as repeats). Games are played in batches on the calling thread;
// each batch's candidates are graded on `threads` threads and kept in candidate order, so the
// set is deterministic in the options and the same for every thread count (and for a run
// resumed from `candidate_cache`, whose costs count as spent). Positions are ordered by phase,
// then as drawn. Throws InputError naming the cache file and line for a malformed cache.
std::vector<GradedPosition> make_graded_set(const GradedSetOptions& options,
                                            GradedSetCost* cost = nullptr);

}  // namespace ida::selfplay
