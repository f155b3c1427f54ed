// Files shipped with ida (models/, data/) and the line format of its data files.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string_view>

namespace ida::selfplay {

// `relative` (e.g. "data/connect4-book.txt") found beside the executable, beside its build
// tree, or in the source tree, in that order; nullopt when none has it.
std::optional<std::filesystem::path> find_shipped_file(const std::filesystem::path& relative);

// Calls parse(line) for each line of the text file at `path` that is not blank or a '#'
// comment, with surrounding whitespace and a trailing CR removed. An InputError from parse
// is rethrown as "<path> line <n>: <reason>". `what` names the file in the error when it
// cannot be read ("<path>: cannot read <what>").
void for_each_data_line(const std::filesystem::path& path, std::string_view what,
                        const std::function<void(std::string_view line)>& parse);

}  // namespace ida::selfplay
