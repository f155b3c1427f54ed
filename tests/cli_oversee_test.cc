// End-to-end tests of `ida oversee` (a scripted person through the line protocol) and
// `ida transcripts`: what is committed survives kill -9, and only the question in progress
// is lost.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "scratch.h"
#include "subprocess.h"

namespace ida {
namespace {
namespace fs = std::filesystem;
using testing::run_ida;

fs::path scratch(const std::string& name) { return testing::scratch_dir("cli_oversee", name); }

int count(const std::string& text, const std::string& what) {
  int n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

std::vector<std::string> oversee_args(const fs::path& run) {
  return {"oversee", "--task", "permutation_powering", "--run", run.string(), "--user", "ada"};
}

TEST(OverseeCli, AScriptedSessionIsStoredAndExported) {
  const fs::path dir = scratch("session");
  const fs::path run = dir / "run";
  fs::create_directories(dir / "other");
  // Size 1 (the curriculum's start): one element, so "ab 1" is looked up whatever is asked.
  auto r = run_ida(oversee_args(run), "ask ab 1\nanswer ?\nask zz\nanswer ?\nquit\n");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(count(r.output, "question: "), 3) << r.output;
  EXPECT_EQ(count(r.output, "sub-answer: "), 1) << r.output;
  EXPECT_EQ(count(r.output, "error: bad permutation_powering question 'zz'"), 1) << r.output;
  EXPECT_NE(r.output.find("done: 2 committed"), std::string::npos) << r.output;

  auto exported = run_ida({"transcripts", "--run", run.string()});
  ASSERT_EQ(exported.status, 0) << exported.output;
  EXPECT_EQ(count(exported.output, "\n"), 2) << exported.output;
  EXPECT_EQ(count(exported.output, "{\"schema\":\"ida-transcript/1\",\"id\":"), 2);
  EXPECT_EQ(count(exported.output, "\"user\":\"ada\""), 2);
  EXPECT_EQ(count(exported.output, "\"source\":\"lookup\""), 1) << exported.output;

  r = run_ida({"transcripts", "--run", (dir / "nowhere").string()});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("not a run directory"), std::string::npos) << r.output;
  std::ofstream(dir / "other" / "config.toml") << "task = \"union_find\"\n";
  r = run_ida(oversee_args(dir / "other"));
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("is a union_find run, not permutation_powering"), std::string::npos)
      << r.output;
  fs::remove_all(dir);
}

TEST(OverseeCli, AGivenQuestionIsAskedOnceAndMustNotBePrimitive) {
  const fs::path dir = scratch("given");
  std::ofstream(dir / "facts.txt") << "ab ac\nac ad\nad ab\n";
  auto args = oversee_args(dir / "run");
  args.insert(args.end(), {"--context", (dir / "facts.txt").string(), "--question", "ab 2"});
  auto r = run_ida(args, "ask ab 1\nask ac 1\nanswer ad\n");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(r.output,
            "question: ab 2\nsub-answer: ac (lookup)\nsub-answer: ad (lookup)\ndone: 1 committed\n");
  args.back() = "ab 1";
  r = run_ida(args);
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("not a non-primitive"), std::string::npos) << r.output;
  fs::remove_all(dir);
}

// A run a trainer has written: its newest round's teacher answers, its config is the run's.
TEST(OverseeCli, ATrainedRunsTeacherAnswers) {
  const fs::path dir = scratch("trained");
  auto r = run_ida({"train", "--set", "task=permutation_powering", "--set", "rounds=1", "--set",
                    "distill.steps_per_round=2", "--set", "assess.questions=16", "--run",
                    (dir / "run").string(), "--quiet"});
  ASSERT_EQ(r.status, 0) << r.output;
  std::ofstream(dir / "facts.txt") << "ab ac\nac ad\nad ab\n";
  auto args = oversee_args(dir / "run");
  args.insert(args.end(), {"--context", (dir / "facts.txt").string(), "--question", "ab 3"});
  r = run_ida(args, "ask ab 2\nanswer ab\n");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(count(r.output, " (A)\n"), 1) << r.output;
  EXPECT_EQ(count(run_ida({"transcripts", "--run", (dir / "run").string()}).output,
                  "\"source\":\"A\""),
            1);
  fs::remove_all(dir);
}

// kill -9 inside the commit of the third transcript: two are stored, the third is not, and
// the next session goes on from there.
TEST(OverseeCli, AKillDuringACommitLosesOnlyThatQuestion) {
  const fs::path dir = scratch("kill_commit");
  const fs::path run = dir / "run";
  std::ofstream(dir / "in.txt") << "answer ?\nanswer ?\nanswer ?\nanswer ?\n";
  const int status = testing::wait_ida(testing::spawn_ida(
      oversee_args(run), (dir / "out.txt").string(), (dir / "in.txt").string(),
      {"IDA_KILL_AT=store.transcript-before-commit@3"}));
  EXPECT_EQ(status, 128 + SIGKILL) << testing::read_text((dir / "out.txt").string());
  auto exported = run_ida({"transcripts", "--run", run.string()});
  EXPECT_EQ(count(exported.output, "\"schema\""), 2) << exported.output;
  auto r = run_ida(oversee_args(run), "answer ?\n");
  ASSERT_EQ(r.status, 0) << r.output;
  exported = run_ida({"transcripts", "--run", run.string()});
  EXPECT_EQ(count(exported.output, "\"schema\""), 3) << exported.output;
  EXPECT_NE(exported.output.find("\"id\":3,"), std::string::npos) << exported.output;
  fs::remove_all(dir);
}

// kill -9 from outside while a question is in progress (a sub-question asked, no answer
// yet): the answered questions are stored, the one in progress is not.
TEST(OverseeCli, AKillMidQuestionLosesOnlyTheQuestionInProgress) {
  const fs::path dir = scratch("kill_mid");
  const fs::path fifo = dir / "in.fifo";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  const fs::path out = dir / "out.txt";
  const pid_t pid = testing::spawn_ida(oversee_args(dir / "run"), out.string(), fifo.string());
  {
    std::ofstream in(fifo);  // opening blocks until the child opens its end
    in << "answer ?\nanswer ?\nask ab 1\n" << std::flush;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (count(testing::read_text(out.string()), "sub-answer: ") < 1 &&
           std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ASSERT_EQ(count(testing::read_text(out.string()), "question: "), 3)
        << testing::read_text(out.string());
    kill(pid, SIGKILL);
  }
  EXPECT_EQ(testing::wait_ida(pid), 128 + SIGKILL);
  auto exported = run_ida({"transcripts", "--run", (dir / "run").string()});
  EXPECT_EQ(count(exported.output, "\"schema\""), 2) << exported.output;
  EXPECT_EQ(count(exported.output, "\"exchanges\":[]"), 2) << "the asked question is not stored";
  fs::remove_all(dir);
}

}  // namespace
}  // namespace ida
