// The kill campaign: `ida train` is killed with SIGKILL again and again (at random moments and
// at every kill point: half-written, synced and renamed checkpoint files, a store transaction
// before and after its COMMIT), restarted with the same command each time, and must lose no
// completed round and end exactly where an uninterrupted run ends.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <random>
#include <thread>

#include "engine/instance.h"
#include "engine/run_store.h"
#include "small_runs.h"
#include "subprocess.h"

namespace ida {
namespace {
namespace fs = std::filesystem;
using Round = engine::RunStore::RoundRecord;

constexpr int kRounds = 8;

std::vector<std::string> train_args(const fs::path& run) {
  return testing::small_run_args(run, {.rounds = kRounds, .games = 40});
}

std::vector<Round> committed(const fs::path& run) {
  if (!fs::exists(run / "run.db")) return {};
  return engine::RunStore(run / "run.db").rounds(/*with_games=*/true);
}

const char* const kKillPoints[] = {"atomic-write.half", "atomic-write.synced",
                                   "atomic-write.renamed", "store.before-commit",
                                   "store.committed"};

// One way to kill the trainer: the n-th time it reaches a kill point, or after a delay.
struct Kill {
  std::string point;  // empty: after `delay`
  int hit = 1;
  std::chrono::milliseconds delay{0};
};

// The i-th kill: even ones at the kill points in turn (first and second hits), odd ones at a
// random moment within the first round and a half after start-up, measured on the reference.
Kill kill_number(int i, std::chrono::milliseconds startup, std::chrono::milliseconds round,
                 std::mt19937_64& rng) {
  if (i % 2 == 0) return {kKillPoints[(i / 2) % 5], 1 + (i / 10) % 2, {}};
  std::uniform_int_distribution<int64_t> moment(0, round.count() * 3 / 2);
  return {"", 1, startup + std::chrono::milliseconds(moment(rng))};
}

// The finished run equals the reference: every round, and the final agent's outputs.
void expect_like_reference(const fs::path& run, const fs::path& reference_run,
                           const std::vector<Round>& reference) {
  const auto rounds = committed(run);
  ASSERT_EQ(rounds.size(), reference.size());
  for (size_t r = 0; r < rounds.size(); ++r) testing::expect_same_round(reference[r], rounds[r]);
  const std::string last = reference.back().checkpoint_file;
  EXPECT_TRUE(testing::same_agent_outputs(run / last, reference_run / last))
      << "the killed run's agent differs from the uninterrupted one";
}

TEST(KillCampaign, TwentyTwoOrMoreSigkillsLoseNoRoundAndEndLikeAnUninterruptedRun) {
  const fs::path dir = fs::temp_directory_path() / ("ida_kill_campaign_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const auto start = std::chrono::steady_clock::now();
  const auto reference_run = testing::run_ida(train_args(dir / "reference"));
  ASSERT_EQ(reference_run.status, 0) << reference_run.output;
  const auto run_time = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  const auto reference = committed(dir / "reference");
  ASSERT_EQ(reference.size(), static_cast<size_t>(kRounds));
  double round_seconds = 0;
  for (const auto& r : reference) round_seconds += r.wall_seconds / kRounds;
  const std::chrono::milliseconds round(static_cast<int64_t>(1000 * round_seconds) + 1);
  const auto startup = std::max(std::chrono::milliseconds(0), run_time - kRounds * round);

  // Kill, restart, repeat, until 22 kills with each kill point at least twice among them. A
  // run that finishes before its kill comes is checked against the reference and started
  // again from nothing.
  const fs::path run = dir / "killed";
  std::mt19937_64 rng(2026);
  std::vector<Round> before;
  int killed = 0, finished = 0;
  std::map<std::string, int> at_point;  // kills at each kill point
  auto done = [&] {
    if (killed < 22) return false;
    for (const char* p : kKillPoints)
      if (at_point[p] < 2) return false;
    return true;
  };
  for (int i = 0; !done(); ++i) {
    ASSERT_LT(i, 200) << "the kills do not happen";
    const Kill k = kill_number(i, startup, round, rng);
    std::vector<std::string> env;
    if (!k.point.empty()) env.push_back("IDA_KILL_AT=" + k.point + "@" + std::to_string(k.hit));
    const pid_t pid = testing::spawn_ida(train_args(run), (dir / "log").string(), "/dev/null", env);
    if (k.point.empty()) {
      std::this_thread::sleep_for(k.delay);
      kill(pid, SIGKILL);
    }
    const int status = testing::wait_ida(pid);
    if (status == 0) {
      expect_like_reference(run, dir / "reference", reference);
      ++finished;
      fs::remove_all(run);
      before.clear();
      continue;
    }
    ASSERT_EQ(status, 128 + SIGKILL) << testing::read_text(dir / "log");
    ++killed;
    if (!k.point.empty()) ++at_point[k.point];
    // No completed round is lost or changed by the kill.
    const auto after = committed(run);
    ASSERT_GE(after.size(), before.size()) << "a kill lost a committed round";
    for (size_t r = 0; r < before.size(); ++r) testing::expect_same_round(before[r], after[r]);
    before = after;
  }

  const auto finish = testing::run_ida(train_args(run));
  ASSERT_EQ(finish.status, 0) << finish.output;
  expect_like_reference(run, dir / "reference", reference);
  RecordProperty("runs_finished_between_kills", finished);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace ida
