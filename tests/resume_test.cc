// Kill `ida train` with SIGKILL in the middle of a round, rerun the same
// command, and check that every completed round survived untouched and that
// the resumed run ends exactly where an uninterrupted run ends.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "core/atomic_file.h"
#include "engine/instance.h"
#include "engine/run_store.h"
#include "small_runs.h"
#include "subprocess.h"

namespace ida {
namespace {
namespace fs = std::filesystem;

// Rounds of about half a second here, so that a kill soon after round 2 lands inside round 3.
std::vector<std::string> train_args(const fs::path& run) {
  testing::SmallRun r;
  r.games = 480;
  return testing::small_run_args(run, r);
}

struct Snapshot {
  std::vector<engine::RunStore::RoundRecord> rounds;
};

Snapshot snapshot(const fs::path& run) {
  engine::RunStore store(run / "run.db");
  return {store.rounds(/*with_games=*/true)};
}

TEST(Resume, SigkillMidRoundLosesNothingCompletedAndResumesExactly) {
  fs::path dir = fs::temp_directory_path() / ("ida_resume_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);

  // Reference: the same run, never interrupted.
  auto ref = testing::run_ida(train_args(dir / "ref"));
  ASSERT_EQ(ref.status, 0) << ref.output;
  Snapshot expected = snapshot(dir / "ref");
  ASSERT_EQ(expected.rounds.size(), 4u);

  // Kill the run while round 3 is in flight.
  fs::path run = dir / "killed";
  pid_t pid = testing::spawn_ida(train_args(run), (dir / "killed.log").string());
  for (int i = 0; i < 6000; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (fs::exists(run / "run.db") && engine::RunStore(run / "run.db").last_round() >= 2) break;
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  kill(pid, SIGKILL);
  EXPECT_EQ(testing::wait_ida(pid), 128 + SIGKILL);
  Snapshot before = snapshot(run);
  ASSERT_GE(before.rounds.size(), 2u);
  EXPECT_LT(before.rounds.size(), 4u) << "the kill came after the run had finished";

  // Rerun the same command: it resumes and finishes.
  auto resumed = testing::run_ida(train_args(run));
  ASSERT_EQ(resumed.status, 0) << resumed.output;
  EXPECT_NE(resumed.output.find("resuming after round " + std::to_string(before.rounds.size())),
            std::string::npos)
      << resumed.output;
  Snapshot after = snapshot(run);
  ASSERT_EQ(after.rounds.size(), 4u);
  for (size_t r = 0; r < before.rounds.size(); ++r)
    testing::expect_same_round(before.rounds[r], after.rounds[r]);
  // Exact resume: identical to the uninterrupted run, checkpoints included.
  for (size_t r = 0; r < 4; ++r) testing::expect_same_round(expected.rounds[r], after.rounds[r]);
  EXPECT_TRUE(testing::same_agent_outputs(run / "round-0004.ckpt", dir / "ref" / "round-0004.ckpt"))
      << "the resumed agent differs from the uninterrupted one";
  fs::remove_all(dir);
}

TEST(Resume, ChangedConfigIsRefusedAndCorruptCheckpointNamed) {
  fs::path dir = fs::temp_directory_path() / ("ida_refuse_" + std::to_string(getpid()));
  fs::remove_all(dir);
  auto args = train_args(dir);
  args[5] = "rounds=1";
  auto first = testing::run_ida(args);
  ASSERT_EQ(first.status, 0) << first.output;

  auto changed = args;
  changed[7] = "selfplay.games_per_round=7";
  auto refused = testing::run_ida(changed);
  EXPECT_EQ(refused.status, 2);
  EXPECT_NE(refused.output.find("selfplay.games_per_round"), std::string::npos) << refused.output;

  // Corrupt the checkpoint: the resume names the file and the problem.
  std::string bytes = read_file(dir / "round-0001.ckpt");
  bytes[bytes.size() - 10] ^= 0x55;
  write_file_atomically(dir / "round-0001.ckpt", bytes);
  args[5] = "rounds=2";
  auto corrupt = testing::run_ida(args);
  EXPECT_EQ(corrupt.status, 2);
  EXPECT_NE(corrupt.output.find("round-0001.ckpt"), std::string::npos) << corrupt.output;
  EXPECT_NE(corrupt.output.find("corrupt"), std::string::npos) << corrupt.output;
  EXPECT_EQ(engine::RunStore(dir / "run.db").last_round(), 1) << "nothing stored was lost";
  fs::remove_all(dir);
}

}  // namespace
}  // namespace ida
