// One trainer per run directory: an advisory lock (flock) on <run>/lock, held for the life of
// the RunLock. The kernel drops the lock when the process ends in any way (kill -9 included),
// so a stale lock file never blocks a restart; the file holds the holder's pid for the message.
#pragma once

#include <filesystem>

namespace ida::engine {

class RunLock {
 public:
  // Takes the lock or throws at once: InputError "run <dir> is in use by pid <n> ..." when
  // another process holds it; EnvironmentError with the path and the system's reason when
  // the file cannot be opened, locked or written (a read-only or missing directory).
  explicit RunLock(const std::filesystem::path& run_dir);
  ~RunLock();
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace ida::engine
