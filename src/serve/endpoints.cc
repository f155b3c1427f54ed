#include "serve/endpoints.h"

#include "games/registry.h"
#include "serve/ask_api.h"
#include "serve/audit_api.h"
#include "serve/runs_api.h"

namespace ida::serve {

Endpoints::Endpoints(const std::filesystem::path& runs)
    : folder_(runs), play_(folder_), oversee_(folder_) {
  // GET /api/runs: the runs of the folder.
  api_.get("/api/runs", [this](const Call&) { return list_runs(folder_); });
  // GET /api/runs/<name>?after=N: a run's config, checkpoints and the rounds after N.
  api_.get("/api/runs/(.+)", [this](const Call& call) {
    return describe_run(folder_, call.captures.at(0), call.int_param("after", 0, 0, 1 << 30));
  });
  // GET /api/games: the games one can play.
  api_.get("/api/games", [](const Call&) {
    Json games = Json::array();
    for (const auto& name : games::game_names()) games.push(name);
    return games;
  });
  play_.add_to(api_);
  oversee_.add_to(api_);
  add_ask_endpoint(folder_, api_);
  add_audit_endpoint(folder_, api_);
}

}  // namespace ida::serve
