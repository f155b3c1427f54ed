// The exact Connect Four solver: bitboard helpers, the negamax search with its transposition
// table, and the per-column analysis built on it (see connect4_solver.h for the contracts).
#include "search/connect4_solver.h"

#include <algorithm>
#include <bit>
#include <utility>

#include "core/error.h"
#include "core/oracle_reads.h"

namespace ida::search {
namespace {

using games::ConnectFour;

constexpr int kWidth = ConnectFour::kWidth, kHeight = ConnectFour::kHeight;
constexpr int kCells = kWidth * kHeight;
constexpr int kMinScore = -kCells / 2 + 3;       // -18: the fastest possible loss
constexpr int kMaxScore = (kCells + 1) / 2 - 3;  // 18: the fastest possible win

constexpr uint64_t bottom_row() {
  uint64_t m = 0;
  for (int c = 0; c < kWidth; ++c) m |= ConnectFour::bottom_bit(c);
  return m;
}
constexpr uint64_t kBottom = bottom_row();
constexpr uint64_t kBoard = kBottom * ((uint64_t{1} << kHeight) - 1);  // every playable cell

constexpr uint64_t column_mask(int c) {
  return ((uint64_t{1} << kHeight) - 1) << (c * ConnectFour::kColumnBits);
}

// Empty cells that would complete four in a row for the stones `own` (mask = all stones).
uint64_t winning_cells(uint64_t own, uint64_t mask) {
  uint64_t r = (own << 1) & (own << 2) & (own << 3);       // vertical: only upwards
  for (int shift : {kHeight + 1, kHeight, kHeight + 2}) {  // horizontal and both diagonals
    uint64_t p = (own << shift) & (own << 2 * shift);
    r |= p & (own << 3 * shift);
    r |= p & (own >> shift);
    p = (own >> shift) & (own >> 2 * shift);
    r |= p & (own << shift);
    r |= p & (own >> 3 * shift);
  }
  return r & (kBoard ^ mask);
}

// Tie-break order of the search: centre columns first.
constexpr std::array<int, kWidth> kColumnOrder = {3, 2, 4, 1, 5, 0, 6};

// Transposition-table bounds are stored as small positive codes (0 = empty entry):
// an upper bound v as v - kMinScore + 1, a lower bound v as v + kMaxScore - 2*kMinScore + 2.
constexpr int kLowerBoundBase = kMaxScore - kMinScore + 1;
constexpr uint64_t encode_upper(int v) { return static_cast<uint64_t>(v - kMinScore + 1); }
constexpr uint64_t encode_lower(int v) {
  return static_cast<uint64_t>(v + kMaxScore - 2 * kMinScore + 2);
}
static_assert(encode_upper(kMinScore) == 1 && encode_lower(kMaxScore) <= 255);

// Score of a win by the mover with its next stone, `moves` stones on the board.
constexpr int immediate_win_score(int moves) { return (kCells + 1 - moves) / 2; }

}  // namespace

// The solver's position: the mover's stones, all stones, number of stones.
struct Connect4Solver::Position {
  uint64_t current = 0, mask = 0;
  int moves = 0;

  // current + mask: unique per position, and < 2^49 (each column's bits stay below its sentinel
  // bit + 1), so it fits in a table entry above the 8-bit bound code.
  uint64_t key() const { return current + mask; }
  uint64_t possible() const { return (mask + kBottom) & kBoard; }
  bool can_win_next() const { return winning_cells(current, mask) & possible(); }

  // Plays a single bit from possible().
  void play(uint64_t move) {
    current ^= mask;
    mask |= move;
    ++moves;
  }

  // Playable cells after which the opponent cannot win at once (0 when every move loses):
  // a single opponent threat must be blocked, two cannot, and no move may go just below one.
  uint64_t non_losing_moves() const {
    uint64_t candidates = possible();
    const uint64_t opponent_win = winning_cells(current ^ mask, mask);
    const uint64_t forced = candidates & opponent_win;
    if (forced) {
      if (forced & (forced - 1)) return 0;
      candidates = forced;
    }
    return candidates & ~(opponent_win >> 1);
  }

