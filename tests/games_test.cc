// Game-specific rule tests for tic-tac-toe and Connect Four (wins, draws, illegal
// moves, rendering, encoding layout) and for the game registry.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/rng.h"
#include "games/connect4.h"
#include "games/notation.h"
#include "games/registry.h"
#include "games/tictactoe.h"

namespace ida::games {
namespace {

// ---- Tic-tac-toe ----------------------------------------------------------

TEST(TicTacToeTest, RowColumnAndDiagonalWins) {
  // Each sequence ends with X (first player) completing a line on move 5.
  for (const char* moves : {"14253", "71829", "12457", "21538", "12539", "31527"}) {
    const auto s = parse_position<TicTacToe>(moves);
    EXPECT_TRUE(s.is_terminal()) << moves;
    EXPECT_EQ(s.terminal_value(), -1.0f) << moves;  // the player to move (O) lost
    EXPECT_TRUE(s.legal_actions().empty()) << moves;
    EXPECT_FALSE(parse_position<TicTacToe>(std::string(moves).substr(0, 4)).is_terminal());
  }
}

TEST(TicTacToeTest, SecondPlayerWin) {
  // X: 1, 2, 9; O: 4, 5, 6 (middle row) completes on move 6.
  const auto s = parse_position<TicTacToe>("142596");
  EXPECT_TRUE(s.is_terminal());
  EXPECT_EQ(s.to_move(), 0);
  EXPECT_EQ(s.terminal_value(), -1.0f);
}

TEST(TicTacToeTest, DrawOnFullBoard) {
  // X O X / X O O / O X X: no line.
  const auto s = parse_position<TicTacToe>("123547869");
  EXPECT_TRUE(s.is_terminal());
  EXPECT_EQ(s.ply(), 9);
  EXPECT_EQ(s.terminal_value(), 0.0f);
  EXPECT_TRUE(s.legal_actions().empty());
  EXPECT_EQ(s.render(), "X O X    1 2 3\nX O O    4 5 6\nO X X    7 8 9\n");
}

TEST(TicTacToeTest, NotationAndEncoding) {
  EXPECT_EQ(TicTacToe::action_to_string(0), "1");
  EXPECT_EQ(TicTacToe::parse_action("9"), 8);
  const auto s = parse_position<TicTacToe>("59");  // X centre, O bottom right; X to move
  float enc[18];
  s.encode(enc);
  for (int cell = 0; cell < 9; ++cell) {
    EXPECT_EQ(enc[cell], cell == 4 ? 1.0f : 0.0f) << cell;
    EXPECT_EQ(enc[9 + cell], cell == 8 ? 1.0f : 0.0f) << cell;
  }
  EXPECT_THROW(parse_position<TicTacToe>("55"), InputError);
  try {
    parse_position<TicTacToe>("155");
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "illegal move 5 at ply 3: cell taken");
  }
  EXPECT_EQ(parse_position<TicTacToe>("1324").hash(), parse_position<TicTacToe>("2314").hash());
  EXPECT_NE(parse_position<TicTacToe>("12").hash(), parse_position<TicTacToe>("21").hash());
}

TEST(TicTacToeTest, SymmetriesMapCorners) {
  // Rotations/reflections send the corner cell 0 to every corner, the centre to itself.
  std::vector<int> corners;
  for (int sym = 0; sym < 8; ++sym) {
    EXPECT_EQ(TicTacToe::transform_cell(sym, 4), 4);
    corners.push_back(TicTacToe::transform_cell(sym, 0));
  }
  for (int corner : {0, 2, 6, 8}) EXPECT_EQ(std::count(corners.begin(), corners.end(), corner), 2);
}

// ---- Connect Four ---------------------------------------------------------

// Independent four-in-a-row check on a 6x7 grid of 'X'/'O'/'.' (row 0 = top).
bool naive_has_four(const std::vector<std::string>& rows, char who) {
  const int dr[4] = {0, 1, 1, 1}, dc[4] = {1, 0, 1, -1};
  for (int r = 0; r < 6; ++r)
    for (int c = 0; c < 7; ++c)
      for (int d = 0; d < 4; ++d) {
        int n = 0;
        for (int k = 0; k < 4; ++k) {
          const int rr = r + k * dr[d], cc = c + k * dc[d];
          if (rr < 0 || rr >= 6 || cc < 0 || cc >= 7 || rows[rr][cc] != who) break;
          ++n;
        }
        if (n == 4) return true;
      }
  return false;
}

std::vector<std::string> board_rows(const ConnectFour::State& s) {
  std::vector<std::string> rows;
  const std::string text = s.render();
  for (size_t start = 0; rows.size() < 6; start += 8) rows.push_back(text.substr(start, 7));
  return rows;
}

TEST(ConnectFourTest, HorizontalWin) {
  const auto s = parse_position<ConnectFour>("1122334");  // X on the bottom row, 1-4
  EXPECT_TRUE(s.is_terminal());
  EXPECT_EQ(s.terminal_value(), -1.0f);
  EXPECT_TRUE(s.legal_actions().empty());
  EXPECT_FALSE(parse_position<ConnectFour>("112233").is_terminal());
  // Three with a gap is no line.
  EXPECT_FALSE(parse_position<ConnectFour>("1122445").is_terminal());
}

TEST(ConnectFourTest, VerticalWin) {
  const auto s = parse_position<ConnectFour>("1212121");
  EXPECT_TRUE(s.is_terminal());
  EXPECT_EQ(s.terminal_value(), -1.0f);
  EXPECT_FALSE(parse_position<ConnectFour>("121212").is_terminal());
}

TEST(ConnectFourTest, SecondPlayerVerticalWin) {
  // X: 1, 3, 5, 1; O: 2, 2, 2, 2.
  const auto s = parse_position<ConnectFour>("12325212");
  EXPECT_TRUE(s.is_terminal());
  EXPECT_EQ(s.to_move(), 0);
  EXPECT_EQ(s.terminal_value(), -1.0f);
}

TEST(ConnectFourTest, DiagonalWins) {
  // "/" diagonal for X: (col1,h0) (col2,h1) (col3,h2) (col4,h3).
  const auto rising = parse_position<ConnectFour>("12233434544");
  EXPECT_TRUE(rising.is_terminal()) << rising.render();
  EXPECT_EQ(rising.terminal_value(), -1.0f);
  EXPECT_TRUE(naive_has_four(board_rows(rising), 'X'));
  EXPECT_FALSE(parse_position<ConnectFour>("1223343454").is_terminal());
  // "\" diagonal, mirrored.
  const auto falling = parse_position<ConnectFour>("76655454344");
  EXPECT_TRUE(falling.is_terminal()) << falling.render();
  EXPECT_TRUE(naive_has_four(board_rows(falling), 'X'));
}

TEST(ConnectFourTest, WinDetectionAgreesWithNaiveCheckOnRandomGames) {
  // Also catches lines wrapping across columns, which the bitboard must not see.
  Rng rng(11);
  for (int game = 0; game < 300; ++game) {
    auto s = ConnectFour::initial();
    while (!s.is_terminal()) {
      const auto actions = s.legal_actions();
      s.play(actions[static_cast<int>(rng() % actions.size)]);
      const char mover = s.to_move() == 1 ? 'X' : 'O';
      ASSERT_EQ(s.is_terminal() && s.terminal_value() == -1.0f,
                naive_has_four(board_rows(s), mover))
          << s.render();
    }
  }
}

TEST(ConnectFourTest, FullColumnIsIllegal) {
  const auto s = parse_position<ConnectFour>("444444");
  EXPECT_FALSE(s.is_legal(3));
  EXPECT_EQ(s.legal_actions().size, 6);
  EXPECT_NO_THROW(parse_position<ConnectFour>("4444445"));
  try {
    parse_position<ConnectFour>("4444444");
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "illegal move 4 at ply 7: column full");
  }
  try {
    parse_position<ConnectFour>("448");
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "bad move '8' at ply 3 (expected 1-7)");
  }
  try {
    parse_position<ConnectFour>("12121215");
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "move 5 at ply 8 after the game ended");
  }
}

