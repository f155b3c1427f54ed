// The audit's figures (src/audit, selfplay/game_audit.h, decomposition/question_audit.h) and
// the separation they rely on: training never reads an oracle.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "audit/compounding.h"
#include "audit/inheritance.h"
#include "audit/ladder.h"
#include "audit/share.h"
#include "core/json.h"
#include "core/oracle_reads.h"
#include "core/rng.h"
#include "decomposition/question_audit.h"
#include "decomposition/question_instance.h"
#include "error_of.h"
#include "games/tictactoe.h"
#include "net/evaluator.h"
#include "selfplay/game_audit.h"
#include "selfplay/game_instance.h"

namespace ida {
namespace {

TEST(Share, WilsonIntervalMatchesTheFormula) {
  const audit::Share half{5, 10};
  EXPECT_DOUBLE_EQ(half.value(), 0.5);
  EXPECT_NEAR(half.low(), 0.2366, 1e-4);
  EXPECT_NEAR(half.high(), 0.7634, 1e-4);
  const audit::Share none{0, 10};
  EXPECT_EQ(none.low(), 0);
  EXPECT_NEAR(none.high(), 0.2775, 1e-4) << "no successes in 10 is not a certain 0";
  const audit::Share all{100, 100};
  EXPECT_NEAR(all.low(), 0.9630, 1e-4);
  EXPECT_EQ(all.high(), 1);
  const audit::Share empty{0, 0};
  EXPECT_EQ(empty.value(), 0);
  EXPECT_EQ(empty.low(), 0);
  EXPECT_EQ(empty.high(), 1);
}

TEST(Inheritance, CountsNewInheritedOtherAndCorrectedErrors) {
  audit::Inheritance i;
  i.add(true, true, true);     // both right
  i.add(true, false, false);   // a new error
  i.add(false, false, true);   // inherited: the same wrong answer
  i.add(false, false, false);  // both wrong, differently
  i.add(false, true, false);   // corrected
  EXPECT_EQ(i.inputs, 5);
  EXPECT_EQ(i.source_right, 2);
  EXPECT_EQ(i.result_right, 2);
  EXPECT_EQ(i.new_errors, 1);
  EXPECT_EQ(i.inherited, 1);
  EXPECT_EQ(i.other_errors, 1);
  EXPECT_EQ(i.corrected, 1);
  EXPECT_DOUBLE_EQ(i.introduced_rate().value(), 0.5);
  EXPECT_DOUBLE_EQ(i.correction_rate().value(), 1.0 / 3);
  audit::Inheritance twice = i;
  twice += i;
  EXPECT_EQ(twice.inputs, 10);
  EXPECT_EQ(twice.corrected, 2);
}

TEST(Inheritance, TeacherGapRecoveredNeedsAGap) {
  EXPECT_DOUBLE_EQ(*audit::teacher_gap_recovered(0.5, 0.9, 0.7), 0.5);
  EXPECT_DOUBLE_EQ(*audit::teacher_gap_recovered(0.5, 0.9, 0.4), -0.25);
  EXPECT_FALSE(audit::teacher_gap_recovered(0.5, 0.51, 0.9)) << "a 1-point gap is noise";
}

TEST(Compounding, PredictsIndependentFailuresPerCall) {
  audit::Compounding c;
  c.add(true, 1, 0);
  c.add(false, 2, 1);
  c.add(true, 0, 0);  // answered by lookups only: cannot fail
  EXPECT_EQ(c.calls, 3);
  EXPECT_EQ(c.wrong_calls, 1);
  EXPECT_NEAR(c.predicted_error(0.1), (0.1 + 0.19 + 0) / 3, 1e-12);
  EXPECT_NEAR(c.observed_error().value(), 1.0 / 3, 1e-12);
  EXPECT_EQ(c.predicted_error(0), 0);
}

TEST(Json, WritesOrderedObjectsEscapesAndNull) {
  Json j = Json::object();
  j["b"] = 1;
  j["a"] = "say \"hi\"\n";
  j["x"] = 0.25;
  j["nan"] = std::nan("");
  j["list"].push(true);
  j["list"].push(Json());
  EXPECT_EQ(j.dump(), R"({"b":1,"a":"say \"hi\"\n","x":0.25,"nan":null,"list":[true,null]})");
}

using games::TicTacToe;

selfplay::GameRunConfig small_game() {
  selfplay::GameRunConfig config;
  config.games_per_round = 16;
  config.search.simulations = 16;
  config.net.channels = 8;
  config.net.blocks = 1;
  config.arena_games = 0;
  config.reference_games = 0;
  config.optimal_move_rate = false;
  return config;
}

// With the teacher equal to the raw policy nothing is new or corrected; a deep search corrects
// most of an untrained agent's endgame errors, and the audit says so.
TEST(GameAudit, SeparatesInheritedFromCorrectedErrors) {
  const auto suite = selfplay::minimax_suite<TicTacToe>();
  ASSERT_GT(suite.positions.size(), 3000u) << "tic-tac-toe has 3191 decisive positions";
  for (const auto& p : suite.positions) {
    int keeping = 0;
    for (bool k : p.keeps_result) keeping += k;
    ASSERT_GT(keeping, 0);
    ASSERT_LT(keeping, static_cast<int>(p.state.legal_actions().size)) << "not decisive";
  }
  selfplay::GameInstance<TicTacToe> instance(small_game(), false);
  auto& agent = instance.agent();
  search::MctsParams raw;
  raw.simulations = 1;
  search::MctsParams deep;
  deep.simulations = 400;
  const auto audit =
      selfplay::audit_game(suite, agent, agent, {"raw", raw}, {{"raw", raw}, {"deep", deep}}, 4);
  const auto same = audit.distill.all();
  EXPECT_EQ(same.new_errors + same.corrected + same.other_errors, 0);
  EXPECT_EQ(same.inherited, same.inputs - same.source_right);
  const auto end = audit.amplify[1].phase[2];
  EXPECT_LT(end.source_accuracy().value(), 0.8) << "an untrained net misses endgame tactics";
  EXPECT_GT(end.result_accuracy().value(), end.source_accuracy().value() + 0.2);
  EXPECT_GT(end.correction_rate().value(), 0.5);
  const std::string json = audit.distill_json().dump();
  EXPECT_NE(json.find("\"by_phase\""), std::string::npos);
  // Redundancy: an untrained net is not symmetric, so its raw moves on symmetric images differ;
  // the flag catches some of its wrong moves, and every count adds up.
  const auto r = audit.redundancy_all();
  EXPECT_EQ(r.inputs, static_cast<int64_t>(suite.positions.size()));
  EXPECT_EQ(r.primary_right, same.source_right) << "the primary way is the teacher";
  EXPECT_GT(r.disagreement().value(), 0.2);
  EXPECT_GT(r.recall().value(), 0.3);
  EXPECT_NE(audit.amplify_json().dump().find("\"redundancy\""), std::string::npos);
}

// The audit's searches run side by side on several threads answer exactly as one by one.
TEST(GameAudit, FiguresDoNotDependOnThreads) {
  const auto suite = selfplay::minimax_suite<TicTacToe>();
  selfplay::GameInstance<TicTacToe> instance(small_game(), false);
  auto& agent = instance.agent();
  ASSERT_TRUE(agent.concurrent());
  const selfplay::AuditSearch teacher{"self-play", small_game().search.params(true)};
  search::MctsParams deep;
  deep.simulations = 64;
  std::string first;
  for (int threads : {1, 3}) {
    const auto audit =
        selfplay::audit_game(suite, agent, agent, teacher, {teacher, {"deep", deep}}, 3, threads);
    const std::string figures = audit.distill_json().dump() + audit.amplify_json().dump();
    if (first.empty()) first = figures;
    EXPECT_EQ(figures, first) << threads << " threads";
  }
}

// An evaluator that reads one input cell and prefers the highest action: through the
// symmetry it reads the image's cell and prefers the action that the symmetry sends there.
TEST(GameAudit, SymmetricEvaluatorSearchesTheImage) {
  struct Probe final : net::Evaluator {
    void evaluate(const float* inputs, int n, float* logits, float* values) override {
      for (int i = 0; i < n; ++i) {
        for (int a = 0; a < 9; ++a) logits[i * 9 + a] = static_cast<float>(a);
        values[i] = inputs[i * games::kInputSize<TicTacToe> + 8];  // plane 0, cell 8
      }
    }
  } probe;
  for (int sym = 0; sym < TicTacToe::kNumSymmetries; ++sym) {
    selfplay::SymmetricEvaluator<TicTacToe> image(probe, sym);
    std::vector<float> input(games::kInputSize<TicTacToe>, 0.0f), logits(9);
    int from = -1;  // the cell the symmetry sends to cell 8
    for (int c = 0; c < 9; ++c)
      if (TicTacToe::transform_cell(sym, c) == 8) from = c;
    input[from] = 1;
    float value = 0;
    image.evaluate(input.data(), 1, logits.data(), &value);
    EXPECT_EQ(value, 1.0f) << "symmetry " << sym;
    const int best =
        static_cast<int>(std::max_element(logits.begin(), logits.end()) - logits.begin());
    EXPECT_EQ(TicTacToe::transform_action(sym, best), 8) << "symmetry " << sym;
  }
}

decomposition::QuestionRunConfig small_questions() {
  decomposition::QuestionRunConfig config;
  config.task = "permutation_powering";
  config.steps_per_round = 2;
  config.assess_questions = 64;
  return config;
}

// The audit's own arithmetic on an untrained A: categories add up, every call to A is
// checked by the oracle, and lookups-only questions (depth 1) are never wrong under H.
TEST(QuestionAudit, CountsEveryQuestionAndCallToA) {
  decomposition::QuestionInstance instance(small_questions(), false);
  const auto set = instance.held_out(4, 96);
  const auto audit = decomposition::audit_questions(instance.domain(), instance.agent(),
                                                    instance.agent(), {{4, set}});
  ASSERT_EQ(audit.sizes.size(), 1u);
  const auto& s = audit.sizes[0];
  const auto& d = s.distill;
  EXPECT_EQ(d.inputs, 96);
  EXPECT_EQ(d.source_right - d.new_errors + d.corrected, d.result_right);
  EXPECT_EQ(d.inputs - d.source_right, d.inherited + d.other_errors + d.corrected);
  EXPECT_EQ(audit.oracle_calls, 2 * 96 + s.compounding.calls) << "truth, H alone, calls to A";
  ASSERT_TRUE(s.compounding_by_depth.contains(1));
  EXPECT_EQ(s.compounding_by_depth.at(1).wrong, 0) << "H is exact on lookups";
  EXPECT_EQ(s.compounding_by_depth.at(1).calls, 0);
  EXPECT_GT(s.compounding.call_error().value(), 0.5) << "an untrained A is mostly wrong";
  EXPECT_NEAR(s.accuracy_before, s.amplify.source_accuracy().value(), 1e-12);
  // H alone answers the lookup-only questions and (almost) nothing else.
  EXPECT_EQ(s.h_alone.n, 96);
  EXPECT_GE(s.h_alone.count, s.compounding_by_depth.at(1).questions);
  EXPECT_LT(s.h_alone.value(), 0.6);
  EXPECT_EQ(audit.frontier(), 0) << "an untrained A is under 95% everywhere";
  // Redundancy: the uneven split flags many of an untrained A's wrong answers (not all: where
  // both ways get a malformed sub-answer, both answer "?" and agree).
  EXPECT_EQ(s.redundancy.inputs, 96);
  EXPECT_EQ(s.redundancy.primary_right, d.source_right);
  EXPECT_GT(s.redundancy.recall().value(), 0.3);
  EXPECT_LE(s.redundancy.flagged_wrong, s.redundancy.flagged);
}

// Amplify and Distill in IDA mode (the question guard included) never read an oracle; assess
// and the supervised baseline do.
TEST(OracleSeparation, TrainingNeverReadsAnOracle) {
  {
    selfplay::GameInstance<TicTacToe> game(small_game(), false);
    engine::RoundOutput out;
    const int64_t before = oracle_reads();
    game.amplify({1, 7}, out);
    game.distill({1, 7}, out);
    EXPECT_EQ(oracle_reads(), before) << "self-play or its training read minimax";
    auto config = small_game();
    config.optimal_move_rate = true;
    selfplay::GameInstance<TicTacToe> assessed(config, false);
    assessed.assess({1, 7}, out);
    EXPECT_GT(oracle_reads(), before) << "the counter must see assess's minimax";
  }
  {
    auto guarded = small_questions();
    guarded.curriculum.guard = 0.5;  // the alternatives' answers are read without labels too
    decomposition::QuestionInstance ida(guarded, false);
    engine::RoundOutput out;
    const int64_t before = oracle_reads();
    ida.amplify({1, 7}, out);
    ida.distill({1, 7}, out);
    EXPECT_EQ(oracle_reads(), before) << "IDA's amplify or distill read the ground truth";
    EXPECT_GT(out.metrics.get("alt_a_calls"), 0) << "the guard did not run";
    ida.assess({1, 7}, out);
    const int64_t after_assess = oracle_reads();
    EXPECT_GT(after_assess, before);
    auto config = small_questions();
    config.targets = "ground_truth";
    decomposition::QuestionInstance supervised(config, false);
    supervised.amplify({1, 7}, out);
    EXPECT_GT(oracle_reads(), after_assess) << "the supervised baseline reads labels";
  }
}

}  // namespace
}  // namespace ida

