// The solver's opening book and the solver player (see connect4_book.h for the contracts).
#include "selfplay/connect4_book.h"

#include <algorithm>
#include <chrono>
#include <sstream>

#include "core/error.h"
#include "games/notation.h"
#include "selfplay/shipped_files.h"

namespace ida::selfplay {
namespace fs = std::filesystem;
using games::Action;
using games::ConnectFour;

namespace {

constexpr int kWidth = ConnectFour::kWidth;

// The bitboard with columns reversed (each column is kColumnBits bits, see connect4.h).
uint64_t mirror_bits(uint64_t bits) {
  constexpr uint64_t kColumn = (uint64_t{1} << ConnectFour::kColumnBits) - 1;
  uint64_t out = 0;
  for (int c = 0; c < kWidth; ++c)
    out |= ((bits >> (c * ConnectFour::kColumnBits)) & kColumn)
           << ((kWidth - 1 - c) * ConnectFour::kColumnBits);
  return out;
}

// The canonical key of s and whether it is the mirror image's.
std::pair<uint64_t, bool> canonical_key(const ConnectFour::State& s) {
  const uint64_t key = s.current() + s.mask();
  const uint64_t mirrored = mirror_bits(s.current()) + mirror_bits(s.mask());
  return mirrored < key ? std::pair{mirrored, true} : std::pair{key, false};
}

std::vector<Action> mirror_actions(std::vector<Action> actions) {
  for (Action& a : actions) a = kWidth - 1 - a;
  std::sort(actions.begin(), actions.end());
  return actions;
}

std::string book_line(const std::string& moves, const std::vector<Action>& optimal) {
  std::string line = moves.empty() ? "-" : moves;
  line += ' ';
  for (Action a : optimal) line += ConnectFour::action_to_string(a);
  return line;
}

std::string mirror_moves(const std::string& moves) {
  std::string out = moves;
  for (char& c : out) c = static_cast<char>('1' + '7' - c);
  return out;
}

}  // namespace

std::optional<std::vector<Action>> Connect4Book::find(const State& s) const {
  const auto [key, mirrored] = canonical_key(s);
  const auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  return mirrored ? mirror_actions(it->second) : it->second;
}

void Connect4Book::insert(const State& s, const std::vector<Action>& optimal) {
  IDA_CHECK(!optimal.empty());
  for (Action a : optimal) IDA_CHECK(s.is_legal(a));
  const auto [key, mirrored] = canonical_key(s);
  std::vector<Action> sorted = optimal;
  std::sort(sorted.begin(), sorted.end());
  entries_[key] = mirrored ? mirror_actions(sorted) : sorted;
}

void Connect4Book::load(const fs::path& path) {
  for_each_data_line(path, "the solver's opening book", [&](std::string_view line) {
    std::istringstream fields{std::string(line)};
    std::string moves, columns, extra;
    fields >> moves >> columns;
    const auto s = games::parse_position<ConnectFour>(moves);
    if (s.is_terminal()) throw InputError("the game is over in " + moves);
    if (columns.empty()) throw InputError("no optimal columns after " + moves);
    if (fields >> extra) throw InputError("unexpected '" + extra + "'");
    std::vector<Action> optimal;
    for (char c : columns) {
      const auto a = ConnectFour::parse_action(std::string_view(&c, 1));
      if (!a || !s.is_legal(*a))
        throw InputError("'" + std::string(1, c) + "' is not a legal column of " + moves);
      optimal.push_back(*a);
    }
    insert(s, optimal);
  });
}

std::optional<fs::path> default_book_path() {
  return find_shipped_file("data/connect4-book.txt");
}

std::vector<std::string> make_book_lines(
    const std::string& root, int plies, search::Connect4Solver& solver,
    const std::function<void(const std::string&, double)>& on_line) {
  Connect4Book book;
  std::vector<std::string> lines;
  auto emit = [&](const std::string& moves, const std::vector<Action>& optimal) {
    for (const std::string& m : {moves, mirror_moves(moves)}) {
      const std::string line = book_line(m, m == moves ? optimal : mirror_actions(optimal));
      if (std::find(lines.begin(), lines.end(), line) == lines.end()) lines.push_back(line);
    }
  };
  auto timed = [&](const std::string& moves, auto&& solve) {
    const auto start = std::chrono::steady_clock::now();
    std::vector<Action> optimal = solve();
    const double dt =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    emit(moves, optimal);
    if (on_line) on_line(book_line(moves, optimal), dt);
    return optimal;
  };

  // The root from its children's exact scores (a mirror-symmetric root, such as the empty
  // board, needs only columns 1-4); with plies >= 1 the children go into the book as well.
  const ConnectFour::State start = games::parse_position<ConnectFour>(root.empty() ? "-" : root);
  IDA_CHECK(!start.is_terminal());
  const bool mirror_symmetric =
      mirror_bits(start.current()) == start.current() && mirror_bits(start.mask()) == start.mask();
  std::vector<std::optional<int>> score(kWidth);
  for (int c = 0; c < kWidth; ++c) {
    if (!start.is_legal(c) || (mirror_symmetric && score[c])) continue;
    ConnectFour::State child = start;
    child.play(c);
    auto solve_child = [&] {
      if (child.is_terminal()) {  // a win now beats every other score; a full board draws
        score[c] = child.terminal_value() < 0 ? 100 : 0;
        return std::vector<Action>{};
      }
      score[c] = -solver.solve(child);
      return plies >= 1 ? solver.optimal_actions(child) : std::vector<Action>{};
    };
    const std::string moves = root + ConnectFour::action_to_string(c);
    if (plies >= 1 && !child.is_terminal()) {
      book.insert(child, timed(moves, solve_child));
    } else {
      solve_child();
    }
    if (mirror_symmetric) score[kWidth - 1 - c] = score[c];
  }
  int best = -1000;
  for (const auto& s : score)
    if (s) best = std::max(best, *s);
  std::vector<Action> root_optimal;
  for (int c = 0; c < kWidth; ++c)
    if (score[c] && *score[c] == best) root_optimal.push_back(c);
  book.insert(start, root_optimal);
  emit(root, root_optimal);

  // Depth-first over the positions the solver can face, as player `side` (0: to move at root).
  std::function<void(const ConnectFour::State&, const std::string&, int)> visit =
      [&](const ConnectFour::State& s, const std::string& moves, int side) {
        if (s.is_terminal() || s.ply() - start.ply() > plies) return;
        std::vector<Action> next;
        if ((s.ply() - start.ply()) % 2 == side) {
          if (auto known = book.find(s)) {
            emit(moves, *known);
            next = *known;
          } else {
            next = timed(moves, [&] { return solver.optimal_actions(s); });
            book.insert(s, next);
          }
        } else {
          for (Action a : s.legal_actions()) next.push_back(a);
        }
        for (Action a : next) {
          ConnectFour::State child = s;
          child.play(a);
          visit(child, moves + ConnectFour::action_to_string(a), side);
        }
      };
  visit(start, root, 0);
  visit(start, root, 1);
  // By plies ("-" = 0 first), then text.
  auto plies_of = [](const std::string& line) { return line[0] == '-' ? 0 : line.find(' '); };
  std::stable_sort(lines.begin(), lines.end(), [&](const std::string& a, const std::string& b) {
    return plies_of(a) != plies_of(b) ? plies_of(a) < plies_of(b) : a < b;
  });
  return lines;
}

Player<ConnectFour> solver_player(std::shared_ptr<search::Connect4Solver> solver,
                                  std::shared_ptr<Connect4Book> book) {
  Player<ConnectFour> p;
  p.name = "solver";
  p.pick = [solver, book](const ConnectFour::State& s, Rng& rng) {
    auto optimal = book->find(s);
    if (!optimal) {
      optimal = solver->optimal_actions(s);
      book->insert(s, *optimal);
    }
    return (*optimal)[std::uniform_int_distribution<size_t>(0, optimal->size() - 1)(rng)];
  };
  return p;
}

}  // namespace ida::selfplay
