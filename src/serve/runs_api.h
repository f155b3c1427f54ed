// What the Runs page shows, as JSON: the runs of a folder, and one run's resolved config,
// per-round table and checkpoints. Read from each run's store and folder; nothing written.
#pragma once

#include <filesystem>
#include <string>

#include "core/json.h"
#include "serve/run_folder.h"

namespace ida::serve {

// What the run in `dir` learns, from its resolved config: kind "question" (what: the task)
// or "game" (what: the game).
struct RunKind {
  std::string kind, what;
};
RunKind run_kind(const std::filesystem::path& dir);

// [{name, kind ("game" or "question"), what (game or task), rounds, finished_at}], one per run.
Json list_runs(const RunFolder& folder);

// {name, config (the TOML text), rounds: [{round, wall_seconds, finished_at, metrics: {..},
// checkpoint: {file, bytes, crc32, present} | null}]}, rounds after `after` only (for live
// updates: the page asks for what is newer than what it has).
Json describe_run(const RunFolder& folder, const std::string& name, int after = 0);

}  // namespace ida::serve
