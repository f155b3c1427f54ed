// Positions as text, for any Game: the moves from the start in the game's move
// notation with no separators (connect4 "4453"), or "-" for the starting position.
#pragma once

#include <concepts>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "games/game.h"

namespace ida::games {

// Splits a move sequence into move tokens. Every game so far writes a move as one
// character, so a token is one character; a game with longer tokens changes only this.
inline std::vector<std::string_view> split_moves(std::string_view moves) {
  std::vector<std::string_view> tokens;
  tokens.reserve(moves.size());
  for (size_t i = 0; i < moves.size(); ++i) tokens.push_back(moves.substr(i, 1));
  return tokens;
}

namespace detail {

inline std::string_view trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\n\r\f\v";
  const size_t first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

// Why move a (in range, not legal) cannot be played in s: the game's optional
// `static std::string G::illegal_reason(const State&, Action)` hook, else "not legal".
template <Game G>
std::string illegal_reason(const typename G::State& s, Action a) {
  if constexpr (requires {
                  { G::illegal_reason(s, a) } -> std::convertible_to<std::string>;
                })
    return G::illegal_reason(s, a);
  else
    return "not legal";
}

}  // namespace detail

// Parses a position (see the file comment; surrounding whitespace is ignored) into
// its validated move list. Plies in messages count from 1 (the first move is ply 1).
// Throws InputError for empty text, a token that is no move, an illegal move, or a
// move after the game ended.
template <Game G>
std::vector<Action> parse_moves(std::string_view text) {
  const std::string_view body = detail::trim(text);
  if (body.empty()) throw InputError("empty position (write '-' for the starting position)");
  std::vector<Action> moves;
  if (body == "-") return moves;
  typename G::State state = G::initial();
  for (std::string_view token : split_moves(body)) {
    const std::string at_ply = " at ply " + std::to_string(moves.size() + 1);
    const std::optional<Action> a = G::parse_action(token);
    if (!a)
      throw InputError("bad move '" + std::string(token) + "'" + at_ply + " (expected " +
                       G::action_to_string(0) + "-" + G::action_to_string(G::kNumActions - 1) +
                       ")");
    if (state.is_terminal())
      throw InputError("move " + std::string(token) + at_ply + " after the game ended");
    if (!state.is_legal(*a))
      throw InputError("illegal move " + std::string(token) + at_ply + ": " +
                       detail::illegal_reason<G>(state, *a));
    state.play(*a);
    moves.push_back(*a);
  }
  return moves;
}

// The position reached by parse_moves<G>(text); same errors.
template <Game G>
typename G::State parse_position(std::string_view text) {
  typename G::State state = G::initial();
  for (Action a : parse_moves<G>(text)) state.play(a);
  return state;
}

// A position to move in: an input line of `ida analyze` or `ida solve`. parse_position's
// errors, and InputError "the game is over" for a finished game.
template <Game G>
typename G::State parse_open_position(std::string_view text) {
  typename G::State state = parse_position<G>(text);
  if (state.is_terminal()) throw InputError("the game is over");
  return state;
}

// Writes a move list in the notation parse_position reads ("-" when empty).
template <Game G>
std::string position_to_string(const std::vector<Action>& moves) {
  if (moves.empty()) return "-";
  std::string text;
  for (Action a : moves) text += G::action_to_string(a);
  return text;
}

}  // namespace ida::games
