// Permutation powering: contexts, ground truth and H (see permutation_powering.h).
#include "questions/permutation_powering.h"

#include <bit>
#include <string>
#include <utility>

#include "questions/task_util.h"

namespace ida::questions {
namespace {

constexpr int kElementAnswer = 1;  // shape index of "<element>" answers ("?" is 0)

struct PermutationIndex : ContextIndex {
  std::vector<int> elements;  // in the context, ascending
  std::vector<int> next;      // next[x] = s(x), or -1 when x is not in the context
};

}  // namespace

PermutationPowering::PermutationPowering(const DomainOptions& options) {
  names_ = add_element_names(options);
  bit_zero_ = vocabulary_.add_numbers(0, 1);
  const Field element = Field::element(names_);
  fact_format_ = TupleFormat(std::string(kName) + " fact", 2 * kNameLength);
  fact_format_.add_shape({element, element});
  question_format_ = TupleFormat(std::string(kName) + " question", kNameLength + kBits);
  question_format_.add_shape({element, Field::bits(bit_zero_, kBits)});
  answer_format_ = TupleFormat(std::string(kName) + " answer", kNameLength);
  answer_format_.add_shape({});
  answer_format_.add_shape({element});
  kinds_ = {{"power", false, false}, {"step", true, false}, {"stay", true, false}};
}

Question PermutationPowering::power_question(int element, int k) const {
  IDA_CHECK(k >= 0 && k < (1 << kBits));
  Question q(question_format_.length());
  names_.put(q, 0, element);
  for (int i = 0; i < kBits; ++i)
    q[kNameLength + i] = static_cast<Token>(bit_zero_ + ((k >> (kBits - 1 - i)) & 1));
  return q;
}

int PermutationPowering::power_of(const Question& question) const {
  if (question.length() != question_format_.length()) return -1;
  int k = 0;
  for (int i = 0; i < kBits; ++i) {
    const int bit = question[kNameLength + i] - bit_zero_;
    if (bit != 0 && bit != 1) return -1;
    k = 2 * k + bit;
  }
  return k;
}

Answer PermutationPowering::element_answer(int element) const {
  Answer a(answer_format_.length());
  if (element >= 0) names_.put(a, 0, element);
  return a;
}

PermutationPowering::Indexed PermutationPowering::index_facts(
    const std::vector<Fact>& facts) const {
  auto index = std::make_shared<PermutationIndex>();
  index->next.assign(names_.count(), -1);
  std::vector<bool> is_target(names_.count(), false);
  for (const Fact& f : facts) {
    const int x = *names_.get(f, 0);
    const int y = *names_.get(f, kNameLength);
    if (index->next[x] >= 0)
      throw InputError("not a permutation: " + names_.text(x) + " has two images");
    if (is_target[y])
      throw InputError("not a permutation: " + names_.text(y) + " has two preimages");
    index->next[x] = y;
    is_target[y] = true;
  }
  for (int e = 0; e < names_.count(); ++e) {
    if (is_target[e] != (index->next[e] >= 0))
      throw InputError("not a permutation: " + names_.text(e) + " is " +
                       (is_target[e] ? "an image but has none" : "not an image"));
    if (index->next[e] >= 0) index->elements.push_back(e);
  }
  return {static_cast<int>(index->elements.size()), std::move(index)};
}

Context PermutationPowering::sample_context(int size, Rng& rng) const {
  check_size(size);
  const std::vector<int> used = sample_distinct(rng, names_.count(), size);
  const std::vector<int> order = sample_distinct(rng, size, size);
  std::vector<Fact> facts;
  for (int i = 0; i < size; ++i) {
    Fact f(fact_format_.length());
    names_.put(f, 0, used[i]);
    names_.put(f, kNameLength, used[order[i]]);
    facts.push_back(f);
  }
  return make_context(std::move(facts), rng());
}

int PermutationPowering::kind_of(const Question& question) const {
  if (question_format_.shape_of(question) < 0) return -1;
  const int k = power_of(question);
  return k >= 2 ? kPower : k == 1 ? kStep : kStay;
}

Question PermutationPowering::sample_question_of_kind(const Context& context, int kind,
                                                      Rng& rng) const {
  const auto& elements = context.index<PermutationIndex>().elements;
  const int x = elements[uniform_int(rng, static_cast<int>(elements.size()))];
  if (kind == kStay) return power_question(x, 0);
  if (kind == kStep) return power_question(x, 1);
  IDA_CHECK(kind == kPower);
  const int top = 1 + uniform_int(rng, kBits - 1);  // floor(log2 k), uniform in 1..kBits-1
  return power_question(x, (1 << top) + uniform_int(rng, 1 << top));
}

Answer PermutationPowering::answer_primitive(const Context& context,
                                             const Question& question) const {
  IDA_CHECK(is_primitive(question));
  const int x = *names_.get(question, 0);
  for (const Fact& f : context.facts()) {
    if (*names_.get(f, 0) == x)
      return element_answer(power_of(question) == 0 ? x : *names_.get(f, kNameLength));
  }
  return element_answer(-1);
}

Answer PermutationPowering::compute_ground_truth(const Context& context,
                                                 const Question& question) const {
  if (kind_of(question) < 0) return element_answer(-1);
  const auto& next = context.index<PermutationIndex>().next;
  int x = *names_.get(question, 0);
  if (next[x] < 0) return element_answer(-1);
  for (int k = power_of(question); k > 0; --k) x = next[x];
  return element_answer(x);
}

int PermutationPowering::depth(const Context&, const Question& question) const {
  if (kind_of(question) != kPower) return 0;
  return static_cast<int>(std::bit_width(static_cast<unsigned>(power_of(question)))) - 1;
}

std::unique_ptr<Decomposition> PermutationPowering::begin(const Question& question) const {
  return std::make_unique<RoutineDecomposition>(overseer(question), max_subquestions(),
                                                answer_format_.length());
}

std::unique_ptr<Decomposition> PermutationPowering::begin_other(const Question& question,
                                                                int) const {
  const int k = kind_of(question) == kPower ? power_of(question) : 0;
  if (k - (k / 2 + 1) < 1) return begin(question);  // no uneven split: H's own decomposition
  return std::make_unique<RoutineDecomposition>(uneven_overseer(question, k / 2 + 1),
                                                max_subquestions(), answer_format_.length());
}

OverseerRoutine PermutationPowering::uneven_overseer(Question question, int a) const {
  const int k = power_of(question);
  const Answer y = co_yield power_question(*names_.get(question, 0), a);
  if (answer_format_.shape_of(y) != kElementAnswer) co_return Answer(answer_format_.length());
  co_return co_yield power_question(*names_.get(y, 0), k - a);
}

OverseerRoutine PermutationPowering::overseer(Question question) const {
  const Answer unknown(answer_format_.length());
  const int kind = kind_of(question);
  if (kind < 0) co_return unknown;
  if (kind != kPower) co_return co_yield question;
  const int k = power_of(question);
  int x = *names_.get(question, 0);
  // s^k(x) = s^(k mod 2)(s^(k div 2)(s^(k div 2)(x))).
  for (int half = 0; half < 2; ++half) {
    const Answer y = co_yield power_question(x, k / 2);
    if (answer_format_.shape_of(y) != kElementAnswer) co_return unknown;
    x = *names_.get(y, 0);
  }
  if (k % 2 == 0) co_return element_answer(x);
  const Answer z = co_yield power_question(x, 1);
  if (answer_format_.shape_of(z) != kElementAnswer) co_return unknown;
  co_return z;
}

}  // namespace ida::questions
