// Connect Four (7 wide, 6 high) on bitboards in Pascal Pons' layout: the main
// benchmark game, too large to solve here but fast enough for rollout search.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "games/game.h"

namespace ida::games {

struct ConnectFour {
  static constexpr std::string_view kName = "connect4";
  static constexpr int kNumActions = 7;  // columns, left to right
  static constexpr int kPlanes = 2;
  static constexpr int kHeight = 6;
  static constexpr int kWidth = 7;
  static constexpr int kNumSymmetries = 2;  // identity, left-right mirror
  static constexpr int kMaxLength = kWidth * kHeight;

  // Bit layout: column c holds bits c*7 .. c*7+6; bit c*7+h is height h from the
  // bottom (h = 6 is an always-empty sentinel, so shifted line checks cannot wrap).
  static constexpr int kColumnBits = kHeight + 1;
  static constexpr uint64_t bottom_bit(int col) { return uint64_t{1} << (col * kColumnBits); }
  static constexpr uint64_t top_bit(int col) {
    return uint64_t{1} << (col * kColumnBits + kHeight - 1);
  }

  // Does the stone set contain four in a row in any direction?
  static constexpr bool has_four(uint64_t pos) {
    uint64_t m = pos & (pos >> kColumnBits);  // horizontal
    if (m & (m >> 2 * kColumnBits)) return true;
    m = pos & (pos >> (kColumnBits - 1));  // diagonal "\"
    if (m & (m >> 2 * (kColumnBits - 1))) return true;
    m = pos & (pos >> (kColumnBits + 1));  // diagonal "/"
    if (m & (m >> 2 * (kColumnBits + 1))) return true;
    m = pos & (pos >> 1);  // vertical
    return (m & (m >> 2)) != 0;
  }

  class State {
   public:
    ActionList<kNumActions> legal_actions() const {
      ActionList<kNumActions> actions;
      if (won_) return actions;
      for (int col = 0; col < kWidth; ++col)
        if (!(mask_ & top_bit(col))) actions.push(col);
      return actions;
    }

    // False for out-of-range columns, full columns and finished games.
    bool is_legal(Action a) const {
      return a >= 0 && a < kNumActions && !won_ && !(mask_ & top_bit(a));
    }

    // Precondition: is_legal(a).
    void play(Action a) {
      current_ ^= mask_;  // now the stones of the next player to move
      mask_ |= mask_ + bottom_bit(a);
      won_ = has_four(current_ ^ mask_);
      ++ply_;
    }

    bool is_terminal() const { return won_ || ply_ == kMaxLength; }

    // Precondition: is_terminal(). The previous mover connected four, or it is a draw.
    float terminal_value() const { return won_ ? -1.0f : 0.0f; }

    int to_move() const { return ply_ & 1; }
    int ply() const { return ply_; }

    // out: 2 planes of 6x7 floats, row 0 = top; plane 0 = stones of the player to move.
    void encode(float* out) const {
      const uint64_t own = current_, opp = current_ ^ mask_;
      for (int row = 0; row < kHeight; ++row)
        for (int col = 0; col < kWidth; ++col) {
          const int bit = col * kColumnBits + (kHeight - 1 - row);
          out[row * kWidth + col] = static_cast<float>(own >> bit & 1);
          out[kHeight * kWidth + row * kWidth + col] = static_cast<float>(opp >> bit & 1);
        }
    }

    // Six rows of X (first player) / O / '.', top row first, and a column footer.
    std::string render() const {
      const uint64_t x = to_move() == 0 ? current_ : current_ ^ mask_;
      std::string text;
      for (int row = 0; row < kHeight; ++row) {
        for (int col = 0; col < kWidth; ++col) {
          const uint64_t bit = uint64_t{1} << (col * kColumnBits + kHeight - 1 - row);
          text += !(mask_ & bit) ? '.' : (x & bit) ? 'X' : 'O';
        }
        text += '\n';
      }
      return text + "1234567\n";
    }

    // Pons' unique key current + mask, bijectively mixed: injective in the position.
    uint64_t hash() const { return key_hash(current_, mask_); }

    // hash() of the image of this position under symmetry `sym` (1 = the mirror), without
    // building it: the search's evaluation cache keys a position and its mirror alike.
    uint64_t symmetric_hash(int sym) const {
      return sym == 0 ? hash() : key_hash(mirror(current_), mirror(mask_));
    }

    // Raw bitboards (layout above): stones of the player to move, and all stones.
    uint64_t current() const { return current_; }
    uint64_t mask() const { return mask_; }

   private:
    static uint64_t key_hash(uint64_t current, uint64_t mask) {
      uint64_t z = (current + mask) * 0x9E3779B97F4A7C15ULL;
      return z ^ (z >> 29);
    }
    // The bitboard with its columns in reverse order.
    static uint64_t mirror(uint64_t board) {
      constexpr uint64_t kColumn = (uint64_t{1} << kColumnBits) - 1;
      uint64_t image = 0;
      for (int col = 0; col < kWidth; ++col)
        image |= (board >> (col * kColumnBits) & kColumn) << ((kWidth - 1 - col) * kColumnBits);
      return image;
    }

    uint64_t current_ = 0;  // stones of the player to move
    uint64_t mask_ = 0;     // all stones
    uint8_t ply_ = 0;
    bool won_ = false;  // the previous mover connected four
  };

  static State initial() { return State{}; }

  static int transform_cell(int sym, int cell) {
    return sym == 0 ? cell : cell - cell % kWidth + (kWidth - 1 - cell % kWidth);
  }
  static Action transform_action(int sym, Action a) { return sym == 0 ? a : kWidth - 1 - a; }

  static std::string action_to_string(Action a) { return std::string(1, '1' + a); }
  static std::optional<Action> parse_action(std::string_view text) {
    if (text.size() != 1 || text[0] < '1' || text[0] > '7') return std::nullopt;
    return text[0] - '1';
  }

  // Optional hook used by games/notation.h: why an in-range move is illegal in s.
  static std::string illegal_reason(const State& s, Action a) {
    return s.is_terminal() ? "game over" : (s.is_legal(a) ? "legal" : "column full");
  }
};

static_assert(Game<ConnectFour>);

}  // namespace ida::games
