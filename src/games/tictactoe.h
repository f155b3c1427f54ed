// Tic-tac-toe on 3x3 bitboards: the smallest game, small enough to solve exactly
// (search/minimax.h), used to check that training converges to perfect play.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "games/game.h"

namespace ida::games {

struct TicTacToe {
  static constexpr std::string_view kName = "tictactoe";
  static constexpr int kNumActions = 9;  // cells 0..8, row by row
  static constexpr int kPlanes = 2;
  static constexpr int kHeight = 3;
  static constexpr int kWidth = 3;
  static constexpr int kNumSymmetries = 8;  // dihedral group of the square
  static constexpr int kMaxLength = 9;

  static constexpr uint16_t kFull = 0x1FF;

  // kWins[mask]: does the 9-bit stone mask contain a complete line?
  static constexpr std::array<bool, 512> kWins = [] {
    constexpr uint16_t kLines[8] = {0007, 0070, 0700, 0111, 0222, 0444, 0421, 0124};
    std::array<bool, 512> wins{};
    for (int m = 0; m < 512; ++m)
      for (uint16_t line : kLines)
        if ((m & line) == line) wins[m] = true;
    return wins;
  }();

  // kCellMap[sym][cell]: where symmetry `sym` sends `cell`. Bit 2 of sym transposes,
  // then bit 0 mirrors left-right and bit 1 mirrors top-bottom; sym 0 is the identity.
  static constexpr std::array<std::array<int8_t, 9>, 8> kCellMap = [] {
    std::array<std::array<int8_t, 9>, 8> map{};
    for (int sym = 0; sym < 8; ++sym)
      for (int cell = 0; cell < 9; ++cell) {
        int r = cell / 3, c = cell % 3;
        if (sym & 4) std::swap(r, c);
        if (sym & 1) c = 2 - c;
        if (sym & 2) r = 2 - r;
        map[sym][cell] = static_cast<int8_t>(r * 3 + c);
      }
    return map;
  }();

  class State {
   public:
    ActionList<kNumActions> legal_actions() const {
      ActionList<kNumActions> actions;
      if (is_terminal()) return actions;
      for (unsigned empty = kFull & ~(stones_[0] | stones_[1]); empty; empty &= empty - 1)
        actions.push(std::countr_zero(empty));
      return actions;
    }

    // False for out-of-range actions, taken cells and finished games.
    bool is_legal(Action a) const {
      return a >= 0 && a < kNumActions && !is_terminal() && !((stones_[0] | stones_[1]) >> a & 1);
    }

    // Precondition: is_legal(a).
    void play(Action a) {
      uint16_t& mine = stones_[to_move()];
      mine |= static_cast<uint16_t>(1u << a);
      won_ = kWins[mine];
      ++ply_;
    }

    bool is_terminal() const { return won_ || ply_ == kMaxLength; }

    // Precondition: is_terminal(). The previous mover completed a line, or it is a draw.
    float terminal_value() const { return won_ ? -1.0f : 0.0f; }

    int to_move() const { return ply_ & 1; }
    int ply() const { return ply_; }

    // out: 2 planes of 3x3 floats; plane 0 = stones of the player to move.
    void encode(float* out) const {
      const unsigned own = stones_[to_move()], opp = stones_[to_move() ^ 1];
      for (int cell = 0; cell < 9; ++cell) {
        out[cell] = static_cast<float>(own >> cell & 1);
        out[9 + cell] = static_cast<float>(opp >> cell & 1);
      }
    }

    // Three rows of X (first player) / O / '.', with the cell numbers alongside.
    std::string render() const {
      std::string text;
      for (int r = 0; r < 3; ++r) {
        for (int c = 0; c < 3; ++c) {
          const int cell = r * 3 + c;
          text += (stones_[0] >> cell & 1) ? 'X' : (stones_[1] >> cell & 1) ? 'O' : '.';
          text += ' ';
        }
        text += "   ";
        for (int c = 0; c < 3; ++c) {
          text += static_cast<char>('1' + r * 3 + c);
          if (c < 2) text += ' ';
        }
        text += '\n';
      }
      return text;
    }

    // Injective in the position: both masks, bijectively mixed.
    uint64_t hash() const { return key_hash(stones_[0], stones_[1]); }

    // hash() of the image of this position under symmetry `sym` (transform_cell), without
    // building it: the search's evaluation cache keys the eight images alike.
    uint64_t symmetric_hash(int sym) const {
      if (sym == 0) return hash();
      std::array<uint16_t, 2> image{};
      for (int cell = 0; cell < 9; ++cell)
        for (int p = 0; p < 2; ++p)
          image[p] |= static_cast<uint16_t>((stones_[p] >> cell & 1u) << kCellMap[sym][cell]);
      return key_hash(image[0], image[1]);
    }

    // Stones of player 0 (X) and player 1 (O) as 9-bit masks (bit = cell).
    uint16_t stones(int player) const { return stones_[player]; }

   private:
    static uint64_t key_hash(uint16_t x, uint16_t o) {
      uint64_t z = (x | uint64_t{o} << 9) * 0x9E3779B97F4A7C15ULL;
      return z ^ (z >> 29);
    }

    std::array<uint16_t, 2> stones_{};
    uint8_t ply_ = 0;
    bool won_ = false;  // the previous mover completed a line
  };

  static State initial() { return State{}; }

  static int transform_cell(int sym, int cell) { return kCellMap[sym][cell]; }
  static Action transform_action(int sym, Action a) { return kCellMap[sym][a]; }

  static std::string action_to_string(Action a) { return std::string(1, '1' + a); }
  static std::optional<Action> parse_action(std::string_view text) {
    if (text.size() != 1 || text[0] < '1' || text[0] > '9') return std::nullopt;
    return text[0] - '1';
  }

  // Optional hook used by games/notation.h: why an in-range move is illegal in s.
  static std::string illegal_reason(const State& s, Action a) {
    return s.is_terminal() ? "game over" : (s.is_legal(a) ? "legal" : "cell taken");
  }
};

static_assert(Game<TicTacToe>);

}  // namespace ida::games
