#include "decomposition/explain.h"

#include "core/error.h"

namespace ida::decomposition {

using questions::Answer;
using questions::Question;

ExplainedAnswer explain(const questions::Domain& domain, const questions::Context& context,
                        const Question& question, questions::BatchAnswerer& model, int depth) {
  IDA_CHECK(depth >= 1);
  ExplainedAnswer node{question, Answer(), ExplainedAnswer::By::kOverseer, {}};
  if (domain.is_primitive(question)) {
    node.answer = domain.answer_primitive(context, question);
    node.by = ExplainedAnswer::By::kLookup;
    return node;
  }
  auto h = domain.begin(question);
  while (std::optional<Question> sub = h->next_subquestion()) {
    ExplainedAnswer step;
    if (domain.is_primitive(*sub)) {
      step = {*sub, domain.answer_primitive(context, *sub), ExplainedAnswer::By::kLookup, {}};
    } else if (depth > 1) {
      step = explain(domain, context, *sub, model, depth - 1);
    } else {
      step = {*sub, model.answer({0}, {*sub}).at(0), ExplainedAnswer::By::kModel, {}};
    }
    h->give_answer(step.answer);
    node.steps.push_back(std::move(step));
  }
  node.answer = h->final_answer();
  return node;
}

namespace {

std::string answer_text(const questions::Domain& domain, const Answer& a) {
  return domain.answer_format().shape_of(a) >= 0 ? domain.answer_format().format(a)
                                                 : "(malformed answer)";
}

void append(const questions::Domain& domain, const ExplainedAnswer& node, int indent,
            std::string& out) {
  out += std::string(2 * indent, ' ') + domain.question_format().format(node.question) + ": " +
         answer_text(domain, node.answer);
  if (node.by == ExplainedAnswer::By::kLookup) out += "   [lookup]";
  if (node.by == ExplainedAnswer::By::kModel) out += "   [A]";
  out += "\n";
  for (const ExplainedAnswer& step : node.steps) append(domain, step, indent + 1, out);
}

}  // namespace

std::string explanation_text(const questions::Domain& domain, const ExplainedAnswer& tree) {
  std::string out;
  append(domain, tree, 0, out);
  return out;
}

}  // namespace ida::decomposition
