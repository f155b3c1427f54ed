// End-to-end tests of `ida eval --vs solver` and `ida curve`: the report's format, the grades
// stored in the run store, and clear errors for bad input.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/atomic_file.h"
#include "engine/run_store.h"
#include "subprocess.h"

namespace ida {
namespace {
namespace fs = std::filesystem;
using testing::run_ida;

const std::string kModel = std::string(IDA_SOURCE_DIR) + "/models/connect4.ckpt";

fs::path scratch_dir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("ida_" + name + "_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// A small graded set: end positions of the shipped one.
fs::path small_set(const fs::path& dir) {
  std::ifstream in(fs::path(IDA_SOURCE_DIR) / "data" / "connect4-graded.txt");
  std::string text, line;
  int kept = 0;
  while (std::getline(in, line) && kept < 30)
    if (line.find(" end ") != std::string::npos) text += line + "\n", ++kept;
  write_file_atomically(dir / "set.txt", text);
  return dir / "set.txt";
}

TEST(EvalCli, GradesTheShippedModelPerPhase) {
  auto r = run_ida({"eval", "--game", "connect4", "--vs", "solver", "--sims", "0,8", "--games",
                    "0"});
  ASSERT_EQ(r.status, 0) << r.output;
  for (const char* what : {"preserve the game-theoretic result", "share of optimal moves",
                           "opening", "middle", "end", "all", "sims"})
    EXPECT_NE(r.output.find(what), std::string::npos) << what << "\n" << r.output;
  EXPECT_EQ(r.output.find("games against the solver"), std::string::npos) << "--games 0";
}

TEST(EvalCli, BadInputIsAClearError) {
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"--vs", "human"}, "unknown --vs 'human' (known: solver)"},
      {{}, "missing --vs"},
      {{"--vs", "solver", "--sims", "0,abc"}, "bad --sims '0,abc'"},
      {{"--vs", "solver", "--sims", "-5"}, "bad --sims '-5'"},
      {{"--vs", "solver", "--model", "/nonexistent.ckpt"}, "/nonexistent.ckpt"},
      {{"--vs", "solver", "--positions", "/nonexistent/set.txt"}, "/nonexistent/set.txt"},
      {{"--make-positions", "5"}, "need --out"},
      {{"--make-positions", "1,2", "--out", "/tmp/x"}, "one per phase"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> args = {"eval", "--game", "connect4"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    auto r = run_ida(args);
    EXPECT_EQ(r.status, 2) << r.output;
    EXPECT_NE(r.output.find(c.message), std::string::npos) << c.message << "\n" << r.output;
  }
  auto r = run_ida({"eval", "--game", "tictactoe", "--vs", "solver"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("needs --game connect4"), std::string::npos) << r.output;
  r = run_ida({"eval", "--game", "connect4", "--vs", "solver", "--model",
               std::string(IDA_SOURCE_DIR) + "/models/tictactoe.ckpt"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("tictactoe"), std::string::npos) << r.output;
}

// Two rounds whose checkpoints are the shipped model: the curve grades both, stores the
// grades, and a second call reads them back instead of grading again.
TEST(EvalCli, CurveGradesRoundsOnceAndWritesAnSvg) {
  const fs::path dir = scratch_dir("curve");
  const fs::path set = small_set(dir);
  const fs::path run = dir / "run";
  fs::create_directories(run);
  {
    engine::RunStore store(run / "run.db");
    for (int round = 1; round <= 3; ++round) {
      engine::RunStore::RoundRecord r;
      r.round = round;
      r.wall_seconds = 60;
      r.metrics = {{"positions", 1000.0}, {"wall_s", 60.0}};
      r.checkpoint_file = "round-000" + std::to_string(round) + ".ckpt";
      fs::copy_file(kModel, run / r.checkpoint_file);
      store.commit_round(r);
    }
  }
  const std::vector<std::string> args = {"curve", "--run", run.string(), "--every", "2",
                                         "--positions", set.string(), "--out",
                                         (dir / "c.svg").string()};
  auto r = run_ida(args);
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("graded 2 checkpoints (0 read from the run stores)"),
            std::string::npos)
      << "rounds 2 and 3 (every 2nd and the last)\n"
      << r.output;
  const std::string svg = read_file(dir / "c.svg");
  EXPECT_NE(svg.find("against self-play positions"), std::string::npos);
  EXPECT_NE(svg.find("against training wall time"), std::string::npos);
  r = run_ida(args);
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("graded 0 checkpoints (2 read from the run stores)"),
            std::string::npos)
      << r.output;
  r = run_ida({"curve", "--run", (dir / "nothing").string(), "--out", (dir / "d.svg").string()});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("not an ida run"), std::string::npos) << r.output;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace ida