TEST(ConnectFourTest, DrawOnFullBoardWithoutLine) {
  // A full board reached by random play with no four in a row (checked independently).
  const std::string moves = "364742173227467423665436163541372271115555";
  ASSERT_EQ(moves.size(), 42u);
  auto s = ConnectFour::initial();
  for (char c : moves) {
    ASSERT_FALSE(s.is_terminal()) << "ply " << s.ply();
    s.play(c - '1');
  }
  EXPECT_TRUE(s.is_terminal());
  EXPECT_EQ(s.terminal_value(), 0.0f);
  EXPECT_TRUE(s.legal_actions().empty());
  const std::vector<std::string> rows = board_rows(s);
  EXPECT_FALSE(naive_has_four(rows, 'X'));
  EXPECT_FALSE(naive_has_four(rows, 'O'));
  for (const std::string& row : rows) EXPECT_EQ(row.find('.'), std::string::npos);
}

TEST(ConnectFourTest, RenderAndEncodingPutRowZeroOnTop) {
  const auto s = parse_position<ConnectFour>("4453");  // X: 4, 5; O: 4, 3; X to move
  EXPECT_EQ(s.render(), ".......\n.......\n.......\n.......\n...O...\n..OXX..\n1234567\n");
  float enc[84];
  s.encode(enc);
  auto own = [&](int row, int col) { return enc[row * 7 + col]; };
  auto opp = [&](int row, int col) { return enc[42 + row * 7 + col]; };
  EXPECT_EQ(own(5, 3), 1.0f);
  EXPECT_EQ(own(5, 4), 1.0f);
  EXPECT_EQ(opp(4, 3), 1.0f);
  EXPECT_EQ(opp(5, 2), 1.0f);
  float sum = 0;
  for (float v : enc) sum += v;
  EXPECT_EQ(sum, 4.0f);
  EXPECT_EQ(ConnectFour::transform_cell(1, 0), 6);
  EXPECT_EQ(ConnectFour::transform_cell(1, 5 * 7 + 2), 5 * 7 + 4);
  EXPECT_EQ(ConnectFour::transform_action(1, 0), 6);
}

TEST(ConnectFourTest, TranspositionsHashEqual) {
  EXPECT_EQ(parse_position<ConnectFour>("1234").hash(), parse_position<ConnectFour>("3214").hash());
  EXPECT_NE(parse_position<ConnectFour>("12").hash(), parse_position<ConnectFour>("21").hash());
  EXPECT_NE(parse_position<ConnectFour>("11").hash(), parse_position<ConnectFour>("1").hash());
}

// ---- Registry -------------------------------------------------------------

TEST(RegistryTest, SelectsGamesByName) {
  EXPECT_EQ(game_names(), (std::vector<std::string>{"tictactoe", "connect4"}));
  for (const std::string& name : game_names()) {
    const int actions =
        with_game(name, []<class G>(std::type_identity<G>) { return G::kNumActions; });
    EXPECT_EQ(actions, name == "connect4" ? 7 : 9);
  }
  try {
    with_game("chess", [](auto) {});
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "unknown game 'chess' (known: tictactoe, connect4)");
  }
}

}  // namespace
}  // namespace ida::games
