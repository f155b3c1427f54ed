// Several named byte strings kept in one (e.g. a checkpoint payload holding the agent, its
// teacher and the instance's counters): "<name> <size>\n<size bytes>\n" per section.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ida {

// Names: non-empty, without whitespace (IDA_CHECK); unique.
std::string pack_sections(const std::vector<std::pair<std::string, std::string>>& sections);

// The sections of `bytes`, by name. Throws InputError prefixed with "<origin>: " when the
// bytes are not sections (truncated, malformed, repeated names).
std::map<std::string, std::string> unpack_sections(std::string_view bytes,
                                                   std::string_view origin);

// The section `name`, or InputError "<origin>: missing <name>".
const std::string& section(const std::map<std::string, std::string>& sections,
                           const std::string& name, std::string_view origin);

}  // namespace ida
