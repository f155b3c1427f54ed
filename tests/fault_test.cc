// Fault injection (engine/fault.h, docs/alignment.md): the realised rate is the configured
// one, wrong answers are wrong and well-formed, and wrong targets at rate 1 drive the
// distilled A to chance in both instances while the run still resumes exactly.
#include "engine/fault.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>

#include "decomposition/answer_faults.h"
#include "decomposition/question_instance.h"
#include "engine/round_loop.h"
#include "games/tictactoe.h"
#include "questions/registry.h"
#include "selfplay/faulty_evaluator.h"
#include "selfplay/game_instance.h"
#include "selfplay/grading.h"

namespace ida {
namespace {
namespace fs = std::filesystem;

fs::path fresh_dir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("ida_fault_" + std::to_string(getpid()) + "_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// Runs the instance in `dir` (resuming what is there); returns every round's metrics.
std::vector<engine::Metrics> run(engine::Instance& instance, int rounds, uint64_t seed,
                                 const fs::path& dir) {
  engine::RunStore store(dir / "run.db");
  engine::RoundLoop loop(instance, store, dir);
  loop.resume();
  std::vector<engine::Metrics> all;
  loop.run({rounds, seed}, [&](int, const engine::Metrics& m) { all.push_back(m); });
  return all;
}

TEST(FaultInjector, RealisedRateIsTheConfiguredOneInBothModes) {
  for (bool fixed : {false, true})
    for (double p : {0.0, 0.01, 0.1, 0.3, 1.0}) {
      engine::FaultInjector fault(p, fixed, 7);
      fault.begin_round(1);
      for (uint64_t key = 0; key < 20000; ++key) fault.hit(mix_seed(key, 3));
      EXPECT_EQ(fault.tested(), 20000);
      EXPECT_NEAR(fault.realised(), p, 0.02) << "p = " << p << (fixed ? " fixed" : " random");
    }
}

TEST(FaultInjector, FixedModeHitsTheSameInputsTheSameWayRandomModeDrawsAfresh) {
  engine::FaultInjector fixed(0.3, true, 7), random(0.3, false, 7);
  std::map<uint64_t, std::optional<uint64_t>> first;
  fixed.begin_round(1);
  for (uint64_t key = 0; key < 1000; ++key) first[key] = fixed.hit(key);
  fixed.begin_round(2);
  int same_fixed = 0, same_random = 0;
  random.begin_round(1);
  std::map<uint64_t, std::optional<uint64_t>> once;
  for (uint64_t key = 0; key < 1000; ++key) once[key] = random.hit(key);
  for (uint64_t key = 0; key < 1000; ++key) {
    same_fixed += fixed.hit(key) == first[key];
    same_random += random.hit(key) == once[key];  // the same key, used a second time
  }
  EXPECT_EQ(same_fixed, 1000) << "fixed: a pure function of the key";
  EXPECT_LT(same_random, 700) << "random: about 0.7^2 + 0.3^2 of keys alike by chance";
  random.begin_round(1);  // a replayed round replays its draws
  int replayed = 0;
  for (uint64_t key = 0; key < 1000; ++key) replayed += random.hit(key) == once[key];
  EXPECT_EQ(replayed, 1000);
}

TEST(AnswerFaults, AWrongAnswerIsWellFormedAndDiffersInEveryTask) {
  for (const std::string& task : questions::domain_names()) {
    auto domain = questions::make_domain(task);
    Rng rng(5);
    const auto& format = domain->answer_format();
    for (int i = 0; i < 200; ++i) {
      const auto context = domain->sample_context(domain->min_size() + 1, rng);
      const auto question = domain->sample_question(context, rng);
      const auto truth = domain->ground_truth(context, question);
      const auto wrong = decomposition::wrong_answer(format, truth, rng());
      EXPECT_NE(wrong, truth) << task;
      EXPECT_GE(format.shape_of(wrong), 0) << task;
      EXPECT_EQ(decomposition::wrong_answer(format, truth, 42),
                decomposition::wrong_answer(format, truth, 42))
          << "a pure function of the seed";
    }
  }
}

TEST(GameFaults, WrongExampleAndFaultyEvaluatorGiveTheOppositeAnswers) {
  using G = games::TicTacToe;
  selfplay::ReplayBuffer<G>::Example e{G::initial(), {}, 1.0f};
  e.policy[4] = 1;  // the centre
  for (uint64_t seed = 0; seed < 100; ++seed) {
    const auto wrong = selfplay::ReplayBuffer<G>::wrong_example(e, seed);
    EXPECT_EQ(wrong.policy[4], 0);
    float sum = 0;
    for (float x : wrong.policy) sum += x;
    EXPECT_EQ(sum, 1);
    EXPECT_NE(wrong.value, 1.0f);
  }
  struct Constant final : net::Evaluator {
    void evaluate(const float*, int n, float* logits, float* values) override {
      for (int i = 0; i < n * G::kNumActions; ++i) logits[i] = static_cast<float>(i % 9);
      for (int i = 0; i < n; ++i) values[i] = 0.5f;
    }
  } constant;
  engine::FaultInjector fault(1.0, true, 1);
  selfplay::FaultyEvaluator<G> faulty(constant, fault);
  std::vector<float> in(games::kInputSize<G>, 0), logits(G::kNumActions), value(1);
  faulty.evaluate(in.data(), 1, logits.data(), value.data());
  EXPECT_EQ(value[0], -0.5f);
  EXPECT_EQ(logits[8], -8.0f);
}

decomposition::QuestionRunConfig small_question_run() {
  decomposition::QuestionRunConfig config;
  config.task = "sequential_assignments";
  config.curriculum.start_size = 2;
  config.curriculum.max_size = 2;
  config.rounds = 3;
  config.assess_questions = 256;
  config.audit_every = 0;
  return config;
}

TEST(QuestionFaults, WrongTargetsAtRateOneDriveATowardsChance) {
  auto clean_config = small_question_run();
  decomposition::QuestionInstance clean(clean_config, false);
  const double clean_acc = run(clean, 3, 1, fresh_dir("clean")).back().get("acc");
  auto config = small_question_run();
  config.fault.targets = 1;
  decomposition::QuestionInstance faulty(config, false);
  const auto rounds = run(faulty, 3, 1, fresh_dir("faulty"));
  EXPECT_GT(clean_acc, 0.5);
  // A uniformly random answer is right about 1 time in 40, but the true answers at size 2
  // take 8 values (about 12.5% each): A, three rounds into learning the wrong targets, still
  // lands on one of them now and then (measured 5.9%), far below the clean run.
  EXPECT_LT(rounds.back().get("acc"), 0.1);
  EXPECT_EQ(rounds.back().get("fault_targets_share"), 1);
  EXPECT_LT(rounds.back().get("acc_amp_faulty"), 0.05);
}

TEST(QuestionFaults, RealisedRatesOverARoundAndExactResume) {
  auto config = small_question_run();
  config.rounds = 2;
  config.fault.targets = 0.1;
  config.fault.subanswers = 0.3;
  decomposition::QuestionInstance whole(config, false);
  const auto all = run(whole, 2, 1, fresh_dir("whole"));
  // 12,800 targets and about 6,400 sub-answers per round.
  for (const auto& m : all) {
    EXPECT_NEAR(m.get("fault_targets_share", -1), 0.1, 0.02);
    EXPECT_NEAR(m.get("fault_subanswers_share", -1), 0.3, 0.02);
    EXPECT_GT(m.get("a_calls"), 5000);
  }
  const fs::path dir = fresh_dir("resumed");
  {
    decomposition::QuestionInstance first(config, false);
    run(first, 1, 1, dir);
  }
  decomposition::QuestionInstance second(config, false);
  const auto resumed = run(second, 2, 1, dir);
  ASSERT_EQ(resumed.size(), 1u);
  for (const auto& [name, value] : all.back().values)
    if (!engine::measured_by_clock(name)) EXPECT_EQ(resumed.back().get(name, -1), value) << name;
}

selfplay::GameRunConfig small_game_run() {
  selfplay::GameRunConfig config;
  config.games_per_round = 200;
  config.search.simulations = 32;
  config.arena_games = 0;
  config.reference_games = 0;
  config.audit_every = 0;
  return config;
}

TEST(GameFaults, WrongTargetsAtRateOneDriveTheRawPolicyToChance) {
  using G = games::TicTacToe;
  auto clean_config = small_game_run();
  selfplay::GameInstance<G> clean(clean_config, false);
  const double clean_share = run(clean, 3, 1, fresh_dir("game_clean")).back().get("optimal_moves");
  auto config = small_game_run();
  config.fault.targets = 1;
  config.fault.mode = "fixed";
  selfplay::GameInstance<G> faulty(config, false);
  const auto m = run(faulty, 3, 1, fresh_dir("game_faulty")).back();
  const double chance = selfplay::chance_optimal_move_rate<G>();
  EXPECT_EQ(m.get("optimal_moves_chance"), chance);
  EXPECT_EQ(m.get("fault_targets_share"), 1);
  EXPECT_GT(clean_share, chance + 0.2);
  EXPECT_LT(m.get("optimal_moves"), chance + 0.1) << "chance " << chance;
}

}  // namespace
}  // namespace ida
