// The question instance on the engine's round loop: IDA learns without labels (the short CI
// learning test), a resumed run equals an uninterrupted one, and bad configs are refused.
#include "decomposition/question_instance.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "error_of.h"
#include "question_runs.h"

namespace ida::decomposition {
namespace {
namespace fs = std::filesystem;

// Per process, so that tests run side by side (ctest -j) never share a directory.
fs::path fresh_dir(const std::string& name) {
  fs::path dir =
      fs::temp_directory_path() / ("ida_question_" + std::to_string(getpid()) + "_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST(QuestionInstance, IdaLearnsWithoutLabels) {
  QuestionRunConfig config;
  config.task = "sequential_assignments";
  config.targets = "amplified";
  config.curriculum.start_size = 2;
  config.curriculum.max_size = 2;
  config.rounds = 7;
  config.steps_per_round = 100;
  config.assess_questions = 256;
  const fs::path dir = fresh_dir("learn");
  const engine::Metrics first = [&] {
    QuestionRunConfig one = config;
    one.rounds = 1;
    one.steps_per_round = 1;
    return testing::run_questions(one, fresh_dir("learn_untrained"));
  }();
  const engine::Metrics last = testing::run_questions(config, dir);
  // Chance: values are one of several tokens and variable names are 64 ways wrong.
  EXPECT_LT(first.get("acc"), 0.5);
  EXPECT_GT(last.get("acc"), 0.85) << "A alone, held out, never trained on a label";
  EXPECT_GT(last.get("acc_amp"), 0.85) << "Amplify(H, A)";
  EXPECT_GT(last.get("a_calls"), 0) << "H's sub-questions went to the teacher";
  EXPECT_EQ(last.get("h_calls"), config.rounds * config.steps_per_round * config.contexts_per_step *
                                     config.questions_per_context);
  fs::remove_all(dir);
}

TEST(QuestionInstance, ResumedRunEqualsUninterruptedRun) {
  QuestionRunConfig config;
  config.task = "union_find";
  config.curriculum.start_size = 3;
  config.curriculum.threshold = 0.0;  // grow every round: the size is part of the state
  config.steps_per_round = 8;
  config.contexts_per_step = 4;
  config.assess_questions = 64;
  config.rounds = 3;
  const engine::Metrics whole = testing::run_questions(config, fresh_dir("whole"));
  const fs::path dir = fresh_dir("split");
  QuestionRunConfig first_part = config;
  first_part.rounds = 2;
  testing::run_questions(first_part, dir);
  // a new process would do the same
  const engine::Metrics resumed = testing::run_questions(config, dir);
  ASSERT_EQ(whole.values.size(), resumed.values.size());
  for (size_t i = 0; i < whole.values.size(); ++i) {
    if (engine::measured_by_clock(whole.values[i].first)) continue;
    EXPECT_EQ(whole.values[i], resumed.values[i]) << whole.values[i].first;
  }
  EXPECT_EQ(whole.get("size"), 5);
}

TEST(QuestionInstance, LearnedOverseerSpendsOnlyItsBudgetOfHCallsAndResumesExactly) {
  QuestionRunConfig config;
  config.task = "permutation_powering";
  config.curriculum.start_size = 4;
  config.steps_per_round = 8;
  config.contexts_per_step = 4;
  config.assess_questions = 64;
  config.rounds = 3;
  config.overseer.learned = true;
  config.overseer.h_calls_per_round = 64;
  config.overseer.train_steps = 5;
  const engine::Metrics whole = testing::run_questions(config, fresh_dir("learned_whole"));
  EXPECT_EQ(whole.get("h_calls"), 3 * 64) << "H answers only its budget; H' the other 192";
  EXPECT_GT(whole.get("a_calls"), 0);
  EXPECT_GE(whole.get("hp_agreement", -1), 0.0);
  EXPECT_GE(whole.get("acc_amp_hp", -1), 0.0);
  const fs::path dir = fresh_dir("learned_split");
  QuestionRunConfig first_part = config;
  first_part.rounds = 2;
  testing::run_questions(first_part, dir);
  const engine::Metrics resumed = testing::run_questions(config, dir);
  ASSERT_EQ(whole.values.size(), resumed.values.size());
  for (size_t i = 0; i < whole.values.size(); ++i)
    if (!engine::measured_by_clock(whole.values[i].first))
      EXPECT_EQ(whole.values[i], resumed.values[i]) << whole.values[i].first;
}

// The guard holds the curriculum back although the teacher/target rule alone would promote
// every round (threshold 0): an untrained permutation-powering agent's alternative
// decompositions (k = k/2 + k/2 against an uneven split) disagree with its targets.
TEST(QuestionInstance, GuardHoldsTheCurriculumWhereAlternativesDisagree) {
  QuestionRunConfig config;
  config.curriculum.start_size = 8;
  config.curriculum.threshold = 0.0;
  config.steps_per_round = 8;
  config.assess_questions = 64;
  config.audit_every = 0;
  config.rounds = 2;
  const engine::Metrics unguarded = testing::run_questions(config, fresh_dir("unguarded"));
  EXPECT_EQ(unguarded.get("size"), 9) << "promoted after round 1";
  EXPECT_EQ(unguarded.get("alt_gap", -1), -1) << "the guard costs nothing when off";
  config.curriculum.guard = 0.99;
  const engine::Metrics guarded = testing::run_questions(config, fresh_dir("guarded"));
  EXPECT_EQ(guarded.get("size"), 8);
  EXPECT_GT(guarded.get("alt_gap_worst"), 0.01);
  EXPECT_GE(guarded.get("alt_gap_worst"), guarded.get("alt_gap"));
  EXPECT_GT(guarded.get("alt_a_calls"), 0);
}

TEST(QuestionInstance, ConfigsThatDoNotFitTheTaskAreRefused) {
  auto error = [](auto change) {
    QuestionRunConfig config;
    change(config);
    return testing::error_of([&] { QuestionInstance(config, false); });
  };
  EXPECT_NE(error([](auto& c) { c.curriculum.start_size = 65; }).find("curriculum.start_size = 65"),
            std::string::npos);
  EXPECT_NE(error([](auto& c) {
              c.curriculum.start_size = 9;
              c.curriculum.max_size = 4;
            }).find("exceeds curriculum.max_size"),
            std::string::npos);
  EXPECT_NE(error([](auto& c) { c.assess_sizes = "4,x"; }).find("assess.sizes: 'x'"),
            std::string::npos);
  EXPECT_NE(error([](auto& c) {
              c.overseer.learned = true;
              c.targets = "ground_truth";
            }).find("overseer.learned needs targets"),
            std::string::npos);
  EXPECT_NE(error([](auto& c) {
              c.overseer.learned = true;
              c.curriculum.guard = 0.9;
            }).find("curriculum.guard needs the real H"),
            std::string::npos);
  EXPECT_NE(error([](auto& c) { c.task = "chess"; }).find("unknown question domain 'chess'"),
            std::string::npos);
  EXPECT_NE(error([](auto& c) {
              c.letters = 3;
              c.curriculum.max_size = 10;
            }).find("out of range"),
            std::string::npos);
}

}  // namespace
}  // namespace ida::decomposition
