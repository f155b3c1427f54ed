// The human overseer's parts without a person: a Workspace (H's moves for one question), the
// Console protocol driven by text, and transcripts in the run store.
#include <gtest/gtest.h>

#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>

#include "engine/run_store.h"
#include "oversight/console.h"
#include "oversight/transcript_json.h"
#include "oversight/workspace.h"
#include "questions/registry.h"

#include "scratch.h"

namespace ida::oversight {
namespace {
namespace fs = std::filesystem;
using questions::Answer;
using questions::Question;

// A 3-cycle ab -> ac -> ad -> ab; "x k" asks for x after k steps; "x 1" is looked up.
class OversightTest : public ::testing::Test {
 protected:
  std::unique_ptr<questions::Domain> domain_ = questions::make_domain("permutation_powering");
  questions::Context context_ = domain_->parse_context("ab ac\nac ad\nad ab\n");
  int teacher_calls_ = 0;
  // The teacher stands in for A: the ground truth, so that the replies are known.
  questions::Answerer teacher_ = [this](const Question& q) {
    ++teacher_calls_;
    return domain_->ground_truth(context_, q);
  };
  std::unique_ptr<Workspace> workspace(const std::string& question) {
    return std::make_unique<Workspace>(*domain_, context_, domain_->parse_question(question),
                                       teacher_);
  }
};

TEST_F(OversightTest, SubQuestionsAreLookedUpOrAnsweredByA) {
  auto w = workspace("ab 4");
  const auto& step = w->ask("ab 1");
  EXPECT_TRUE(step.looked_up);
  EXPECT_EQ(w->answer_text(step.answer), "ac");
  EXPECT_EQ(teacher_calls_, 0);
  const auto& by_a = w->ask("ac 3");
  EXPECT_FALSE(by_a.looked_up);
  EXPECT_EQ(w->answer_text(by_a.answer), "ac");
  EXPECT_EQ(teacher_calls_, 1);
  EXPECT_EQ(w->used(), 2);
  EXPECT_EQ(w->summary(), "ab 4; ab 1 -> ac (lookup); ac 3 -> ac (A)");
}

TEST_F(OversightTest, MalformedInputAndThePastBudgetCostNothing) {
  auto w = workspace("ab 4");
  EXPECT_THROW(w->ask("zz 1"), InputError) << "not an element name";
  EXPECT_THROW(w->ask("ab"), InputError);
  EXPECT_EQ(w->used(), 0);
  for (int i = 0; i < w->budget(); ++i) w->ask("ab 2");
  EXPECT_EQ(w->used(), domain_->max_subquestions());
  try {
    w->ask("ab 1");
    FAIL() << "asked past the budget";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("3/3"), std::string::npos) << e.what();
  }
  EXPECT_EQ(w->used(), 3);
  EXPECT_THROW(w->answer("not an answer"), InputError);
  EXPECT_FALSE(w->finished());
  w->answer("ad");
  EXPECT_TRUE(w->finished());
  EXPECT_THROW(w->answer("ab"), InputError) << "one final answer";
  EXPECT_THROW(w->ask("ab 1"), InputError) << "nothing after the final answer";
}

TEST_F(OversightTest, AFinishedWorkspaceIsATranscript) {
  auto w = workspace("ab 2");
  w->ask("ab 1");
  w->ask("ac 1");
  w->answer("ad");
  const auto r = w->record("ada");
  EXPECT_EQ(r.task, "permutation_powering");
  EXPECT_EQ(r.overseer, "human");
  EXPECT_EQ(r.user, "ada");
  EXPECT_EQ(r.context, "ab ac\nac ad\nad ab\n");
  EXPECT_EQ(r.question, "ab 2");
  ASSERT_EQ(r.exchanges.size(), 2u);
  EXPECT_EQ(r.exchanges[1].question, "ac 1");
  EXPECT_EQ(r.exchanges[1].answer, "ad");
  EXPECT_EQ(r.exchanges[1].source, "lookup");
  EXPECT_EQ(r.answer, "ad");
  EXPECT_GE(r.seconds, 0);
}

TEST_F(OversightTest, AMalformedSubAnswerOfAIsShownAsSuchAndStoredAsUnknown) {
  questions::Answer garbage(domain_->answer_format().length());
  garbage[0] = 1;  // a lone letter: no answer shape fits it
  ASSERT_LT(domain_->answer_format().shape_of(garbage), 0);
  Workspace w(*domain_, context_, domain_->parse_question("ab 4"),
              [&](const Question&) { return garbage; });
  EXPECT_EQ(w.answer_text(w.ask("ab 2").answer), "(malformed answer)");
  w.answer("?");
  const auto r = w.record("ada");
  EXPECT_EQ(r.exchanges[0].answer, "?") << "the task's notation, as H reads it";
  EXPECT_EQ(r.answer, "?");
}

// Drives a Console over `input`; `order` records each commit and each question shown.
struct Driven {
  std::string output;
  int committed = 0;
  std::vector<std::string> order;
};

TEST_F(OversightTest, TheConsoleRepliesOneLinePerCommandAndCommitsBeforeTheNextQuestion) {
  Driven d;
  std::vector<std::string> questions = {"ab 2", "ac 5", "ad 3"};
  size_t shown = 0;
  Console console(
      [&]() -> std::unique_ptr<Workspace> {
        if (shown == questions.size()) return nullptr;
        d.order.push_back("show " + questions[shown]);
        return workspace(questions[shown++]);
      },
      [&](const Workspace& w) { d.order.push_back("commit " + w.summary()); },
      {.interactive = false});
  std::istringstream in(
      "ask ab 1\n\nask ac 1\nbudget\nshow\nfly away\nask qq\nanswer ad\n"
      "skip\nhelp\nanswer zz\nanswer ad\n");
  std::ostringstream out;
  d.committed = console.run(in, out);
  EXPECT_EQ(d.committed, 2);
  EXPECT_EQ(out.str(),
            "question: ab 2\n"
            "sub-answer: ac (lookup)\n"
            "sub-answer: ad (lookup)\n"
            "budget: 2/3\n"
            "transcript: ab 2; ab 1 -> ac (lookup); ac 1 -> ad (lookup)\n"
            "error: unknown command 'fly' (ask <sub-question> | answer <answer> | show | "
            "budget | skip | help | quit)\n"
            "error: bad permutation_powering question 'qq': expected <element> <0..63>\n"
            "question: ac 5\n"
            "question: ad 3\n"
            "help: ask <sub-question> | answer <answer> | show | budget | skip | help | quit\n"
            "error: bad permutation_powering answer 'zz': 'zz' is not an element name (2 "
            "letters from a-h); expected ? | <element>\n"
            "done: 2 committed\n");
  EXPECT_EQ(d.order, (std::vector<std::string>{
                         "show ab 2", "commit ab 2; ab 1 -> ac (lookup); ac 1 -> ad (lookup); => ad",
                         "show ac 5", "show ad 3", "commit ad 3; => ad"}));
}

TEST_F(OversightTest, TheConsoleStopsAtTheQuestionLimitAndOnQuit) {
  int made = 0;
  auto next = [&] { ++made; return workspace("ab 2"); };
  Console limited(next, [](const Workspace&) {}, {.interactive = false, .questions = 2});
  std::istringstream answers("answer ab\nanswer ab\nanswer ab\n");
  std::ostringstream out;
  EXPECT_EQ(limited.run(answers, out), 2);
  EXPECT_EQ(made, 2) << "no third question is shown";

  Console quitting(next, [](const Workspace&) { FAIL() << "quit commits nothing"; }, {});
  std::istringstream quit("ask ab 1\nquit\nanswer ab\n");
  std::ostringstream out2;
  EXPECT_EQ(quitting.run(quit, out2), 0);
  EXPECT_EQ(out2.str(), "question: ab 2\nsub-answer: ac (lookup)\ndone: 0 committed\n");
}

TEST_F(OversightTest, InteractiveSessionsShowTheBudgetInThePrompt) {
  Console console([&] { return workspace("ab 2"); }, [](const Workspace&) {},
                  {.interactive = true, .questions = 1});
  std::istringstream in("ask ab 1\nanswer ac\n");
  std::ostringstream out;
  console.run(in, out);
  EXPECT_NE(out.str().find("You are the overseer H"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("[0/3] > sub-answer: ac (lookup)\n[1/3] > "), std::string::npos)
      << out.str();
}

fs::path scratch(const std::string& name) { return testing::scratch_dir("oversight", name); }

TEST_F(OversightTest, TranscriptsRoundTripThroughTheStoreAndAsJson) {
  const fs::path dir = scratch("store");
  auto w = workspace("ab 2");
  w->ask("ab 1");
  w->answer("ac");
  {
    engine::RunStore store(dir / "run.db");
    EXPECT_EQ(store.commit_transcript(w->record("ada")), 1);
    auto other = w->record("bob");
    other.overseer = "program";
    other.exchanges.clear();
    EXPECT_EQ(store.commit_transcript(other), 2);
  }
  engine::RunStore store(dir / "run.db");
  const auto all = store.transcripts();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].user, "ada");
  ASSERT_EQ(all[0].exchanges.size(), 1u);
  EXPECT_EQ(all[0].exchanges[0].source, "lookup");
  EXPECT_TRUE(all[1].exchanges.empty());
  EXPECT_EQ(all[1].overseer, "program");
  EXPECT_EQ(all[0].finished_at.size(), 20u) << all[0].finished_at;
  const auto later = store.transcripts(1);
  ASSERT_EQ(later.size(), 1u);
  EXPECT_EQ(later[0].id, 2);

