// Redundancy (requirement 2, reliability amplification): the vote and flag statistics, and the
// label-free guard on a hand-made teacher that the curriculum's teacher/target rule accepts
// although it is wrong on most deep questions.
#include "audit/redundancy.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/rng.h"
#include "decomposition/redundancy.h"
#include "questions/amplify.h"
#include "questions/wildcard_search.h"

namespace ida {
namespace {

using questions::Answer;
using questions::Question;

TEST(Redundancy, PluralityBreaksTiesTowardThePrimaryWay) {
  EXPECT_EQ(audit::plurality(std::vector<int>{3, 5, 5}), 5);
  EXPECT_EQ(audit::plurality(std::vector<int>{3, 5, 7}), 3);
  EXPECT_EQ(audit::plurality(std::vector<int>{5, 3, 3, 5}), 5);
  EXPECT_TRUE(audit::unanimous(std::vector<int>{2, 2, 2}));
  EXPECT_FALSE(audit::unanimous(std::vector<int>{2, 2, 1}));
}

TEST(Redundancy, RecallAndPrecisionCountAgainstThePrimaryAnswer) {
  audit::Redundancy r;
  r.add(/*disagreement=*/true, /*primary_is_right=*/false, /*vote_is_right=*/true);
  r.add(true, true, true);     // a false alarm
  r.add(false, false, false);  // a missed error
  r.add(false, true, true);
  EXPECT_EQ(r.inputs, 4);
  EXPECT_DOUBLE_EQ(r.disagreement().value(), 0.5);
  EXPECT_DOUBLE_EQ(r.recall().value(), 0.5);     // 1 of 2 wrong answers flagged
  EXPECT_DOUBLE_EQ(r.precision().value(), 0.5);  // 1 of 2 flags on a wrong answer
  EXPECT_DOUBLE_EQ(r.primary_accuracy().value(), 0.5);
  EXPECT_DOUBLE_EQ(r.vote_accuracy().value(), 0.75);
  audit::Redundancy twice = r;
  twice += r;
  EXPECT_EQ(twice.flagged_wrong, 2);
  EXPECT_NE(twice.json().dump().find(R"("recall":{"count":2,"n":4)"), std::string::npos)
      << twice.json().dump();
}

// Wildcard search, 64 contexts of 8 strings, 16 questions each.
struct Suite {
  questions::WildcardSearch domain;
  decomposition::QuestionSet set;
  std::vector<int> depth;
  Suite() {
    Rng rng(7);
    for (int c = 0; c < 64; ++c) {
      set.contexts.push_back(domain.sample_context(8, rng));
      for (int q = 0; q < 16; ++q) {
        set.context_of.push_back(c);
        set.questions.push_back(domain.sample_question(set.contexts.back(), rng));
        depth.push_back(domain.depth(set.contexts.back(), set.questions.back()));
      }
    }
  }
  Answer truth(int context, const Question& q) const {
    return domain.ground_truth(set.contexts[context], q);
  }
};

// Consistent but wrong: off by 2^(stars - 2) on every pattern whose '*' include the last two
// positions. Splitting the first '*' of such a pattern (3 or more '*') gives two such patterns
// off by half as much, so H's own decomposition agrees with this teacher everywhere except on
// the depth-2 pattern "????**" (1 star set of 15); splitting the last '*' does not.
Answer consistent_but_wrong(const Suite& s, int context, const Question& q) {
  const std::string text = s.domain.question_format().format(q);
  const int stars = static_cast<int>(std::count(text.begin(), text.end(), '*'));
  const Answer truth = s.truth(context, q);
  if (text[4] != '*' || text[5] != '*') return truth;
  const int sum = std::stoi(s.domain.answer_format().format(truth)) + (1 << (stars - 2));
  return s.domain.parse_answer(std::to_string(sum));
}

TEST(Redundancy, GuardFlagsATeacherConsistentWithHButWrong) {
  const Suite s;
  questions::FunctionAnswerer teacher(
      [&](int c, const Question& q) { return consistent_but_wrong(s, c, q); });
  questions::AmplifyCounts counts;
  const auto targets = decomposition::answers_of(
      questions::amplify_batch(s.domain, s.set.contexts, s.set.context_of, s.set.questions,
                               questions::overseer_of(s.domain), teacher, counts));
  const auto direct = teacher.answer(s.set.context_of, s.set.questions);

  // The teacher/target rule would promote: agreement >= 0.85 at every depth.
  const auto rule =
      decomposition::agreement(decomposition::equal_answers(direct, targets), s.depth);
  EXPECT_GE(rule.worst, 0.9);
  int right = 0, deep = 0, deep_right = 0;
  for (size_t i = 0; i < direct.size(); ++i) {
    const bool ok = direct[i] == s.truth(s.set.context_of[i], s.set.questions[i]);
    right += ok;
    if (s.depth[i] == 6) {
      ++deep;
      deep_right += ok;
    }
  }
  ASSERT_GT(deep, 100);
  EXPECT_EQ(deep_right, 0) << "wrong on every all-'*' pattern";
  EXPECT_LT(right, 0.75 * direct.size());

  // The guard does not.
  const auto others = decomposition::alternative_answers(s.domain, teacher, s.set, counts);
  ASSERT_EQ(others.size(), 2u);
  const auto agree = decomposition::alternatives_agree(targets, others);
  EXPECT_LT(decomposition::agreement(agree, s.depth).worst, 0.5);

  // The flag catches the wrong targets, and few right ones (recall and precision).
  audit::Redundancy r;
  for (size_t i = 0; i < targets.size(); ++i) {
    const Answer truth = s.truth(s.set.context_of[i], s.set.questions[i]);
    std::vector<Answer> ways{targets[i]};
    for (const auto& o : others) ways.push_back(o[i]);
    r.add(!agree[i], targets[i] == truth, audit::plurality(ways) == truth);
  }
  ASSERT_GT(r.primary_wrong, 100);
  EXPECT_GE(r.recall().value(), 0.95);
  EXPECT_GE(r.precision().value(), 0.95);
}

TEST(Redundancy, GuardPassesTheGroundTruth) {
  const Suite s;
  questions::FunctionAnswerer truth([&](int c, const Question& q) { return s.truth(c, q); });
  questions::AmplifyCounts counts;
  const auto targets = decomposition::answers_of(
      questions::amplify_batch(s.domain, s.set.contexts, s.set.context_of, s.set.questions,
                               questions::overseer_of(s.domain), truth, counts));
  const auto others = decomposition::alternative_answers(s.domain, truth, s.set, counts);
  const auto agreed =
      decomposition::agreement(decomposition::alternatives_agree(targets, others), s.depth);
  EXPECT_EQ(agreed.worst, 1.0);
  EXPECT_EQ(agreed.overall, 1.0);
}

}  // namespace
}  // namespace ida
