// Every endpoint of `ida serve`'s API, over one runs folder.
#pragma once

#include <filesystem>

#include "serve/api.h"
#include "serve/oversee_api.h"
#include "serve/play_api.h"
#include "serve/run_folder.h"

namespace ida::serve {

class Endpoints {
 public:
  explicit Endpoints(const std::filesystem::path& runs);
  const Api& api() const { return api_; }

 private:
  RunFolder folder_;
  PlayGames play_;
  OverseeSessions oversee_;
  Api api_;
};

}  // namespace ida::serve
