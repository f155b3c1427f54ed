// Checks every registered game against the Game contract (games/game.h) on
// thousands of random playouts: rules bookkeeping, encoding, symmetries, hashing, notation.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/rng.h"
#include "games/game.h"
#include "games/notation.h"
#include "games/registry.h"

namespace ida::games {
namespace {

template <class List>
struct ToTestTypes;
template <class... Gs>
struct ToTestTypes<GameList<Gs...>> {
  using type = ::testing::Types<Gs...>;
};

// Plays a uniformly random game from the start; returns the moves.
template <Game G>
std::vector<Action> random_playout(Rng& rng) {
  std::vector<Action> moves;
  typename G::State s = G::initial();
  while (!s.is_terminal()) {
    const auto actions = s.legal_actions();
    const Action a = actions[static_cast<int>(rng() % actions.size)];
    s.play(a);
    moves.push_back(a);
  }
  return moves;
}

template <Game G>
std::vector<float> encoding(const typename G::State& s) {
  std::vector<float> out(kInputSize<G>, -7.0f);
  s.encode(out.data());
  return out;
}

template <class G>
class GameConformanceTest : public ::testing::Test {
 protected:
  using State = typename G::State;
  static constexpr int kCells = G::kHeight * G::kWidth;
  // Enough playouts to reach thousands of positions while keeping the suite fast.
  static constexpr int kPlayouts = 2000;
};

using AllGameTypes = ToTestTypes<AllGames>::type;
TYPED_TEST_SUITE(GameConformanceTest, AllGameTypes);

TYPED_TEST(GameConformanceTest, ShapeConstantsAndStart) {
  using G = TypeParam;
  EXPECT_FALSE(std::string_view(G::kName).empty());
  EXPECT_GT(G::kNumActions, 0);
  EXPECT_GT(G::kNumSymmetries, 0);
  EXPECT_GT(G::kMaxLength, 0);
  EXPECT_EQ(kInputSize<G>, G::kPlanes * this->kCells);
  const auto s = G::initial();
  EXPECT_EQ(s.ply(), 0);
  EXPECT_EQ(s.to_move(), 0);
  EXPECT_FALSE(s.is_terminal());
  EXPECT_FALSE(s.render().empty());
}

TYPED_TEST(GameConformanceTest, RandomPlayoutsKeepTheRules) {
  using G = TypeParam;
  Rng rng(1);
  for (int game = 0; game < this->kPlayouts; ++game) {
    auto s = G::initial();
    for (;;) {
      const auto actions = s.legal_actions();
      ASSERT_EQ(actions.empty(), s.is_terminal());
      ASSERT_LE(s.ply(), G::kMaxLength);
      EXPECT_FALSE(s.is_legal(-1));
      EXPECT_FALSE(s.is_legal(G::kNumActions));
      for (Action a = 0; a < G::kNumActions; ++a)
        ASSERT_EQ(s.is_legal(a), std::count(actions.begin(), actions.end(), a) == 1) << a;

      // Encoding: 0/1 values only; stones are never removed in these games, so the
      // player to move has played floor(ply/2) stones and the opponent the rest.
      const std::vector<float> enc = encoding<G>(s);
      int own = 0, opp = 0;
      for (int i = 0; i < kInputSize<G>; ++i) {
        ASSERT_TRUE(enc[i] == 0.0f || enc[i] == 1.0f) << i << " " << enc[i];
        if (enc[i] == 1.0f) (i < this->kCells ? own : opp) += 1;
      }
      EXPECT_EQ(own, s.ply() / 2);
      EXPECT_EQ(opp, s.ply() - s.ply() / 2);

      if (s.is_terminal()) {
        const float v = s.terminal_value();
        ASSERT_TRUE(v == -1.0f || v == 0.0f || v == 1.0f) << v;
        break;
      }
      const int ply = s.ply(), mover = s.to_move();
      s.play(actions[static_cast<int>(rng() % actions.size)]);
      ASSERT_EQ(s.ply(), ply + 1);
      ASSERT_EQ(s.to_move(), 1 - mover);
    }
  }
}

TYPED_TEST(GameConformanceTest, SymmetriesAreBijectionsWithIdentityFirst) {
  using G = TypeParam;
  for (int sym = 0; sym < G::kNumSymmetries; ++sym) {
    std::vector<int> cell_hits(this->kCells), action_hits(G::kNumActions);
    for (int cell = 0; cell < this->kCells; ++cell) {
      const int t = G::transform_cell(sym, cell);
      ASSERT_GE(t, 0);
      ASSERT_LT(t, this->kCells);
      ++cell_hits[t];
      if (sym == 0) {
        EXPECT_EQ(t, cell);
      }
    }
    for (Action a = 0; a < G::kNumActions; ++a) {
      const Action t = G::transform_action(sym, a);
      ASSERT_GE(t, 0);
      ASSERT_LT(t, G::kNumActions);
      ++action_hits[t];
      if (sym == 0) {
        EXPECT_EQ(t, a);
      }
    }
    EXPECT_TRUE(std::all_of(cell_hits.begin(), cell_hits.end(), [](int n) { return n == 1; }))
        << "sym " << sym;
    EXPECT_TRUE(std::all_of(action_hits.begin(), action_hits.end(), [](int n) { return n == 1; }))
        << "sym " << sym;
  }
}

TYPED_TEST(GameConformanceTest, TransformedGamesArePermutedGames) {
  using G = TypeParam;
  Rng rng(2);
  for (int game = 0; game < this->kPlayouts / G::kNumSymmetries; ++game) {
    const std::vector<Action> moves = random_playout<G>(rng);
    for (int sym = 0; sym < G::kNumSymmetries; ++sym) {
      auto s = G::initial(), t = G::initial();
      for (size_t i = 0;; ++i) {
        ASSERT_EQ(t.is_terminal(), s.is_terminal()) << "sym " << sym << " ply " << i;
        const std::vector<float> es = encoding<G>(s), et = encoding<G>(t);
        for (int p = 0; p < G::kPlanes; ++p)
          for (int cell = 0; cell < this->kCells; ++cell)
            ASSERT_EQ(et[p * this->kCells + G::transform_cell(sym, cell)],
                      es[p * this->kCells + cell])
                << "sym " << sym << " plane " << p << " cell " << cell;
        if constexpr (requires { s.symmetric_hash(sym); }) {
          ASSERT_EQ(s.symmetric_hash(sym), t.hash()) << "sym " << sym << " ply " << i;
        }
        EXPECT_EQ(games::canonical_key<G>(s).key, games::canonical_key<G>(t).key);
        if (i == moves.size()) break;
        const Action ta = G::transform_action(sym, moves[i]);
        ASSERT_TRUE(t.is_legal(ta)) << "sym " << sym << " ply " << i;
        s.play(moves[i]);
        t.play(ta);
      }
      ASSERT_TRUE(t.is_terminal());
      EXPECT_EQ(t.terminal_value(), s.terminal_value());
    }
  }
}

TYPED_TEST(GameConformanceTest, HashIdentifiesPositions) {
  using G = TypeParam;
  // A position is identified by (encoding, player to move). Equal positions reached by
  // different move orders must hash equal; distinct positions must hash differently.
  struct Seen {
    uint64_t hash;
    std::string moves;
  };
  std::map<std::pair<std::vector<float>, int>, Seen> seen;
  std::map<uint64_t, int> positions_per_hash;
  int transpositions = 0;
  Rng rng(3);
  for (int game = 0; game < this->kPlayouts; ++game) {
    const std::vector<Action> moves = random_playout<G>(rng);
    auto s = G::initial();
    std::string prefix;
    for (size_t i = 0; i <= moves.size(); ++i) {
      auto [it, inserted] = seen.try_emplace({encoding<G>(s), s.to_move()}, Seen{s.hash(), prefix});
      if (inserted) {
        ++positions_per_hash[s.hash()];
      } else {
        ASSERT_EQ(it->second.hash, s.hash()) << it->second.moves << " vs " << prefix;
        if (it->second.moves != prefix) ++transpositions;
      }
      if (i == moves.size()) break;
      s.play(moves[i]);
      prefix += G::action_to_string(moves[i]);
    }
  }
  for (const auto& [hash, count] : positions_per_hash) ASSERT_EQ(count, 1) << hash;
  EXPECT_GT(seen.size(), 1000u);
  EXPECT_GT(transpositions, 0);
}

TYPED_TEST(GameConformanceTest, ActionNotationRoundTrips) {
  using G = TypeParam;
  for (Action a = 0; a < G::kNumActions; ++a) {
    const std::string text = G::action_to_string(a);
    EXPECT_FALSE(text.empty());
    EXPECT_EQ(G::parse_action(text), a) << text;
  }
  for (std::string_view garbage : {"", "0", "x", "-1", " 1", "1 ", "11", "+", "\n"})
    EXPECT_EQ(G::parse_action(garbage), std::nullopt) << "'" << garbage << "'";
  EXPECT_EQ(G::parse_action(std::to_string(G::kNumActions + 1)), std::nullopt);
}

TYPED_TEST(GameConformanceTest, PositionNotationRoundTrips) {
  using G = TypeParam;
  EXPECT_EQ(position_to_string<G>({}), "-");
  EXPECT_EQ(parse_position<G>("-").hash(), G::initial().hash());
  EXPECT_EQ(parse_position<G>("  -\n").ply(), 0);
  EXPECT_TRUE(parse_moves<G>("-").empty());
  Rng rng(4);
  for (int game = 0; game < this->kPlayouts / 4; ++game) {
    std::vector<Action> moves = random_playout<G>(rng);
    moves.resize(rng() % (moves.size() + 1));  // any prefix, including all or nothing
    const std::string text = position_to_string<G>(moves);
    ASSERT_EQ(parse_moves<G>(" " + text + "\t\n"), moves) << text;
    auto expected = G::initial();
    for (Action a : moves) expected.play(a);
    const auto parsed = parse_position<G>(text);
    EXPECT_EQ(parsed.hash(), expected.hash()) << text;
    EXPECT_EQ(parsed.ply(), expected.ply()) << text;
    EXPECT_EQ(encoding<G>(parsed), encoding<G>(expected)) << text;
  }
}

// Expects parse_position<G>(text) to throw InputError whose message contains `part`.
template <Game G>
void expect_parse_error(const std::string& text, const std::string& part) {
  try {
    parse_position<G>(text);
    ADD_FAILURE() << "no error for '" << text << "'";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(part), std::string::npos)
        << "'" << text << "': " << e.what();
  }
}

TYPED_TEST(GameConformanceTest, PositionNotationErrors) {
  using G = TypeParam;
  expect_parse_error<G>("", "empty");
  expect_parse_error<G>(" \n ", "empty");
  const std::string first = G::action_to_string(0);
  expect_parse_error<G>(first + "x", "bad move 'x' at ply 2 (expected " + first + "-" +
                                         G::action_to_string(G::kNumActions - 1) + ")");
  expect_parse_error<G>(first + " " + first, "bad move ' ' at ply 2");
  expect_parse_error<G>("--", "bad move '-' at ply 1");

  Rng rng(5);
  int illegal_checked = 0;
  for (int game = 0; game < 200; ++game) {
    const std::vector<Action> moves = random_playout<G>(rng);
    const std::string text = position_to_string<G>(moves);
    // Any move after the end.
    expect_parse_error<G>(text + G::action_to_string(0),
                          "move " + G::action_to_string(0) + " at ply " +
                              std::to_string(moves.size() + 1) + " after the game ended");
    // An in-range move that is illegal in a position before the end, if there is one.
    auto s = G::initial();
    for (size_t i = 0; i < moves.size(); ++i) {
      for (Action a = 0; a < G::kNumActions; ++a) {
        if (s.is_legal(a)) continue;
        const std::string prefix = position_to_string<G>({moves.begin(), moves.begin() + i});
        expect_parse_error<G>(
            (i == 0 ? "" : prefix) + G::action_to_string(a),
            "illegal move " + G::action_to_string(a) + " at ply " + std::to_string(i + 1) + ": ");
        ++illegal_checked;
        break;
      }
      s.play(moves[i]);
    }
  }
  EXPECT_GT(illegal_checked, 0);
}

}  // namespace
}  // namespace ida::games