  auto json = transcript_json(all[0]);
  const auto at = json.find("\"seconds\":");
  ASSERT_NE(at, std::string::npos);
  json.replace(at, json.find(',', at) - at, "\"seconds\":0");  // time-dependent
  EXPECT_EQ(json,
            "{\"schema\":\"ida-transcript/1\",\"id\":1,\"task\":\"permutation_powering\","
            "\"overseer\":\"human\",\"user\":\"ada\",\"context\":[\"ab ac\",\"ac ad\",\"ad ab\"],"
            "\"question\":\"ab 2\",\"exchanges\":[{\"question\":\"ab 1\",\"answer\":\"ac\","
            "\"source\":\"lookup\"}],\"answer\":\"ac\",\"seconds\":0,\"finished_at\":\"" +
                all[0].finished_at + "\"}");
  fs::remove_all(dir);
}

TEST(TranscriptStore, AVersionTwoStoreIsUpgraded) {
  const fs::path dir = scratch("v2");
  {
    engine::RunStore store(dir / "run.db");
    store.commit_round({.round = 1, .metrics = {{"x", 1}}});
  }
  {  // what version 2 wrote: no transcripts tables
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir / "run.db").c_str(), &db), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db,
                           "DROP TABLE transcripts; DROP TABLE transcript_exchanges; "
                           "PRAGMA user_version=2;",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  engine::RunStore store(dir / "run.db");
  EXPECT_TRUE(store.transcripts().empty());
  store.commit_transcript({.task = "t", .overseer = "human", .user = "u", .question = "q",
                           .answer = "a"});
  EXPECT_EQ(store.transcripts().size(), 1u);
  EXPECT_EQ(store.rounds().size(), 1u) << "the upgrade kept round 1";
  fs::remove_all(dir);
}

// Ids out of order mean a damaged store (here: a table another program made without the
// rowid key), refused as such rather than handed to training.
TEST(TranscriptStore, RepeatedIdsAreADamagedStore) {
  const fs::path dir = scratch("repeated");
  { engine::RunStore store(dir / "run.db"); }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir / "run.db").c_str(), &db), SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(db,
                         "DROP TABLE transcripts; CREATE TABLE transcripts(id INTEGER, task TEXT, "
                         "overseer TEXT, user TEXT, context TEXT, question TEXT, answer TEXT, "
                         "seconds REAL, finished_at TEXT); INSERT INTO transcripts "
                         "VALUES(3,'t','human','u','','q','a',1,''), (3,'t','human','u','','q',"
                         "'a',1,'');",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  try {
    engine::RunStore(dir / "run.db").transcripts();
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("damaged"), std::string::npos) << e.what();
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace ida::oversight
