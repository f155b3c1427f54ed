// End-to-end tests of the command line: the documented formats, error lines
// and exit statuses of analyze, arena, play and train's config checks.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "engine/run_lock.h"
#include "engine/run_store.h"
#include "budget.h"
#include "subprocess.h"

namespace ida {
namespace {
namespace fs = std::filesystem;
using testing::run_ida;

const std::string kTicTacToeModel = std::string(IDA_SOURCE_DIR) + "/models/tictactoe.ckpt";

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(Cli, HelpListsTheSubcommands) {
  auto r = run_ida({"--help"});
  EXPECT_EQ(r.status, 0);
  for (const char* cmd : {"train", "play", "analyze", "arena"})
    EXPECT_NE(r.output.find(cmd), std::string::npos) << cmd;
}

TEST(Cli, AnalyzePrintsMoveAndValueAndNamesBadLines) {
  auto r = run_ida({"analyze", "--game", "tictactoe", "--model", kTicTacToeModel, "--sims", "50"},
                   "-\n1425\n55\n12a\n123456789\n  4\n");
  EXPECT_EQ(r.status, 1) << "bad lines make the exit status non-zero";
  auto lines = lines_of(r.output);
  ASSERT_EQ(lines.size(), 6u) << r.output;
  EXPECT_EQ(lines[0].substr(0, 2), "- ");
  EXPECT_EQ(lines[1].substr(0, 7), "1425 3 ") << "X completes 1-2-3";
  EXPECT_EQ(lines[2], "55 error: illegal move 5 at ply 2: cell taken");
  EXPECT_EQ(lines[3], "12a error: bad move 'a' at ply 3 (expected 1-9)");
  EXPECT_NE(lines[4].find("error:"), std::string::npos);
  EXPECT_EQ(lines[5].substr(0, 2), "4 ") << "surrounding blanks are ignored";
  double value = std::stod(lines[1].substr(7));
  EXPECT_GT(value, 0.5) << "a won position has a high value";
}

TEST(Cli, AnalyzeRawPolicyAndCleanInputExitZero) {
  auto r = run_ida({"analyze", "--game", "tictactoe", "--model", kTicTacToeModel, "--sims", "0"},
                   "1425\n");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(r.output.substr(0, 7), "1425 3 ");
}

TEST(Cli, MissingOrForeignModelIsAClearError) {
  auto r = run_ida({"analyze", "--game", "connect4", "--model", kTicTacToeModel}, "-\n");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("tictactoe"), std::string::npos) << r.output;
  r = run_ida({"analyze", "--game", "tictactoe", "--model", "/nonexistent.ckpt"}, "-\n");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("/nonexistent.ckpt"), std::string::npos) << r.output;
  r = run_ida({"analyze", "--game", "chess"}, "-\n");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("unknown game 'chess'"), std::string::npos) << r.output;
}

TEST(Cli, ArenaReportsScoreWithConfidenceInterval) {
  auto r = run_ida({"arena", "--game", "tictactoe", "--a", kTicTacToeModel, "--b", "minimax",
                    "--games", "20", "--sims", "100", "--opening-moves", "0"});
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("0 losses"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("(95% CI)"), std::string::npos) << r.output;
  r = run_ida({"arena", "--game", "tictactoe", "--a", "minimax", "--b", "random", "--games", "20"});
  ASSERT_EQ(r.status, 0) << r.output;
  auto at = r.output.find("score of minimax: ");
  ASSERT_NE(at, std::string::npos) << r.output;
  EXPECT_GT(std::stod(r.output.substr(at + 18)), 0.8);
}

TEST(Cli, PlayAgainstTheAgentInTheTerminal) {
  // The human tries cells 1..9 in order; taken cells are refused and the game goes on.
  auto r = run_ida({"play", "--game", "tictactoe", "--model", kTicTacToeModel},
                   "1\n2\n3\n4\n5\n6\n7\n8\n9\n");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("A plays"), std::string::npos);
  EXPECT_NE(r.output.find("is not a legal move"), std::string::npos) << r.output;
  bool ended = r.output.find("A wins") != std::string::npos ||
               r.output.find("draw") != std::string::npos;
  EXPECT_TRUE(ended) << r.output;
  EXPECT_EQ(r.output.find("you win"), std::string::npos) << r.output;
}

