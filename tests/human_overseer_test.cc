// IDA with a human overseer (overseer.source = "human"): each round reads the people's
// transcripts from the run's store; H' imitates them, Amplify(H', A) makes the targets, and
// the people's new answers are targets as well.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "decomposition/human_transcripts.h"
#include "decomposition/question_instance.h"
#include "engine/run_store.h"
#include "oversight/workspace.h"
#include "questions/registry.h"

#include "budget.h"
#include "question_runs.h"
#include "scratch.h"
#include "scripted_human.h"
#include "subprocess.h"

namespace ida {
namespace {
namespace fs = std::filesystem;
using testing::run_ida;

fs::path scratch(const std::string& name) { return testing::scratch_dir("human_overseer", name); }

double metric(const engine::RunStore::RoundRecord& round, const std::string& name) {
  for (const auto& [k, v] : round.metrics)
    if (k == name) return v;
  return -1;
}

constexpr const char* kConfig = R"(task = "permutation_powering"
rounds = 1
[curriculum]
start_size = 2
max_size = 3
[distill]
# many small steps: the costly part of a round is Amplify(H', A) over its questions
steps_per_round = 200
contexts_per_step = 4
[overseer]
learned = true
source = "human"
train_steps = 50
[assess]
questions = 256
sizes = "2"
[audit]
every = 0
)";


// The share of `n` random questions at `size` whose answer is x itself (s^k(x) = x): what an
// answerer without skill that always answers x gets right, often at small sizes. Chance, a
// random element of the context, is 1/size.
double stays_share(const questions::Domain& domain, int size, int n) {
  Rng rng(7);
  int same = 0;
  for (int i = 0; i < n; ++i) {
    const questions::Context c = domain.sample_context(size, rng);
    const questions::Question q = domain.sample_question(c, rng);
    const std::string text = domain.question_format().format(q);
    const std::string x = text.substr(0, text.find(' '));
    same += domain.answer_format().format(domain.ground_truth(c, q)) == x;
  }
  return static_cast<double>(same) / n;
}

// 8 sessions of 50 questions, 3 rounds of `ida train` after each (the people's new answers
// and H' are picked up at each round). About 3.5 minutes on 2 cores; the sanitizer build
// leaves it out (its parts, `ida oversee` and the human-overseer rounds, are tested there
// by the tests below and in cli_oversee_test.cc).
TEST(HumanOverseer, IdaLearnsFromAScriptedPersonsTranscriptsAlone) {
  if (testing::kSanitized) GTEST_SKIP() << "minutes of training: release build only";
  const fs::path dir = scratch("run");
  const fs::path run = dir / "run";
  std::ofstream(dir / "human.toml") << kConfig;
  const auto domain = questions::make_domain("permutation_powering");
  const int sessions = 8, per_session = 50, rounds_per_session = 3;
  int answered = 0, mistakes = 0;
  for (int s = 0; s < sessions; ++s) {
    {
      testing::Conversation ida({"oversee", "--task", "permutation_powering", "--run",
                                 run.string(), "--config", (dir / "human.toml").string(),
                                 "--user", "scripted", "--seed", std::to_string(s)});
      const auto done = testing::oversee_as_h(*domain, ida, per_session, 0.05, s);
      answered += done.answered;
      mistakes += done.mistakes;
      ASSERT_EQ(ida.finish(), 0);
    }
    auto r = run_ida({"train", "--config", (dir / "human.toml").string(), "--run", run.string(),
                      "--set", "rounds=" + std::to_string((s + 1) * rounds_per_session),
                      "--quiet"});
    ASSERT_EQ(r.status, 0) << r.output;
  }
  EXPECT_EQ(answered, sessions * per_session);
  EXPECT_GT(mistakes, 0);
  const auto rounds = engine::RunStore(run / "run.db").rounds();
  ASSERT_EQ(static_cast<int>(rounds.size()), sessions * rounds_per_session);
  const auto& first = rounds.front();
  const auto& last = rounds.back();
  EXPECT_EQ(metric(last, "h_calls"), 0) << "the program H never answered";
  EXPECT_EQ(metric(last, "transcripts") + metric(last, "transcripts_held_out"),
            sessions * per_session);
  EXPECT_EQ(metric(first, "human_targets"), per_session * 9 / 10);

  // A's accuracy on the 256 held-out questions at the run's size and at size 2.
  const int size = static_cast<int>(metric(last, "size"));
  const double acc = metric(last, "acc");
  const double acc2 = size > 2 ? metric(last, "acc_n2") : acc;
  std::printf("after %d transcripts and %zu rounds: size %d, A's accuracy %.3f (chance %.3f, "
              "always-x %.3f), at size 2 %.3f (chance 0.5, always-x %.3f); round 1: %.3f; "
              "H' agreement with held-out decisions %.3f\n",
              answered, rounds.size(), size, acc, 1.0 / size, stays_share(*domain, size, 4000),
              acc2, stays_share(*domain, 2, 4000), metric(first, "acc"),
              metric(last, "hp_agreement"));
  EXPECT_GE(acc, 1.0 / size + 0.15);
  EXPECT_GE(acc2, 0.62);
  EXPECT_GE(acc - metric(first, "acc"), 0.3);
  EXPECT_GE(metric(last, "hp_agreement"), 0.8);
  fs::remove_all(dir);
}

// `count` transcripts of H's own work (sub-questions answered by the ground truth), as a
// person who never errs would leave them, committed to `store`.
void commit_transcripts(const questions::Domain& domain, engine::RunStore& store, int count,
                        uint64_t seed) {
  Rng rng(seed);
  for (int i = 0; i < count; ++i) {
    const questions::Context c = domain.sample_context(2, rng);
    const questions::Question q = domain.sample_question(c, rng);
    oversight::Workspace w(domain, c, q,
                           [&](const questions::Question& s) { return domain.ground_truth(c, s); });
    auto h = domain.begin(q);
    while (auto sub = h->next_subquestion())
      h->give_answer(w.ask(domain.question_format().format(*sub)).answer);
    w.answer(domain.answer_format().format(h->final_answer()));
    store.commit_transcript(w.record("test"));
  }
}

decomposition::QuestionRunConfig human_config() {
  decomposition::QuestionRunConfig config;
  config.task = "permutation_powering";
  config.curriculum.start_size = 2;
  config.curriculum.max_size = 2;
  config.steps_per_round = 6;
  config.contexts_per_step = 4;
  config.assess_questions = 32;
  config.audit_every = 0;
  config.overseer.learned = true;
  config.overseer.source = "human";
  config.overseer.train_steps = 3;
  config.rounds = 3;
  return config;
}

// The people's answers new since the last round become targets once; H' trains on all;
// every tenth transcript is held out; a resumed run equals an uninterrupted one.
TEST(HumanOverseer, TranscriptsAreReadEachRoundAndTheRunResumesExactly) {
  const auto domain = questions::make_domain("permutation_powering");
  const auto config = human_config();
  auto add = [&](int round, engine::RunStore& store) {
    if (round <= 2) commit_transcripts(*domain, store, 25, round);  // 25 before rounds 1, 2
  };
  const fs::path whole_dir = scratch("whole");
  const engine::Metrics whole = testing::run_questions(config, whole_dir, add);
  const auto rounds = engine::RunStore(whole_dir / "run.db").rounds();
  ASSERT_EQ(rounds.size(), 3u);
  EXPECT_EQ(metric(rounds[0], "transcripts"), 23);  // ids 1..25 less 10 and 20
  EXPECT_EQ(metric(rounds[0], "transcripts_held_out"), 2);
  EXPECT_EQ(metric(rounds[0], "human_targets"), 23);
  EXPECT_EQ(metric(rounds[1], "transcripts"), 45);
  EXPECT_EQ(metric(rounds[1], "human_targets"), 22) << "ids 26..50 less 30, 40 and 50";
  EXPECT_EQ(metric(rounds[2], "human_targets"), 0) << "no new transcript";
  EXPECT_EQ(metric(rounds[0], "steps"), 12) << "6 steps, and 6 more for 23 answers in 4s";
  EXPECT_EQ(metric(rounds[2], "h_calls"), 0);
  EXPECT_GE(metric(rounds[2], "hp_agreement"), 0);

  const fs::path split_dir = scratch("split");
  auto first_part = config;
  first_part.rounds = 2;
  testing::run_questions(first_part, split_dir, add);
  const engine::Metrics resumed = testing::run_questions(config, split_dir, add);
  ASSERT_EQ(whole.values.size(), resumed.values.size());
  for (size_t i = 0; i < whole.values.size(); ++i)
    if (!engine::measured_by_clock(whole.values[i].first))
      EXPECT_EQ(whole.values[i], resumed.values[i]) << whole.values[i].first;
  fs::remove_all(whole_dir);
  fs::remove_all(split_dir);
}

TEST(HumanOverseer, TranscriptsOfOtherTasksOrShapesAreSkipped) {
  const auto domain = questions::make_domain("permutation_powering");
  engine::RunStore::TranscriptRecord good{.id = 1, .task = "permutation_powering",
                                          .context = "ab ac\nac ab\n", .question = "ab 2",
                                          .exchanges = {{"ab 1", "(malformed answer)", "A"}},
                                          .answer = "ab"};
  auto other_task = good;
  other_task.id = 2;
  other_task.task = "union_find";
  auto bad_context = good;
  bad_context.id = 3;
  bad_context.context = "ab ac\nab ad\n";  // not a permutation
  auto over_budget = good;
  over_budget.id = 4;
  over_budget.exchanges.assign(4, {"ab 1", "ac", "lookup"});
  auto second = good;
  second.id = 10;  // held out: id divisible by 10
  const auto parsed = decomposition::parse_transcripts(
      *domain, {good, other_task, bad_context, over_budget, second});
  ASSERT_EQ(parsed.ids, (std::vector<int64_t>{1, 10}));
  EXPECT_EQ(parsed.skipped, 2) << "the other task's is not counted";
  EXPECT_EQ(parsed.last_id, 10);
  const auto held = parsed.where(decomposition::held_out_transcript);
  ASSERT_EQ(held.ids, std::vector<int64_t>{10});
  EXPECT_EQ(held.set.contexts.size(), 1u);
  EXPECT_EQ(held.set.context_of, std::vector<int>{0});
  EXPECT_EQ(held.skipped, 2);
  EXPECT_EQ(parsed.where(decomposition::training_transcript).ids, std::vector<int64_t>{1});
  EXPECT_EQ(parsed.work[0].transcript[0].answer, domain->parse_answer("?"));
  EXPECT_FALSE(parsed.work[0].looked_up[0]);

  auto config = human_config();
  config.overseer.learned = false;
  EXPECT_THROW(decomposition::QuestionInstance(config, false), InputError);
}

}  // namespace
}  // namespace ida
