// Checks every registered question task against the Domain contract (questions/domain.h):
// sampling, tokens and text, primitives, bounds and well-foundedness of H, bad input.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "core/rng.h"
#include "error_of.h"
#include "questions/domain.h"
#include "questions/registry.h"

namespace ida::questions {
namespace {

using ::ida::testing::error_of;

std::vector<int> test_sizes(const Domain& d) {
  std::vector<int> sizes = {d.min_size(), d.min_size() + 1, 5, 12, 30, d.max_size()};
  for (int& s : sizes) s = std::clamp(s, d.min_size(), d.max_size());
  std::sort(sizes.begin(), sizes.end());
  sizes.erase(std::unique(sizes.begin(), sizes.end()), sizes.end());
  return sizes;
}

class QuestionConformanceTest : public ::testing::TestWithParam<std::string> {
 protected:
  std::unique_ptr<Domain> domain_ = make_domain(GetParam());
  Rng rng_{mix_seed(21, std::hash<std::string>()(GetParam()))};
};

INSTANTIATE_TEST_SUITE_P(QuestionTasks, QuestionConformanceTest,
                         ::testing::ValuesIn(domain_names()),
                         [](const auto& info) { return info.param; });

TEST_P(QuestionConformanceTest, SampledContextsAreValidAndOfTheRequestedSize) {
  const Domain& d = *domain_;
  EXPECT_EQ(d.name(), GetParam());
  for (int size = d.min_size(); size <= d.max_size(); ++size) {
    const Context c = d.sample_context(size, rng_);
    ASSERT_EQ(c.size(), size);
    ASSERT_TRUE(std::is_sorted(c.facts().begin(), c.facts().end()));
    ASSERT_EQ(std::adjacent_find(c.facts().begin(), c.facts().end()), c.facts().end());
    for (const Fact& f : c.facts()) ASSERT_GE(d.fact_format().shape_of(f), 0);
    // The facts alone rebuild the same context, in any order.
    std::vector<Fact> shuffled = c.facts();
    std::reverse(shuffled.begin(), shuffled.end());
    const Context again = d.make_context(shuffled, c.salt());
    ASSERT_EQ(again.facts(), c.facts());
    ASSERT_EQ(again.size(), size);
  }
  Rng a(5), b(5);
  EXPECT_EQ(d.sample_context(d.max_size(), a).facts(), d.sample_context(d.max_size(), b).facts());
}

TEST_P(QuestionConformanceTest, SizesOutsideTheRangeAreInputErrors) {
  const Domain& d = *domain_;
  EXPECT_NE(error_of([&] { d.sample_context(d.min_size() - 1, rng_); }).find("out of range"),
            std::string::npos);
  EXPECT_NE(error_of([&] { d.sample_context(d.max_size() + 1, rng_); }).find("out of range"),
            std::string::npos);
}

TEST_P(QuestionConformanceTest, TokensAndTextRoundTrip) {
  const Domain& d = *domain_;
  const Vocabulary& v = d.vocabulary();
  EXPECT_EQ(v.name(kUnknown), "?");
  for (int t = 0; t < v.size(); ++t)
    ASSERT_EQ(v.find(v.name(static_cast<Token>(t))), static_cast<Token>(t));
  for (const TupleFormat* f : {&d.fact_format(), &d.question_format(), &d.answer_format()})
    EXPECT_LE(f->length(), kMaxTupleLength);
  const Answer unknown(d.answer_format().length());
  EXPECT_EQ(d.answer_format().format(unknown), "?");
  EXPECT_EQ(d.parse_answer("?"), unknown);

  auto round_trip = [](const TupleFormat& format, const TokenTuple& t) {
    ASSERT_GE(format.shape_of(t), 0);
    const std::string text = format.format(t);
    ASSERT_EQ(format.parse(text), t) << text;
    ASSERT_EQ(format.format(format.parse(text)), text);
  };
  for (int size : test_sizes(d)) {
    const Context c = d.sample_context(size, rng_);
    for (const Fact& f : c.facts()) round_trip(d.fact_format(), f);
    EXPECT_EQ(d.parse_context(d.context_text(c)).facts(), c.facts());
    for (int kind = 0; kind < static_cast<int>(d.kinds().size()); ++kind) {
      for (int i = 0; i < 20; ++i) {
        const Question q = d.sample_question_of_kind(c, kind, rng_);
        round_trip(d.question_format(), q);
        round_trip(d.answer_format(), d.ground_truth(c, q));
      }
    }
  }
}

TEST_P(QuestionConformanceTest, SampledQuestionsAreUniformOverNonPrimitiveKinds) {
  const Domain& d = *domain_;
  const Context c = d.sample_context(std::min(20, d.max_size()), rng_);
  std::map<int, int> count;
  const int n = 3000;
  for (int i = 0; i < n; ++i) {
    const Question q = d.sample_question(c, rng_);
    ASSERT_FALSE(d.is_primitive(q));
    ++count[d.kind_of(q)];
  }
  int hard = 0;
  for (const QuestionKind& k : d.kinds()) hard += !k.primitive;
  ASSERT_EQ(static_cast<int>(count.size()), hard);
  for (const auto& [kind, seen] : count) EXPECT_NEAR(seen, 1.0 * n / hard, 0.1 * n / hard);
}

TEST_P(QuestionConformanceTest, PrimitivesAreLookupsThatAgreeWithTheGroundTruth) {
  const Domain& d = *domain_;
  int primitives = 0;
  for (int size : test_sizes(d)) {
    const Context c = d.sample_context(size, rng_);
    for (int kind = 0; kind < static_cast<int>(d.kinds().size()); ++kind) {
      if (!d.kinds()[kind].primitive) continue;
      for (int i = 0; i < 40; ++i) {
        // Re-salting changes which "random" answer a random primitive gives, never agreement.
        const Context salted = c.with_salt(rng_());
        const Question q = d.sample_question_of_kind(salted, kind, rng_);
        ASSERT_TRUE(d.is_primitive(q));
        EXPECT_EQ(d.depth(salted, q), 0);
        ASSERT_EQ(d.answer_primitive(salted, q), d.ground_truth(salted, q))
            << d.question_format().format(q);
        // H asks a primitive question as its only sub-question.
        std::unique_ptr<Decomposition> h = d.begin(q);
        ASSERT_EQ(h->next_subquestion(), q);
        h->give_answer(d.answer_primitive(salted, q));
        ASSERT_EQ(h->next_subquestion(), std::nullopt);
        ASSERT_EQ(h->final_answer(), d.ground_truth(salted, q));
        ++primitives;
      }
    }
  }
  EXPECT_GT(primitives, 0);
}

TEST_P(QuestionConformanceTest, NonPrimitiveQuestionsTakeBoundedSubQuestions) {
  const Domain& d = *domain_;
  for (int size : test_sizes(d)) {
    const Context c = d.sample_context(size, rng_);
    for (int i = 0; i < 200; ++i) {
      const Question q = d.sample_question(c, rng_);
      EXPECT_GE(d.depth(c, q), 1);
      std::unique_ptr<Decomposition> h = d.begin(q);
      int asked = 0;
      while (std::optional<Question> sub = h->next_subquestion()) {
        ++asked;
        h->give_answer(d.ground_truth(c, *sub));
      }
      ASSERT_LE(asked, d.max_subquestions());
    }
  }
}

// Answers a question by running H recursively to full depth with ground truth only at
// cycles: primitives are looked up; a question already being expanded further up (A's own
// guess, asked by a bootstrapping kind) gets the ground truth. Also returns the height of the
// recursion: 0 for primitives and cycles, else 1 + the highest sub-question. Memoised.
class FullRecursion {
 public:
  FullRecursion(const Domain& domain, const Context& context)
      : domain_(domain), context_(context) {}
  int cycles() const { return cycles_; }

