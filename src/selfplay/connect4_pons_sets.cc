// Reading Pons' benchmark sets (see connect4_pons_sets.h).
#include "selfplay/connect4_pons_sets.h"

#include <sstream>

#include "core/error.h"
#include "games/connect4.h"
#include "games/notation.h"
#include "selfplay/shipped_files.h"

namespace ida::selfplay {
namespace fs = std::filesystem;

fs::path pons_set_path(const std::string& name) {
  const fs::path relative = fs::path("data") / "connect4" / "pons" / name;
  if (auto path = find_shipped_file(relative)) return *path;
  throw InputError(relative.string() + " not found beside the executable or in the source tree " +
                   IDA_SOURCE_DIR);
}

std::vector<PonsLine> read_pons_set(const fs::path& path) {
  std::vector<PonsLine> lines;
  for_each_data_line(path, "the Connect Four test set", [&](std::string_view text) {
    std::istringstream in{std::string(text)};
    PonsLine line;
    std::string extra;
    if (!(in >> line.moves >> line.score) || (in >> extra))
      throw InputError("want '<moves> <score>', found '" + std::string(text) + "'");
    if (games::parse_position<games::ConnectFour>(line.moves).is_terminal())
      throw InputError("the game is over in " + line.moves);
    lines.push_back(std::move(line));
  });
  if (lines.empty()) throw InputError(path.string() + ": no positions in the file");
  return lines;
}

}  // namespace ida::selfplay
