// Run-time selection of a game by name: the only list of all games. Adding a game
// is one entry in AllGames below.
#pragma once

#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/error.h"
#include "games/connect4.h"
#include "games/game.h"
#include "games/tictactoe.h"

namespace ida::games {

template <Game... Gs>
struct GameList {};

using AllGames = GameList<TicTacToe, ConnectFour>;  // every game, in listing order

namespace detail {

template <Game... Gs>
std::vector<std::string> names_of(GameList<Gs...>) {
  return {std::string(Gs::kName)...};
}

template <Game G, Game... Rest, class F>
decltype(auto) dispatch(std::string_view name, F&& f) {
  if (name == G::kName) return std::forward<F>(f)(std::type_identity<G>{});
  if constexpr (sizeof...(Rest) > 0) {
    return dispatch<Rest...>(name, std::forward<F>(f));
  } else {
    std::string known;
    for (const std::string& n : names_of(AllGames{})) known += (known.empty() ? "" : ", ") + n;
    throw InputError("unknown game '" + std::string(name) + "' (known: " + known + ")");
  }
}

template <class F, Game... Gs>
decltype(auto) dispatch_list(std::string_view name, F&& f, GameList<Gs...>) {
  return dispatch<Gs...>(name, std::forward<F>(f));
}

}  // namespace detail

// Names of all games, in listing order.
inline std::vector<std::string> game_names() { return detail::names_of(AllGames{}); }

// Calls f(std::type_identity<G>{}) for the game G named `name` and returns its result
// (f must return the same type for every game). Throws InputError for unknown names.
template <class F>
decltype(auto) with_game(std::string_view name, F&& f) {
  return detail::dispatch_list(name, std::forward<F>(f), AllGames{});
}

}  // namespace ida::games
