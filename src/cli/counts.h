// Comma-separated counts on the command line ("0,100,800"), shared by the commands.
#pragma once

#include <string>
#include <vector>

namespace ida::cli {

// "0,100,800" -> {0, 100, 800}. Throws InputError naming the option for an empty list, an
// item that is not an integer or one below `min`.
std::vector<int> parse_counts(const std::string& text, const std::string& option, int min);

}  // namespace ida::cli
