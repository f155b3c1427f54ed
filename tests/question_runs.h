// A question run driven in-process, for the question instance's tests: the engine's round
// loop over a QuestionInstance and the run's store in a directory.
#pragma once

#include <filesystem>
#include <functional>

#include "decomposition/question_config.h"
#include "decomposition/question_instance.h"
#include "engine/round_loop.h"
#include "engine/run_store.h"

namespace ida::testing {

// Runs `config` in `dir` (resuming what is there) to config.rounds; `before_round`, if given,
// runs before each round with the run's store (e.g. to add people's transcripts). Returns the
// last round's metrics.
inline engine::Metrics run_questions(
    const decomposition::QuestionRunConfig& config, const std::filesystem::path& dir,
    const std::function<void(int round, engine::RunStore&)>& before_round = {}) {
  decomposition::QuestionInstance instance(config, /*show_progress=*/false);
  engine::RunStore store(dir / "run.db");
  engine::RoundLoop loop(instance, store, dir);
  engine::Metrics last;
  for (int r = loop.resume() + 1; r <= config.rounds; ++r) {
    if (before_round) before_round(r, store);
    loop.run({r, static_cast<uint64_t>(config.seed)},
             [&](int, const engine::Metrics& m) { last = m; });
  }
  return last;
}

}  // namespace ida::testing
