#include "serve/run_folder.h"

#include <algorithm>
#include <system_error>

#include "core/error.h"
#include "serve/api.h"

namespace ida::serve {
namespace fs = std::filesystem;

namespace {

constexpr int kDepth = 2;  // runs are found at most this many folders down

bool is_run(const fs::path& dir) {
  std::error_code ec;
  return fs::is_directory(dir, ec) && fs::is_regular_file(dir / "run.db", ec);
}

// A syntactically safe relative name: components of printable characters, none "." or "..".
void check_name(std::string_view name) {
  if (name.empty()) throw InputError("empty run name");
  if (name.size() > 200) throw InputError("run name longer than 200 characters");
  for (char c : name)
    if (static_cast<unsigned char>(c) < 0x20 || c == '\\' || c == 0x7f)
      throw InputError("run name with a control character or backslash");
  if (name.front() == '/') throw InputError("run name '" + std::string(name) + "' is absolute");
  size_t start = 0;
  while (start <= name.size()) {
    const size_t end = std::min(name.find('/', start), name.size());
    const std::string_view part = name.substr(start, end - start);
    if (part.empty() || part == "." || part == "..")
      throw InputError("run name '" + std::string(name) + "' leaves the runs folder or has an empty part");
    start = end + 1;
  }
}

}  // namespace

RunFolder::RunFolder(const fs::path& root) {
  std::error_code ec;
  root_ = fs::canonical(root, ec);
  if (ec || !fs::is_directory(root_, ec))
    throw EnvironmentError("runs folder " + root.string() + ": " +
                           (ec ? ec.message() : "not a directory"));
}

std::vector<std::string> RunFolder::names() const {
  std::vector<std::string> out;
  std::error_code ec;
  fs::recursive_directory_iterator it(root_, fs::directory_options::skip_permission_denied, ec);
  if (ec) throw EnvironmentError("runs folder " + root_.string() + ": " + ec.message());
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    if (!it->is_directory(ec) || it->is_symlink(ec)) {
      continue;
    }
    if (is_run(it->path())) {
      out.push_back(fs::relative(it->path(), root_).generic_string());
      it.disable_recursion_pending();  // a run's own folder holds no runs
    } else if (it.depth() + 1 >= kDepth) {
      it.disable_recursion_pending();
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

fs::path RunFolder::resolve(std::string_view name) const {
  check_name(name);
  std::error_code ec;
  const fs::path dir = fs::canonical(root_ / fs::path(std::string(name)), ec);
  if (ec) throw NotFound("no run named '" + std::string(name) + "'");
  const auto [end, _] = std::mismatch(root_.begin(), root_.end(), dir.begin(), dir.end());
  if (end != root_.end() || dir == root_)
    throw InputError("run name '" + std::string(name) + "' leads out of the runs folder");
  if (!is_run(dir)) throw NotFound("no run named '" + std::string(name) + "' (no run.db)");
  return dir;
}

}  // namespace ida::serve
