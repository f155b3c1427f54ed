// One trainer per run: the second lock on a run directory is refused at once naming the
// holder's pid, and a holder killed with SIGKILL leaves no lock behind.
#include "engine/run_lock.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "error_of.h"

namespace ida {
namespace {
namespace fs = std::filesystem;
using engine::RunLock;
using testing::error_of;

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("ida_lock_" + std::to_string(getpid()) + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST(RunLock, ASecondHolderIsRefusedWithThePid) {
  const fs::path dir = fresh_dir("a");
  {
    RunLock first(dir);
    const std::string e = error_of([&] { RunLock second(dir); });
    EXPECT_NE(e.find("is in use by pid " + std::to_string(getpid())), std::string::npos) << e;
    EXPECT_NE(e.find(dir.string()), std::string::npos) << e;
  }
  EXPECT_EQ(error_of([&] { RunLock again(dir); }), "") << "released when the holder is gone";
  fs::remove_all(dir);
}

TEST(RunLock, AHolderKilledWithSigkillLeavesNoLock) {
  const fs::path dir = fresh_dir("b");
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    RunLock held(dir);
    char c = 1;
    (void)!write(ready[1], &c, 1);
    pause();
    _exit(0);
  }
  char c = 0;
  ASSERT_EQ(read(ready[0], &c, 1), 1);
  EXPECT_NE(error_of([&] { RunLock blocked(dir); }).find("pid " + std::to_string(child)),
            std::string::npos);
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  EXPECT_TRUE(fs::exists(dir / "lock")) << "the stale file stays";
  EXPECT_EQ(error_of([&] { RunLock restarted(dir); }), "");
  close(ready[0]);
  close(ready[1]);
  fs::remove_all(dir);
}

TEST(RunLock, AnUnwritableDirectoryIsAnErrorNamingThePath) {
  const std::string e = error_of([] { RunLock lock("/nonexistent/run"); });
  EXPECT_NE(e.find("/nonexistent/run/lock: cannot open the run's lock file (No such file"),
            std::string::npos)
      << e;
}

}  // namespace
}  // namespace ida
