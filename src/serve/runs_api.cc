#include "serve/runs_api.h"

#include <fstream>
#include <sstream>

#include "core/error.h"
#include "engine/run_store.h"

namespace ida::serve {
namespace fs = std::filesystem;

namespace {

std::string read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return "";
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The `task = "..."` or `game = "..."` of a resolved config.
RunKind kind_of(const std::string& config) {
  std::istringstream in(config);
  for (std::string line; std::getline(in, line);) {
    for (const char* key : {"task", "game"}) {
      const std::string prefix = std::string(key) + " = \"";
      if (line.rfind(prefix, 0) == 0) {
        const size_t end = line.find('"', prefix.size());
        return {key == std::string("task") ? "question" : "game",
                line.substr(prefix.size(), end - prefix.size())};
      }
    }
  }
  return {"game", "tictactoe"};  // a game config that names no game is the default's
}

Json round_json(const engine::RunStore::RoundRecord& r, const fs::path& dir) {
  Json round = Json::object();
  round["round"] = r.round;
  round["wall_seconds"] = r.wall_seconds;
  round["finished_at"] = r.finished_at;
  Json& metrics = round["metrics"] = Json::object();
  for (const auto& [name, value] : r.metrics) metrics[name] = value;
  Json& checkpoint = round["checkpoint"];
  if (!r.checkpoint_file.empty()) {
    checkpoint = Json::object();
    checkpoint["file"] = r.checkpoint_file;
    checkpoint["bytes"] = r.checkpoint_bytes;
    checkpoint["crc32"] = r.checkpoint_crc32;
    std::error_code ec;
    checkpoint["present"] = fs::is_regular_file(dir / r.checkpoint_file, ec);
  }
  return round;
}

}  // namespace

RunKind run_kind(const fs::path& dir) { return kind_of(read_text(dir / "config.toml")); }

Json list_runs(const RunFolder& folder) {
  Json runs = Json::array();
  for (const std::string& name : folder.names()) {
    const fs::path dir = folder.root() / name;
    Json run = Json::object();
    run["name"] = name;
    const RunKind kind = run_kind(dir);
    run["kind"] = kind.kind;
    run["what"] = kind.what;
    try {
      const engine::RunStore store(dir / "run.db", engine::RunStore::Access::kRead);
      const auto rounds = store.rounds();
      run["rounds"] = static_cast<int>(rounds.size());
      run["finished_at"] = rounds.empty() ? Json() : Json(rounds.back().finished_at);
    } catch (const InputError& e) {  // one damaged run does not hide the others
      run["error"] = e.what();
    }
    runs.push(std::move(run));
  }
  return runs;
}

Json describe_run(const RunFolder& folder, const std::string& name, int after) {
  const fs::path dir = folder.resolve(name);
  Json run = Json::object();
  run["name"] = name;
  const std::string config = read_text(dir / "config.toml");
  const RunKind kind = kind_of(config);
  run["kind"] = kind.kind;
  run["what"] = kind.what;
  run["config"] = config;
  Json& rounds = run["rounds"] = Json::array();
  const engine::RunStore store(dir / "run.db", engine::RunStore::Access::kRead);
  for (const auto& r : store.rounds())
    if (r.round > after) rounds.push(round_json(r, dir));
  return run;
}

}  // namespace ida::serve