// A second trainer on a held run is refused at once (exit 2, the holder's pid); the run's
// store is not touched.
TEST(Cli, TrainRefusesARunAnotherProcessHolds) {
  fs::path dir = fs::temp_directory_path() / ("ida_cli_lock_" + std::to_string(getpid()));
  fs::create_directories(dir);
  {
    engine::RunLock held(dir);
    auto r = run_ida({"train", "--quiet", "--set", "rounds=1", "--run", dir.string()});
    EXPECT_EQ(r.status, 2) << r.output;
    EXPECT_NE(r.output.find("is in use by pid " + std::to_string(getpid())), std::string::npos)
        << r.output;
    EXPECT_FALSE(fs::exists(dir / "run.db"));
  }
  fs::remove_all(dir);
}

TEST(Cli, TrainRejectsUnknownKeysAndOutOfRangeValues) {
  fs::path dir = fs::temp_directory_path() / ("ida_cli_" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "bad.toml") << "game = \"tictactoe\"\n[search]\nsimulatons = 10\n";
  auto r = run_ida({"train", "--config", (dir / "bad.toml").string(), "--run", (dir / "run").string()});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("search.simulatons"), std::string::npos) << r.output;
  r = run_ida({"train", "--set", "search.c_puct=-1", "--run", (dir / "run").string()});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("search.c_puct"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir / "run" / "run.db")) << "nothing is created for a bad config";
  fs::remove_all(dir);
}

TEST(Cli, TrainWarmStartsFromATrainedAgent) {
  fs::path dir = fs::temp_directory_path() / ("ida_init_" + std::to_string(getpid()));
  fs::remove_all(dir);
  std::vector<std::string> args = {"train", "--quiet", "--run", dir.string(), "--init",
                                   kTicTacToeModel, "--set", "rounds=1",
                                   "--set", "selfplay.games_per_round=100",
                                   "--set", "assess.reference_games=0",
                                   "--set", "assess.arena_games=0"};
  auto r = run_ida(args);
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("starting from the agent in"), std::string::npos) << r.output;
  // The trained agent is already optimal almost everywhere (a fresh one: ~0.87)
  // and predicts its amplification well (a fresh one's gap: ~0.4).
  {
    engine::RunStore store(dir / "run.db");
    auto rounds = store.rounds();
    ASSERT_EQ(rounds.size(), 1u);
    double optimal = -1, gap = -1;
    for (const auto& [name, value] : rounds[0].metrics) {
      if (name == "optimal_moves") optimal = value;
      if (name == "gap") gap = value;
    }
    EXPECT_GE(optimal, 0.99);
    EXPECT_LT(gap, 0.1);
    EXPECT_NE(store.get("initialized_from").value_or("").find("tictactoe.ckpt"),
              std::string::npos);
  }
  // Rerunning resumes the run itself; --init no longer applies.
  args[7] = "rounds=2";
  r = run_ida(args);
  EXPECT_NE(r.output.find("--init ignored"), std::string::npos) << r.output;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace ida

namespace ida {
namespace {

// The shipped Connect Four agent (models/connect4.ckpt) is the default model.
TEST(ShippedConnect4, AnalyzeAndPlayWorkOutOfTheBox) {
  auto r = testing::run_ida({"analyze", "--game", "connect4", "--sims", "200"}, "-\n4444443\n");
  ASSERT_EQ(r.status, 0) << r.output;
  auto lines = lines_of(r.output);
  ASSERT_EQ(lines.size(), 2u) << r.output;
  EXPECT_EQ(lines[0].substr(0, 4), "- 4 ") << "the centre column is the only winning opening";
  r = testing::run_ida({"play", "--game", "connect4", "--sims", "50"}, "4\nq\n");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("A plays"), std::string::npos) << r.output;
}

// The acceptance figure of the shipped agent: with 400 simulations it beats pure
// MCTS with 1000 random-rollout simulations in at least 90% of 100 games (label long; 20
// games under the sanitizers, where rollouts run about 20 times slower).
TEST(ShippedConnect4, BeatsRolloutMctsWithAThousandSimulations) {
  const std::string games = std::to_string(testing::budget(100, 20));
  auto r = testing::run_ida({"arena", "--game", "connect4", "--b", "mcts:1000", "--games", games,
                             "--sims", "400", "--threads", "2"});
  ASSERT_EQ(r.status, 0) << r.output;
  auto at = r.output.find("score of ");
  ASSERT_NE(at, std::string::npos) << r.output;
  auto colon = r.output.find(": ", at);
  EXPECT_GE(std::stod(r.output.substr(colon + 2)), 0.9) << r.output;
}

}  // namespace
}  // namespace ida
