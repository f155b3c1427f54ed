// The learned overseer H': trained on H's transcripts (sub-answers from the ground truth) it
// predicts H's next actions and, driving amplification itself, reproduces the ground truth;
// untrained it is poor and stops with "?"; one that keeps asking is stopped at the bound;
// its bytes restore it exactly.
#include "decomposition/learned_overseer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "error_of.h"
#include "questions/registry.h"

namespace ida::decomposition {
namespace {

using questions::Amplified;
using questions::AmplifyCounts;
using questions::Answer;
using questions::Context;
using questions::FunctionAnswerer;
using questions::Question;

// Questions with H's transcripts, H's sub-questions answered by the ground truth.
struct Data {
  std::vector<Context> contexts;
  std::vector<int> context_of;
  std::vector<Question> questions;
  std::vector<Amplified> transcripts;
  std::vector<Answer> truth;
};

FunctionAnswerer truth_of(const questions::Domain& d, const std::vector<Context>& contexts) {
  return FunctionAnswerer(
      [&d, &contexts](int c, const Question& q) { return d.ground_truth(contexts[c], q); });
}

Data sample(const questions::Domain& d, int contexts, int per_context, int size, uint64_t seed) {
  Rng rng(seed);
  Data data;
  for (int c = 0; c < contexts; ++c) {
    data.contexts.push_back(d.sample_context(size, rng));
    for (int q = 0; q < per_context; ++q) {
      data.context_of.push_back(c);
      data.questions.push_back(d.sample_question(data.contexts.back(), rng));
      data.truth.push_back(d.ground_truth(data.contexts.back(), data.questions.back()));
    }
  }
  FunctionAnswerer truth = truth_of(d, data.contexts);
  AmplifyCounts counts;
  data.transcripts = questions::amplify_batch(d, data.contexts, data.context_of, data.questions,
                                              questions::overseer_of(d), truth, counts);
  return data;
}

// A small H' (one core, seconds). On wildcard search one decoder layer learned as well as
// two, at half the cost.
net::QuestionNetConfig small_config() {
  net::QuestionNetConfig c;
  c.width = 64;
  c.heads = 4;
  c.fact_layers = 1;
  c.answer_layers = 1;
  c.feedforward = 128;
  return c;
}

net::QuestionOptimConfig fast_optim() {
  net::QuestionOptimConfig o;
  o.learning_rate = 2e-3;
  return o;
}

std::unique_ptr<questions::Domain> domain(const char* task, int letters) {
  questions::DomainOptions options;
  options.letters = letters;
  return questions::make_domain(task, options);
}

struct Amplification {
  std::vector<Amplified> out;
  AmplifyCounts counts;
  double accuracy = 0;  // share of questions answered with the ground truth
};

// Amplify(H', ground truth) on `data`, checked for well-formed results.
Amplification amplify(const LearnedOverseer& h, const questions::Domain& d, const Data& data) {
  Amplification a;
  FunctionAnswerer truth = truth_of(d, data.contexts);
  a.out = h.amplify_batch(data.contexts, data.context_of, data.questions, truth, a.counts);
  EXPECT_EQ(a.out.size(), data.questions.size());
  int right = 0;
  int64_t exchanges = 0;
  for (size_t i = 0; i < a.out.size(); ++i) {
    const Amplified& x = a.out[i];
    right += x.answer == data.truth[i];
    EXPECT_EQ(x.answer.length(), d.answer_format().length());
    EXPECT_EQ(x.transcript.size(), x.looked_up.size());
    EXPECT_LE(static_cast<int>(x.transcript.size()), d.max_subquestions());
    exchanges += static_cast<int64_t>(x.transcript.size());
  }
  // Only the real H counts as an overseer call; every exchange is a lookup or a model call,
  // the model's calls pooled into at most one batch per step.
  EXPECT_EQ(a.counts.overseer_calls, 0);
  EXPECT_EQ(a.counts.lookups + a.counts.model_calls, exchanges);
  EXPECT_LE(a.counts.batches, d.max_subquestions());
  a.accuracy = static_cast<double>(right) / static_cast<double>(a.out.size());
  return a;
}

struct Case {
  const char* task;
  int letters;  // element names (permutation powering): letters^2 of them
  int size;
  int steps;
};

void learns_to_imitate(const Case& c) {
  const auto start = std::chrono::steady_clock::now();
  auto d = domain(c.task, c.letters);
  LearnedOverseer h(*d, small_config(), fast_optim(), 1);
  double loss = 0;
  for (int step = 0; step < c.steps; ++step) {
    const Data batch = sample(*d, 6, 4, c.size, 1000 + step);
    loss = h.train_step(batch.questions, batch.transcripts);
  }
  const Data held_out = sample(*d, 30, 4, c.size, 999);  // other contexts and questions
  const double agreement = h.agreement(held_out.questions, held_out.transcripts);
  const Amplification amplified = amplify(h, *d, held_out);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf(
      "%s after %d steps: agreement with H %.3f, Amplify(H', truth) accuracy %.3f, "
      "loss %.4f, %.1f s\n",
      c.task, c.steps, agreement, amplified.accuracy, loss, seconds);
  EXPECT_GT(agreement, 0.9) << c.task;
  EXPECT_GT(amplified.accuracy, 0.9) << c.task;
  EXPECT_GT(amplified.counts.model_calls, 0) << c.task;
}

TEST(LearnedOverseer, ImitatesHOnPermutationPowering) {
  learns_to_imitate({"permutation_powering", 4, 8, 300});
}

TEST(LearnedOverseer, ImitatesHOnWildcardSearch) {
  learns_to_imitate({"wildcard_search", 8, 4, 600});
}

TEST(LearnedOverseer, UntrainedOverseerIsPoorAndStopsWithUnknownAnswers) {
  for (const char* task : {"permutation_powering", "wildcard_search", "shortest_path"}) {
    auto d = questions::make_domain(task);
    const Data data = sample(*d, 10, 4, std::min(d->max_size(), 8), 3);
    for (uint64_t seed = 0; seed < 3; ++seed) {
      LearnedOverseer h(*d, small_config(), {}, seed);
      EXPECT_LT(h.agreement(data.questions, data.transcripts), 0.2) << task;
      const Amplification a = amplify(h, *d, data);
      EXPECT_LT(a.accuracy, 0.2) << task;
      int unknown = 0;
      for (const Amplified& x : a.out) unknown += x.answer.is_unknown();
      EXPECT_GT(unknown, static_cast<int>(a.out.size()) / 2) << task << " seed " << seed;
    }
  }
}

// An H' that asks the same well-formed sub-question at every step is stopped at the bound.
TEST(LearnedOverseer, AnOverseerThatKeepsAskingIsStoppedAtTheBound) {
  auto d = questions::make_domain("wildcard_search");
  const Data data = sample(*d, 4, 4, 8, 5);
  LearnedOverseer h(*d, small_config(), fast_optim(), 2, /*average_steps=*/1);
  // Transcripts cut short (no final answer) in which "H" asks "a*aaaa" at every step.
  const Question ask = d->parse_question("a*aaaa");
  std::vector<Question> qs;
  std::vector<Amplified> ts;
  for (const Question& q : data.questions) {
    Amplified a;
    for (int s = 0; s < d->max_subquestions(); ++s)
      a.transcript.push_back({ask, d->parse_answer(std::to_string(s))});
    qs.push_back(q);
    ts.push_back(a);
  }
  for (int step = 0; step < 40; ++step) h.train_step(qs, ts);
  ASSERT_EQ(h.agreement(qs, ts), 1.0);
  const Amplification a = amplify(h, *d, data);
  for (const Amplified& x : a.out) {
    EXPECT_TRUE(x.answer.is_unknown());
    EXPECT_EQ(static_cast<int>(x.transcript.size()), d->max_subquestions());
    for (const auto& e : x.transcript) EXPECT_EQ(e.question, ask);
  }
  EXPECT_EQ(a.counts.batches, d->max_subquestions());
  EXPECT_EQ(a.counts.model_calls,
            static_cast<int64_t>(data.questions.size()) * d->max_subquestions());
}

TEST(LearnedOverseer, SavedBytesRestoreTheSameActionsAndRefuseOtherShapes) {
  auto d = questions::make_domain("permutation_powering");
  const Data data = sample(*d, 8, 2, 8, 11);
  LearnedOverseer a(*d, small_config(), fast_optim(), 1);
  for (int step = 0; step < 10; ++step) a.train_step(data.questions, data.transcripts);
  LearnedOverseer b(*d, small_config(), fast_optim(), 2);
  b.load(a.save(), "a");
  EXPECT_EQ(a.architecture(), b.architecture());
  EXPECT_EQ(a.agreement(data.questions, data.transcripts),
            b.agreement(data.questions, data.transcripts));
  const Amplification out_a = amplify(a, *d, data);
  const Amplification out_b = amplify(b, *d, data);
  ASSERT_EQ(out_a.out.size(), out_b.out.size());
  for (size_t i = 0; i < out_a.out.size(); ++i) {
    EXPECT_EQ(out_a.out[i].answer, out_b.out[i].answer);
    ASSERT_EQ(out_a.out[i].transcript.size(), out_b.out[i].transcript.size());
    for (size_t k = 0; k < out_a.out[i].transcript.size(); ++k) {
      EXPECT_EQ(out_a.out[i].transcript[k].question, out_b.out[i].transcript[k].question);
      EXPECT_EQ(out_a.out[i].transcript[k].answer, out_b.out[i].transcript[k].answer);
    }
  }
  EXPECT_EQ(out_a.counts.model_calls, out_b.counts.model_calls);
  EXPECT_EQ(out_a.counts.lookups, out_b.counts.lookups);
  // The optimiser state came along: the next step is the same.
  EXPECT_EQ(a.train_step(data.questions, data.transcripts),
            b.train_step(data.questions, data.transcripts));

  net::QuestionNetConfig narrower = small_config();
  narrower.width = 32;
  LearnedOverseer other(*d, narrower, {}, 1);
  EXPECT_NE(testing::error_of([&] { other.load(a.save(), "h.ckpt"); }).find("h.ckpt"),
            std::string::npos);
  auto w = questions::make_domain("wildcard_search");
  LearnedOverseer other_task(*w, small_config(), {}, 1);
  EXPECT_NE(other_task.architecture(), a.architecture());
  EXPECT_NE(testing::error_of([&] { other_task.load(a.save(), "h.ckpt"); }), "");
  EXPECT_NE(testing::error_of([&] { other.load("not a checkpoint", "h.ckpt"); }), "");
  EXPECT_NE(testing::error_of([&] { LearnedOverseer(*d, small_config(), {}, 1, 0); }), "");
}

}  // namespace
}  // namespace ida::decomposition
