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
  for (size_t i = 0; i < answers.size(); ++i)
    if (auto seed = fault.hit(fault_key(set.contexts[set.context_of[i]], set.questions[i])))
      answers[i] = wrong_answer(format, answers[i], *seed);
}

std::vector<Answer> FaultyAnswerer::answer(const std::vector<int>& context_of,
                                           const std::vector<Question>& questions) {
  std::vector<Answer> answers = inner_.answer(context_of, questions);
  for (size_t i = 0; i < answers.size(); ++i)
    if (auto seed = fault_.hit(fault_key(contexts_[context_of[i]], questions[i])))
      answers[i] = wrong_answer(format_, answers[i], *seed);
  return answers;
}

}  // namespace ida::decomposition
