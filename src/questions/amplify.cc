#include "questions/amplify.h"

#include "core/error.h"

namespace ida::questions {

std::vector<Answer> FunctionAnswerer::answer(const std::vector<int>& context_of,
                                             const std::vector<Question>& questions) {
  IDA_CHECK(context_of.size() == questions.size());
  std::vector<Answer> answers;
  answers.reserve(questions.size());
  for (size_t i = 0; i < questions.size(); ++i) answers.push_back(f_(context_of[i], questions[i]));
  return answers;
}

AmplifyCounts& AmplifyCounts::operator+=(const AmplifyCounts& o) {
  overseer_calls += o.overseer_calls;
  model_calls += o.model_calls;
  lookups += o.lookups;
  batches += o.batches;
  return *this;
}

Overseer overseer_of(const Domain& domain, int variant) {
  IDA_CHECK(variant >= 0 && variant < domain.alternatives());
  return [&domain, variant](const Question& q) { return domain.begin_alternative(q, variant); };
}

std::vector<Amplified> amplify_batch(const Domain& domain, const std::vector<Context>& contexts,
                                     const std::vector<int>& context_of,
                                     const std::vector<Question>& questions,
                                     const Overseer& overseer, BatchAnswerer& model,
                                     AmplifyCounts& counts) {
  IDA_CHECK(context_of.size() == questions.size());
  const size_t n = questions.size();
  std::vector<std::unique_ptr<Decomposition>> h(n);
  std::vector<Amplified> out(n);
  for (size_t i = 0; i < n; ++i) {
    IDA_CHECK(context_of[i] >= 0 && context_of[i] < static_cast<int>(contexts.size()));
    h[i] = overseer(questions[i]);
  }
  counts.overseer_calls += static_cast<int64_t>(n);

  std::vector<size_t> waiting;  // decompositions whose pending sub-question goes to the model
  std::vector<int> ask_context;
  std::vector<Question> asks;
  for (;;) {
    waiting.clear();
    ask_context.clear();
    asks.clear();
    for (size_t i = 0; i < n; ++i) {
      // Look primitives up until H needs the model or is done.
      while (std::optional<Question> sub = h[i]->next_subquestion()) {
        if (!domain.is_primitive(*sub)) {
          waiting.push_back(i);
          ask_context.push_back(context_of[i]);
          asks.push_back(*sub);
          break;
        }
        h[i]->give_answer(domain.answer_primitive(contexts[context_of[i]], *sub));
        out[i].looked_up.push_back(true);
        ++counts.lookups;
      }
    }
    if (waiting.empty()) break;
    const std::vector<Answer> answers = model.answer(ask_context, asks);
    IDA_CHECK(answers.size() == asks.size());
    ++counts.batches;
    counts.model_calls += static_cast<int64_t>(asks.size());
    for (size_t k = 0; k < waiting.size(); ++k) {
      h[waiting[k]]->give_answer(answers[k]);
      out[waiting[k]].looked_up.push_back(false);
    }
  }
  for (size_t i = 0; i < n; ++i) {
    out[i].answer = h[i]->final_answer();
    out[i].transcript = h[i]->transcript();
  }
  return out;
}

}  // namespace ida::questions
