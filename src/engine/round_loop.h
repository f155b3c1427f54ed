// The round loop of IDA: repeat A <- Distill(Amplify(H, A)), storing every
// completed round (checkpoint file, metrics, records) so that a killed run
// resumes from the last completed round with nothing completed lost.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>

#include "engine/instance.h"
#include "engine/run_store.h"

namespace ida::engine {

struct LoopConfig {
  int rounds = 10;    // total rounds of the run (a resumed run continues to this)
  uint64_t seed = 1;  // the run's seed; round r uses mix_seed(seed, r)
};

class RoundLoop {
 public:
  // `run_dir` holds the checkpoints; `store` is that run's database.
  RoundLoop(Instance& instance, RunStore& store, std::filesystem::path run_dir);

  // Restores the last completed round if there is one; returns its number (0 if none).
  // Throws InputError if its checkpoint is missing, corrupted or foreign.
  int resume();

  // Runs rounds resume()+1 .. config.rounds. Calls on_round after each
  // completed (stored) round. Blocking.
  void run(const LoopConfig& config,
           const std::function<void(int round, const Metrics&)>& on_round = {});

  static std::string checkpoint_name(int round);

 private:
  Instance& instance_;
  RunStore& store_;
  std::filesystem::path run_dir_;
  int completed_ = -1;  // -1: resume() not called yet
};

}  // namespace ida::engine
