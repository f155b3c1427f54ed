// The game interface: what a two-player, zero-sum, perfect-information,
// turn-based game supplies to search, self-play and the command line.
//
// A game is a type G with static shape constants, static helpers and a cheap,
// copyable value type G::State. Search is templated on G (no virtual calls in
// the inner loop); the command line picks G at run time through games/registry.h.
// Adding a game = one header implementing this concept + one registry line.
#pragma once

#include <array>
#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ida::games {

using Action = int;

// A fixed-capacity list of actions (no allocation in search loops).
template <int Capacity>
struct ActionList {
  std::array<int16_t, Capacity> items{};
  int size = 0;
  void push(Action a) { items[size++] = static_cast<int16_t>(a); }
  Action operator[](int i) const { return items[i]; }
  const int16_t* begin() const { return items.data(); }
  const int16_t* end() const { return items.data() + size; }
  bool empty() const { return size == 0; }
};

// Contract of a game G (checked by this concept and by tests/game_conformance_test.cc):
//   G::kName            command-line name, e.g. "connect4"
//   G::kNumActions      size of the action space (policy vector length)
//   G::kPlanes, kHeight, kWidth   shape of State::encode's output
//   G::kNumSymmetries   number of board symmetries (1 = identity only)
//   G::kMaxLength       upper bound on the number of plies in a game
//   G::initial()        the starting position
//   G::transform_cell(sym, cell)     where symmetry `sym` sends board cell
//                       (row * kWidth + col); sym 0 is the identity
//   G::transform_action(sym, action) where symmetry `sym` sends an action
//   G::action_to_string(a) / G::parse_action(text)  move notation (one token;
//                       parse_action returns nullopt for text that is no move)
//   State::legal_actions()   legal actions, empty iff terminal
//   State::is_legal(a), play(a) (a must be legal), is_terminal()
//   State::terminal_value()  for the player to move, only when terminal:
//                       +1 win, 0 draw, -1 loss
//   State::to_move()    0 = first player, 1 = second player
//   State::ply()        number of moves played
//   State::encode(out)  writes kPlanes*kHeight*kWidth floats seen from the player
//                       to move: plane 0 = their stones, plane 1 = the opponent's
//   State::render()     multi-line board for humans
//   State::hash()       64-bit key of the position (transpositions equal)
// Optional:
//   State::symmetric_hash(sym)  hash() of the image under symmetry `sym`; with it the
//                       evaluation cache shares one entry among a position's images
template <class G>
concept Game = requires(const typename G::State& s, typename G::State& m, Action a, int i,
                        float* out, std::string_view text) {
  { G::kName } -> std::convertible_to<std::string_view>;
  { G::kNumActions } -> std::convertible_to<int>;
  { G::kPlanes } -> std::convertible_to<int>;
  { G::kHeight } -> std::convertible_to<int>;
  { G::kWidth } -> std::convertible_to<int>;
  { G::kNumSymmetries } -> std::convertible_to<int>;
  { G::kMaxLength } -> std::convertible_to<int>;
  { G::initial() } -> std::same_as<typename G::State>;
  { G::transform_cell(i, i) } -> std::same_as<int>;
  { G::transform_action(i, a) } -> std::same_as<Action>;
  { G::action_to_string(a) } -> std::same_as<std::string>;
  { G::parse_action(text) } -> std::same_as<std::optional<Action>>;
  { s.legal_actions() } -> std::same_as<ActionList<G::kNumActions>>;
  { s.is_legal(a) } -> std::same_as<bool>;
  { m.play(a) };
  { s.is_terminal() } -> std::same_as<bool>;
  { s.terminal_value() } -> std::same_as<float>;
  { s.to_move() } -> std::same_as<int>;
  { s.ply() } -> std::same_as<int>;
  { s.encode(out) };
  { s.render() } -> std::same_as<std::string>;
  { s.hash() } -> std::same_as<uint64_t>;
};

template <class G>
constexpr int kInputSize = G::kPlanes * G::kHeight * G::kWidth;

// A position's key up to the board's symmetries: the least symmetric_hash over the
// symmetries, and the symmetry `sym` whose image has it (the least such sym, so a position
// always gets the same one). Two positions get the same key exactly when one is an image of
// the other. A game without symmetric_hash gets {hash(), 0}.
struct CanonicalKey {
  uint64_t key = 0;
  int sym = 0;
};

template <Game G>
CanonicalKey canonical_key(const typename G::State& s) {
  CanonicalKey best{s.hash(), 0};
  if constexpr (requires { s.symmetric_hash(0); }) {
    for (int sym = 1; sym < G::kNumSymmetries; ++sym) {
      const uint64_t h = s.symmetric_hash(sym);
      if (h < best.key) best = {h, sym};
    }
  }
  return best;
}

}  // namespace ida::games
