// Scratch directories for tests: per process (ctest -j runs each test in its own process,
// and two must never share, and remove, one directory), emptied when made.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <string>

namespace ida::testing {

// <temp>/ida_<suite>_<pid>_<name>, made empty.
inline std::filesystem::path scratch_dir(const std::string& suite, const std::string& name) {
  const std::filesystem::path p = std::filesystem::temp_directory_path() /
                                  ("ida_" + suite + "_" + std::to_string(getpid()) + "_" + name);
  std::filesystem::remove_all(p);
  std::filesystem::create_directories(p);
  return p;
}

}  // namespace ida::testing
