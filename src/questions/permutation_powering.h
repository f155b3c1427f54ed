// Task 1 of Christiano et al. 2018, permutation powering: facts "x s(x)" of a random
// permutation s; the question "x k" asks s^k(x); H halves k.
//
// Choices (the spec leaves them open):
// - Size N = the number of elements permuted, a uniform sample of the letters^2 names.
// - k has kBits = 6 bit tokens, most significant first (0 <= k <= 63). Sampled questions have
//   k >= 2 with floor(log2 k) uniform in 1..5 and the lower bits uniform, as in the authors'
//   code, so that every depth is equally common.
// - Kinds: "power" (k >= 2); primitives "step" (k = 1: the fact "x s(x)") and "stay" (k = 0:
//   x itself). An element absent from the context has the answer "?".
// - H (at most 3 sub-questions): y = s^(k div 2)(x); z = s^(k div 2)(y); s(z) if k is odd,
//   else z. A sub-answer that is not an element makes H answer "?".
// - Alternative (1): y = s^a(x) with a = k div 2 + 1, then s^(k-a)(y): an uneven split
//   whose sub-questions differ from H's (k = 2 has only H's).
// - depth = floor(log2 k) (0 for primitives).
// Text: fact "ab cd" (s(ab) = cd); question "ab 13"; answer "cd" or "?".
#pragma once

#include <memory>
#include <string_view>

#include "questions/domain.h"
#include "questions/overseer_routine.h"

namespace ida::questions {

class PermutationPowering final : public Domain {
 public:
  static constexpr std::string_view kName = "permutation_powering";
  static constexpr int kBits = 6;
  enum Kind { kPower, kStep, kStay };

  explicit PermutationPowering(const DomainOptions& options = {});
  std::string_view name() const override { return kName; }
  int max_size() const override { return names_.count(); }
  Context sample_context(int size, Rng& rng) const override;
  int kind_of(const Question& question) const override;
  Question sample_question_of_kind(const Context& context, int kind, Rng& rng) const override;
  Answer answer_primitive(const Context& context, const Question& question) const override;
  Answer compute_ground_truth(const Context& context, const Question& question) const override;
  int depth(const Context& context, const Question& question) const override;
  std::unique_ptr<Decomposition> begin(const Question& question) const override;
  int max_subquestions() const override { return 3; }
  int alternatives() const override { return 2; }

  Question power_question(int element, int k) const;  // "x k"

 protected:
  Indexed index_facts(const std::vector<Fact>& facts) const override;

 private:
  std::unique_ptr<Decomposition> begin_other(const Question& question, int variant) const override;
  OverseerRoutine overseer(Question question) const;
  // The alternative: s^(k-a)(s^a(x)) for a power question "x k", 1 <= a < k.
  OverseerRoutine uneven_overseer(Question question, int a) const;
  int power_of(const Question& question) const;  // k, or -1 if not bits
  Answer element_answer(int element) const;

  ElementNames names_;
  Token bit_zero_ = kUnknown;  // bit 1 is bit_zero_ + 1
};

}  // namespace ida::questions
