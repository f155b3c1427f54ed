#include "cli/counts.h"

#include <sstream>

#include "core/error.h"

namespace ida::cli {

std::vector<int> parse_counts(const std::string& text, const std::string& option, int min) {
  std::vector<int> counts;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    size_t used = 0;
    int n = -1;
    try {
      n = std::stoi(item, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != item.size() || n < min)
      throw InputError("bad " + option + " '" + text +
                       "': want comma-separated integers >= " + std::to_string(min));
    counts.push_back(n);
  }
  if (counts.empty()) throw InputError("bad " + option + " '': want at least one count");
  return counts;
}

}  // namespace ida::cli
