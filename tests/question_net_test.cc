// The question model A: it learns a lookup from the facts, its bytes restore it exactly,
// the teacher tracks it, and foreign weights are refused.
#include "net/question_net.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "decomposition/model_answerer.h"
#include "error_of.h"
#include "questions/registry.h"

namespace ida::decomposition {
namespace {

struct Data {
  std::vector<Context> contexts;
  std::vector<int> context_of;
  std::vector<Question> questions;
  std::vector<Answer> truth;
};

// "x 1"-style step questions need one lookup: the model must find x's fact.
Data step_questions(const questions::Domain& d, int contexts, int size, uint64_t seed) {
  Rng rng(seed);
  Data data;
  for (int c = 0; c < contexts; ++c) {
    data.contexts.push_back(d.sample_context(size, rng));
    for (int q = 0; q < 4; ++q) {
      const Question question = d.sample_question_of_kind(data.contexts.back(), 1, rng);
      data.context_of.push_back(c);
      data.questions.push_back(question);
      data.truth.push_back(d.ground_truth(data.contexts.back(), question));
    }
  }
  return data;
}

double accuracy(const net::QuestionNet& net, const Data& data) {
  const auto answers = answer_directly(net, data.contexts, data.context_of, data.questions);
  int right = 0;
  for (size_t i = 0; i < answers.size(); ++i) right += answers[i] == data.truth[i];
  return static_cast<double>(right) / static_cast<double>(answers.size());
}

TEST(QuestionNet, LearnsToLookAFactUp) {
  auto d = questions::make_domain("permutation_powering");
  ASSERT_EQ(d->kinds()[1].name, "step");
  net::QuestionNet net(model_shape(*d), {}, {}, 1);
  const Data test = step_questions(*d, 64, 6, 99);
  const double before = accuracy(net, test);
  for (int step = 0; step < 300; ++step) {
    const Data batch = step_questions(*d, 16, 6, 1000 + step);
    net.train_step(fact_batch(batch.contexts, d->fact_format().length()),
                   question_batch(batch.context_of, batch.questions), answer_tokens(batch.truth));
  }
  const double after = accuracy(net, test);
  EXPECT_LT(before, 0.2);
  EXPECT_GT(after, 0.7) << "before " << before;
}

// The decoder reads questions of one context in groups (net/question_net.cc): a question's
// answer and confidence are those it gets alone, whatever else shares its batch: questions
// of other contexts, interleaved, and more of its own than a group holds.
TEST(QuestionNet, AQuestionGetsTheSameAnswerAloneAndInABatch) {
  auto d = questions::make_domain("shortest_path");
  net::QuestionNet net(model_shape(*d), {}, {}, 3);
  Rng rng(5);
  const std::vector<Context> contexts{d->sample_context(6, rng), d->sample_context(9, rng)};
  std::vector<int> context_of;
  std::vector<Question> asked;
  for (int i = 0; i < 40; ++i) {  // 40 > the 16 slots of a group
    context_of.push_back(i % 3 == 0);
    asked.push_back(d->sample_question(contexts[context_of.back()], rng));
  }
  const auto encoding = net.encode(fact_batch(contexts, d->fact_format().length()));
  std::vector<float> together, alone;
  const auto answers = net.answer(*encoding, question_batch(context_of, asked), &together);
  const int length = d->answer_format().length();
  ASSERT_EQ(answers.size(), asked.size() * length);
  std::set<float> distinct(together.begin(), together.end());
  EXPECT_GT(distinct.size(), 10u) << "the questions must differ for the test to tell";
  for (size_t i = 0; i < asked.size(); ++i) {
    const auto one = net.answer(*encoding, question_batch({context_of[i]}, {asked[i]}), &alone);
    for (int t = 0; t < length; ++t) EXPECT_EQ(one[t], answers[i * length + t]) << "question " << i;
    EXPECT_NEAR(alone[0], together[i], 1e-5) << "question " << i;
  }
}

TEST(QuestionNet, SavedBytesRestoreTheSameAnswersAndRefuseOtherShapes) {
  auto d = questions::make_domain("union_find");
  net::QuestionNet a(model_shape(*d), {}, {}, 1);
  const Data data = step_questions(*d, 8, 8, 5);
  for (int i = 0; i < 5; ++i)
    a.train_step(fact_batch(data.contexts, d->fact_format().length()),
                 question_batch(data.context_of, data.questions), answer_tokens(data.truth));
  auto b = net::QuestionNet::from_architecture(a.architecture());
  b->load(a.save(), "a");
  auto encode = [&](const net::QuestionNet& n) {
    std::vector<float> confidence;
    n.answer(*n.encode(fact_batch(data.contexts, d->fact_format().length())),
             question_batch(data.context_of, data.questions), &confidence);
    return confidence;
  };
  EXPECT_EQ(encode(a), encode(*b));

  net::QuestionNetConfig wider;
  wider.width = 32;
  net::QuestionNet other(model_shape(*d), wider, {}, 1);
  const std::string error = testing::error_of([&] { other.load(a.save(), "a.ckpt"); });
  EXPECT_NE(error.find("a.ckpt: model weights do not fit"), std::string::npos) << error;
  EXPECT_EQ(encode(other), encode(other)) << "a refused load leaves the model usable";
  EXPECT_NE(testing::error_of([] { net::QuestionNet::from_architecture("resnet in=3x3x3"); }), "");
}

// A damaged checkpoint must not make torch build a huge model or one it cannot build.
TEST(QuestionNet, ArchitectureLinesOfHugeOrUnbuildableModelsAreRefused) {
  auto d = questions::make_domain("wildcard_search");
  net::QuestionNet a(model_shape(*d), {}, {}, 1);
  const std::string line = a.architecture();
  EXPECT_EQ(net::QuestionNet::from_architecture(line)->architecture(), line);
  for (const auto& [key, bad] :
       std::vector<std::pair<std::string, std::string>>{{"width", "100000"},
                                                        {"vocabulary", "1000000000"},
                                                        {"fact_layers", "5000"},
                                                        {"heads", "7"}}) {
    const std::string changed =
        std::regex_replace(line, std::regex("\\b" + key + "=[0-9]+"), key + "=" + bad);
    ASSERT_NE(changed, line) << key;
    EXPECT_NE(testing::error_of([&] { net::QuestionNet::from_architecture(changed); }), "")
        << changed;
  }
}

TEST(QuestionNet, TrackingWithZeroDecayCopiesAndOneKeeps) {
  auto d = questions::make_domain("wildcard_search");
  net::QuestionNet a(model_shape(*d), {}, {}, 1), teacher(model_shape(*d), {}, {}, 2);
  const Data data = step_questions(*d, 8, 8, 5);
  auto confidence = [&](const net::QuestionNet& n) {
    std::vector<float> c;
    n.answer(*n.encode(fact_batch(data.contexts, d->fact_format().length())),
             question_batch(data.context_of, data.questions), &c);
    return c;
  };
  const auto before = confidence(teacher);
  teacher.track(a, 1.0);
  EXPECT_EQ(confidence(teacher), before);
  teacher.track(a, 0.0);
  EXPECT_EQ(confidence(teacher), confidence(a));
}

TEST(QuestionNet, BadSizesAreAClearError) {
  net::QuestionNetConfig config;
  config.width = 30;
  config.heads = 4;
  EXPECT_NE(testing::error_of([&] {
              net::QuestionNet({10, 2, 2, 2}, config, {}, 1);
            }).find("multiple of model.heads"),
            std::string::npos);
}

}  // namespace
}  // namespace ida::decomposition