  // Move-ordering heuristic: how many winning cells the mover has after `move`.
  int move_score(uint64_t move) const { return std::popcount(winning_cells(current | move, mask)); }
};

Connect4Solver::Connect4Solver(int table_mb) {
  IDA_CHECK(table_mb >= 1);
  const size_t entries = std::bit_floor((static_cast<size_t>(table_mb) << 20) / sizeof(uint64_t));
  table_.assign(entries, 0);
  table_shift_ = 64 - std::countr_zero(entries);
}

void Connect4Solver::reset() { std::fill(table_.begin(), table_.end(), 0); }

// Fibonacci hashing: the top bits of key * golden ratio.
size_t Connect4Solver::slot(uint64_t key) const {
  return static_cast<size_t>((key * 0x9E3779B97F4A7C15ULL) >> table_shift_);
}

// Negamax with alpha-beta on [alpha, beta]. Returns the exact score when it lies in the window,
// otherwise a bound on the same side of the window. Precondition: the mover cannot win at once
// (the caller checks; non_losing_moves keeps it true for children).
int Connect4Solver::negamax(const Position& p, int alpha, int beta) {
  ++nodes_;
  const uint64_t next = p.non_losing_moves();
  if (next == 0) return -(kCells - p.moves) / 2;  // the opponent wins with its next stone
  if (p.moves >= kCells - 2) return 0;            // neither side can win any more: a draw
  int min = -(kCells - 2 - p.moves) / 2;          // the opponent cannot win with its next stone
  if (alpha < min && (alpha = min) >= beta) return alpha;
  int max = (kCells - 1 - p.moves) / 2;  // the mover cannot win with its next stone
  const uint64_t key = p.key();
  uint64_t& entry = table_[slot(key)];
  if ((entry >> 8) == key && (entry & 0xFF) != 0) {
    const int code = static_cast<int>(entry & 0xFF);
    if (code > kLowerBoundBase) {
      min = code + 2 * kMinScore - kMaxScore - 2;
      if (alpha < min && (alpha = min) >= beta) return alpha;
    } else {
      max = code + kMinScore - 1;
    }
  }
  if (beta > max && alpha >= (beta = max)) return beta;

  // Moves by decreasing heuristic score; ties keep kColumnOrder (insertion sort is stable).
  std::array<std::pair<uint64_t, int>, kWidth> moves;
  int n = 0;
  for (int col : kColumnOrder) {
    const uint64_t move = next & column_mask(col);
    if (!move) continue;
    const int score = p.move_score(move);
    int i = n++;
    for (; i > 0 && moves[i - 1].second < score; --i) moves[i] = moves[i - 1];
    moves[i] = {move, score};
  }
  for (int i = 0; i < n; ++i) {
    Position child = p;
    child.play(moves[i].first);
    const int score = -negamax(child, -beta, -alpha);
    if (score >= beta) {
      entry = key << 8 | encode_lower(score);
      return score;
    }
    alpha = std::max(alpha, score);
  }
  entry = key << 8 | encode_upper(alpha);
  return alpha;
}

int Connect4Solver::solve(const State& s) {
  IDA_CHECK(!s.is_terminal());
  note_oracle_read();
  const Position p{s.current(), s.mask(), s.ply()};
  if (p.can_win_next()) return immediate_win_score(p.moves);
  int min = -(kCells - p.moves) / 2, max = immediate_win_score(p.moves);
  while (min < max) {  // null-window searches halve [min, max], probing near 0 first
    int med = min + (max - min) / 2;
    if (med <= 0 && min / 2 < med) {
      med = min / 2;
    } else if (med >= 0 && max / 2 > med) {
      med = max / 2;
    }
    const int r = negamax(p, med, med + 1);
    if (r <= med) {
      max = r;
    } else {
      min = r;
    }
  }
  return min;
}

// The mover's score of `child` = s after one move, when known without search: the move won or
// filled the board, or the opponent now wins with its next stone.
std::optional<int> Connect4Solver::settled_score(const State& s, const State& child) {
  if (child.is_terminal()) return child.terminal_value() < 0 ? immediate_win_score(s.ply()) : 0;
  const Position p{child.current(), child.mask(), child.ply()};
  if (p.can_win_next()) return -immediate_win_score(p.moves);
  return std::nullopt;
}

std::array<std::optional<int>, kWidth> Connect4Solver::column_scores(const State& s) {
  IDA_CHECK(!s.is_terminal());
  note_oracle_read();
  std::array<std::optional<int>, kWidth> scores;
  for (int col = 0; col < kWidth; ++col) {
    if (!s.is_legal(col)) continue;
    State child = s;
    child.play(col);
    scores[col] = settled_score(s, child);
    if (!scores[col]) scores[col] = -solve(child);
  }
  return scores;
}

// Solves s, then keeps the columns whose score reaches it: one null-window search per column
// instead of column_scores' full solves.
std::vector<games::Action> Connect4Solver::optimal_actions(const State& s) {
  const int best = solve(s);
  std::vector<games::Action> actions;
  for (int col = 0; col < kWidth; ++col) {
    if (!s.is_legal(col)) continue;
    State child = s;
    child.play(col);
    const std::optional<int> settled = settled_score(s, child);
    const bool reaches =
        settled ? *settled >= best
                : negamax({child.current(), child.mask(), child.ply()}, -best, -best + 1) <= -best;
    if (reaches) actions.push_back(col);
  }
  IDA_CHECK(!actions.empty());
  return actions;
}

games::Action Connect4Solver::choose(const State& s, Rng& rng) {
  const auto best = optimal_actions(s);
  return best[std::uniform_int_distribution<size_t>(0, best.size() - 1)(rng)];
}

}  // namespace ida::search
