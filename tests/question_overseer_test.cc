// Checks the overseer H of every question task: given ground-truth sub-answers it returns the
// ground truth (the authors' own check), it stays bounded and well-formed whatever answers it
// gets, and it gives the expected answers on small hand-written contexts.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "core/rng.h"
#include "questions/domain.h"
#include "questions/registry.h"

namespace ida::questions {
namespace {

// Instance sizes worth testing for a domain: the extremes and a few in between.
std::vector<int> test_sizes(const Domain& d) {
  std::vector<int> sizes = {d.min_size(), d.min_size() + 1, 5, 12, 30, d.max_size()};
  for (int& s : sizes) s = std::clamp(s, d.min_size(), d.max_size());
  std::sort(sizes.begin(), sizes.end());
  sizes.erase(std::unique(sizes.begin(), sizes.end()), sizes.end());
  return sizes;
}

class QuestionOverseerTest : public ::testing::TestWithParam<std::string> {
 protected:
  std::unique_ptr<Domain> domain_ = make_domain(GetParam());
};

INSTANTIATE_TEST_SUITE_P(QuestionTasks, QuestionOverseerTest, ::testing::ValuesIn(domain_names()),
                         [](const auto& info) { return info.param; });

TEST_P(QuestionOverseerTest, GroundTruthSubAnswersGiveTheGroundTruth) {
  const Domain& d = *domain_;
  Rng rng(mix_seed(11, std::hash<std::string>()(GetParam())));
  std::map<std::string, int> checked;  // by kind
  for (int size : test_sizes(d)) {
    for (int instance = 0; instance < 12; ++instance) {
      const Context c = d.sample_context(size, rng);
      const Answerer truth = [&](const Question& q) { return d.ground_truth(c, q); };
      for (int kind = 0; kind < static_cast<int>(d.kinds().size()); ++kind) {
        for (int i = 0; i < 25; ++i) {
          const Question q = d.sample_question_of_kind(c, kind, rng);
          ASSERT_EQ(d.kind_of(q), kind);
          const Answer expected = d.ground_truth(c, q);
          const Answer got = amplify_one_level(d, c, q, truth);
          ASSERT_EQ(got, expected) << d.question_format().format(q) << " on\n"
                                   << d.context_text(c) << "H: " << d.answer_format().format(got)
                                   << ", truth: " << d.answer_format().format(expected);
          ++checked[d.kinds()[kind].name];
        }
      }
    }
  }
  EXPECT_EQ(checked.size(), d.kinds().size());
}

TEST_P(QuestionOverseerTest, AnyAnswersKeepHBoundedAndWellFormed) {
  const Domain& d = *domain_;
  Rng rng(mix_seed(12, std::hash<std::string>()(GetParam())));
  for (int size : test_sizes(d)) {
    const Context c = d.sample_context(size, rng);
    for (int i = 0; i < 300; ++i) {
      const Question q = d.sample_question(c, rng);
      std::unique_ptr<Decomposition> h = d.begin(q);
      int asked = 0;
      while (std::optional<Question> sub = h->next_subquestion()) {
        ASSERT_EQ(h->next_subquestion(), sub);  // pending until answered
        ASSERT_GE(d.kind_of(*sub), 0) << "H asked a malformed sub-question";
        ASSERT_LE(++asked, d.max_subquestions());
        Answer a(d.answer_format().length());
        switch (rng() % 3) {
          case 0:  // a well-formed answer to some other question
            a = d.ground_truth(
                c, d.sample_question_of_kind(c, static_cast<int>(rng() % d.kinds().size()), rng));
            break;
          case 1:  // any tokens at all
            for (int t = 0; t < a.length(); ++t)
              a[t] = static_cast<Token>(rng() % d.vocabulary().size());
            break;
          default:  // "don't know"
            break;
        }
        h->give_answer(a);
      }
      ASSERT_EQ(static_cast<int>(h->transcript().size()), asked);
      EXPECT_GE(d.answer_format().shape_of(h->final_answer()), 0);
    }
  }
}

TEST_P(QuestionOverseerTest, TranscriptListsTheExchanges) {
  const Domain& d = *domain_;
  Rng rng(13);
  const Context c = d.sample_context(std::min(10, d.max_size()), rng);
  const Question q = d.sample_question(c, rng);
  std::unique_ptr<Decomposition> h = d.begin(q);
  std::vector<Exchange> expected;
  while (std::optional<Question> sub = h->next_subquestion()) {
    const Answer a = d.ground_truth(c, *sub);
    expected.push_back({*sub, a});
    h->give_answer(a);
  }
  ASSERT_EQ(h->transcript().size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(h->transcript()[i].question, expected[i].question);
    EXPECT_EQ(h->transcript()[i].answer, expected[i].answer);
  }
  const std::string text = transcript_text(d, q, *h);
  EXPECT_NE(text.find(d.question_format().format(q)), std::string::npos) << text;
  EXPECT_NE(text.find("=> " + d.answer_format().format(h->final_answer())), std::string::npos);
}

// --- Hand-written contexts: H (with ground-truth sub-answers) and the ground truth give the
// answers worked out by hand.

struct Known {
  std::string task;
  std::string context;
  std::string question;
  std::string answer;
};

void PrintTo(const Known& k, std::ostream* os) { *os << k.task << ": " << k.question; }

class QuestionKnownAnswersTest : public ::testing::TestWithParam<Known> {};

INSTANTIATE_TEST_SUITE_P(
    QuestionExamples, QuestionKnownAnswersTest,
    ::testing::Values(
        Known{"permutation_powering", "ab cd\ncd ef\nef ab\n", "ab 4", "cd"},
        Known{"permutation_powering", "ab cd\ncd ef\nef ab\n", "ab 63", "ab"},
        Known{"permutation_powering", "ab cd\ncd ab\n", "gh 5", "?"},
        Known{"sequential_assignments", "ab 1\ncd 2\nef ab cd\nfn 1 2 5\n", "value ef", "5"},
        Known{"sequential_assignments", "ab 1\ncd ab ab\nef cd ab\nfn 1 1 3\nfn 3 1 0\n",
              "value ef", "0"},
        Known{"sequential_assignments", "ab 1\ncd ab ab\n", "value cd", "?"},  // no fn 1 1
        Known{"union_find", "ab 3\nab cd\nef cd\ngh 1\n", "value ef", "3"},
        Known{"union_find", "ab 3\nab cd\nef cd\ngh 1\n", "depth ef", "2"},
        Known{"union_find", "ab 3\nab cd\nef cd\ngh 1\n", "parent ef", "cd"},
        Known{"union_find", "ab 3\nab cd\nef cd\ngh 1\n", "parent ab", "ab"},
        Known{"wildcard_search", "aaaaaa 1\naaaaab -1\nbbbbbb 1\n", "aaaaa*", "0"},
        Known{"wildcard_search", "aaaaaa 1\naaaaab -1\nbbbbbb 1\n", "******", "1"},
        Known{"wildcard_search", "aaaaaa 1\naaaaab -1\nbbbbbb 1\n", "*aaaaa", "1"},
        // Two shortest paths ab -> gh: the tie-break takes cd, the smaller name.
        Known{"shortest_path", "ab ef\nab cd\ncd gh\nef gh\n", "next ab gh", "cd"},
        Known{"shortest_path", "ab ef\nab cd\ncd gh\nef gh\n", "distance ab gh", "2"},
        Known{"shortest_path", "ab ef\nab cd\ncd gh\nef gh\n", "distance gh ab", "none"},
        Known{"shortest_path", "ab ef\nab cd\ncd gh\nef gh\n", "next gh ab", "none"}),
    [](const auto& info) { return info.param.task + "_" + std::to_string(info.index); });

TEST_P(QuestionKnownAnswersTest, HAndGroundTruthAgreeWithTheHandWorkedAnswer) {
  const Known& k = GetParam();
  const std::unique_ptr<Domain> d = make_domain(k.task);
  const Context c = d->parse_context(k.context);
  const Question q = d->parse_question(k.question);
  const Answer expected = d->parse_answer(k.answer);
  EXPECT_EQ(d->ground_truth(c, q), expected);
  const Answerer truth = [&](const Question& s) { return d->ground_truth(c, s); };
  EXPECT_EQ(amplify_one_level(*d, c, q, truth), expected);
}

// Shortest path's "bound" primitive (vertices - 1) is what turns A's finite guesses for an
// unreachable pair into "none": a guess that would make the path longer than any shortest
// path can be is refused, instead of climbing one step per round up to the distance limit.
TEST(ShortestPathOverseer, AFiniteGuessPastTheBoundBecomesNone) {
  const std::unique_ptr<Domain> d = make_domain("shortest_path");
  // gh has no path to ab; 4 vertices, so no shortest path is longer than 3.
  const Context c = d->parse_context("ab ef\nab cd\ncd gh\nef gh\ngh cd\n");
  EXPECT_EQ(d->answer_format().format(d->answer_primitive(c, d->parse_question("bound"))), "3");
  auto guessing = [&](const std::string& distance) -> Answerer {
    return [&, distance](const Question& s) {
      const std::string text = d->question_format().format(s);
      if (text.rfind("next", 0) == 0) return d->parse_answer("cd");
      if (text.rfind("distance", 0) == 0) return d->parse_answer(distance);
      return d->ground_truth(c, s);
    };
  };
  const Question distance = d->parse_question("distance gh ab");
  const Question next = d->parse_question("next gh ab");
  EXPECT_EQ(d->answer_format().format(amplify_one_level(*d, c, distance, guessing("2"))), "3");
  EXPECT_EQ(d->answer_format().format(amplify_one_level(*d, c, distance, guessing("3"))), "none");
  EXPECT_EQ(d->answer_format().format(amplify_one_level(*d, c, next, guessing("2"))), "cd");
  EXPECT_EQ(d->answer_format().format(amplify_one_level(*d, c, next, guessing("3"))), "none");
}

}  // namespace
}  // namespace ida::questions
