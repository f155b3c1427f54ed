// Pascal Pons' Connect Four solver benchmark sets, shipped in data/connect4/pons/ (source and
// checksums in its README.md): the exact score of 6000 positions, for testing and timing the
// solver. They grade the solver; nothing trains on them.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace ida::selfplay {

struct PonsLine {
  std::string moves;  // columns 1-7 from the empty board
  int score = 0;      // for the player to move, the solver's convention
};

// The shipped set called `name` ("Test_L3_R1"): data/connect4/pons/<name> found as
// find_shipped_file finds it.
std::filesystem::path pons_set_path(const std::string& name);

// Every line of the file (`moves score`). Throws InputError naming the file: it is missing or
// unreadable, or a line is not a legal unfinished position followed by an integer score.
std::vector<PonsLine> read_pons_set(const std::filesystem::path& path);

}  // namespace ida::selfplay
