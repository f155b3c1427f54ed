// What the machine refuses (a full disk, a read-only run directory) ends `ida train` with exit
// status 2 and a message naming the path and the cause, not an internal error; the rounds
// already committed survive, and the same command resumes once the machine is fixed.
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include <filesystem>

#include "engine/run_store.h"
#include "selfplay/agent_file.h"
#include "small_runs.h"
#include "subprocess.h"

namespace ida {
namespace {
namespace fs = std::filesystem;

std::vector<std::string> train_args(const fs::path& run, int rounds) {
  return testing::small_run_args(
      run, {.rounds = rounds, .games = 20, .simulations = 8, .channels = 8, .assess_games = 2});
}

int committed_rounds(const fs::path& run) {
  return static_cast<int>(engine::RunStore(run / "run.db").rounds().size());
}

class EnvironmentErrors : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("ida_env_" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (mounted_) umount(dir_.c_str());
    fs::remove_all(dir_);
  }
  fs::path dir_;
  bool mounted_ = false;
};

// The disk fills while round 2's checkpoint is written: the kernel's own ENOSPC, from
// /dev/full standing where the checkpoint's temporary file goes.
TEST_F(EnvironmentErrors, FullDiskWhileCheckpointingIsExitTwoAndLosesNothing) {
  const fs::path run = dir_ / "run";
  auto first = testing::run_ida(train_args(run, 1));
  ASSERT_EQ(first.status, 0) << first.output;
  fs::create_symlink("/dev/full", run / "round-0002.ckpt.tmp");

  auto full = testing::run_ida(train_args(run, 2));
  EXPECT_EQ(full.status, 2) << full.output;
  EXPECT_NE(full.output.find("round-0002.ckpt.tmp"), std::string::npos) << full.output;
  EXPECT_NE(full.output.find("No space left on device"), std::string::npos) << full.output;
  EXPECT_EQ(full.output.find("internal error"), std::string::npos) << full.output;
  EXPECT_EQ(committed_rounds(run), 1);
  selfplay::load_agent("tictactoe", run / "round-0001.ckpt");  // intact
  EXPECT_FALSE(fs::exists(fs::symlink_status(run / "round-0002.ckpt.tmp")))
      << "the failed write removes its temporary file";

  auto resumed = testing::run_ida(train_args(run, 2));
  ASSERT_EQ(resumed.status, 0) << resumed.output;
  EXPECT_EQ(committed_rounds(run), 2);
}

// A read-only run directory: a read-only mount when running as root (whom file modes do not
// stop), the directory's write bits otherwise.
TEST_F(EnvironmentErrors, ReadOnlyRunDirectoryIsExitTwoAndLosesNothing) {
  const bool root = geteuid() == 0;
  if (root) {
    if (mount("tmpfs", dir_.c_str(), "tmpfs", 0, "size=64m") != 0)
      GTEST_SKIP() << "running as root without the right to mount: cannot make a read-only "
                      "directory";
    mounted_ = true;
  }
  const fs::path run = root ? dir_ : dir_ / "run";
  auto first = testing::run_ida(train_args(run, 1));
  ASSERT_EQ(first.status, 0) << first.output;
  auto set_read_only = [&](bool read_only) {
    if (root)
      ASSERT_EQ(mount(nullptr, dir_.c_str(), nullptr, MS_REMOUNT | (read_only ? MS_RDONLY : 0),
                      "size=64m"),
                0);
    else
      fs::permissions(run, fs::perms::owner_write,
                      read_only ? fs::perm_options::remove : fs::perm_options::add);
  };
  set_read_only(true);

  auto refused = testing::run_ida(train_args(run, 2));
  EXPECT_EQ(refused.status, 2) << refused.output;
  EXPECT_NE(refused.output.find(run.string()), std::string::npos) << refused.output;
  EXPECT_TRUE(refused.output.find("Read-only file system") != std::string::npos ||
              refused.output.find("Permission denied") != std::string::npos)
      << refused.output;
  EXPECT_EQ(refused.output.find("internal error"), std::string::npos) << refused.output;

  set_read_only(false);
  EXPECT_EQ(committed_rounds(run), 1);
  auto resumed = testing::run_ida(train_args(run, 2));
  ASSERT_EQ(resumed.status, 0) << resumed.output;
  EXPECT_EQ(committed_rounds(run), 2);
}

}  // namespace
}  // namespace ida
