// The run directory's lock (see run_lock.h).
#include "engine/run_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "core/error.h"

namespace ida::engine {

namespace {

// The pid written by the holder, or "" when the file holds none yet.
std::string holder_pid(int fd) {
  char text[32] = {};
  const ssize_t n = pread(fd, text, sizeof text - 1, 0);
  std::string pid(text, n > 0 ? static_cast<size_t>(n) : 0);
  while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
  return pid;
}

}  // namespace

RunLock::RunLock(const std::filesystem::path& run_dir) {
  const std::string path = (run_dir / "lock").string();
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0)
    throw EnvironmentError(path + ": cannot open the run's lock file (" + std::strerror(errno) + ")");
  if (flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    const std::string pid = holder_pid(fd_);
    ::close(fd_);
    fd_ = -1;
    if (error == EWOULDBLOCK)
      throw InputError("run " + run_dir.string() + " is in use by " +
                       (pid.empty() ? std::string("another process") : "pid " + pid) +
                       " (one ida train per run directory; wait for it or stop it)");
    throw EnvironmentError(path + ": cannot lock the run (" + std::strerror(error) + ")");
  }
  const std::string pid = std::to_string(getpid()) + "\n";
  if (ftruncate(fd_, 0) != 0 || pwrite(fd_, pid.data(), pid.size(), 0) < 0) {
    const int error = errno;
    ::close(fd_);
    fd_ = -1;
    throw EnvironmentError(path + ": cannot write the run's lock file (" + std::strerror(error) + ")");
  }
}

RunLock::~RunLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the lock
}

}  // namespace ida::engine
