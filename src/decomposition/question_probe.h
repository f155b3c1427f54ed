// The worst-case search's view of a question task (audit/worst_case.h): an input is a
// question on a context; A's answer is its direct one, Amplify(H, A)'s the real H with A
// answering its sub-questions. Seeds are drawn by the task's generator at the given sizes;
// mutations stay within it: another question on the same context, another context of a
// neighbouring size, one fact dropped or one taken from another context (kept only when the
// task accepts the facts and the size is unchanged), or other answers of random primitives.
#pragma once

#include <string>
#include <vector>

#include "audit/worst_case.h"
#include "net/question_net.h"
#include "questions/domain.h"

namespace ida::decomposition {

struct QuestionInput {
  questions::Context context;
  questions::Question question;
};

class QuestionProbe final : public audit::Probe<QuestionInput> {
 public:
  // Inputs of sizes min_size..max_size (within the task's range).
  QuestionProbe(const questions::Domain& domain, const net::QuestionNet& agent, int min_size,
                int max_size);

  std::vector<QuestionInput> seeds(int count, Rng& rng) override;
  std::optional<QuestionInput> mutate(const QuestionInput& input, Rng& rng) override;
  // Score: the share of answer tokens where A's direct answer and Amplify(H, A)'s differ.
  std::vector<audit::Disagreement> disagreement(const std::vector<QuestionInput>& inputs) override;
  std::vector<bool> wrong(const std::vector<QuestionInput>& inputs) override;
  // "salt N", the question, then the context's facts, one per line.
  std::string text(const QuestionInput& input) const override;
  QuestionInput parse(const std::string& text) const override;

 private:
  QuestionInput sample(int size, int kind, Rng& rng) const;
  std::optional<questions::Context> changed_facts(const questions::Context& context,
                                                  Rng& rng) const;
  std::vector<questions::Answer> direct(const std::vector<QuestionInput>& inputs) const;

  const questions::Domain& domain_;
  const net::QuestionNet& agent_;
  int min_size_, max_size_;
  std::vector<int> kinds_;  // the non-primitive kinds
};

}  // namespace ida::decomposition
