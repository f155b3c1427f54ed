// Grading against the Connect Four solver: the stored graded set (it parses, its scores are the
// solver's), the set's text format and generator, the solver's opening book and player, and
// the grading of moves.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "error_of.h"
#include "fake_evaluator.h"
#include "games/notation.h"
#include "search/connect4_solver.h"
#include "selfplay/connect4_book.h"
#include "selfplay/connect4_graded_set.h"
#include "selfplay/connect4_grading.h"

namespace ida {
namespace {
namespace fs = std::filesystem;
using games::ConnectFour;
using selfplay::GradedPosition;
using selfplay::kGamePhases;
using testing::error_of;

const fs::path kShippedSet = fs::path(IDA_SOURCE_DIR) / "data" / "connect4-graded.txt";
const fs::path kShippedBook = fs::path(IDA_SOURCE_DIR) / "data" / "connect4-book.txt";

fs::path scratch_file(const std::string& name, const std::string& text) {
  fs::path p = fs::temp_directory_path() / ("ida_eval_" + std::to_string(getpid()) + "_" + name);
  std::ofstream(p) << text;
  return p;
}

// The shipped set (600 opening, 750 middle and 750 end positions) holds only decisive
// positions, each once, so every position can tell a result-keeping move from one that is not.
TEST(GradedSet, ShippedFileParsesAndCoversEveryPhase) {
  const auto set = selfplay::read_graded_set(kShippedSet);
  std::array<int, 3> count{}, decisive{};
  std::set<std::string> seen;
  for (const auto& p : set) {
    ++count[p.phase];
    decisive[p.phase] += p.decisive();
    EXPECT_TRUE(seen.insert(p.moves).second) << "repeated " << p.moves;
    EXPECT_TRUE(p.decisive()) << p.moves << ": no move changes the result";
  }
  EXPECT_EQ(count, (std::array<int, 3>{600, 750, 750}));
  EXPECT_EQ(decisive, count);
  EXPECT_EQ(selfplay::default_graded_set_path().filename(), "connect4-graded.txt");
}

// The stored scores are the solver's: every end position, every 10th middle-game one and the
// cheapest opening ones (11 stones), which take milliseconds to a second each.
TEST(GradedSet, ShippedScoresAgreeWithTheSolver) {
  const auto set = selfplay::read_graded_set(kShippedSet);
  search::Connect4Solver solver;
  int checked = 0, middle = 0, opening = 0;
  for (const auto& p : set) {
    const auto s = p.state();
    const bool check = p.phase == 2 || (p.phase == 1 && middle++ % 10 == 0) ||
                       (p.phase == 0 && s.ply() == 11 && opening++ < 3);
    if (!check) continue;
    EXPECT_EQ(solver.column_scores(s), p.scores) << p.moves;
    ++checked;
  }
  EXPECT_GT(checked, 200);
}

TEST(GradedSet, OptimalAndResultPreservingMoves) {
  GradedPosition won{"444", 0, {1, 5, 5, std::nullopt, -2, 0, 3}};
  EXPECT_EQ(won.best(), 5);
  EXPECT_TRUE(won.optimal(1) && won.optimal(2));
  EXPECT_FALSE(won.optimal(0));
  EXPECT_TRUE(won.preserves_result(0)) << "a slower win still wins";
  EXPECT_FALSE(won.preserves_result(5)) << "a draw gives up the win";
  EXPECT_FALSE(won.preserves_result(3)) << "a full column is no move";
  EXPECT_FALSE(won.preserves_result(-1));
  GradedPosition drawn{"444", 0, {0, -1, 0, std::nullopt, -9, -3, 0}};
  EXPECT_TRUE(drawn.preserves_result(0) && drawn.optimal(6));
  EXPECT_FALSE(drawn.preserves_result(1));
  GradedPosition lost{"444", 0, {-1, -3, -9, std::nullopt, -2, -1, -5}};
  EXPECT_TRUE(lost.optimal(0) && lost.optimal(5));
  EXPECT_FALSE(lost.optimal(2));
  EXPECT_TRUE(lost.preserves_result(2)) << "in a lost position every move keeps the result";
  EXPECT_TRUE(won.decisive() && drawn.decisive());
  EXPECT_FALSE(lost.decisive()) << "no move changes a loss";
  GradedPosition all_win{"444", 0, {1, 5, 5, std::nullopt, 2, 1, 3}};
  EXPECT_FALSE(all_win.decisive()) << "every move wins";
  GradedPosition all_draw{"444", 0, {0, 0, 0, std::nullopt, 0, 0, 0}};
  EXPECT_FALSE(all_draw.decisive());
}

TEST(GradedSet, FormatRoundTripsAndBadLinesNameTheLine) {
  GradedPosition p{"445344", 0, {-1, 2, 0, -3, 1, 0, -4}};
  p.scores[3] = std::nullopt;  // column 4 holds 5 stones: not full, so this line is bad
  const std::string good = "445344 opening -1 2 0 -3 1 0 -4";
  auto file = scratch_file("ok.txt", "# comment\n\n" + good + "\n");
  const auto set = selfplay::read_graded_set(file);
  ASSERT_EQ(set.size(), 1u);
  EXPECT_EQ(selfplay::format_graded_line(set[0]), good);

  auto error_for = [&](const std::string& line) {
    auto f = scratch_file("bad.txt", "# header\n" + line + "\n");
    std::string e = error_of([&] { selfplay::read_graded_set(f); });
    fs::remove(f);
    return e;
  };
  EXPECT_NE(error_for(selfplay::format_graded_line(p)).find("line 2: column 4 is not full"),
            std::string::npos);
  EXPECT_NE(error_for("445344 middle -1 2 0 -3 1 0 -4").find("not in the middle"),
            std::string::npos);
  EXPECT_NE(error_for("445344 opening -1 2 0 -3 1 0").find("want 7 column scores"),
            std::string::npos);
  EXPECT_NE(error_for("445344 opening -1 2 x -3 1 0 -4").find("bad score 'x'"),
            std::string::npos);
  EXPECT_NE(error_for("445344 opening -1 2 0 -3 1 0 19").find("bad score '19'"),
            std::string::npos);
  EXPECT_NE(error_for("445344 opening -1 2 0 -3 1 0 -4 5").find("unexpected '5'"),
            std::string::npos);
  EXPECT_NE(error_for("445384 opening -1 2 0 -3 1 0 -4").find("bad move '8'"),
            std::string::npos);
  EXPECT_NE(error_for("445344 early -1 2 0 -3 1 0 -4").find("unknown phase 'early'"),
            std::string::npos);
  auto empty = scratch_file("empty.txt", "# nothing\n");
  EXPECT_NE(error_of([&] { selfplay::read_graded_set(empty); }).find("no graded positions"),
            std::string::npos);
  EXPECT_NE(error_of([] { selfplay::read_graded_set("/nonexistent/set.txt"); })
                .find("/nonexistent/set.txt"),
            std::string::npos);
  fs::remove(file);
  fs::remove(empty);
}

// The middle and end phases are cheap to make: the generator is checked there.
TEST(GradedSet, MakingIsDeterministicDecisiveAndGradedByTheSolver) {
  selfplay::GradedSetOptions options;
  options.per_phase = {0, 6, 6};
  options.seed = 7;
  options.solver_table_mb = 16;
  selfplay::GradedSetCost cost;
  const auto set = selfplay::make_graded_set(options, &cost);
  ASSERT_EQ(set.size(), 12u);
  EXPECT_EQ(cost.games % 64, 0);
  EXPECT_GT(cost.games, 0);
  search::Connect4Solver solver(16);
  std::set<std::string> seen;
  for (size_t i = 0; i < set.size(); ++i) {
    const auto s = set[i].state();
    EXPECT_EQ(set[i].phase, i < 6 ? 1 : 2);
    EXPECT_EQ(selfplay::phase_of_ply(s.ply()), set[i].phase);
    EXPECT_EQ(solver.column_scores(s), set[i].scores) << set[i].moves;
    EXPECT_TRUE(set[i].decisive()) << set[i].moves;
    EXPECT_TRUE(seen.insert(set[i].moves).second);
  }
  for (int phase : {1, 2}) {
    EXPECT_GE(cost.candidates[phase], cost.decisive[phase]);
    EXPECT_GE(cost.decisive[phase], 6);
    const auto& by_style = cost.taken_by_style[phase];
    EXPECT_EQ(by_style[0] + by_style[1] + by_style[2], 6);
  }
  // Random games end early; the middle game still gets positions from more than one style.
  const auto& middle = cost.taken_by_style[1];
  EXPECT_GE((middle[0] > 0) + (middle[1] > 0) + (middle[2] > 0), 2);
  options.threads = 2;  // the same set, whichever thread grades what
  const auto again = selfplay::make_graded_set(options);
  ASSERT_EQ(again.size(), set.size());
  for (size_t i = 0; i < set.size(); ++i) EXPECT_EQ(again[i].moves, set[i].moves);
  options.seed = 8;
  options.per_phase = {0, 1, 0};
  EXPECT_NE(selfplay::make_graded_set(options)[0].moves, set[0].moves);
}

// A stopped run resumes from the candidate cache: the same set, the cached scores and costs
// used instead of solving again, a damaged cache an error naming the file and line.
TEST(GradedSet, MakingResumesFromTheCandidateCache) {
  selfplay::GradedSetOptions options;
  options.per_phase = {0, 4, 4};
  options.seed = 7;
  options.solver_table_mb = 16;
  options.candidate_cache = scratch_file("cache", "");
  fs::remove(options.candidate_cache);
  selfplay::GradedSetCost first_cost;
  const auto first = selfplay::make_graded_set(options, &first_cost);
  std::ifstream in(options.candidate_cache);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  in.close();
  ASSERT_EQ(lines.size(), static_cast<size_t>(first_cost.candidates[1] + first_cost.candidates[2]));

  // Mark one cached candidate with a node count no solve of it could give.
  const size_t cut = lines[0].find_last_of(' ');
  lines[0] = lines[0].substr(0, cut) + " 123456789012";
  std::string text;
  for (const auto& l : lines) text += l + "\n";
  std::ofstream(options.candidate_cache) << text;
  selfplay::GradedSetCost resumed_cost;
  const auto resumed = selfplay::make_graded_set(options, &resumed_cost);
  ASSERT_EQ(resumed.size(), first.size());
  for (size_t i = 0; i < first.size(); ++i) {
    EXPECT_EQ(resumed[i].moves, first[i].moves);
    EXPECT_EQ(resumed[i].scores, first[i].scores);
  }
  uint64_t first_nodes = 0, resumed_nodes = 0;
  for (int phase : {1, 2}) {
    first_nodes += first_cost.grading_nodes[phase];
    resumed_nodes += resumed_cost.grading_nodes[phase];
  }
  const uint64_t marked_nodes = 123456789012ull;
  EXPECT_GT(resumed_nodes, marked_nodes);
  EXPECT_LT(resumed_nodes, marked_nodes + first_nodes);

  std::ofstream(options.candidate_cache) << lines[1] << "\n44 middle 1 2 3\n";
  const std::string error = error_of([&] { selfplay::make_graded_set(options); });
  EXPECT_NE(error.find(options.candidate_cache.string() + " line 2"), std::string::npos) << error;
  fs::remove(options.candidate_cache);
}

TEST(GradedSet, Phases) {
  EXPECT_EQ(selfplay::phase_of_ply(5), -1);
  EXPECT_EQ(selfplay::phase_of_ply(6), 0);
  EXPECT_EQ(selfplay::phase_of_ply(11), 0);
  EXPECT_EQ(selfplay::phase_of_ply(12), 1);
  EXPECT_EQ(selfplay::phase_of_ply(24), 2);
  EXPECT_EQ(selfplay::phase_of_ply(41), 2);
  EXPECT_EQ(selfplay::phase_named("end"), 2);
  EXPECT_EQ(selfplay::phase_named("late"), -1);
}

TEST(Connect4Book, MirrorImagesAndTranspositionsShareAnEntry) {
  selfplay::Connect4Book book;
  const auto s = games::parse_position<ConnectFour>("1234");
  book.insert(s, {4, 0});
  EXPECT_EQ(book.find(s), (std::vector<games::Action>{0, 4}));
  EXPECT_EQ(book.find(games::parse_position<ConnectFour>("7654")),
            (std::vector<games::Action>{2, 6}))
      << "the mirror image";
  EXPECT_EQ(book.find(games::parse_position<ConnectFour>("3214")),
            (std::vector<games::Action>{0, 4}))
      << "a transposition";
  EXPECT_FALSE(book.find(games::parse_position<ConnectFour>("1243")));
  EXPECT_EQ(book.size(), 1u);
}

TEST(Connect4Book, ShippedBookParsesAndStartsInTheCentre) {
  if (!fs::exists(kShippedBook)) GTEST_SKIP() << "no " << kShippedBook;
  selfplay::Connect4Book book;
  book.load(kShippedBook);
  EXPECT_EQ(book.find(ConnectFour::initial()), (std::vector<games::Action>{3}))
      << "only the centre wins the empty board";
  for (int c = 0; c < 7; ++c)
    EXPECT_TRUE(book.find(games::parse_position<ConnectFour>(std::string(1, '1' + c)))) << c;
}

TEST(Connect4Book, BadLinesNameTheLine) {
  auto f = scratch_file("book.txt", "# header\n- 4\n44 48\n");
  selfplay::Connect4Book book;
  EXPECT_NE(error_of([&] { book.load(f); }).find("line 3: '8' is not a legal column of 44"),
            std::string::npos);
  std::ofstream(f) << "444444 4\n";
  EXPECT_NE(error_of([&] { book.load(f); }).find("line 1: '4' is not a legal column"),
            std::string::npos);
  std::ofstream(f) << "44\n";
  EXPECT_NE(error_of([&] { book.load(f); }).find("no optimal columns"), std::string::npos);
  fs::remove(f);
}

// The book of a middle-game root (fast to solve) agrees with the solver everywhere, and
// covers exactly the solver's positions: the root, every reply, and the positions after the
// solver's optimal moves and any answer.
TEST(Connect4Book, MadeBookAgreesWithTheSolver) {
  search::Connect4Solver maker(16), checker(16);
  const std::string root = "44237622774436";  // lost by 4 for the mover: no move ends the game
  int solves = 0;
  const auto lines =
      selfplay::make_book_lines(root, 2, maker, [&](const std::string&, double) { ++solves; });
  EXPECT_GT(solves, 7);
  const auto root_state = games::parse_position<ConnectFour>(root);
  std::set<std::string> positions;
  for (const auto& line : lines) {
    const auto space = line.find(' ');
    const std::string moves = line.substr(0, space);
    const auto s = games::parse_position<ConnectFour>(moves);
    std::vector<games::Action> optimal;
    for (char c : line.substr(space + 1)) optimal.push_back(c - '1');
    EXPECT_EQ(checker.optimal_actions(s), optimal) << line;
    positions.insert(moves);
  }
  EXPECT_TRUE(positions.count(root));
  for (auto a : root_state.legal_actions())
    EXPECT_TRUE(positions.count(root + ConnectFour::action_to_string(a))) << a;
  EXPECT_GT(positions.size(), 14u) << "the root, 7 replies and the solver's next positions";
  for (auto a : checker.optimal_actions(root_state)) {
    auto s = root_state;
    s.play(a);
    for (auto b : s.legal_actions())
      if (auto t = s; (t.play(b), !t.is_terminal()))
        EXPECT_TRUE(positions.count(root + ConnectFour::action_to_string(a) +
                                    ConnectFour::action_to_string(b)));
  }
}

TEST(Connect4Book, SolverPlayerReadsTheBookThenRemembersItsSolves) {
  auto book = std::make_shared<selfplay::Connect4Book>();
  auto solver = std::make_shared<search::Connect4Solver>(16);
  auto player = selfplay::solver_player(solver, book);
  Rng rng(1);
  const auto s = games::parse_position<ConnectFour>("4453262422466155");
  book->insert(s, {0});  // not optimal: proves the book is read first
  EXPECT_EQ(player.pick(s, rng), 0);
  const auto t = games::parse_position<ConnectFour>("44532624224661551");
  const auto optimal = solver->optimal_actions(t);
  for (int i = 0; i < 10; ++i) {
    auto a = player.pick(t, rng);
    EXPECT_NE(std::find(optimal.begin(), optimal.end(), a), optimal.end());
  }
  EXPECT_EQ(book->size(), 2u) << "the solve is remembered";
}

TEST(Connect4Grading, CountsOptimalAndPreservingMovesPerPhase) {
  std::vector<GradedPosition> set = {
      {"445344", 0, {-1, 2, 0, -3, 1, 2, -4}},
      {"4453444455", 0, {0, 0, -2, std::nullopt, -3, -5, 0}},
      {"445344445566", 1, {-5, -2, -2, std::nullopt, -2, -2, -3}},  // lost: not decisive
  };
  auto g = selfplay::grade_moves(set, {4, 2, 0});
  EXPECT_EQ(g.phase[0].positions, 2);
  EXPECT_EQ(g.phase[0].decisive, 2);
  EXPECT_EQ(g.phase[0].optimal, 0);
  EXPECT_EQ(g.phase[0].preserving, 1) << "a slower win keeps the win, losing a draw does not";
  EXPECT_EQ(g.phase[1].positions, 1);
  EXPECT_EQ(g.phase[1].decisive, 0);
  EXPECT_EQ(g.phase[1].optimal, 0);
  EXPECT_EQ(g.phase[1].preserving, 0) << "a lost position is not graded for the result";
  EXPECT_EQ(g.phase[2].positions, 0);
  EXPECT_EQ(g.overall().positions, 3);
  EXPECT_EQ(g.overall().decisive, 2);
  EXPECT_DOUBLE_EQ(g.overall().preserving_share(), 1.0 / 2);
  EXPECT_DOUBLE_EQ(g.overall().decisive_share(), 2.0 / 3);
  g = selfplay::grade_moves(set, {1, 6, 1});
  EXPECT_DOUBLE_EQ(g.overall().optimal_share(), 1.0);
  EXPECT_DOUBLE_EQ(g.overall().preserving_share(), 1.0);
}

TEST(Connect4Grading, AgentMovesAreLegalForRawPolicyAndSearch) {
  const auto set = selfplay::read_graded_set(kShippedSet);
  const std::vector<GradedPosition> sample(set.begin(), set.begin() + 40);
  testing::FakeEvaluator uniform(7);
  for (int sims : {0, 16}) {
    const auto moves = selfplay::agent_moves(sample, uniform, sims);
    ASSERT_EQ(moves.size(), sample.size());
    for (size_t i = 0; i < sample.size(); ++i)
      EXPECT_TRUE(sample[i].state().is_legal(moves[i])) << sample[i].moves;
  }
  EXPECT_GT(uniform.positions, 40 + 40 * 10) << "about one evaluation per simulation";
}

}  // namespace
}  // namespace ida
