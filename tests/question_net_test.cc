// The question model A, in each variant (vocabulary decoder; the pointer's copy distribution
// mixed in; the fact encoder's match bias; bf16 arithmetic): it learns a lookup from the
// facts, its bytes restore it exactly, the teacher tracks it, and foreign weights are refused.
#include "net/question_net.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <regex>
#include <set>

#include "decomposition/model_answerer.h"
#include "error_of.h"
#include "net/bf16.h"
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

// The probability the network gives each of its greedy answers to the data's questions.
std::vector<float> confidences(const net::QuestionNet& net, const questions::Domain& d,
                               const Data& data) {
  std::vector<float> confidence;
  net.answer(*net.encode(fact_batch(data.contexts, d.fact_format().length())),
             question_batch(data.context_of, data.questions), &confidence);
  return confidence;
}

// The first three have weights of their own; kBf16 is the vocabulary model in bf16
// arithmetic (fp32 where the CPU has none).
enum Variant { kVocabulary, kPointer, kMatchBias, kBf16 };

// The model of a Variant: the default config with that switch on.
net::QuestionNetConfig variant_config(int variant) {
  net::QuestionNetConfig config;
  config.pointer = variant == kPointer;
  config.match_bias = variant == kMatchBias;
  if (variant == kBf16) config.precision = "bf16";
  return config;
}

// How far two computations of one answer's probability may differ when only the order of
// the arithmetic changes: float rounding, or bf16's 8-bit mantissa between layers.
double rounding(int variant) { return variant == kBf16 && net::cpu_has_bf16() ? 1e-2 : 1e-5; }

std::string variant_name(const ::testing::TestParamInfo<int>& info) {
  const char* names[] = {"Vocabulary", "Pointer", "MatchBias", "Bf16"};
  return names[info.param];
}

class QuestionNetVariant : public ::testing::TestWithParam<int> {};
INSTANTIATE_TEST_SUITE_P(Variants, QuestionNetVariant,
                         ::testing::Values(kVocabulary, kPointer, kMatchBias, kBf16), variant_name);

// The match bias starts at zero, and the encoder written out for it is torch's layer: the
// same answers, to float rounding, as the plain model from the same seed.
TEST(QuestionNet, MatchBiasStartsAsThePlainEncoder) {
  auto d = questions::make_domain("sequential_assignments");
  net::QuestionNet plain(model_shape(*d), variant_config(kVocabulary), {}, 4);
  net::QuestionNet matching(model_shape(*d), variant_config(kMatchBias), {}, 4);
  const Data data = step_questions(*d, 8, 9, 5);
  const auto a = confidences(plain, *d, data), b = confidences(matching, *d, data);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], b[i], 1e-5) << i;
  EXPECT_EQ(matching.parameter_count(), plain.parameter_count() + 2 * 4 * 6 * 6);
}

