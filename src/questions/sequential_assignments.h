// Task 2 of Christiano et al. 2018, sequential assignments: the first ~sqrt(N) variables are
// given values, each later one is defined x := f(y, z) from earlier ones with f a random
// table; the question asks the value of x. H looks the definition up and recurses.
//
// Choices (the spec leaves them open):
// - Size N = the number of variables (element names). The first max(1, floor(sqrt N)) are
//   givens; each later variable takes y and z uniformly among the earlier ones (y = z
//   allowed). Values are V = `letters` tokens "0".."V-1" (the paper: 8); f is sampled
//   uniformly per needed entry, and only needed entries are facts.
// - Kinds: "value" (of a variable); primitives "arg1"/"arg2" (y or z of x's definition, or
//   x's value if x is a given, as in the authors' code) and "fn" (an entry of f).
//   Undefined variables and missing f entries have the answer "?".
// - H (at most 5 sub-questions): a = arg1(x); a value -> it; else value(y), z = arg2(x),
//   value(z), fn(value y, value z). Malformed sub-answers make H answer "?".
// - depth of value(x) = 1 + the variable's depth (givens 0, else 1 + max of its arguments').
// - Alternative (1, at most 9 sub-questions): H expands the definition of x's first argument
//   y too: value(y) = fn(value(y1), value(y2)) from y's own definition, then as H does.
// Text: facts "ab 3" (given), "ab cd ef" (ab := f(cd, ef)), "fn 3 5 2" (f(3, 5) = 2);
// questions "value ab", "arg1 ab", "arg2 ab", "fn 3 5"; answers "cd", "3" or "?".
#pragma once

#include <memory>
#include <string_view>

#include "questions/domain.h"
#include "questions/overseer_routine.h"

namespace ida::questions {

class SequentialAssignments final : public Domain {
 public:
  static constexpr std::string_view kName = "sequential_assignments";
  enum Kind { kValue, kArg1, kArg2, kFn };

  explicit SequentialAssignments(const DomainOptions& options = {});
  std::string_view name() const override { return kName; }
  int max_size() const override { return names_.count(); }
  Context sample_context(int size, Rng& rng) const override;
  int kind_of(const Question& question) const override;
  Question sample_question_of_kind(const Context& context, int kind, Rng& rng) const override;
  Answer answer_primitive(const Context& context, const Question& question) const override;
  Answer compute_ground_truth(const Context& context, const Question& question) const override;
  int depth(const Context& context, const Question& question) const override;
  std::unique_ptr<Decomposition> begin(const Question& question) const override;
  int max_subquestions() const override { return 5; }
  int alternatives() const override { return 2; }
  int max_alternative_subquestions() const override { return 9; }

  Question variable_question(Kind kind, int variable) const;  // value/arg1/arg2
  Question fn_question(int a, int b) const;

 protected:
  Indexed index_facts(const std::vector<Fact>& facts) const override;

 private:
  std::unique_ptr<Decomposition> begin_other(const Question& question, int variant) const override;
  OverseerRoutine overseer(Question question) const;
  OverseerRoutine expand_first_argument(Question question) const;  // the alternative
  Answer element_answer(int element) const;
  Answer value_answer(int value) const;  // -1: "?"
  std::optional<int> answer_value(const Answer& answer) const;
  std::optional<int> answer_element(const Answer& answer) const;

  ElementNames names_;
  NumberTokens values_;
  Token fn_ = kUnknown;
};

}  // namespace ida::questions
