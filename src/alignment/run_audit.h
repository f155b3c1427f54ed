// The alignment audit of one round of a run, or of one checkpoint, for any instance: picks
// the instance's audit (games: selfplay/game_audit.h, questions: decomposition/question_audit.h),
// its suites and its oracle, and runs the worst-case search and the regression suite
// (docs/alignment.md). `ida audit` prints it; `ida serve`'s Audit page shows it.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/json.h"

namespace ida::alignment {

struct AuditRequest {
  std::filesystem::path run;     // a run directory, or (run empty)
  std::filesystem::path model;   // a single checkpoint: A against its own amplification
  std::filesystem::path config;  // with `model`: the config to use (empty: the defaults)
  int round = 0;                 // of `run`; 0: the last completed round
  std::vector<int> sims;         // games: more search settings audited under Amplify
  std::vector<int> sizes;        // questions: the sizes (empty: the round's, see run_audit.cc)
  int questions = 0;             // questions per size (0: the config's assess.questions)
  std::filesystem::path baseline;  // questions: another run of the task, graded beside
  std::optional<int> budget;     // worst-case search queries (default: the config's)
};

struct AuditResult {
  std::string instance;
  int round = 0;
  std::filesystem::path checkpoint;  // the audited agent, A_t+1
  bool against_itself = false;       // A_t = A_t+1 (a single checkpoint)
  std::string text;                  // the tables `ida audit` prints
  // One object: instance, round, checkpoint, distill, amplify, capability, worst_case,
  // regression (with "found": this audit's confirmed failures) and cost.
  Json json;
};

// Reads the run's store without changing it. Throws InputError for a request that does not
// fit the run (no such round, sims for a question run, a size out of the task's range...).
AuditResult audit(const AuditRequest& request);

}  // namespace ida::alignment
