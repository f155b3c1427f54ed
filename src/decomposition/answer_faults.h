// Fault injection in the question instance (engine/fault.h): wrong answers in the task's
// answer format, in place of Distill's targets and of A's answers to H's sub-questions.
#pragma once

#include <cstdint>
#include <vector>

#include "decomposition/question_set.h"
#include "engine/fault.h"
#include "questions/amplify.h"
#include "questions/domain.h"

namespace ida::decomposition {

// A wrong answer in place of `answer`, drawn from `seed`: the same shape with its fields
// redrawn uniformly; where that keeps giving `answer` (a keyword, "?"), a random answer of
// another shape. Differs from `answer` whenever the format has more than one answer.
questions::Answer wrong_answer(const questions::TupleFormat& format,
                               const questions::Answer& answer, uint64_t seed);

// The key of a question about a context (its facts and the question's tokens).
uint64_t fault_key(const questions::Context& context, const questions::Question& question);

// Replaces answers[i], the answer to set.questions[i], where `fault` hits.
void corrupt_answers(const questions::TupleFormat& format, const QuestionSet& set,
                     std::vector<questions::Answer>& answers, engine::FaultInjector& fault);

// `inner`'s answers about `contexts`, except where `fault` hits: a wrong answer there.
class FaultyAnswerer final : public questions::BatchAnswerer {
 public:
  FaultyAnswerer(questions::BatchAnswerer& inner, const std::vector<questions::Context>& contexts,
                 const questions::TupleFormat& format, engine::FaultInjector& fault)
      : inner_(inner), contexts_(contexts), format_(format), fault_(fault) {}
  std::vector<questions::Answer> answer(const std::vector<int>& context_of,
                                        const std::vector<questions::Question>& questions) override;

 private:
  questions::BatchAnswerer& inner_;
  const std::vector<questions::Context>& contexts_;
  const questions::TupleFormat& format_;
  engine::FaultInjector& fault_;
};

}  // namespace ida::decomposition
