// The audit's worst-case search (audit/worst_case.h) and the regression suite: the search
// climbs, counts its queries and confirms with the oracle; a broken agent of either instance
// is caught within its budget; failures are stored with their round, survive a resume and are
// re-checked by later rounds.
#include "audit/worst_case.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <set>

#include "decomposition/question_instance.h"
#include "decomposition/question_probe.h"
#include "engine/run_store.h"
#include "fake_evaluator.h"
#include "games/tictactoe.h"
#include "search/minimax.h"
#include "selfplay/game_probe.h"
#include "subprocess.h"

namespace ida {
namespace {
namespace fs = std::filesystem;

// Inputs 0..999; the disagreement grows with the input, and A is wrong from 900 on: the
// search must climb from its random seeds to find the failures.
class RampProbe final : public audit::Probe<int> {
 public:
  std::vector<int> seeds(int count, Rng& rng) override {
    std::vector<int> s;
    for (int i = 0; i < count; ++i) s.push_back(static_cast<int>(rng() % 300));
    return s;
  }
  std::optional<int> mutate(const int& x, Rng& rng) override {
    const int next = x + static_cast<int>(rng() % 41) - 10;
    if (next < 0 || next > 999) return std::nullopt;
    return next;
  }
  std::vector<audit::Disagreement> disagreement(const std::vector<int>& inputs) override {
    std::vector<audit::Disagreement> out;
    for (int x : inputs) {
      out.push_back({x / 999.0, x >= 500});
      queried.push_back(x);
    }
    return out;
  }
  std::vector<bool> wrong(const std::vector<int>& inputs) override {
    std::vector<bool> out;
    for (int x : inputs) out.push_back(x >= 900);
    return out;
  }
  std::string text(const int& x) const override { return std::to_string(x); }
  int parse(const std::string& t) const override { return std::stoi(t); }
  std::vector<int> queried;
};

TEST(WorstCase, ClimbsToTheFailuresAndConfirmsEachCandidateOnce) {
  RampProbe probe;
  Rng rng(3);
  const auto found = audit::worst_case_search(probe, {.budget = 600, .population = 16}, rng);
  EXPECT_EQ(found.queries, 600);
  EXPECT_EQ(probe.queried.size(), 600u) << "the budget counts every scored input";
  EXPECT_EQ(std::set<int>(probe.queried.begin(), probe.queried.end()).size(), 600u)
      << "an input was queried twice";
  EXPECT_GT(found.worst_disagreement, 0.99) << "the search did not climb";
  ASSERT_FALSE(found.failures.empty());
  ASSERT_TRUE(found.first_failure_query.has_value());
  EXPECT_GT(*found.first_failure_query, 16) << "no seed is a failure";
  std::set<std::string> distinct(found.failures.begin(), found.failures.end());
  EXPECT_EQ(distinct.size(), found.failures.size());
  for (const auto& f : found.failures) EXPECT_GE(std::stoi(f), 900);
  EXPECT_EQ(found.oracle_calls, found.candidates);
  EXPECT_LE(found.candidates, 500) << "candidates are distinct inputs that differ";

  RampProbe all;
  Rng whole(4);
  const auto everything = audit::worst_case_search(all, {.budget = 5000}, whole);
  EXPECT_LE(everything.queries, 1000) << "1000 inputs exist: none is queried twice";
  EXPECT_GE(everything.queries, 950) << "the search stopped before it ran out of new inputs";
  EXPECT_EQ(everything.failures.size(), 100u) << "it finds every failure once";

  Rng seeds_only(3);
  const auto blind = audit::worst_case_search(probe, {.budget = 16, .population = 16}, seeds_only);
  EXPECT_TRUE(blind.failures.empty());
  EXPECT_FALSE(blind.first_failure_query.has_value());
  EXPECT_LT(blind.worst_disagreement, 0.31);

  const auto check = audit::check_regressions(probe, {"950", "100", "905"});
  EXPECT_EQ(check.passed.n, 3);
  EXPECT_EQ(check.passed.count, 1);
}

// Logits that prefer the lowest action: A "always answers the same" (the first free cell).
class FirstCellEvaluator final : public net::Evaluator {
 public:
  void evaluate(const float*, int n, float* logits, float* values) override {
    for (int i = 0; i < n; ++i) {
      for (int a = 0; a < 9; ++a) logits[i * 9 + a] = -a;
      values[i] = 0;
    }
  }
};

TEST(WorstCase, CatchesAGameAgentThatAlwaysPlaysTheFirstFreeCell) {
  using G = games::TicTacToe;
  FirstCellEvaluator agent;
  selfplay::MoveOracle<G> oracle;
  search::MctsParams search;
  search.simulations = 200;
  selfplay::GameProbe<G> probe(agent, search, oracle);
  Rng rng(1);
  const auto found = audit::worst_case_search(probe, {.budget = 128}, rng);
  ASSERT_FALSE(found.failures.empty()) << "a broken agent went unnoticed";
  ASSERT_TRUE(found.first_failure_query.has_value());
  EXPECT_LE(*found.first_failure_query, 128);
  // Each confirmed failure really is one: the first free cell is not a minimax move.
  search::Minimax<G> minimax;
  for (const auto& text : found.failures) {
    const auto moves = probe.parse(text);
    EXPECT_EQ(probe.text(moves), text);
    auto s = G::initial();
    for (auto a : moves) s.play(a);
    const auto best = minimax.optimal_actions(s);
    EXPECT_EQ(std::find(best.begin(), best.end(), s.legal_actions()[0]), best.end()) << text;
  }
  const auto check = audit::check_regressions(probe, found.failures);
  EXPECT_EQ(check.passed.count, 0) << "the same agent fails its own failures again";
  EXPECT_THROW(probe.parse("12x"), InputError);
  EXPECT_THROW(probe.parse("1425367"), InputError) << "a finished game is no input";
}

decomposition::QuestionRunConfig small_task() {
  decomposition::QuestionRunConfig config;
  config.task = "permutation_powering";
  return config;
}

TEST(WorstCase, CatchesAnUntrainedQuestionAgentAndItsFailuresRoundTrip) {
  decomposition::QuestionInstance instance(small_task(), false);
  const auto& domain = instance.domain();
  decomposition::QuestionProbe probe(domain, instance.agent(), 3, 5);
  Rng rng(2);
  const auto found = audit::worst_case_search(probe, {.budget = 96}, rng);
  ASSERT_FALSE(found.failures.empty());
  EXPECT_LE(*found.first_failure_query, 96);
  for (const auto& text : found.failures) {
    const auto input = probe.parse(text);
    EXPECT_EQ(probe.text(input), text);
    EXPECT_GE(input.context.size(), 3);
    EXPECT_LE(input.context.size(), 5);
  }
  EXPECT_EQ(audit::check_regressions(probe, found.failures).passed.count, 0);
  EXPECT_THROW(probe.parse("salt x\nq\nf"), InputError);
  EXPECT_THROW(probe.parse("no salt"), InputError);
}

fs::path scratch(const std::string& name) {
  fs::path p = fs::temp_directory_path() / ("ida_wc_" + std::to_string(getpid()) + "_" + name);
  fs::remove_all(p);
  return p;
}

std::vector<std::string> train(const fs::path& run, int rounds) {
  const auto r = testing::run_ida({"train", "--quiet",
                                   "--run", run.string(),
                                   "--set", "task=sequential_assignments",
                                   "--set", "curriculum.start_size=2",
                                   "--set", "curriculum.max_size=2",
                                   "--set", "rounds=" + std::to_string(rounds),
                                   "--set", "distill.steps_per_round=20",
                                   "--set", "assess.questions=32",
                                   "--set", "audit.every=1",
                                   "--set", "audit.budget=64"});
  EXPECT_EQ(r.status, 0) << r.output;
  std::vector<std::string> stored;
  for (const auto& s : engine::RunStore(run / "run.db").regressions())
    stored.push_back(std::to_string(s.round) + ":" + s.input);
  return stored;
}

// Failures are stored with the round that found them; a run stopped and resumed stores the
// same ones; each round re-checks those of the rounds before it.
TEST(RegressionSuite, StoredPerRoundResumedExactlyAndRecheckedLater) {
  const fs::path straight = scratch("straight"), resumed = scratch("resumed");
  const auto all = train(straight, 3);
  train(resumed, 2);
  EXPECT_EQ(train(resumed, 3), all);
  ASSERT_FALSE(all.empty()) << "an agent after 20 steps has no failure within 64 queries?";
  const auto rounds = engine::RunStore(straight / "run.db").rounds();
  int stored_before = 0;
  for (const auto& round : rounds) {
    double n = -1;
    for (const auto& [name, value] : round.metrics)
      if (name == "audit_regression_n") n = value;
    EXPECT_EQ(n, stored_before) << "round " << round.round;
    for (const auto& s : all) stored_before += s.starts_with(std::to_string(round.round) + ":");
  }
  fs::remove_all(straight);
  fs::remove_all(resumed);
}

// A version-1 run database (before the regression suite) is upgraded in place when opened.
TEST(RegressionSuite, AVersionOneStoreIsUpgraded) {
  const fs::path dir = scratch("v1");
  fs::create_directories(dir);
  {
    engine::RunStore store(dir / "run.db");
    store.commit_round({.round = 1, .metrics = {{"x", 1}}, .regressions = {"a"}});
  }
  {  // what version 1 wrote: no regressions or transcripts tables
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir / "run.db").c_str(), &db), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db,
                           "DROP TABLE regressions; DROP TABLE transcripts; "
                           "DROP TABLE transcript_exchanges; PRAGMA user_version=1;",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  engine::RunStore store(dir / "run.db");
  EXPECT_TRUE(store.regressions().empty());
  store.commit_round({.round = 2, .regressions = {"b", "c"}});
  ASSERT_EQ(store.regressions().size(), 2u);
  EXPECT_EQ(store.regressions()[1].input, "c");
  EXPECT_EQ(store.rounds().size(), 2u) << "the upgrade kept round 1";
  fs::remove_all(dir);
}

}  // namespace
}  // namespace ida
