// The bridge between the question domains (token tuples) and the model A (tensors as flat
// arrays): batches of facts and questions, and A as a BatchAnswerer for amplification.
#pragma once

#include <memory>
#include <vector>

#include "net/question_net.h"
#include "questions/amplify.h"
#include "questions/domain.h"

namespace ida::decomposition {

using questions::Answer;
using questions::Context;
using questions::Question;

// The model's input and output sizes for `domain`.
net::QuestionNetShape model_shape(const questions::Domain& domain);

net::FactBatch fact_batch(const std::vector<Context>& contexts, int fact_length);
net::QuestionBatch question_batch(const std::vector<int>& context_of,
                                  const std::vector<Question>& questions);
std::vector<int64_t> answer_tokens(const std::vector<Answer>& answers);

// A's direct answers about a fixed list of contexts, each encoded once (at construction).
// The network must outlive this answerer and not be trained meanwhile.
class ModelAnswerer final : public questions::BatchAnswerer {
 public:
  ModelAnswerer(const net::QuestionNet& net, const std::vector<Context>& contexts);
  std::vector<Answer> answer(const std::vector<int>& context_of,
                             const std::vector<Question>& questions) override;

 private:
  const net::QuestionNet& net_;
  std::shared_ptr<const net::QuestionNet::Encoding> encoding_;
};

// A's direct answers to questions[i] about contexts[context_of[i]], in chunks of contexts
// small enough to keep memory bounded.
std::vector<Answer> answer_directly(const net::QuestionNet& net,
                                    const std::vector<Context>& contexts,
                                    const std::vector<int>& context_of,
                                    const std::vector<Question>& questions);

}  // namespace ida::decomposition