namespace ida {
namespace {

// Games simulated from known ratings are fitted back to them within their standard errors.
TEST(Ladder, RecoversKnownRatingsFromSimulatedGames) {
  const std::vector<double> truth{0, 150, 400, 700, 1000};  // Elo; player 0 is the anchor
  const double first_move = 60;
  Rng rng(5);
  std::vector<audit::LadderGame> games;
  for (int a = 0; a < 5; ++a)
    for (int b = 0; b < 5; ++b) {
      if (a == b || std::abs(a - b) > 2) continue;  // neighbours on the ladder only
      const double p = 1 / (1 + std::pow(10.0, -(truth[a] - truth[b] + first_move) / 400));
      for (int g = 0; g < 400; ++g) games.push_back({a, b, uniform01(rng) < p ? 1.0 : 0.0});
    }
  const auto fit = audit::fit_ladder(5, games);
  EXPECT_EQ(fit.elo[0], 0);
  EXPECT_EQ(fit.stderr_elo[0], 0);
  for (int p = 1; p < 5; ++p) {
    EXPECT_GT(fit.stderr_elo[p], 5);
    EXPECT_LT(fit.stderr_elo[p], 60);
    EXPECT_NEAR(fit.elo[p], truth[p], 3 * fit.stderr_elo[p]) << "player " << p;
  }
  EXPECT_NEAR(fit.first_move_elo, first_move, 3 * fit.first_move_stderr);
  EXPECT_LT(fit.stderr_elo[1], fit.stderr_elo[4]) << "the far end is known less well";
}

TEST(Ladder, PerfectRecordsStayFiniteAndBadGamesAreRefused) {
  std::vector<audit::LadderGame> games(50, {1, 0, 1.0});
  for (int g = 0; g < 50; ++g) games.push_back({0, 1, 0.5});
  const auto fit = audit::fit_ladder(2, games);
  EXPECT_TRUE(std::isfinite(fit.elo[1]));
  EXPECT_GT(fit.elo[1], 300) << "wins every game it moves first in, draws the rest";
  EXPECT_NE(testing::error_of([] {
              audit::fit_ladder(2, {{0, 2, 1}});
            }).find("0..1"),
            std::string::npos);
  EXPECT_NE(testing::error_of([] {
              audit::fit_ladder(2, {{1, 1, 1}});
            }).find("itself"),
            std::string::npos);
  EXPECT_NE(testing::error_of([] {
              audit::fit_ladder(2, {{0, 1, 2}});
            }).find("want 0..1"),
            std::string::npos);
}

}  // namespace
}  // namespace ida
