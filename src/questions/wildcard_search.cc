// Wildcard search: contexts, ground truth and H (see wildcard_search.h).
#include "questions/wildcard_search.h"

#include <algorithm>
#include <string>
#include <utility>

#include "questions/task_util.h"

namespace ida::questions {
namespace {

constexpr int kNumberAnswer = 1;  // answer shape index ("?" is 0)

struct SumIndex : ContextIndex {
  std::vector<int> strings;  // with a value, ascending
  std::vector<int> value;    // by string: +1, -1, or 0 when absent
};

}  // namespace

WildcardSearch::WildcardSearch(const DomainOptions&) {
  a_ = vocabulary_.add_chars("ab*");
  numbers_ = {vocabulary_.add_numbers(-kClip, kClip), -kClip, kClip};
  fact_format_ = TupleFormat(std::string(kName) + " fact", kLength + 1);
  fact_format_.add_shape(
      {Field::chars(a_, "ab", kLength), Field::number({numbers_.token(-1), -1, 1})});
  question_format_ = TupleFormat(std::string(kName) + " question", kLength);
  question_format_.add_shape({Field::chars(a_, "ab*", kLength)});
  answer_format_ = TupleFormat(std::string(kName) + " answer", 1);
  answer_format_.add_shape({});
  answer_format_.add_shape({Field::number(numbers_)});
  kinds_ = {{"sum", false, false}, {"lookup", true, false}};
}

Question WildcardSearch::pattern_question(std::string_view pattern) const {
  IDA_CHECK(static_cast<int>(pattern.size()) == kLength);
  Question q(kLength);
  for (int i = 0; i < kLength; ++i) {
    const size_t c = std::string_view("ab*").find(pattern[i]);
    IDA_CHECK(c != std::string_view::npos);
    q[i] = static_cast<Token>(a_ + c);
  }
  return q;
}

Answer WildcardSearch::sum_answer(int sum) const {
  Answer a(1);
  a[0] = numbers_.token(std::clamp(sum, -kClip, kClip));
  return a;
}

int WildcardSearch::string_of(const TokenTuple& t) const {
  int s = 0;
  for (int i = 0; i < kLength; ++i) s = 2 * s + (t[i] - a_);
  return s;
}

WildcardSearch::Indexed WildcardSearch::index_facts(const std::vector<Fact>& facts) const {
  auto index = std::make_shared<SumIndex>();
  index->value.assign(1 << kLength, 0);
  for (const Fact& f : facts) {
    const int s = string_of(f);
    const int v = *numbers_.get(f[kLength]);
    if (v == 0) throw InputError("values are 1 or -1, not 0");
    if (index->value[s] != 0) throw InputError("a string has two values");
    index->value[s] = v;
    index->strings.push_back(s);
  }
  std::sort(index->strings.begin(), index->strings.end());
  return {static_cast<int>(index->strings.size()), std::move(index)};
}

Context WildcardSearch::sample_context(int size, Rng& rng) const {
  check_size(size);
  std::vector<Fact> facts;
  for (int s : sample_distinct(rng, 1 << kLength, size)) {
    Fact f(fact_format_.length());
    for (int i = 0; i < kLength; ++i)
      f[i] = static_cast<Token>(a_ + ((s >> (kLength - 1 - i)) & 1));
    f[kLength] = numbers_.token(uniform_int(rng, 2) == 0 ? -1 : 1);
    facts.push_back(f);
  }
  return make_context(std::move(facts), rng());
}

int WildcardSearch::kind_of(const Question& question) const {
  if (question_format_.shape_of(question) < 0) return -1;
  return std::count(question.begin(), question.end(), a_ + 2) > 0 ? kSum : kLookup;
}

Question WildcardSearch::sample_question_of_kind(const Context& context, int kind, Rng& rng) const {
  std::string pattern(kLength, 'a');
  const auto& strings = context.index<SumIndex>().strings;
  int s = uniform_int(rng, 1 << kLength);
  if (kind == kLookup && uniform_int(rng, 2) == 0)
    s = strings[uniform_int(rng, static_cast<int>(strings.size()))];
  for (int i = 0; i < kLength; ++i) pattern[i] = "ab"[(s >> (kLength - 1 - i)) & 1];
  if (kind == kSum) {
    for (int i : sample_distinct(rng, kLength, 1 + uniform_int(rng, kLength))) pattern[i] = '*';
  } else {
    IDA_CHECK(kind == kLookup);
  }
  return pattern_question(pattern);
}

Answer WildcardSearch::answer_primitive(const Context& context, const Question& question) const {
  IDA_CHECK(kind_of(question) == kLookup);
  for (const Fact& f : context.facts())
    if (std::equal(question.begin(), question.end(), f.begin()))
      return sum_answer(*numbers_.get(f[kLength]));
  return sum_answer(0);
}

Answer WildcardSearch::compute_ground_truth(const Context& context,
                                            const Question& question) const {
  if (kind_of(question) < 0) return Answer(1);
  const auto& index = context.index<SumIndex>();
  int sum = 0;
  for (int s : index.strings) {
    bool match = true;
    for (int i = 0; i < kLength && match; ++i)
      match = question[i] == a_ + 2 || question[i] - a_ == ((s >> (kLength - 1 - i)) & 1);
    if (match) sum += index.value[s];
  }
  return sum_answer(sum);
}

int WildcardSearch::depth(const Context&, const Question& question) const {
  if (kind_of(question) < 0) return 0;
  return static_cast<int>(std::count(question.begin(), question.end(), a_ + 2));
}

std::unique_ptr<Decomposition> WildcardSearch::begin(const Question& question) const {
  return std::make_unique<RoutineDecomposition>(overseer(question, 0), max_subquestions(),
                                                answer_format_.length());
}

std::unique_ptr<Decomposition> WildcardSearch::begin_other(const Question& question,
                                                           int variant) const {
  return std::make_unique<RoutineDecomposition>(overseer(question, variant), max_subquestions(),
                                                answer_format_.length());
}

OverseerRoutine WildcardSearch::overseer(Question question, int variant) const {
  const Answer unknown(answer_format_.length());
  const int kind = kind_of(question);
  if (kind < 0) co_return unknown;
  if (kind == kLookup) co_return co_yield question;
  std::vector<int> stars;
  for (int i = 0; i < kLength; ++i)
    if (question[i] == a_ + 2) stars.push_back(i);
  const int n = static_cast<int>(stars.size());
  const int star = stars[variant == 0 ? 0 : variant == 1 ? n - 1 : (n - 1) / 2];
  int sum = 0;
  for (Token letter : {a_, static_cast<Token>(a_ + 1)}) {
    Question half = question;
    half[star] = letter;
    const Answer part = co_yield half;
    if (answer_format_.shape_of(part) != kNumberAnswer) co_return unknown;
    sum += *numbers_.get(part[0]);
  }
  co_return sum_answer(sum);
}

}  // namespace ida::questions
