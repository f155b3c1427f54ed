// Task 4 of Christiano et al. 2018, wildcard search: facts "w v" give values +1/-1 to up to N
// strings w over {a, b} of length 6; a question is a pattern with 1..6 '*' and asks the sum
// of the values of the matching strings (absent strings count 0). H splits the first '*'.
//
// Choices (the spec leaves them open):
// - Size N = the number of strings with a value (1..64), drawn uniformly; values uniform.
// - Sums are clipped to +-kClip = +-32 = 2^(kLength-1). Only the all-'*' pattern can exceed
//   it (any other matches at most 32 strings), so H's sums of clipped halves are exact.
// - Kinds: "sum" (1..6 '*'); primitive "lookup" (no '*': the string's value, or 0).
//   Sampled sums have their number of '*' uniform in 1..6, at uniform positions, the other
//   letters uniform, as in the authors' code.
// - H (2 sub-questions): the pattern with its first '*' replaced by a, then by b; the sum
//   of the two answers, clipped. A non-number sub-answer makes H answer "?".
// - Alternatives (3): H splits the first, the last or the middle '*' (the ((stars - 1) / 2)-th);
//   a pattern with one '*' has only one decomposition.
// - depth = the number of '*'.
// Text: fact "abbaab -1"; question "a*b**a"; answer "-3" or "?".
#pragma once

#include <memory>
#include <string_view>

#include "questions/domain.h"
#include "questions/overseer_routine.h"

namespace ida::questions {

class WildcardSearch final : public Domain {
 public:
  static constexpr std::string_view kName = "wildcard_search";
  static constexpr int kLength = 6;
  static constexpr int kClip = 1 << (kLength - 1);
  enum Kind { kSum, kLookup };

  explicit WildcardSearch(const DomainOptions& options = {});
  std::string_view name() const override { return kName; }
  int max_size() const override { return 1 << kLength; }
  Context sample_context(int size, Rng& rng) const override;
  int kind_of(const Question& question) const override;
  Question sample_question_of_kind(const Context& context, int kind, Rng& rng) const override;
  Answer answer_primitive(const Context& context, const Question& question) const override;
  Answer compute_ground_truth(const Context& context, const Question& question) const override;
  int depth(const Context& context, const Question& question) const override;
  std::unique_ptr<Decomposition> begin(const Question& question) const override;
  int max_subquestions() const override { return 2; }
  int alternatives() const override { return 3; }

  // The pattern written with 'a', 'b' and '*' (e.g. "a*b**a").
  Question pattern_question(std::string_view pattern) const;

 protected:
  Indexed index_facts(const std::vector<Fact>& facts) const override;

 private:
  std::unique_ptr<Decomposition> begin_other(const Question& question, int variant) const override;
  // H splitting the first '*' (variant 0), the last (1) or the middle one (2).
  OverseerRoutine overseer(Question question, int variant) const;
  Answer sum_answer(int sum) const;          // clipped
  int string_of(const TokenTuple& t) const;  // index 0..63 of an a/b string at t[0..6)

  Token a_ = kUnknown;  // 'b' is a_ + 1, '*' is a_ + 2
  NumberTokens numbers_;
};

}  // namespace ida::questions
