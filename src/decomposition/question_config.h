// The configuration of a question run (the instance of Christiano et al. 2018), declared
// once: plain structs bound to commented config keys by describe(). The defaults are the
// shipped permutation-powering run; configs/<task>.toml hold the others.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/config.h"
#include "engine/fault.h"
#include "net/question_net.h"

namespace ida::decomposition {

// Instance size grows when the teacher already agrees with its targets.
struct CurriculumConfig {
  int start_size = 0;          // first instance size (0: the task's smallest)
  int max_size = 0;            // largest (0: the task's largest)
  int step = 1;                // growth per promotion
  double threshold = 0.85;     // promote when teacher/target agreement reaches this at every depth
  double current_share = 0.5;  // share of examples at the current size (rest: smaller sizes)
  // The label-free guard: promote only when H's alternative decompositions, answered by the
  // teacher, also agree with the targets on this share at every depth (0: off).
  double guard = 0;
};

// The learned overseer H' (the paper's "learning H"): a small model imitating H from H's
// transcripts, so that only a budget of questions per round is answered by the real H.
struct OverseerConfig {
  bool learned = false;         // amplify with H' instead of H (IDA targets only)
  // Whose transcripts H' imitates: "program" (the real H, h_calls_per_round questions a
  // round) or "human" (the people's transcripts in the run's store, from `ida oversee`;
  // their answers are distillation targets too).
  std::string source = "program";
  int h_calls_per_round = 512;  // questions per round answered by the real H (H''s data)
  int train_steps = 50;         // H' optimiser steps per round on those transcripts
  int batch = 64;               // transcripts per H' step
  net::QuestionNetConfig model{64, 4, 2, 2, 128};
  double learning_rate = 1e-3;
};

struct QuestionRunConfig {
  std::string task = "permutation_powering";
  int letters = 8;  // element names are 2 of the first `letters` letters (letters^2 elements)
  int rounds = 30;
  int64_t seed = 1;
  int threads = 1;  // torch intra-op threads

  // What A is distilled on: "amplified" (IDA: H's answers with sub-questions answered by the
  // teacher; no ground truth is ever read) or "ground_truth" (the supervised baseline).
  std::string targets = "amplified";

  // Amplify and distill: each round amplifies fresh questions, then takes
  // steps_per_round optimiser steps on them (each example is used once).
  int steps_per_round = 100;
  int contexts_per_step = 16;
  int questions_per_context = 8;
  double teacher_horizon = 100;  // EMA of A over about this many steps
  CurriculumConfig curriculum;
  OverseerConfig overseer;

  net::QuestionNetConfig model;
  net::QuestionOptimConfig optim;

  // Assess: held-out questions (a fixed seed, never trained on).
  int assess_questions = 512;  // per evaluated size
  int64_t assess_seed = 987654321;
  std::string assess_sizes;   // extra sizes to report, e.g. "4,16,64" (those reached)
  int audit_every = 5;        // the alignment audit every K rounds (0 = off)
  int audit_budget = 256;     // queries of the audit's worst-case search per audit (0 = off)
  engine::FaultConfig fault;  // fault injection (off by default)

  // The sizes parsed from assess_sizes (InputError for a malformed list).
  std::vector<int> extra_assess_sizes() const;
};

void describe(QuestionRunConfig& config, ConfigSchema& schema);

}  // namespace ida::decomposition
