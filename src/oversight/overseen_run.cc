#include "oversight/overseen_run.h"

#include "engine/round_loop.h"

namespace ida::oversight {

OverseenRun::OverseenRun(const std::filesystem::path& run_dir,
                         const decomposition::QuestionRunConfig& config)
    : run_dir_(run_dir),
      instance_(std::make_unique<decomposition::QuestionInstance>(config, /*show_progress=*/false)) {
  std::filesystem::create_directories(run_dir_);
  store_ = std::make_unique<engine::RunStore>(run_dir_ / "run.db");
  refresh();
}

OverseenRun::~OverseenRun() = default;

int OverseenRun::refresh() {
  if (store_->last_round() > round_) round_ = engine::RoundLoop(*instance_, *store_, run_dir_).resume();
  return round_;
}

}  // namespace ida::oversight
