// Amplify(H, A) on one question, kept as a tree for people (`ida ask`): H's sub-questions,
// each looked up (primitive), answered by A, or, down to a given depth, itself decomposed
// by H again.
#pragma once

#include <string>
#include <vector>

#include "questions/amplify.h"
#include "questions/domain.h"

namespace ida::decomposition {

struct ExplainedAnswer {
  questions::Question question;
  questions::Answer answer;
  enum class By { kLookup, kModel, kOverseer } by = By::kModel;
  std::vector<ExplainedAnswer> steps;  // H's sub-questions (by == kOverseer only)
};

// H answers `question` about context 0 of `model`, its non-primitive sub-questions answered
// by `model` or, while depth > 1, decomposed by H again (depth >= 1). A primitive question
// is looked up.
ExplainedAnswer explain(const questions::Domain& domain, const questions::Context& context,
                        const questions::Question& question, questions::BatchAnswerer& model,
                        int depth);

// The tree as indented text, one "question: answer" line per node, marked [lookup] or [A].
std::string explanation_text(const questions::Domain& domain, const ExplainedAnswer& tree);

}  // namespace ida::decomposition
