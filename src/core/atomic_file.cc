// POSIX implementation of atomic writes (write tmp, fsync, rename, fsync dir) and reads.
#include "core/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "core/error.h"
#include "core/kill_point.h"

namespace ida {
namespace {

std::string describe(const std::filesystem::path& path, const std::string& what, int err) {
  return path.string() + ": " + what + ": " + std::strerror(err);
}

// Closes a file descriptor when it goes out of scope (errors on this path are ignored:
// success paths close explicitly and check).
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  int release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_;
};

void write_all(int fd, std::string_view bytes, const std::filesystem::path& path) {
  const char* p = bytes.data();
  size_t left = bytes.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw EnvironmentError(describe(path, "cannot write", errno));
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
}

void sync_directory(const std::filesystem::path& dir) {
  Fd fd(::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) throw EnvironmentError(describe(dir, "cannot open directory", errno));
  if (::fsync(fd.get()) != 0 && errno != EINVAL) {  // EINVAL: fs without dir fsync
    throw EnvironmentError(describe(dir, "cannot sync directory", errno));
  }
}

}  // namespace

void write_file_atomically(const std::filesystem::path& path, std::string_view bytes) {
  std::filesystem::path tmp = path;
  tmp += ".tmp";
  Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (fd.get() < 0) throw EnvironmentError(describe(tmp, "cannot create", errno));
  try {
    write_all(fd.get(), bytes.substr(0, bytes.size() / 2), tmp);
    kill_point("atomic-write.half");
    write_all(fd.get(), bytes.substr(bytes.size() / 2), tmp);
    if (::fsync(fd.get()) != 0) throw EnvironmentError(describe(tmp, "cannot sync", errno));
    if (::close(fd.release()) != 0) {
      throw EnvironmentError(describe(tmp, "cannot close", errno));
    }
    kill_point("atomic-write.synced");
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
      throw EnvironmentError(describe(path, "cannot rename " + tmp.string() + " over it", errno));
    }
  } catch (...) {
    ::unlink(tmp.c_str());
    throw;
  }
  kill_point("atomic-write.renamed");
  sync_directory(path.parent_path());
}

std::string read_file(const std::filesystem::path& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) throw InputError(describe(path, "cannot read", errno));
  struct stat st {};
  if (::fstat(fd.get(), &st) == 0 && S_ISDIR(st.st_mode)) {
    throw InputError(describe(path, "cannot read", EISDIR));
  }
  std::string out;
  if (st.st_size > 0) out.reserve(static_cast<size_t>(st.st_size));
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw InputError(describe(path, "cannot read", errno));
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

}  // namespace ida

namespace ida {

void append_line_durably(const std::filesystem::path& path, std::string_view line) {
  IDA_CHECK(line.find('\n') == std::string_view::npos);
  Fd fd(::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644));
  if (fd.get() < 0) throw EnvironmentError(describe(path, "cannot open for appending", errno));
  // One write of the whole line: O_APPEND places it after every earlier line, whole.
  write_all(fd.get(), std::string(line) + "\n", path);
  if (::fsync(fd.get()) != 0) throw EnvironmentError(describe(path, "cannot sync", errno));
  if (::close(fd.release()) != 0) throw EnvironmentError(describe(path, "cannot close", errno));
}

}  // namespace ida
