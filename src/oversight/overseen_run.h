// The run a person oversees: its question instance (A, the teacher, the curriculum's size)
// restored from the newest committed round, and its store, where transcripts go. It takes
// no run lock: a trainer may hold it and commit rounds meanwhile; refresh() picks them up.
#pragma once

#include <filesystem>
#include <memory>

#include "decomposition/question_config.h"
#include "decomposition/question_instance.h"
#include "engine/run_store.h"

namespace ida::oversight {

class OverseenRun {
 public:
  // Opens (or creates) <run_dir>/run.db and restores the newest round, if any; before the
  // first round, A and the teacher are the untrained networks round 1 starts from.
  OverseenRun(const std::filesystem::path& run_dir, const decomposition::QuestionRunConfig& config);
  ~OverseenRun();

  // Restores the newest committed round when it is newer than the one held; returns the
  // round held (0 before the first).
  int refresh();

  decomposition::QuestionInstance& instance() { return *instance_; }
  engine::RunStore& store() { return *store_; }
  int round() const { return round_; }

 private:
  std::filesystem::path run_dir_;
  std::unique_ptr<decomposition::QuestionInstance> instance_;
  std::unique_ptr<engine::RunStore> store_;
  int round_ = 0;
};

}  // namespace ida::oversight
