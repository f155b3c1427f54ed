// Batched Amplify(H, A): with the ground truth as the model it reproduces the ground truth on
// every task, pools the model's calls into few batches, and counts calls exactly.
#include "questions/amplify.h"

#include <gtest/gtest.h>

#include "questions/registry.h"

namespace ida::questions {
namespace {

struct Sample {
  std::vector<Context> contexts;
  std::vector<int> context_of;
  std::vector<Question> questions;
};

Sample sample(const Domain& d, int contexts, int per_context, int size, Rng& rng) {
  Sample s;
  for (int c = 0; c < contexts; ++c) {
    s.contexts.push_back(d.sample_context(size, rng));
    for (int q = 0; q < per_context; ++q) {
      s.context_of.push_back(c);
      s.questions.push_back(d.sample_question(s.contexts.back(), rng));
    }
  }
  return s;
}

TEST(AmplifyBatch, WithTrueSubAnswersEveryTaskReturnsTheGroundTruth) {
  for (const std::string& name : domain_names()) {
    auto d = make_domain(name);
    Rng rng(7);
    const int size = std::min(d->max_size(), 12);
    Sample s = sample(*d, 20, 10, size, rng);
    int batch_calls = 0;
    FunctionAnswerer truth([&](int c, const Question& q) {
      return d->ground_truth(s.contexts[c], q);
    });
    struct Counting : BatchAnswerer {
      BatchAnswerer* inner;
      int* calls;
      std::vector<Answer> answer(const std::vector<int>& c, const std::vector<Question>& q) override {
        ++*calls;
        return inner->answer(c, q);
      }
    } counting;
    counting.inner = &truth;
    counting.calls = &batch_calls;
    AmplifyCounts counts;
    const auto out = amplify_batch(*d, s.contexts, s.context_of, s.questions, overseer_of(*d),
                                   counting, counts);
    ASSERT_EQ(out.size(), s.questions.size());
    int64_t exchanges = 0;
    for (size_t i = 0; i < out.size(); ++i) {
      EXPECT_EQ(out[i].answer, d->ground_truth(s.contexts[s.context_of[i]], s.questions[i]))
          << name << ": " << d->question_format().format(s.questions[i]);
      EXPECT_EQ(out[i].transcript.size(), out[i].looked_up.size());
      exchanges += static_cast<int64_t>(out[i].transcript.size());
    }
    EXPECT_EQ(counts.overseer_calls, static_cast<int64_t>(s.questions.size())) << name;
    EXPECT_EQ(counts.model_calls + counts.lookups, exchanges) << name;
    EXPECT_EQ(counts.batches, batch_calls) << name;
    // All 200 questions' model calls are pooled: at most one batch per step of H.
    EXPECT_LE(batch_calls, d->max_subquestions()) << name;
    EXPECT_GT(counts.model_calls, 0) << name;
  }
}

TEST(AmplifyBatch, AWrongModelMakesWrongAmplifiedAnswers) {
  auto d = make_domain("permutation_powering");
  Rng rng(3);
  Sample s = sample(*d, 10, 10, 16, rng);
  FunctionAnswerer unknown([&](int, const Question&) { return Answer(d->answer_format().length()); });
  AmplifyCounts counts;
  const auto out = amplify_batch(*d, s.contexts, s.context_of, s.questions, overseer_of(*d),
                                 unknown, counts);
  int right = 0;
  for (size_t i = 0; i < out.size(); ++i)
    right += out[i].answer == d->ground_truth(s.contexts[s.context_of[i]], s.questions[i]);
  // Only questions whose sub-questions are all primitive (k = 2, 3) survive a model that
  // always says "don't know".
  EXPECT_LT(right, static_cast<int>(out.size()) / 2);
}

}  // namespace
}  // namespace ida::questions