  std::pair<Answer, int> solve(const Question& q) {
    if (domain_.is_primitive(q)) return {domain_.answer_primitive(context_, q), 0};
    if (auto it = memo_.find(q); it != memo_.end()) return it->second;
    if (std::find(stack_.begin(), stack_.end(), q) != stack_.end()) {
      ++cycles_;
      return {domain_.ground_truth(context_, q), 0};
    }
    stack_.push_back(q);
    int height = 0;
    const Answer a = amplify_one_level(domain_, context_, q, [&](const Question& sub) {
      const auto [answer, sub_height] = solve(sub);
      height = std::max(height, sub_height);
      return answer;
    });
    stack_.pop_back();
    return memo_[q] = {a, height + 1};
  }

 private:
  const Domain& domain_;
  const Context& context_;
  std::unordered_map<Question, std::pair<Answer, int>, TokenTupleHash> memo_;
  std::vector<Question> stack_;
  int cycles_ = 0;
};

TEST_P(QuestionConformanceTest, SubQuestionsAreEasierSoFullRecursionTerminates) {
  const Domain& d = *domain_;
  const bool bootstraps = std::any_of(d.kinds().begin(), d.kinds().end(),
                                      [](const QuestionKind& k) { return k.bootstraps; });
  for (int size : test_sizes(d)) {
    for (int instance = 0; instance < 4; ++instance) {
      const Context c = d.sample_context(size, rng_);
      for (int i = 0; i < 40; ++i) {
        const Question q = d.sample_question(c, rng_);
        FullRecursion r(d, c);
        const auto [answer, height] = r.solve(q);
        ASSERT_EQ(answer, d.ground_truth(c, q)) << d.question_format().format(q);
        if (!bootstraps) {
          // Well-founded: every non-primitive sub-question is strictly shallower, the
          // recursion never meets itself and goes exactly depth() levels deep.
          ASSERT_EQ(r.cycles(), 0);
          ASSERT_EQ(height, d.depth(c, q)) << d.question_format().format(q);
        } else {
          // Bootstrapping kinds ask A's guess at the question itself (a cycle, answered by
          // the ground truth); no question repeats along a path, and a path only meets
          // questions about one class (union find) or one target (shortest path).
          ASSERT_LE(height, 3 * size + 1);
        }
      }
    }
  }
}

TEST_P(QuestionConformanceTest, MalformedQuestionsAreAnsweredUnknownAtOnce) {
  const Domain& d = *domain_;
  const Context c = d.sample_context(std::min(8, d.max_size()), rng_);
  const Answer unknown(d.answer_format().length());
  int malformed = 0;
  for (int i = 0; i < 500; ++i) {
    Question q(d.question_format().length());
    for (int t = 0; t < q.length(); ++t) q[t] = static_cast<Token>(rng_() % d.vocabulary().size());
    if (d.kind_of(q) >= 0) continue;
    ++malformed;
    EXPECT_FALSE(d.is_primitive(q));
    EXPECT_EQ(d.ground_truth(c, q), unknown);
    EXPECT_EQ(d.depth(c, q), 0);
    std::unique_ptr<Decomposition> h = d.begin(q);
    EXPECT_EQ(h->next_subquestion(), std::nullopt);
    EXPECT_EQ(h->final_answer(), unknown);
  }
  EXPECT_GT(malformed, 0);
}

TEST_P(QuestionConformanceTest, BadTextIsAnInputErrorThatSaysWhy) {
  const Domain& d = *domain_;
  const std::string what = GetParam();
  for (const char* text : {"", "?", "xyzzy", "ab ab ab ab ab ab ab", "a-b"}) {
    const std::string e = error_of([&] { d.parse_question(text); });
    EXPECT_NE(e.find("bad " + what + " question"), std::string::npos) << text << ": " << e;
    EXPECT_NE(e.find("expected"), std::string::npos) << e;
  }
  EXPECT_NE(error_of([&] { d.parse_fact("?"); }).find("bad " + what + " fact"), std::string::npos);
  EXPECT_NE(error_of([&] { d.parse_answer("xyzzy"); }).find("bad " + what + " answer"),
            std::string::npos);
  EXPECT_NE(error_of([&] { d.parse_context("# only a comment\n\n"); }).find("no "),
            std::string::npos);
  // The line of a bad fact is named; comments and blank lines are skipped.
  const Context c = d.sample_context(std::min(4, d.max_size()), rng_);
  const std::string text = "# a context\n\n" + d.context_text(c) + "zz zz zz\n";
  const std::string e = error_of([&] { d.parse_context(text); });
  EXPECT_NE(e.find("line " + std::to_string(3 + c.facts().size())), std::string::npos) << e;
}

TEST(QuestionRegistryTest, ListsTheFiveTasksAndRejectsUnknownNames) {
  EXPECT_EQ(domain_names(),
            (std::vector<std::string>{"permutation_powering", "sequential_assignments",
                                      "union_find", "wildcard_search", "shortest_path"}));
  const std::string e = error_of([] { make_domain("chess"); });
  EXPECT_NE(e.find("unknown question domain 'chess'"), std::string::npos) << e;
  for (const std::string& name : domain_names()) EXPECT_NE(e.find(name), std::string::npos);
  EXPECT_NE(error_of([] { make_domain("union_find", {.letters = 14}); }).find("letters"),
            std::string::npos);
  EXPECT_EQ(make_domain("shortest_path", {.letters = 4})->max_size(), 16);
}

TEST(QuestionRegistryTest, InconsistentFactsAreInputErrors) {
  const auto fails = [](const char* task, const char* context) {
    return error_of([&] { make_domain(task)->parse_context(context); });
  };
  EXPECT_NE(fails("permutation_powering", "ab cd\nab ef\n").find("not a permutation"),
            std::string::npos);
  EXPECT_NE(fails("permutation_powering", "ab cd\n").find("not a permutation"), std::string::npos);
  EXPECT_NE(fails("sequential_assignments", "ab 1\nab 2\n").find("defined twice"),
            std::string::npos);
  EXPECT_NE(fails("sequential_assignments", "ab cd cd\ncd ab ab\n").find("cyclic"),
            std::string::npos);
  EXPECT_NE(fails("sequential_assignments", "ab cd cd\n").find("undefined"), std::string::npos);
  EXPECT_NE(fails("union_find", "ab 1\nab cd\ncd ef\nef ab\n").find("cycle"), std::string::npos);
  EXPECT_NE(fails("union_find", "ab 1\ncd 2\nab cd\n").find("both have values"), std::string::npos);
  EXPECT_NE(fails("union_find", "ab cd\n").find("no value"), std::string::npos);
  EXPECT_NE(fails("wildcard_search", "aaaaaa 0\n").find("not 0"), std::string::npos);
  EXPECT_NE(fails("shortest_path", "ab ab\n").find("self-loop"), std::string::npos);
}

// H's alternative decompositions (Domain::begin_alternative), driven with the ground truth.
struct Driven {
  Answer answer;
  std::vector<Exchange> transcript;
};
Driven drive(const Domain& d, const Context& c, const Question& q, int variant) {
  std::unique_ptr<Decomposition> h = d.begin_alternative(q, variant);
  int asked = 0;
  while (std::optional<Question> sub = h->next_subquestion()) {
    ++asked;
    h->give_answer(d.ground_truth(c, *sub));
  }
  EXPECT_LE(asked, d.max_alternative_subquestions());
  return {h->final_answer(), h->transcript()};
}

TEST_P(QuestionConformanceTest, AlternativesAnsweredByTheGroundTruthGiveTheTrueAnswer) {
  const Domain& d = *domain_;
  EXPECT_GE(d.max_alternative_subquestions(), d.max_subquestions());
  for (int size : test_sizes(d)) {
    const Context c = d.sample_context(size, rng_);
    for (int i = 0; i < 200; ++i) {
      const Question q = d.sample_question(c, rng_);
      const Answer truth = d.ground_truth(c, q);
      for (int v = 0; v < d.alternatives(); ++v)
        ASSERT_EQ(drive(d, c, q, v).answer, truth)
            << "variant " << v << " of " << d.question_format().format(q) << " at size " << size;
    }
  }
}

TEST_P(QuestionConformanceTest, EachAlternativeAsksOtherSubQuestionsThanH) {
  const Domain& d = *domain_;
  for (int v = 1; v < d.alternatives(); ++v) {
    int different = 0, questions = 0;
    for (int size : test_sizes(d)) {
      const Context c = d.sample_context(size, rng_);
      for (int i = 0; i < 100; ++i, ++questions) {
        const Question q = d.sample_question(c, rng_);
        std::vector<Question> h, alternative;
        for (const Exchange& e : drive(d, c, q, 0).transcript) h.push_back(e.question);
        for (const Exchange& e : drive(d, c, q, v).transcript) alternative.push_back(e.question);
        different += h != alternative;
      }
    }
    EXPECT_GT(different, questions / 4) << "variant " << v << " is mostly H's own";
  }
}

}  // namespace
}  // namespace ida::questions
