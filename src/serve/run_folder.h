// The folder of runs a web server shows. A run is named by its path relative to the folder
// ("connect4", "sweeps/a"); a name never reaches outside it: "..", ".", absolute paths,
// backslashes, control characters and symlinks that lead out are refused.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace ida::serve {

class RunFolder {
 public:
  // EnvironmentError when `root` is not a readable directory.
  explicit RunFolder(const std::filesystem::path& root);

  // The runs (directories holding a run.db) at most two levels down, sorted by name.
  std::vector<std::string> names() const;

  // The directory of run `name`; InputError naming the problem for a name that is malformed,
  // leaves the folder; NotFound (serve/api.h) when it names no run.
  std::filesystem::path resolve(std::string_view name) const;

  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;  // canonical
};

}  // namespace ida::serve
