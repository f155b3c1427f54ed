// Task 5 of Christiano et al. 2018, shortest path: a random directed graph of facts "a b"
// (edge a -> b); questions: the distance from a to b, and the next vertex on a shortest path.
//
// Choices (the spec leaves them open):
// - Size N = the number of vertices (>= 2). Every vertex gets one out-edge to a uniformly
//   chosen other vertex, then uniform random edges (no self-loops) are added until there are
//   min(2N, N(N-1)) distinct edges, so every vertex appears in a fact.
// - Distances are numbers 0..kMaxDistance (= 2 * bit_width(max_size - 1): 12 for 64
//   vertices, as in the authors' code); longer or missing paths are "none".
// - Canonical tie-break (H and ground truth alike): next(a, b) is the alphabetically smallest
//   out-neighbour c of a with distance(c, b) = distance(a, b) - 1; next is "none" when
//   distance(a, b) is "none". distance(a, a) = 0 and next(a, a) = a (H answers these at once).
//   An element absent from the context is a vertex without edges.
// - Kinds: "distance", "next"; primitives "edge" ("yes"/"no"), "neighbour" (a random
//   out-neighbour chosen by the context's salt, or "none") and "bound" (the number of
//   vertices minus one, at most the limit: no shortest path is longer).
// - H: distance(a, b) (4 sub-questions): 1 if edge(a, b); else c = next(a, b) and
//   distance(c, b) + 1 ("none" if c or that distance is "none" or the sum exceeds
//   bound). next(a, b) (at most 10): b if edge(a, b); else twice A's guess g = next(a, b),
//   kept if edge(a, g); neighbour(a); distance(c, b) of each distinct candidate; the nearest
//   wins, ties to the smallest element, and "none" if its distance + 1 exceeds bound. next
//   bootstraps from A's guesses. The bound is what lets "none" be learned: without it, A's
//   finite guess for an unreachable pair would climb one step per round up to the limit.
// - Alternative (1, at most 7 sub-questions): distance(a, b) two steps at a time: c =
//   next(a, b), 2 if edge(c, b), else distance(next(c, b), b) + 2; next(a, b) = the smallest
//   of neighbour(a) and A's edge-checked guess whose distance to b A gives as
//   distance(a, b) - 1, "?" if neither is.
// - depth (for reporting) = the distance, kMaxDistance + 1 for "none", 1 when a = b.
// Text: fact "ab cd"; questions "distance ab cd", "next ab cd", "edge ab cd", "neighbour ab",
// "bound";
// answers "cd", "3", "yes", "no", "none", "?".
#pragma once

#include <memory>
#include <string_view>

#include "questions/domain.h"
#include "questions/overseer_routine.h"

namespace ida::questions {

class ShortestPath final : public Domain {
 public:
  static constexpr std::string_view kName = "shortest_path";
  enum Kind { kDistance, kNext, kEdge, kNeighbour, kBound };
  static constexpr int kKinds = 5;

  explicit ShortestPath(const DomainOptions& options = {});
  std::string_view name() const override { return kName; }
  int min_size() const override { return 2; }
  int max_size() const override { return names_.count(); }
  int max_distance() const { return numbers_.hi; }
  Context sample_context(int size, Rng& rng) const override;
  int kind_of(const Question& question) const override;
  Question sample_question_of_kind(const Context& context, int kind, Rng& rng) const override;
  Answer answer_primitive(const Context& context, const Question& question) const override;
  Answer compute_ground_truth(const Context& context, const Question& question) const override;
  int depth(const Context& context, const Question& question) const override;
  std::unique_ptr<Decomposition> begin(const Question& question) const override;
  int max_subquestions() const override { return 10; }
  int alternatives() const override { return 2; }

  // b unused for kNeighbour, a and b for kBound
  Question vertex_question(Kind kind, int a = -1, int b = -1) const;

 protected:
  Indexed index_facts(const std::vector<Fact>& facts) const override;

 private:
  std::unique_ptr<Decomposition> begin_other(const Question& question, int variant) const override;
  OverseerRoutine overseer(Question question) const;
  OverseerRoutine cross_check(Question question) const;  // the alternative
  Answer element_answer(int element) const;
  Answer number_answer(int n) const;
  Answer word_answer(Token word) const;
  Answer bound_answer(const Context& context) const;
  std::optional<int> answer_element(const Answer& answer) const;
  std::optional<int> answer_number(const Answer& answer) const;

  ElementNames names_;
  NumberTokens numbers_;  // distances 0..kMaxDistance
  Token kind_token_[kKinds] = {};
  Token yes_ = kUnknown, no_ = kUnknown, none_ = kUnknown;
};

}  // namespace ida::questions
