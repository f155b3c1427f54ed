#include "decomposition/answer_faults.h"

#include <string_view>

#include "core/rng.h"

namespace ida::decomposition {

using questions::Answer;
using questions::Question;

namespace {
constexpr int kSameShapeTries = 8;  // then another shape (a keyword has one value)
constexpr int kTries = 64;

uint64_t hash_tuple(const questions::TokenTuple& t, uint64_t previous) {
  return engine::hash_bytes(
      std::string_view(reinterpret_cast<const char*>(t.begin()),
                       static_cast<size_t>(t.length()) * sizeof(questions::Token)),
      previous);
}

// Replaces answers[i], the answer to questions[i] about contexts[context_of[i]], where
// `fault` hits.
void corrupt(const questions::TupleFormat& format, const std::vector<questions::Context>& contexts,
             const std::vector<int>& context_of, const std::vector<Question>& questions,
             std::vector<Answer>& answers, engine::FaultInjector& fault) {
  if (fault.rate() <= 0) return;
  for (size_t i = 0; i < answers.size(); ++i)
    if (auto seed = fault.hit(fault_key(contexts[context_of[i]], questions[i])))
      answers[i] = wrong_answer(format, answers[i], *seed);
}
}  // namespace

Answer wrong_answer(const questions::TupleFormat& format, const Answer& answer, uint64_t seed) {
  Rng rng(seed);
  const int shape = format.shape_of(answer);
  for (int t = 0; t < kTries; ++t) {
    const int s = t < kSameShapeTries && shape >= 0
                      ? shape
                      : static_cast<int>(rng() % static_cast<uint64_t>(format.shapes()));
    const Answer wrong = format.sample(s, rng);
    if (wrong != answer) return wrong;
  }
  return answer;  // a format with a single answer has no wrong one
}

uint64_t fault_key(const questions::Context& context, const Question& question) {
  uint64_t h = 0;
  for (const auto& fact : context.facts()) h = hash_tuple(fact, h);
  return hash_tuple(question, h);
}

void corrupt_answers(const questions::TupleFormat& format, const QuestionSet& set,
                     std::vector<Answer>& answers, engine::FaultInjector& fault) {
  corrupt(format, set.contexts, set.context_of, set.questions, answers, fault);
}

std::vector<Answer> FaultyAnswerer::answer(const std::vector<int>& context_of,
                                           const std::vector<Question>& questions) {
  std::vector<Answer> answers = inner_.answer(context_of, questions);
  corrupt(format_, contexts_, context_of, questions, answers, fault_);
  return answers;
}

}  // namespace ida::decomposition
