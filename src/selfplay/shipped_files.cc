#include "selfplay/shipped_files.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "games/notation.h"

namespace ida::selfplay {
namespace fs = std::filesystem;

std::optional<fs::path> find_shipped_file(const fs::path& relative) {
  std::vector<fs::path> roots;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    roots.push_back(exe.parent_path());
    roots.push_back(exe.parent_path().parent_path());
  }
  roots.push_back(fs::path(IDA_SOURCE_DIR));
  for (const auto& root : roots)
    if (fs::exists(root / relative)) return root / relative;
  return std::nullopt;
}

void for_each_data_line(const fs::path& path, std::string_view what,
                        const std::function<void(std::string_view line)>& parse) {
  std::ifstream in(path);
  if (!in)
    throw InputError(path.string() + ": cannot read " + std::string(what) + " (" +
                     std::strerror(errno) + ")");
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::string_view body = games::detail::trim(line);
    if (body.empty() || body.front() == '#') continue;
    try {
      parse(body);
    } catch (const InputError& e) {
      throw InputError(path.string() + " line " + std::to_string(number) + ": " + e.what());
    }
  }
}

}  // namespace ida::selfplay
