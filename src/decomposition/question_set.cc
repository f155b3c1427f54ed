#include "decomposition/question_set.h"

#include <algorithm>
#include <optional>

#include "core/error.h"
#include "decomposition/answer_faults.h"
#include "decomposition/learned_overseer.h"
#include "decomposition/model_answerer.h"

namespace ida::decomposition {

using questions::Answer;

namespace {
constexpr int kAmplifyChunk = 256;  // contexts amplified per batched pass
}  // namespace

QuestionSet slice(const QuestionSet& set, int first, int last, std::vector<size_t>* where) {
  QuestionSet part;
  part.contexts.assign(set.contexts.begin() + first, set.contexts.begin() + last);
  for (size_t i = 0; i < set.questions.size(); ++i)
    if (set.context_of[i] >= first && set.context_of[i] < last) {
      part.context_of.push_back(set.context_of[i] - first);
      part.questions.push_back(set.questions[i]);
      if (where) where->push_back(i);
    }
  return part;
}

std::vector<questions::Amplified> amplify_set(const questions::Domain& domain,
                                              const net::QuestionNet& model, const QuestionSet& set,
                                              questions::AmplifyCounts& counts,
                                              std::vector<Answer>* direct,
                                              const LearnedOverseer* learned,
                                              engine::FaultInjector* fault, int variant) {
  IDA_CHECK(variant == 0 || learned == nullptr);
  std::vector<questions::Amplified> amplified(set.questions.size());
  if (direct) direct->assign(set.questions.size(), Answer());
  const int n = static_cast<int>(set.contexts.size());
  for (int first = 0; first < n; first += kAmplifyChunk) {
    std::vector<size_t> where;
    const QuestionSet part = slice(set, first, std::min(n, first + kAmplifyChunk), &where);
    ModelAnswerer answerer(model, part.contexts);
    std::optional<FaultyAnswerer> faulty;
    if (fault && fault->rate() > 0)
      faulty.emplace(answerer, part.contexts, domain.answer_format(), *fault);
    questions::BatchAnswerer& sub_answers =
        faulty ? static_cast<questions::BatchAnswerer&>(*faulty) : answerer;
    auto results = learned ? learned->amplify_batch(part.contexts, part.context_of, part.questions,
                                                    sub_answers, counts)
                           : questions::amplify_batch(
                                 domain, part.contexts, part.context_of, part.questions,
                                 questions::overseer_of(domain, variant), sub_answers, counts);
    for (size_t k = 0; k < where.size(); ++k) amplified[where[k]] = std::move(results[k]);
    if (direct) {
      const auto answers = answerer.answer(part.context_of, part.questions);
      for (size_t k = 0; k < where.size(); ++k) (*direct)[where[k]] = answers[k];
    }
  }
  return amplified;
}

QuestionSet subset(const QuestionSet& set, const std::vector<bool>& keep,
                   std::vector<size_t>& where) {
  IDA_CHECK(keep.size() == set.contexts.size());
  QuestionSet part;
  std::vector<int> renumbered(set.contexts.size(), -1);
  for (size_t c = 0; c < set.contexts.size(); ++c)
    if (keep[c]) {
      renumbered[c] = static_cast<int>(part.contexts.size());
      part.contexts.push_back(set.contexts[c]);
    }
  for (size_t i = 0; i < set.questions.size(); ++i)
    if (keep[set.context_of[i]]) {
      part.context_of.push_back(renumbered[set.context_of[i]]);
      part.questions.push_back(set.questions[i]);
      where.push_back(i);
    }
  return part;
}

std::vector<Answer> answers_of(const std::vector<questions::Amplified>& amplified) {
  std::vector<Answer> answers;
  for (const auto& a : amplified) answers.push_back(a.answer);
  return answers;
}

double share_equal(const std::vector<Answer>& a, const std::vector<Answer>& b) {
  int64_t equal = 0;
  for (size_t i = 0; i < a.size(); ++i) equal += a[i] == b[i];
  return a.empty() ? 0.0 : static_cast<double>(equal) / static_cast<double>(a.size());
}

}  // namespace ida::decomposition
