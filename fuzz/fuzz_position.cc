// Move and position notation, as `ida analyze`, `ida solve`, `ida play` and the graded set
// read it. Input: one line, parsed for tic-tac-toe and Connect Four. Parsing throws only
// InputError; a position that parses writes back to the same moves; a Connect Four position
// late enough to solve at once gets a score for exactly its legal columns.
#include <string>

#include "core/error.h"
#include "fuzz_input.h"
#include "games/connect4.h"
#include "games/notation.h"
#include "games/tictactoe.h"
#include "search/connect4_solver.h"

namespace {

using ida::games::ConnectFour;

template <class G>
bool round_trips(std::string_view line) {
  try {
    const auto moves = ida::games::parse_moves<G>(line);
    const std::string text = ida::games::position_to_string<G>(moves);
    if (ida::games::parse_moves<G>(text) != moves)
      ida::fuzz::fail("position_to_string does not parse back to the moves");
    ida::games::parse_open_position<G>(line);
    return true;
  } catch (const ida::InputError&) {
    return false;
  }
}

void solve_if_late(std::string_view line) {
  static ida::search::Connect4Solver solver(1);  // MiB; positions this late need little
  ConnectFour::State state;
  try {
    state = ida::games::parse_open_position<ConnectFour>(line);
  } catch (const ida::InputError&) {
    return;
  }
  if (state.ply() < 30) return;  // earlier positions can take the solver seconds
  const auto scores = solver.column_scores(state);
  for (int c = 0; c < ConnectFour::kWidth; ++c)
    if (scores[c].has_value() != state.is_legal(c))
      ida::fuzz::fail("column scores do not match the legal columns");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view line = ida::fuzz::as_text(data, size);
  round_trips<ida::games::TicTacToe>(line);
  if (round_trips<ConnectFour>(line)) solve_if_late(line);
  return 0;
}
