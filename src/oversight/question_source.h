// Where a person's questions come from, for `ida oversee` and the web UI's Oversee page: the
// run's config, and the questions shown, sampled at the curriculum's current size (or a
// given one) or the one given question on a given context.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "core/rng.h"
#include "decomposition/question_config.h"
#include "oversight/overseen_run.h"
#include "oversight/workspace.h"

namespace ida::oversight {

// The run's own config when it has one (a trainer wrote it), else `config_file` (if not
// empty), else the defaults for `task`; InputError when the run is of another task.
decomposition::QuestionRunConfig overseen_config(const std::string& task,
                                                 const std::filesystem::path& run_dir,
                                                 const std::filesystem::path& config_file = {});

struct QuestionChoice {
  std::string context_file;  // facts of the one question (empty: sampled per question)
  std::string question;      // the one question to show (needs context_file)
  int size = 0;              // instance size of sampled contexts (0: the curriculum's)
  uint64_t seed = 1;
};

class QuestionSource {
 public:
  // The seed of sampled questions also depends on how many transcripts the run holds, so
  // a new session does not repeat the last one's. InputError for an unreadable or malformed
  // context file or question (naming it).
  QuestionSource(const QuestionChoice& choice, OverseenRun& run);

  // The workspace of the next question, whose non-primitive sub-questions the run's newest
  // teacher answers; nullptr once the one given question was shown.
  std::unique_ptr<Workspace> next();

 private:
  QuestionChoice choice_;
  OverseenRun& run_;
  const questions::Domain& domain_;
  Rng rng_;
  std::optional<questions::Context> context_;
  std::optional<questions::Question> question_;
  bool given_shown_ = false;
};

}  // namespace ida::oversight
