// The solver's opening book: the optimal columns of positions it is slow to solve (the first
// plies take it minutes each), computed once and stored as text (data/connect4-book.txt), so
// that games against the solver start at once. Also the in-memory memo of the solver player.
//
// File format: '#' lines are comments (the header says how the file was made); every other
// line is `<position> <optimal columns>`, e.g. `- 4` (the empty board: only the centre wins)
// or `41 4`; the columns are digits in increasing order.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/rng.h"
#include "games/connect4.h"
#include "search/connect4_solver.h"
#include "selfplay/match.h"

namespace ida::selfplay {

// Optimal columns by position. A position and its mirror image share one entry, and
// transpositions are one position (keys are Pons' current + mask of the canonical side).
class Connect4Book {
 public:
  using State = games::ConnectFour::State;

  // The optimal columns of s (ascending), if known.
  std::optional<std::vector<games::Action>> find(const State& s) const;
  // Records the optimal columns of s (non-empty, legal). Overwrites.
  void insert(const State& s, const std::vector<games::Action>& optimal);
  size_t size() const { return entries_.size(); }

  // Adds every line of a book file. Throws InputError naming the file and line for a
  // malformed or finished position, or columns that are not legal digits.
  void load(const std::filesystem::path& path);

 private:
  std::unordered_map<uint64_t, std::vector<games::Action>> entries_;  // canonical side
};

// The shipped book data/connect4-book.txt (beside the build tree or in the source tree), or
// nullopt when there is none.
std::optional<std::filesystem::path> default_book_path();

// The positions the solver can face within `plies` plies of `root` (moves from the start; ""
// = the empty board) when it plays only optimal moves, as either player, against any
// opponent: as the player to move at the root, the positions after its own optimal moves at
// even distances; as the other player, those at odd distances. Each is solved with `solver`
// (the root from its children's exact scores: the root is the slowest to solve) and returned
// as book lines, mirror images included, ordered by plies then text. on_line(line, seconds)
// is called after each solve. Precondition: root is a legal, unfinished game.
std::vector<std::string> make_book_lines(
    const std::string& root, int plies, search::Connect4Solver& solver,
    const std::function<void(const std::string& line, double seconds)>& on_line = {});

// A reference player: the solver, a uniformly random optimal column each move (as
// Connect4Solver::choose), looking positions up in `book` first and adding what it solves.
// The player shares `solver` and `book`; one thread only.
Player<games::ConnectFour> solver_player(std::shared_ptr<search::Connect4Solver> solver,
                                         std::shared_ptr<Connect4Book> book);

}  // namespace ida::selfplay
