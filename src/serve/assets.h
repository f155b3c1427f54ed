// The web UI's files (web/ in the repository), compiled into the binary at build time
// (cmake/embed_assets.cmake), so that `ida serve` needs nothing beside itself.
#pragma once

#include <string_view>

namespace ida::serve {

struct Asset {
  std::string_view name;  // file name in web/, e.g. "app.js"
  std::string_view mime;
  std::string_view content;
};

// The asset named `name`, or nullptr.
const Asset* find_asset(std::string_view name);

}  // namespace ida::serve
