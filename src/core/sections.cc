#include "core/sections.h"

#include <charconv>

#include "core/error.h"

namespace ida {

std::string pack_sections(const std::vector<std::pair<std::string, std::string>>& sections) {
  std::string out;
  for (const auto& [name, bytes] : sections) {
    IDA_CHECK(!name.empty() && name.find_first_of(" \n\t") == std::string::npos);
    out += name + " " + std::to_string(bytes.size()) + "\n";
    out += bytes;
    out += "\n";
  }
  return out;
}

std::map<std::string, std::string> unpack_sections(std::string_view bytes,
                                                   std::string_view origin) {
  auto fail = [&](const std::string& why) {
    return InputError(std::string(origin) + ": " + why);
  };
  std::map<std::string, std::string> sections;
  size_t at = 0;
  while (at < bytes.size()) {
    const size_t eol = bytes.find('\n', at);
    if (eol == std::string_view::npos) throw fail("truncated section header");
    const std::string_view header = bytes.substr(at, eol - at);
    const size_t space = header.find(' ');
    size_t size = 0;
    if (space == std::string_view::npos || space == 0 ||
        std::from_chars(header.data() + space + 1, header.data() + header.size(), size).ec !=
            std::errc())
      throw fail("malformed section header '" + std::string(header.substr(0, 40)) + "'");
    const std::string name(header.substr(0, space));
    if (size > bytes.size() - eol - 1 || bytes.size() - eol - 1 - size < 1 ||
        bytes[eol + 1 + size] != '\n')
      throw fail("section '" + name + "' is truncated");
    if (!sections.emplace(name, std::string(bytes.substr(eol + 1, size))).second)
      throw fail("section '" + name + "' appears twice");
    at = eol + 2 + size;
  }
  return sections;
}

const std::string& section(const std::map<std::string, std::string>& sections,
                           const std::string& name, std::string_view origin) {
  auto it = sections.find(name);
  if (it == sections.end()) throw InputError(std::string(origin) + ": missing " + name);
  return it->second;
}

}  // namespace ida