TEST_P(QuestionNetVariant, LearnsToLookAFactUp) {
  auto d = questions::make_domain("permutation_powering");
  ASSERT_EQ(d->kinds()[1].name, "step");
  net::QuestionNet net(model_shape(*d), variant_config(GetParam()), {}, 1);
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
TEST_P(QuestionNetVariant, AQuestionGetsTheSameAnswerAloneAndInABatch) {
  auto d = questions::make_domain("shortest_path");
  net::QuestionNet net(model_shape(*d), variant_config(GetParam()), {}, 3);
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
  size_t changed = 0;  // answers that differ alone
  for (size_t i = 0; i < asked.size(); ++i) {
    const auto one = net.answer(*encoding, question_batch({context_of[i]}, {asked[i]}), &alone);
    changed += !std::equal(one.begin(), one.end(), answers.begin() + i * length);
    EXPECT_NEAR(alone[0], together[i], rounding(GetParam())) << "question " << i;
  }
  // bf16's rounding, which differs with the batch's shape, may flip a near tie of this
  // untrained model's (near-uniform) answers; float rounding may not.
  EXPECT_LE(changed, GetParam() == kBf16 ? asked.size() / 10 : 0) << "of " << asked.size();
}

TEST_P(QuestionNetVariant, SavedBytesRestoreTheSameAnswersAndRefuseOtherShapes) {
  auto d = questions::make_domain("union_find");
  net::QuestionNet a(model_shape(*d), variant_config(GetParam()), {}, 1);
  const Data data = step_questions(*d, 8, 8, 5);
  for (int i = 0; i < 5; ++i)
    a.train_step(fact_batch(data.contexts, d->fact_format().length()),
                 question_batch(data.context_of, data.questions), answer_tokens(data.truth));
  // Precision is not part of the architecture: bf16 bytes restore into a bf16 model.
  auto b = GetParam() == kBf16 ? std::make_unique<net::QuestionNet>(
                                     model_shape(*d), variant_config(kBf16),
                                     net::QuestionOptimConfig{}, 2)
                               : net::QuestionNet::from_architecture(a.architecture());
  b->load(a.save(), "a");
  EXPECT_EQ(confidences(a, *d, data), confidences(*b, *d, data));

  net::QuestionNetConfig wider = variant_config(GetParam());
  wider.width = 32;
  net::QuestionNet other(model_shape(*d), wider, {}, 1);
  const std::string error = testing::error_of([&] { other.load(a.save(), "a.ckpt"); });
  EXPECT_NE(error.find("a.ckpt: model weights do not fit"), std::string::npos) << error;
  EXPECT_EQ(confidences(other, *d, data), confidences(other, *d, data))
      << "a refused load leaves the model usable";
  // Another variant has other weights (the pointer's own layers, the match bias): refused
  // both ways.
  net::QuestionNet other_decoder(model_shape(*d), variant_config((GetParam() + 1) % 3), {}, 1);
  EXPECT_NE(testing::error_of([&] { other_decoder.load(a.save(), "a.ckpt"); }), "");
  EXPECT_NE(other_decoder.architecture(), a.architecture());
  EXPECT_NE(testing::error_of([] { net::QuestionNet::from_architecture("resnet in=3x3x3"); }), "");
}

// A damaged checkpoint must not make torch build a huge model or one it cannot build.
TEST_P(QuestionNetVariant, ArchitectureLinesOfHugeOrUnbuildableModelsAreRefused) {
  auto d = questions::make_domain("wildcard_search");
  net::QuestionNet a(model_shape(*d), variant_config(GetParam()), {}, 1);
  const std::string line = a.architecture();
  EXPECT_EQ(net::QuestionNet::from_architecture(line)->architecture(), line);
  EXPECT_EQ(line.find("decoder=pointer") != std::string::npos, GetParam() == kPointer) << line;
  EXPECT_EQ(line.find("fact_attention=match") != std::string::npos, GetParam() == kMatchBias)
      << line;
  for (const std::string bad : {" decoder=copy", " decoder=pointer decoder=pointer",
                                " fact_attention=matching", " fact_attention=match fact_attention=match"})
    EXPECT_NE(testing::error_of([&] { net::QuestionNet::from_architecture(line + bad); }), "")
        << line + bad;
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

// bf16 arithmetic is really used (answers' probabilities move off fp32's, by little), and
// it follows training: after optimiser steps in bf16, the answers are those of the new
// weights (autocast's bf16 copies of the old ones are gone).
TEST(QuestionNet, Bf16ArithmeticFollowsTheWeightsAndAgreesWithFp32) {
  if (!net::cpu_has_bf16()) GTEST_SKIP() << "this CPU has no bf16 arithmetic";
  auto d = questions::make_domain("permutation_powering");
  const Data data = step_questions(*d, 16, 6, 5);
  const auto facts = fact_batch(data.contexts, d->fact_format().length());
  const auto asked = question_batch(data.context_of, data.questions);
  net::QuestionNet fp32(model_shape(*d), variant_config(kVocabulary), {}, 1);
  net::QuestionNet bf16(model_shape(*d), variant_config(kBf16), {5e-3, 1.0}, 1);
  auto agree = [&](const char* when) {
    fp32.load(bf16.save(), "bf16", false);
    const auto a = confidences(fp32, *d, data), b = confidences(bf16, *d, data);
    EXPECT_NE(a, b) << when << ": bf16 must change the arithmetic";
    for (size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], b[i], 0.02) << when << " " << i;
    return b;
  };
  const auto before = agree("untrained");
  for (int step = 0; step < 20; ++step) bf16.train_step(facts, asked, answer_tokens(data.truth));
  const auto after = agree("trained");
  double moved = 0;
  for (size_t i = 0; i < before.size(); ++i)
    moved = std::max(moved, static_cast<double>(std::abs(after[i] - before[i])));
  EXPECT_GT(moved, 0.2) << "training must move the answers for the test to tell";
}

TEST(QuestionNet, TrackingWithZeroDecayCopiesAndOneKeeps) {
  auto d = questions::make_domain("wildcard_search");
  net::QuestionNet a(model_shape(*d), {}, {}, 1), teacher(model_shape(*d), {}, {}, 2);
  const Data data = step_questions(*d, 8, 8, 5);
  const auto before = confidences(teacher, *d, data);
  teacher.track(a, 1.0);
  EXPECT_EQ(confidences(teacher, *d, data), before);
  teacher.track(a, 0.0);
  EXPECT_EQ(confidences(teacher, *d, data), confidences(a, *d, data));
}

TEST(QuestionNet, BadSizesAreAClearError) {
  net::QuestionNetConfig config;
  config.width = 30;
  config.heads = 4;
  EXPECT_NE(testing::error_of([&] {
              net::QuestionNet({10, 2, 2, 2}, config, {}, 1);
            }).find("multiple of model.heads"),
            std::string::npos);
  config.width = 32;
  config.precision = "fp16";
  EXPECT_NE(testing::error_of([&] {
              net::QuestionNet({10, 2, 2, 2}, config, {}, 1);
            }).find("model.precision must be fp32 or bf16"),
            std::string::npos);
}

}  // namespace
}  // namespace ida::decomposition
