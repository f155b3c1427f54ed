// `ida audit` end to end: runs and single checkpoints of both instances, text and JSON, and
// its errors.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <regex>

#include "engine/run_store.h"
#include "small_runs.h"
#include "subprocess.h"

namespace ida {
namespace {
namespace fs = std::filesystem;
using testing::run_ida;

fs::path scratch(const std::string& name) {
  fs::path p = fs::temp_directory_path() / ("ida_audit_" + std::to_string(getpid()) + "_" + name);
  fs::remove_all(p);
  return p;
}

// The raw policy's share of result-keeping moves in `ida audit --json` output.
double raw_share(const std::string& json) {
  std::smatch m;
  EXPECT_TRUE(std::regex_search(
      json, m,
      std::regex(R"("raw_policy_keeps_result":\{"count":\d+,"n":\d+,"share":([0-9.e-]+))")))
      << json;
  return m.empty() ? -1 : std::stod(m[1]);
}

// An early checkpoint is caught: its raw moves keep the result far less often than the
// shipped agent's, on the same 3191 decisive positions graded by minimax.
TEST(AuditCli, GameRunRoundsAndTheShippedModel) {
  const fs::path run = scratch("game");
  auto r = run_ida(testing::small_run_args(run, {.rounds = 2, .games = 40}));
  ASSERT_EQ(r.status, 0) << r.output;
  r = run_ida({"audit", "--run", run.string(), "--round", "1", "--json"});
  ASSERT_EQ(r.status, 0) << r.output;
  for (const char* key :
       {"\"distill\":{", "\"amplify\":[", "\"capability\":{", "\"regression\":{\"stored\":0",
        "\"worst_case\":{\"budget\":256", "\"positions\":3191", "\"round\":1"})
    EXPECT_NE(r.output.find(key), std::string::npos) << key << "\n" << r.output;
  const double early = raw_share(r.output);

  r = run_ida(
      {"audit", "--model", std::string(IDA_SOURCE_DIR) + "/models/tictactoe.ckpt", "--json"});
  ASSERT_EQ(r.status, 0) << r.output;
  const double shipped = raw_share(r.output);
  EXPECT_GT(shipped, 0.95);
  EXPECT_LT(early, shipped - 0.3) << "the audit did not tell an early agent from a trained one";

  r = run_ida({"audit", "--run", run.string(), "--sims", "200"});
  ASSERT_EQ(r.status, 0) << r.output;
  for (const char* text : {"round 2", "Distill (requirement 1)", "self-play 24 sims, root noise",
                           "evaluation 50 sims", "200 sims with A_t", "opening", "new errors"})
    EXPECT_NE(r.output.find(text), std::string::npos) << text << "\n" << r.output;
  r = run_ida({"audit", "--run", run.string(), "--round", "9"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("no completed round 9 (rounds 1..2)"), std::string::npos) << r.output;
  fs::remove_all(run);
}

// audit.every stores the audit's headline figures with the round, the same as `ida audit`.
TEST(AuditCli, AuditEveryStoresTheFiguresOfIdaAudit) {
  const fs::path run = scratch("every");
  auto args = testing::small_run_args(run, {.rounds = 2, .games = 40});
  args.insert(args.end(), {"--set", "audit.every=2", "--set", "audit.ladder_games=4"});
  auto r = run_ida(args);
  ASSERT_EQ(r.status, 0) << r.output;
  const auto rounds = engine::RunStore(run / "run.db").rounds();
  ASSERT_EQ(rounds.size(), 2u);
  auto metric = [](const engine::RunStore::RoundRecord& round, const std::string& name) {
    for (const auto& [k, v] : round.metrics)
      if (k == name) return v;
    return -1.0;
  };
  EXPECT_EQ(metric(rounds[0], "audit_keeps"), -1.0) << "round 1 is not a multiple of 2";
  const double stored = metric(rounds[1], "audit_keeps");
  r = run_ida({"audit", "--run", run.string(), "--json"});
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NEAR(stored, raw_share(r.output), 1e-6);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.output, m, std::regex(R"("confirmed_failures":(\d+))")));
  EXPECT_EQ(metric(rounds[1], "audit_wc_failures"), std::stod(m[1]))
      << "the worst-case search in training and in ida audit found different failures";
  for (const char* name :
       {"audit_teacher_keeps", "audit_new_errors", "audit_inherited", "audit_corrected",
        "audit_search_introduced", "audit_search_repairs", "audit_wall_s", "audit_wc_worst",
        "audit_wc_candidates", "audit_wc_wall_s", "audit_regression_n", "audit_alt_disagreement",
        "audit_alt_recall", "audit_alt_precision", "audit_vote_keeps", "audit_ladder_wall_s"})
    EXPECT_GE(metric(rounds[1], name), 0) << name;
  // The ladder: A rated against the anchors, with a standard error (4 games per pair).
  EXPECT_GT(metric(rounds[1], "audit_elo_se"), 0);
  EXPECT_TRUE(std::isfinite(metric(rounds[1], "audit_elo")));
  EXPECT_NE(r.output.find(R"("redundancy":{"inputs":3191)"), std::string::npos) << r.output;
  fs::remove_all(run);
}

TEST(AuditCli, QuestionRunBySizeAndDepth) {
  const fs::path run = scratch("questions");
  auto r = run_ida({"train", "--quiet", "--run", run.string(), "--set", "task=permutation_powering",
                    "--set", "rounds=2", "--set", "distill.steps_per_round=4", "--set",
                    "assess.questions=32", "--set", "audit.every=1"});
  ASSERT_EQ(r.status, 0) << r.output;
  for (const auto& round : engine::RunStore(run / "run.db").rounds()) {
    int audit_metrics = 0;
    for (const auto& [name, value] : round.metrics) audit_metrics += name.starts_with("audit_");
    EXPECT_GE(audit_metrics, 9) << "round " << round.round;
  }
  r = run_ida({"audit", "--run", run.string(), "--questions", "64", "--sizes", "3,5"});
  ASSERT_EQ(r.status, 0) << r.output;
  for (const char* text :
       {"size 3, 64 held-out", "size 5, 64 held-out", "teacher Amplify(H, A_t)", "predicted_err",
        "Redundancy: H's alternative decompositions", "flag recall P(flag | wrong)",
        "per-call error of A", "oracle answers", "H alone", "frontier (largest size"})
    EXPECT_NE(r.output.find(text), std::string::npos) << text << "\n" << r.output;
  r = run_ida({"audit", "--run", run.string(), "--questions", "32", "--json"});
  ASSERT_EQ(r.status, 0) << r.output;
  for (const char* key :
       {"\"distill\":[{\"size\":", "\"by_depth\":[", "\"compounding\":", "\"gap_recovered\":",
        "\"oracle_calls\":", "\"frontier\":", "\"beyond_trained\":true", "\"h_alone\":"})
    EXPECT_NE(r.output.find(key), std::string::npos) << key << "\n" << r.output;
  // The run as its own baseline: the same accuracy, so all of any gap is recovered.
  r = run_ida({"audit", "--run", run.string(), "--questions", "64", "--sizes", "3,5", "--baseline",
               run.string()});
  ASSERT_EQ(r.status, 0) << r.output;
  std::smatch m;
  const std::regex row(
      R"(A (\S+ \(\d+\)), H alone \S+ \(\d+\), baseline (\S+ \(\d+\)), gap recovered (\S+))");
  ASSERT_TRUE(std::regex_search(r.output, m, row)) << r.output;
  EXPECT_EQ(m[1], m[2]);
  EXPECT_TRUE(m[3] == "1.00" || m[3] == "-") << m[3];
  r = run_ida({"audit", "--run", run.string(), "--baseline", (run / "nothing").string()});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("not an ida run"), std::string::npos) << r.output;
  r = run_ida({"audit", "--run", run.string(), "--sizes", "99"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("size 99 is out of range"), std::string::npos) << r.output;
  r = run_ida({"audit", "--run", run.string(), "--sims", "100"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("(sims) are for game runs"), std::string::npos) << r.output;
  fs::remove_all(run);
}

// The ladder rates the anchors apart (minimax far above random) and places every rated round.
TEST(LadderCli, RatesRoundsAgainstAnchors) {
  const fs::path run = scratch("ladder");
  auto r = run_ida(testing::small_run_args(run, {.rounds = 2, .games = 40}));
  ASSERT_EQ(r.status, 0) << r.output;
  const fs::path svg = run / "ladder.svg";
  r = run_ida({"ladder", "--game", "tictactoe", "--run", run.string(), "--every", "1", "--games",
               "20", "--json", "--out", svg.string()});
  ASSERT_EQ(r.status, 0) << r.output;
  auto elo = [&](const std::string& name) {
    std::smatch m;
    const std::regex pattern("\"name\":\"" + name +
                             "\",\"anchor\":(true|false),\"elo\":([-0-9.e]+)");
    EXPECT_TRUE(std::regex_search(r.output, m, pattern)) << name << "\n" << r.output;
    return m.empty() ? 0.0 : std::stod(m[2]);
  };
  EXPECT_EQ(elo("random"), 0);
  EXPECT_GT(elo("minimax"), 300) << "minimax never loses and beats random";
  for (const std::string name : {"mcts:100", "mcts:1000"}) EXPECT_GT(elo(name), 100) << name;
  const std::string base = run.filename().string();
  for (const std::string round : {" round 1", " round 2"})
    EXPECT_GT(elo(base + round), 0) << "a trained agent beats random";
  EXPECT_NE(r.output.find("\"games\":280"), std::string::npos)
      << "4 anchors pairwise (6 pairs) and 2 agents x 4 anchors: 14 matches of 20 games";
  EXPECT_NE(testing::read_text(svg.string()).find("capability ladder"), std::string::npos);

  for (const auto& [args, message] : std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"--anchors", "minimax,random"}, "want random first"},
           {{"--anchors", "random,solver"}, "the solver anchor is for connect4"},
           {{"--anchors", "random,mcts:x"}, "mcts:x"}}) {
    std::vector<std::string> all{"ladder", "--game", "tictactoe", "--run", run.string()};
    all.insert(all.end(), args.begin(), args.end());
    r = run_ida(all);
    EXPECT_EQ(r.status, 2) << message << "\n" << r.output;
    EXPECT_NE(r.output.find(message), std::string::npos) << message << "\n" << r.output;
  }
  fs::remove_all(run);
}

TEST(AuditCli, BadArgumentsAreClearErrors) {
  const std::string model = std::string(IDA_SOURCE_DIR) + "/models/tictactoe.ckpt";
  const fs::path empty = scratch("empty");
  fs::create_directories(empty);
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  for (const auto& c : std::vector<Case>{
           {{}, "give one of --run DIR or --model FILE"},
           {{"--run", empty.string(), "--model", model}, "give one of"},
           {{"--run", empty.string()}, "not an ida run (no run.db)"},
           {{"--model", model, "--round", "2"}, "--round is for --run"},
           {{"--model", model, "--sizes", "3"}, "sizes are for question runs"},
           {{"--model", model, "--sims", "10,x"}, "bad --sims '10,x'"},
           {{"--model", "/nonexistent.ckpt"}, "/nonexistent.ckpt"},
       }) {
    std::vector<std::string> args{"audit"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    auto r = run_ida(args);
    EXPECT_EQ(r.status, 2) << c.message << "\n" << r.output;
    EXPECT_NE(r.output.find(c.message), std::string::npos) << c.message << "\n" << r.output;
  }
  fs::remove_all(empty);
}

}  // namespace
}  // namespace ida
