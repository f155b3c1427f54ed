// Task 3 of Christiano et al. 2018, union find: elements fall into classes, each class a random
// tree of equality facts "x y" whose root carries the class's value "r v". Questions: the
// value of x, the parent of x toward its root, the depth of x.
//
// Choices (the spec leaves them open):
// - Size N = the number of elements. u = max(1, floor(sqrt N)) distinct values out of
//   V = `letters` (the paper: 8) are drawn, each element takes one of them uniformly; each
//   non-empty class is a random recursive tree (its first element is the root, each later
//   one hangs from a uniformly chosen earlier one), each edge written in a random direction.
// - Kinds: "value", "parent", "depth"; primitives "root" (the value of x if x is a root, else
//   "no"), "neighbour" (a random neighbour, chosen by the context's salt, or "none"),
//   "edge" ("yes"/"no", either direction). Elements absent from the context answer "?".
// - parent(root) = the root itself, depth(root) = 0. Depths are numbers 0..max_size-1.
// - H: value(x) = root(x) if x is a root, else value(parent(x)); depth(x) = 0 or
//   depth(parent(x)) + 1 (3 sub-questions each). parent(x) (at most 9): root(x); twice A's
//   guess g = parent(x), kept if edge(x, g) is "yes"; neighbour(x); the depth of each distinct
//   candidate; the shallowest wins, ties to the smallest element (a tie never involves the
//   true parent, which is the only neighbour above x). parent bootstraps from A's guesses.
// - Alternative (1, at most 7 sub-questions): value(x) = value(n) for n = neighbour(x) (one
//   class, one value); depth(x) = depth(n) + 1 if n is A's parent(x), else depth(n) - 1;
//   parent(x) = the first of neighbour(x) and A's edge-checked guess whose depth A gives as
//   depth(x) - 1, "?" if neither is.
// - depth (for reporting) = 1 + the depth of x in its tree, for value/parent/depth.
// Text: facts "ab 3" (ab is a root of value 3), "ab cd" (ab = cd); questions "value ab",
// "parent ab", "depth ab", "root ab", "neighbour ab", "edge ab cd"; answers "cd", "3", "yes",
// "no", "none", "?".
#pragma once

#include <memory>
#include <string_view>

#include "questions/domain.h"
#include "questions/overseer_routine.h"

namespace ida::questions {

class UnionFind final : public Domain {
 public:
  static constexpr std::string_view kName = "union_find";
  enum Kind { kValue, kParent, kDepth, kRoot, kNeighbour, kEdge };

  explicit UnionFind(const DomainOptions& options = {});
  std::string_view name() const override { return kName; }
  int max_size() const override { return names_.count(); }
  Context sample_context(int size, Rng& rng) const override;
  int kind_of(const Question& question) const override;
  Question sample_question_of_kind(const Context& context, int kind, Rng& rng) const override;
  Answer answer_primitive(const Context& context, const Question& question) const override;
  Answer compute_ground_truth(const Context& context, const Question& question) const override;
  int depth(const Context& context, const Question& question) const override;
  std::unique_ptr<Decomposition> begin(const Question& question) const override;
  int max_subquestions() const override { return 9; }
  int alternatives() const override { return 2; }

  Question element_question(Kind kind, int x, int y = -1) const;  // y only for kEdge

 protected:
  Indexed index_facts(const std::vector<Fact>& facts) const override;

 private:
  std::unique_ptr<Decomposition> begin_other(const Question& question, int variant) const override;
  OverseerRoutine overseer(Question question) const;
  OverseerRoutine cross_check(Question question) const;  // the alternative
  Answer element_answer(int element) const;              // -1: "?"
  Answer number_answer(int n) const;
  Answer word_answer(Token word) const;
  std::optional<int> answer_element(const Answer& answer) const;
  std::optional<int> answer_number(const Answer& answer) const;

  ElementNames names_;
  NumberTokens numbers_;  // values 0..V-1 and depths 0..max_size-1
  int values_ = 0;        // V
  Token kind_token_[6] = {};
  Token yes_ = kUnknown, no_ = kUnknown, none_ = kUnknown;
};

}  // namespace ida::questions
