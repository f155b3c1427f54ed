#include "decomposition/model_answerer.h"

#include <algorithm>

#include "core/error.h"

namespace ida::decomposition {

net::QuestionNetShape model_shape(const questions::Domain& domain) {
  return {domain.vocabulary().size(), domain.fact_format().length(),
          domain.question_format().length(), domain.answer_format().length()};
}

net::FactBatch fact_batch(const std::vector<Context>& contexts, int fact_length) {
  net::FactBatch batch;
  batch.contexts = static_cast<int>(contexts.size());
  for (const Context& c : contexts)
    batch.max_facts = std::max(batch.max_facts, static_cast<int>(c.facts().size()));
  batch.tokens.assign(static_cast<size_t>(batch.contexts) * batch.max_facts * fact_length, 0);
  batch.padding.assign(static_cast<size_t>(batch.contexts) * batch.max_facts, 1);
  for (int c = 0; c < batch.contexts; ++c) {
    const auto& facts = contexts[c].facts();
    IDA_CHECK(!facts.empty());
    for (size_t f = 0; f < facts.size(); ++f) {
      const size_t slot = static_cast<size_t>(c) * batch.max_facts + f;
      batch.padding[slot] = 0;
      IDA_CHECK(facts[f].length() == fact_length);
      std::copy(facts[f].begin(), facts[f].end(), batch.tokens.begin() + slot * fact_length);
    }
  }
  return batch;
}

net::QuestionBatch question_batch(const std::vector<int>& context_of,
                                  const std::vector<Question>& questions) {
  IDA_CHECK(context_of.size() == questions.size());
  net::QuestionBatch batch;
  batch.context.assign(context_of.begin(), context_of.end());
  for (const Question& q : questions) batch.tokens.insert(batch.tokens.end(), q.begin(), q.end());
  return batch;
}

std::vector<int64_t> answer_tokens(const std::vector<Answer>& answers) {
  std::vector<int64_t> tokens;
  for (const Answer& a : answers) tokens.insert(tokens.end(), a.begin(), a.end());
  return tokens;
}

ModelAnswerer::ModelAnswerer(const net::QuestionNet& net, const std::vector<Context>& contexts)
    : net_(net), encoding_(net.encode(fact_batch(contexts, net.shape().fact_length))) {}

std::vector<Answer> ModelAnswerer::answer(const std::vector<int>& context_of,
                                          const std::vector<Question>& questions) {
  const int length = net_.shape().answer_length;
  std::vector<Answer> answers;
  answers.reserve(questions.size());
  constexpr size_t kChunk = 4096;  // questions per forward pass
  for (size_t at = 0; at < questions.size(); at += kChunk) {
    const size_t end = std::min(questions.size(), at + kChunk);
    const std::vector<int> ctx(context_of.begin() + at, context_of.begin() + end);
    const std::vector<Question> qs(questions.begin() + at, questions.begin() + end);
    const std::vector<int64_t> tokens = net_.answer(*encoding_, question_batch(ctx, qs));
    for (size_t i = 0; i < qs.size(); ++i) {
      Answer a(length);
      for (int t = 0; t < length; ++t)
        a[t] = static_cast<questions::Token>(tokens[i * length + t]);
      answers.push_back(a);
    }
  }
  return answers;
}

std::vector<Answer> answer_directly(const net::QuestionNet& net,
                                    const std::vector<Context>& contexts,
                                    const std::vector<int>& context_of,
                                    const std::vector<Question>& questions) {
  // Questions are grouped by context in every caller; chunk by context ranges.
  constexpr int kContexts = 256;
  std::vector<Answer> answers(questions.size());
  for (int first = 0; first < static_cast<int>(contexts.size()); first += kContexts) {
    const int last = std::min<int>(contexts.size(), first + kContexts);
    std::vector<Context> chunk(contexts.begin() + first, contexts.begin() + last);
    std::vector<int> ctx;
    std::vector<Question> qs;
    std::vector<size_t> where;
    for (size_t i = 0; i < questions.size(); ++i)
      if (context_of[i] >= first && context_of[i] < last) {
        ctx.push_back(context_of[i] - first);
        qs.push_back(questions[i]);
        where.push_back(i);
      }
    if (qs.empty()) continue;
    ModelAnswerer model(net, chunk);
    const std::vector<Answer> got = model.answer(ctx, qs);
    for (size_t k = 0; k < where.size(); ++k) answers[where[k]] = got[k];
  }
  return answers;
}

}  // namespace ida::decomposition
